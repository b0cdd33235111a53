"""The shop's price sheet: labor rates, price levels, tax components, fee rules, discount limits.

A sheet is what the owner enters in the settings area; every document
snapshots the sheet it was priced with (``to_json``/``from_json``), so a
later change to the sheet never changes a posted document.

Percentages are written as percents (7.25 for 7.25 %), amounts in currency
units; everything is ``Decimal``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from app.domain.errors import ValidationError
from app.domain.pricing import ShopPricing
from app.domain.totals import FeeRule as SuppliesRule
from app.domain.totals import RoundingMode

ZERO = Decimal("0")
HUNDRED = Decimal("100")
TAX_CATEGORIES = ("labor", "part", "fee", "sublet", "core")


class FeeMethod(StrEnum):
    PERCENT = "percent"  # amount is a percent of the base
    FLAT = "flat"  # amount once per document, or per tire / per unit


class FeeBase(StrEnum):
    LABOR = "labor"
    PARTS = "parts"
    BOTH = "both"  # labor and parts
    PER_TIRE = "per_tire"  # each tire sold (by rim diameter when brackets are given)
    PER_UNIT = "per_unit"  # each unit of the lines of one category (batteries, oil quarts)


class CapScope(StrEnum):
    NONE = "none"
    PER_LINE = "per_line"  # no line carries more of this tax than the cap
    PER_INVOICE = "per_invoice"  # the document carries no more of this tax than the cap


FEE_BASE_LABELS = {
    FeeBase.LABOR: "Labor",
    FeeBase.PARTS: "Parts",
    FeeBase.BOTH: "Labor and parts",
    FeeBase.PER_TIRE: "Per tire",
    FeeBase.PER_UNIT: "Per unit",
}
CAP_SCOPE_LABELS = {
    CapScope.NONE: "No cap",
    CapScope.PER_LINE: "Per line",
    CapScope.PER_INVOICE: "Per invoice",
}


@dataclass(frozen=True)
class LaborRate:
    code: str  # "general", "diagnostic", ...
    name: str
    rate: Decimal  # an hour


@dataclass(frozen=True)
class PriceLevel:
    """How a customer (or one vehicle) is priced: parts markup on cost and a labor rate.

    ``parts_markup`` None keeps the catalog's price; ``labor_rate`` names a
    labor rate ("" keeps the rate the job would get).
    """

    code: str  # "retail", "fleet", "wholesale", "employee"
    name: str
    parts_markup: Decimal | None = None  # percent on cost: 40 prices a 10.00 part at 14.00
    labor_rate: str = ""


@dataclass(frozen=True)
class TaxComponent:
    """One tax: state, county, city, or VAT, with what it taxes and its caps.

    ``item_cap`` limits the taxable amount of one article (a part's unit, or
    any other line), as single-article rules do; ``cap`` limits the tax
    amount per line or per invoice, as ``cap_scope`` says.
    """

    code: str
    name: str
    rate: Decimal  # percent
    categories: tuple[str, ...] = ("part",)
    cap_scope: CapScope = CapScope.NONE
    cap: Decimal | None = None  # most tax this component charges, per line or per invoice
    item_cap: Decimal | None = None  # most taxable amount of one article


@dataclass(frozen=True)
class FeeRule:
    """A fee: shop supplies, hazmat, EPA/disposal, tire fee, battery core...

    Percent of labor, parts or both; or flat once per document; or flat per
    tire (``rim_brackets``: (largest rim, amount) pairs, ascending) or per
    unit of the lines of ``unit_category``. A fee is charged only when its
    base is there (labor or parts to charge it on, tires, units).
    """

    code: str
    name: str
    method: FeeMethod = FeeMethod.PERCENT
    base: FeeBase = FeeBase.BOTH
    amount: Decimal = ZERO  # percent for PERCENT, currency for FLAT
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    taxable: bool = False
    itemise: bool = True  # printed on its own line; otherwise summed into one "Shop fees" line
    unit_category: str = ""  # per unit: "battery", "oil"...
    rim_brackets: tuple[tuple[Decimal, Decimal], ...] = ()


@dataclass(frozen=True)
class ExemptCertificate:
    number: str
    expires_on: date | None = None
    components: tuple[str, ...] = ()  # () exempts from every component

    def valid_on(self, day: date) -> bool:
        return self.expires_on is None or day <= self.expires_on


@dataclass(frozen=True)
class PriceSheet:
    labor_rates: tuple[LaborRate, ...] = ()
    default_labor_rate: str = "general"
    job_type_rates: tuple[tuple[str, str], ...] = ()  # (job type, labor rate code)
    price_levels: tuple[PriceLevel, ...] = ()
    taxes: tuple[TaxComponent, ...] = ()
    fees: tuple[FeeRule, ...] = ()
    discount_limits: tuple[tuple[str, Decimal], ...] = ()  # (role, most percent without the owner)
    minimum_margin: Decimal | None = None  # percent of the price; below it a line is flagged
    per_line_rounding: bool = False  # tax rounded per line then summed, else once per component
    combined_fee_label: str = "Shop fees"

    def labor_rate(self, code: str) -> LaborRate:
        for rate in self.labor_rates:
            if rate.code == code:
                return rate
        raise ValidationError({"labor_rate": f"no labor rate named {code!r}"})

    def level(self, code: str) -> PriceLevel | None:
        return next((lv for lv in self.price_levels if lv.code == code), None)

    def discount_limit(self, role: str) -> Decimal:
        """The most percent a role gives without the owner (the owner: no limit)."""
        if role == "owner":
            return HUNDRED
        return dict(self.discount_limits).get(role, ZERO)

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=str, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> PriceSheet:
        if not text:
            return cls()
        return sheet_from_dict(json.loads(text))


@lru_cache(maxsize=64)
def sheet_of(text: str) -> PriceSheet:
    """An estimate's stored sheet, read once: the editor's view prices with it several times per
    open (totals, approved totals, tax lines, discounts) and the sheet is immutable."""
    return PriceSheet.from_json(text)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def sheet_from_dict(data: dict[str, Any]) -> PriceSheet:
    return PriceSheet(
        labor_rates=tuple(
            LaborRate(r["code"], r["name"], Decimal(str(r["rate"]))) for r in data["labor_rates"]
        ),
        default_labor_rate=data["default_labor_rate"],
        job_type_rates=tuple((str(a), str(b)) for a, b in data["job_type_rates"]),
        price_levels=tuple(
            PriceLevel(lv["code"], lv["name"], _dec(lv["parts_markup"]), lv["labor_rate"])
            for lv in data["price_levels"]
        ),
        taxes=tuple(_tax_from_dict(t) for t in data["taxes"]),
        fees=tuple(_fee_from_dict(f) for f in data["fees"]),
        discount_limits=tuple((str(r), Decimal(str(p))) for r, p in data["discount_limits"]),
        minimum_margin=_dec(data.get("minimum_margin")),
        per_line_rounding=bool(data["per_line_rounding"]),
        combined_fee_label=str(data.get("combined_fee_label", "Shop fees")),
    )


def _tax_from_dict(t: dict[str, Any]) -> TaxComponent:
    return TaxComponent(
        code=t["code"],
        name=t["name"],
        rate=Decimal(str(t["rate"])),
        categories=tuple(t["categories"]),
        cap_scope=CapScope(t["cap_scope"]),
        cap=_dec(t.get("cap")),
        item_cap=_dec(t.get("item_cap")),
    )


def _fee_from_dict(f: dict[str, Any]) -> FeeRule:
    return FeeRule(
        code=f["code"],
        name=f["name"],
        method=FeeMethod(f["method"]),
        base=FeeBase(f["base"]),
        amount=Decimal(str(f["amount"])),
        minimum=_dec(f.get("minimum")),
        maximum=_dec(f.get("maximum")),
        taxable=bool(f["taxable"]),
        itemise=bool(f["itemise"]),
        unit_category=str(f.get("unit_category", "")),
        rim_brackets=tuple((Decimal(str(a)), Decimal(str(b))) for a, b in f.get("rim_brackets", ())),
    )


def resolve_labor_rate(
    sheet: PriceSheet,
    *,
    explicit: str = "",
    job_type: str = "",
    customer_rate: str = "",
    level: PriceLevel | None = None,
) -> LaborRate:
    """The rate a labor line uses, first that applies: the line's own choice, the job type's
    default (diagnostic, warranty: the nature of the work), the customer's rate, the
    customer's (or vehicle's) price level, the shop's default rate."""
    by_type = dict(sheet.job_type_rates).get(job_type, "") if job_type else ""
    level_rate = level.labor_rate if level is not None else ""
    for code in (explicit, by_type, customer_rate, level_rate, sheet.default_labor_rate):
        if code:
            return sheet.labor_rate(code)
    raise ValidationError({"labor_rate": "the shop has no default labor rate"})


