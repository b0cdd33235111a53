"""The shop's pricing settings, as a work order snapshots them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from app.domain.errors import ValidationError
from app.domain.totals import FeeRule, LineKind, PricingRules, RoundingMode

PART_CONDITIONS = ("new", "used", "rebuilt", "oem", "aftermarket")
AUTH_METHODS = ("in_person", "phone", "text", "email", "signature")
AUTH_METHOD_LABELS = {
    "in_person": "In person",
    "phone": "Phone",
    "text": "Text message",
    "email": "E-mail",
    "signature": "Signature",
}


@dataclass(frozen=True)
class ShopPricing:
    labor_rate: Decimal = Decimal("150.00")
    tax_rate: Decimal = Decimal("0")
    taxable: tuple[str, ...] = (LineKind.PART.value,)
    rounding: RoundingMode = RoundingMode.PER_INVOICE
    fee_rule: FeeRule = field(default_factory=FeeRule)
    require_odometer_out: bool = False

    def is_taxable(self, kind: LineKind) -> bool:
        return kind.value in self.taxable

    def rules(self) -> PricingRules:
        return PricingRules(self.tax_rate, self.rounding, self.fee_rule)

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("tax_rate")  # the shop row holds the rate
        return json.dumps(data, default=str, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None, tax_rate: Decimal) -> ShopPricing:
        if not text:
            return cls(tax_rate=tax_rate)
        data: dict[str, Any] = json.loads(text)
        return cls(
            labor_rate=Decimal(data["labor_rate"]),
            tax_rate=tax_rate,
            taxable=tuple(data["taxable"]),
            rounding=RoundingMode(data["rounding"]),
            fee_rule=fee_rule_from_dict(data["fee_rule"]),
            require_odometer_out=bool(data.get("require_odometer_out", False)),
        )


def fee_rule_to_json(rule: FeeRule) -> str:
    return json.dumps(asdict(rule), default=str, sort_keys=True)


def fee_rule_from_dict(data: dict[str, Any]) -> FeeRule:
    def dec(value: Any) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    return FeeRule(
        enabled=bool(data["enabled"]),
        percent_of_labor=Decimal(str(data["percent_of_labor"])),
        percent_of_parts=Decimal(str(data["percent_of_parts"])),
        flat=Decimal(str(data["flat"])),
        cap=dec(data.get("cap")),
        minimum=dec(data.get("minimum")),
        taxable=bool(data["taxable"]),
        label=str(data.get("label", "Shop supplies")),
    )


def fee_rule_from_json(text: str) -> FeeRule:
    return fee_rule_from_dict(json.loads(text))


def check_pricing(pricing: ShopPricing) -> None:
    errors: dict[str, str] = {}
    if pricing.labor_rate < 0 or pricing.labor_rate > 10_000:
        errors["labor_rate"] = "must be between 0 and 10,000 an hour"
    rule = pricing.fee_rule
    for name in ("percent_of_labor", "percent_of_parts"):
        if not Decimal(0) <= getattr(rule, name) <= 100:
            errors[name] = "must be between 0 and 100 percent"
    if rule.flat < 0:
        errors["flat"] = "must not be negative"
    if rule.cap is not None and rule.minimum is not None and rule.minimum > rule.cap:
        errors["minimum"] = "must not be more than the cap"
    if errors:
        raise ValidationError(errors)
