"""Money and quantities: ``Decimal`` in the domain, integers in the database.

No float ever touches money. Cents and thousandths are the storage units
(DESIGN.md, Data); conversion happens only through these functions.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.domain.errors import ValidationError

CENT = Decimal("0.01")
THOUSANDTH = Decimal("0.001")
MILLIONTH = Decimal("0.000001")


def parse_money(text: str | Decimal | int, field: str = "amount", decimals: int = 2) -> Decimal:
    """Parse what a person typed as an amount of money, refusing anything ambiguous."""
    value = _parse_decimal(text, field)
    try:
        rounded = value.quantize(Decimal(1).scaleb(-decimals))
    except InvalidOperation:  # more digits than Decimal's context holds
        raise ValidationError({field: "is far too large"}) from None
    if rounded != value:  # 12.340 is fine, 12.345 is not
        raise ValidationError({field: f"has more than {decimals} decimals"})
    return rounded


def _parse_decimal(text: str | Decimal | int, field: str) -> Decimal:
    if isinstance(text, float):  # pragma: no cover - guarded by typing, kept for callers that slip
        raise ValidationError({field: "must not be a float"})
    raw = text.strip().replace(",", "").lstrip("$") if isinstance(text, str) else text
    try:
        value = Decimal(raw)
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"'{text}' is not a number"}) from None
    if not value.is_finite():
        raise ValidationError({field: "must be a finite number"})
    return value


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