def level_for(sheet: PriceSheet, customer_level: str = "", vehicle_level: str = "") -> PriceLevel | None:
    """The vehicle's price level if it has one, else the customer's (none: catalog prices)."""
    return sheet.level(vehicle_level) or sheet.level(customer_level)


def part_price(list_price: Decimal, unit_cost: Decimal, level: PriceLevel | None) -> Decimal:
    """A part's unit price at a price level: cost plus the level's markup, else the list price."""
    if level is None or level.parts_markup is None:
        return list_price
    price = unit_cost * (HUNDRED + level.parts_markup) / HUNDRED
    return price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MarginCheck:
    below_cost: bool  # needs the owner
    below_minimum: bool  # a warning
    margin: Decimal | None  # percent of the price, None for a free line


def check_margin(net: Decimal, cost: Decimal, minimum: Decimal | None) -> MarginCheck:
    """A line's margin against its cost: below cost needs the owner, below the minimum warns."""
    if net <= 0:
        return MarginCheck(cost > 0, cost > 0, None)
    margin = ((net - cost) * HUNDRED / net).quantize(Decimal("0.01"))
    below_min = minimum is not None and margin < minimum
    return MarginCheck(net < cost, below_min, margin)


def check_sheet(sheet: PriceSheet) -> None:
    """Refuse a sheet no shop means: duplicate codes, negative rates, a minimum above a maximum."""
    errors: dict[str, str] = {}
    for name, items in (("labor_rates", sheet.labor_rates), ("price_levels", sheet.price_levels)):
        listed = [i.code for i in items]
        if len(set(listed)) != len(listed) or any(not c.strip() for c in listed):
            errors[name] = "every entry needs its own, non-empty code"
    for rate in sheet.labor_rates:
        if not ZERO <= rate.rate <= 10_000:
            errors["labor_rates"] = f"{rate.name}: must be between 0 and 10,000 an hour"
    codes = {r.code for r in sheet.labor_rates}
    if sheet.labor_rates and sheet.default_labor_rate not in codes:
        errors["default_labor_rate"] = "must be one of the labor rates"
    for job_type, code in sheet.job_type_rates:
        if code not in codes:
            errors["job_type_rates"] = f"{job_type}: no labor rate named {code!r}"
    for level in sheet.price_levels:
        if level.labor_rate and level.labor_rate not in codes:
            errors["price_levels"] = f"{level.name}: no labor rate named {level.labor_rate!r}"
        if level.parts_markup is not None and not Decimal(-100) < level.parts_markup <= 1000:
            errors["price_levels"] = f"{level.name}: markup must be above -100 and at most 1,000 percent"
    _check_taxes(sheet.taxes, errors)
    _check_fees(sheet.fees, errors)
    for role, limit in sheet.discount_limits:
        if not ZERO <= limit <= HUNDRED:
            errors["discount_limits"] = f"{role}: must be between 0 and 100 percent"
    if errors:
        raise ValidationError(errors)


