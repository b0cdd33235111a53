"""Money and quantities: ``Decimal`` in the domain, integers in the database.

No float ever touches money. Cents and thousandths are the storage units
(DESIGN.md, Data); conversion happens only through these functions.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from app.domain.errors import ValidationError
from app.domain.locale import parse_money as locale_parse_money
from app.domain.locale import parse_number

CENT = Decimal("0.01")
THOUSANDTH = Decimal("0.001")
MILLIONTH = Decimal("0.000001")
PLAIN_LOCALE = "en_US"  # how text reaching a service is written: 1234.50, 1,234.50


def parse_money(text: str | Decimal | int, field: str = "amount", decimals: int = 2) -> Decimal:
    """An amount handed to a service: a Decimal, or text in plain (en_US) notation.

    The screens read what a person typed with the shop's own marks
    (``app.domain.locale``) and hand over the Decimal; text reaching a service
    (the command line, a file) is read strictly, so "12,50" is refused rather
    than taken as 1,250.00.
    """
    return locale_parse_money(text, PLAIN_LOCALE, field=field, decimals=decimals)


def _parse_decimal(text: str | Decimal | int, field: str) -> Decimal:
    return parse_number(text, PLAIN_LOCALE, field=field, decimals=None)


def to_cents(amount: Decimal) -> int:
    """Decimal currency amount to integer cents; refuses fractions of a cent."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} has fractions of a cent")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def to_thousandths(quantity: Decimal) -> int:
    scaled = quantity * 1000
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{quantity} has more than three decimals")
    return int(scaled)


def from_thousandths(value: int) -> Decimal:
    return (Decimal(value) / 1000).quantize(THOUSANDTH)


def rate_to_millionths(rate: Decimal) -> int:
    """A rate such as 0.0725 (7.25 %) as integer millionths."""
    return int((rate / MILLIONTH).to_integral_value(rounding=ROUND_HALF_UP))


def rate_from_millionths(value: int) -> Decimal:
    return (Decimal(value) * MILLIONTH).normalize()


def parse_percent(text: str, field: str = "rate") -> Decimal:
    """'7.25' or '7.25%' -> Decimal('0.0725'); 0 to 100 percent."""
    value = _parse_decimal(text.strip().rstrip("%") if isinstance(text, str) else text, field)
    if value < 0 or value > 100:
        raise ValidationError({field: "must be between 0 and 100 percent"})
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        raise ValidationError({field: "has more than 4 decimals"})
    return value / 100
