"""The pricing settings as typed on screen, and back and forth to ``ShopPricing``.

The form holds text, so a half-typed "12." or a mistaken "abc" stays on
screen until the person corrects it. Parsing collects every field's problem
at once, keyed by the same names the service uses (``labor_rate``,
``minimum``...), so each message lands beside its own field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from app.domain.errors import ValidationError
from app.domain.pricing import ShopPricing
from app.domain.totals import FeeRule, LineKind, RoundingMode, shop_supplies
from app.ui.formatting import money, money_input_text, number_input_text, parse_money, parse_number

PREVIEW_LABOR = Decimal("100")
PREVIEW_PARTS = Decimal("200")
MAX_LABEL = 60
DEFAULT_LABEL = "Shop supplies"


@dataclass(frozen=True)
class PricingText:
    """Every pricing field exactly as the person sees it."""

    labor_rate: str = ""
    tax_rate: str = ""
    taxable: frozenset[str] = frozenset()
    rounding: RoundingMode = RoundingMode.PER_INVOICE
    supplies_on: bool = False
    percent_of_labor: str = ""
    percent_of_parts: str = ""
    flat: str = ""
    cap: str = ""
    minimum: str = ""
    supplies_taxable: bool = False
    label: str = DEFAULT_LABEL
    require_odometer_out: bool = False


def pricing_text(pricing: ShopPricing) -> PricingText:
    """How saved settings are shown: money with cents, rates without trailing zeros."""
    rule = pricing.fee_rule
    return PricingText(
        labor_rate=_money_text(pricing.labor_rate),
        tax_rate=_plain(pricing.tax_rate * 100),
        taxable=frozenset(pricing.taxable),
        rounding=pricing.rounding,
        supplies_on=rule.enabled,
        percent_of_labor=_plain(rule.percent_of_labor),
        percent_of_parts=_plain(rule.percent_of_parts),
        flat=_money_text(rule.flat),
        cap=_money_text(rule.cap),
        minimum=_money_text(rule.minimum),
        supplies_taxable=rule.taxable,
        label=rule.label,
        require_odometer_out=pricing.require_odometer_out,
    )


def parse_pricing(text: PricingText, saved_rule: FeeRule) -> ShopPricing:
    """The settings to save; ``ValidationError`` names every field that does not parse.

    With shop supplies off, its fields are greyed out and cannot be corrected,
    so a value there that does not parse keeps ``saved_rule`` instead of
    blocking the save.
    """
    errors: dict[str, str] = {}
    labor_rate = _required_money(text.labor_rate, "labor_rate", errors)
    tax_percent = _decimal(text.tax_rate, "tax_rate", 4, errors, required=True)
    rule = _fee_rule(text, errors if text.supplies_on else {})
    if rule is None:
        rule = replace(saved_rule, enabled=False)
    if errors:
        raise ValidationError(errors)
    assert labor_rate is not None and tax_percent is not None
    taxable = tuple(kind.value for kind in LineKind if kind.value in text.taxable)
    return ShopPricing(
        labor_rate=labor_rate,
        tax_rate=tax_percent / 100,
        taxable=taxable,
        rounding=text.rounding,
        fee_rule=rule,
        require_odometer_out=text.require_odometer_out,
    )


def fee_rule_of(text: PricingText) -> FeeRule | None:
    """The supplies rule as typed so far, or None while a field does not parse."""
    return _fee_rule(text, {})


def supplies_preview(text: PricingText) -> str:
    """One sentence showing what the typed rule would charge on a sample job."""
    if not text.supplies_on:
        return "Shop supplies are off: estimates and invoices carry no supplies line."
    rule = fee_rule_of(text)
    if rule is None:
        return "Type numbers in the supplies fields to see what the rule charges."
    fee = shop_supplies(PREVIEW_LABOR, PREVIEW_PARTS, rule)
    return f"On {money(PREVIEW_LABOR)} labor + {money(PREVIEW_PARTS)} parts this rule charges {money(fee)} supplies."


def _fee_rule(text: PricingText, errors: dict[str, str]) -> FeeRule | None:
    found: dict[str, str] = {}
    labor = _decimal(text.percent_of_labor, "percent_of_labor", 4, found)
    parts = _decimal(text.percent_of_parts, "percent_of_parts", 4, found)
    flat = _optional_money(text.flat, "flat", found)
    cap = _optional_money(text.cap, "cap", found)
    minimum = _optional_money(text.minimum, "minimum", found)
    label = " ".join(text.label.split()) or DEFAULT_LABEL
    if len(label) > MAX_LABEL:
        found["label"] = f"is longer than {MAX_LABEL} characters"
    errors.update(found)
    if found:
        return None
    return FeeRule(
        enabled=text.supplies_on,
        percent_of_labor=labor or Decimal(0),
        percent_of_parts=parts or Decimal(0),
        flat=flat or Decimal("0.00"),
        cap=cap,
        minimum=minimum,
        taxable=text.supplies_taxable,
        label=label,
    )


def _decimal(
    text: str, field: str, places: int, errors: dict[str, str], *, required: bool = False
) -> Decimal | None:
    raw = text.strip().rstrip("%").strip()
    if not raw:
        if required:
            errors[field] = "is required"
        return None
    try:
        value = parse_number(raw, field, places)  # '7,25' where the comma is the decimal mark
    except ValidationError as exc:
        errors.update(exc.errors)
        return None
    if not Decimal(0) <= value <= 100:
        errors[field] = "must be between 0 and 100 percent"
    else:
        return value
    return None


def _optional_money(text: str, field: str, errors: dict[str, str]) -> Decimal | None:
    if not text.strip():
        return None
    try:
        value = parse_money(text, field)
    except ValidationError as exc:
        errors.update(exc.errors)
        return None
    if value < 0:
        errors[field] = "must not be negative"
        return None
    return value


def _required_money(text: str, field: str, errors: dict[str, str]) -> Decimal | None:
    if not text.strip():
        errors[field] = "is required"
        return None
    return _optional_money(text, field, errors)


def _money_text(value: Decimal | None) -> str:
    return money_input_text(value)


def _plain(value: Decimal) -> str:
    """7.2500 -> '7.25' ('7,25'), 10 -> '10' (never '1E+1')."""
    return number_input_text(value)