def _check_taxes(taxes: tuple[TaxComponent, ...], errors: dict[str, str]) -> None:
    if len({t.code for t in taxes}) != len(taxes):
        errors["taxes"] = "every tax needs its own code"
    for tax in taxes:
        if not ZERO <= tax.rate <= HUNDRED:
            errors["taxes"] = f"{tax.name}: rate must be between 0 and 100 percent"
        elif set(tax.categories) - set(TAX_CATEGORIES):
            errors["taxes"] = f"{tax.name}: unknown category"
        elif tax.cap_scope != CapScope.NONE and (tax.cap is None or tax.cap < 0):
            errors["taxes"] = f"{tax.name}: a cap needs a positive amount"
        elif tax.item_cap is not None and tax.item_cap <= 0:
            errors["taxes"] = f"{tax.name}: the single-article cap must be more than zero"


def _check_fees(fees: tuple[FeeRule, ...], errors: dict[str, str]) -> None:
    if len({f.code for f in fees}) != len(fees):
        errors["fees"] = "every fee needs its own code"
    for fee in fees:
        if fee.amount < 0 or (fee.method == FeeMethod.PERCENT and fee.amount > HUNDRED):
            errors["fees"] = f"{fee.name}: amount must be positive (a percent at most 100)"
        elif fee.minimum is not None and fee.maximum is not None and fee.minimum > fee.maximum:
            errors["fees"] = f"{fee.name}: the minimum must not be more than the maximum"
        elif fee.method == FeeMethod.PERCENT and fee.base in (FeeBase.PER_TIRE, FeeBase.PER_UNIT):
            errors["fees"] = f"{fee.name}: a per-tire or per-unit fee is a flat amount"
        elif fee.base == FeeBase.PER_UNIT and not fee.unit_category:
            errors["fees"] = f"{fee.name}: a per-unit fee needs the category it counts"


DEFAULT_LEVELS = (
    PriceLevel("retail", "Retail"),
    PriceLevel("fleet", "Fleet", Decimal("30"), "fleet"),
    PriceLevel("wholesale", "Wholesale", Decimal("20")),
    PriceLevel("employee", "Employee", Decimal("10")),
)


def starter_sheet(labor_rate: Decimal, tax_rate_percent: Decimal) -> PriceSheet:
    """What a shop starts from: its one labor rate and one tax, the four usual price levels."""
    return PriceSheet(
        labor_rates=(
            LaborRate("general", "General", labor_rate),
            LaborRate("fleet", "Fleet", labor_rate),
        ),
        price_levels=DEFAULT_LEVELS,
        taxes=(TaxComponent("sales", "Sales tax", tax_rate_percent, ("part",)),) if tax_rate_percent else (),
        discount_limits=(("front_desk", Decimal("10")), ("parts", Decimal("5"))),
    )


def sheet_from_rules(pricing: ShopPricing) -> PriceSheet:
    """The sheet an owner starts from: one that prices a ticket as the shop's single-rate rules do
    (its labor rate, its tax on what it taxes, its shop-supplies rule, its rounding), so that saving
    it unchanged changes no price."""
    rate = (pricing.tax_rate * 100).normalize() or Decimal(0)
    fees = _supplies_fees(pricing.fee_rule)
    kinds = tuple(pricing.taxable)
    if fees and pricing.fee_rule.taxable and "fee" not in kinds:
        kinds += ("fee",)  # the sheet taxes a fee where the component taxes fees and the fee is taxable
    return replace(
        starter_sheet(pricing.labor_rate, rate),
        taxes=(TaxComponent("sales", "Sales tax", rate, kinds),) if rate and kinds else (),
        fees=fees,
        per_line_rounding=pricing.rounding == RoundingMode.PER_LINE,
    )


def _supplies_fees(rule: SuppliesRule) -> tuple[FeeRule, ...]:
    """The shop-supplies rule as fee rules: one rule where one says the same (a percent of labor,
    of parts, of both alike, or flat). A rule that adds a percent of labor to another percent of
    parts (or to a flat amount) becomes one fee each, and its cap and minimum then hold for each."""

    def fee(code: str, name: str, method: FeeMethod, base: FeeBase, amount: Decimal) -> FeeRule:
        return FeeRule(code, name, method, base, amount, rule.minimum, rule.cap, rule.taxable, itemise=True)

    if not rule.enabled:
        return ()
    labor, parts, flat = rule.percent_of_labor, rule.percent_of_parts, rule.flat
    if flat and not (labor or parts):
        return (fee("shop_supplies", rule.label, FeeMethod.FLAT, FeeBase.BOTH, flat),)
    if labor and parts and labor == parts and not flat:
        return (fee("shop_supplies", rule.label, FeeMethod.PERCENT, FeeBase.BOTH, labor),)
    out = []
    if labor:
        out.append(fee("shop_supplies", rule.label, FeeMethod.PERCENT, FeeBase.LABOR, labor))
    if parts:
        out.append(
            fee("shop_supplies_parts", f"{rule.label} (parts)", FeeMethod.PERCENT, FeeBase.PARTS, parts)
        )
    if flat:
        out.append(fee("shop_supplies_flat", f"{rule.label} (flat)", FeeMethod.FLAT, FeeBase.BOTH, flat))
    return tuple(out)
