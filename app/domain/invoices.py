"""Turning priced lines into a posted invoice or a credit note: pure arithmetic, no storage.

Every amount is priced by the one totals function (app.domain.totals); this
module only arranges what it returns into printed lines: each source line,
then shop supplies and cash rounding as lines of their own, so the sum of
the printed lines plus the tax is the printed total, to the cent. Credit
notes are laid out from these drafts by ``app.domain.credit_notes``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from app.domain.errors import ValidationError
from app.domain.totals import (
    LineAmount,
    LineKind,
    PricedLine,
    PricingRules,
    RoundingMode,
    Totals,
    compute_totals,
)

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


class Category:
    LABOR = "labor"
    PART = "part"
    FEE = "fee"
    SUBLET = "sublet"
    SHOP_SUPPLIES = "shop_supplies"
    CASH_ROUNDING = "cash_rounding"


CATEGORY_LABELS = {
    Category.LABOR: "Labor",
    Category.PART: "Part",
    Category.FEE: "Fee",
    Category.SUBLET: "Sublet",
    Category.SHOP_SUPPLIES: "Supplies",
    Category.CASH_ROUNDING: "Rounding",
}
ADJUSTMENTS = (Category.SHOP_SUPPLIES, Category.CASH_ROUNDING)  # lines that follow the others
CASH_ROUNDING_STEPS = (Decimal("0.00"), Decimal("0.05"), Decimal("0.10"))


@dataclass(frozen=True)
class SourceLine:
    """A line to invoice, as the work order or counter ticket holds it."""

    kind: LineKind
    description: str
    quantity: Decimal
    unit_price: Decimal
    taxable: bool
    unit_cost: Decimal = ZERO
    discount_percent: Decimal = Decimal("0")  # 10 for 10 %
    core_charge: Decimal = ZERO
    part_number: str = ""
    condition: str = ""
    vendor: str = ""
    job: int | None = None  # index into the document's jobs
    technician_id: uuid.UUID | None = None
    source_id: uuid.UUID | None = None
    part_id: uuid.UUID | None = None
    credited_line_id: uuid.UUID | None = None


@dataclass(frozen=True)
class DraftLine:
    category: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal  # printed, after discount
    discount_amount: Decimal = ZERO
    core_charge: Decimal = ZERO
    core_amount: Decimal = ZERO
    unit_cost: Decimal = ZERO
    cost_amount: Decimal = ZERO
    taxable: bool = False
    tax: Decimal = ZERO
    discount_percent: Decimal = Decimal("0")
    part_number: str = ""
    condition: str = ""
    vendor: str = ""
    job: int | None = None
    technician_id: uuid.UUID | None = None
    billed_hours: Decimal = Decimal("0")
    source_id: uuid.UUID | None = None
    part_id: uuid.UUID | None = None
    credited_line_id: uuid.UUID | None = None

    @property
    def printed(self) -> Decimal:
        """What this line adds to the document: its amount and its core deposit."""
        return self.amount + self.core_amount


@dataclass(frozen=True)
class DraftTotals:
    labor: Decimal = ZERO
    parts: Decimal = ZERO
    fees: Decimal = ZERO  # fee lines and shop supplies
    shop_supplies: Decimal = ZERO
    sublet: Decimal = ZERO
    cores: Decimal = ZERO
    discount: Decimal = ZERO
    taxable_base: Decimal = ZERO
    tax: Decimal = ZERO
    cash_rounding: Decimal = ZERO
    total: Decimal = ZERO
    parts_cost: Decimal = ZERO
    labor_cost: Decimal = ZERO
    sublet_cost: Decimal = ZERO
    billed_hours: Decimal = Decimal("0")

    @property
    def subtotal(self) -> Decimal:
        return self.labor + self.parts + self.fees + self.sublet + self.cores

    def negated(self) -> DraftTotals:
        return DraftTotals(**{name: -getattr(self, name) for name in _TOTAL_FIELDS})

    def minus(self, other: DraftTotals) -> DraftTotals:
        return DraftTotals(**{name: getattr(self, name) - getattr(other, name) for name in _TOTAL_FIELDS})

    def plus(self, other: DraftTotals) -> DraftTotals:
        return DraftTotals(**{name: getattr(self, name) + getattr(other, name) for name in _TOTAL_FIELDS})


_TOTAL_FIELDS = tuple(DraftTotals.__dataclass_fields__)


@dataclass(frozen=True)
class Draft:
    lines: tuple[DraftLine, ...]
    totals: DraftTotals
    notes: tuple[str, ...] = field(default=())

    def printed_sum(self) -> Decimal:
        return sum((line.printed for line in self.lines), ZERO) + self.totals.tax


def cash_round(amount: Decimal, step: Decimal) -> Decimal:
    """``amount`` to the nearest multiple of ``step`` (half away from zero); step 0: unchanged."""
    if not step:
        return amount
    units = (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (units * step).quantize(CENT)


MAX_LOGO_BYTES = 256 * 1024
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def check_logo(data: bytes) -> None:
    """A logo is a PNG or JPEG image of at most 256 KB (it is embedded in every invoice)."""
    if not data:
        return
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError({"logo": f"is {len(data) // 1024} KB; use an image of at most 256 KB"})
    if not data.startswith(_IMAGE_SIGNATURES):
        raise ValidationError({"logo": "must be a PNG or JPEG image"})


def check_cash_step(step: Decimal) -> None:
    if step not in CASH_ROUNDING_STEPS:
        raise ValidationError({"cash_rounding": "use none, 0.05 or 0.10"})


def build_invoice(
    lines: Sequence[SourceLine], rules: PricingRules, *, tax_exempt: bool = False, cash_step: Decimal = ZERO
) -> Draft:
    """Price ``lines`` with the totals function and lay out every printed line."""
    if not lines:
        raise ValidationError({"lines": "there is nothing to invoice"})
    totals = compute_totals([_priced(line) for line in lines], rules, tax_exempt=tax_exempt)
    rate = Decimal("0") if tax_exempt else rules.tax_rate
    drafted = [_draft_line(line, amount, rate) for line, amount in zip(lines, totals.lines, strict=True)]
    out = list(drafted)
    if totals.shop_supplies:
        out.append(_supplies_line(totals, rules, rate))
    rounding = cash_round(totals.total, cash_step) - totals.total
    if rounding:
        out.append(rounding_line(rounding, cash_step))
    draft = Draft(tuple(out), _draft_totals(totals, drafted, rounding))
    check_sums(draft)
    return draft


def _draft_line(line: SourceLine, amount: LineAmount, rate: Decimal) -> DraftLine:
    """A source line as printed: its priced amounts, its cost, and its hours if it is labor."""
    return DraftLine(
        category=line.kind.value,
        description=line.description,
        quantity=line.quantity,
        unit_price=line.unit_price,
        amount=amount.net,
        discount_amount=amount.discount,
        core_charge=line.core_charge,
        core_amount=amount.core,
        unit_cost=line.unit_cost,
        cost_amount=(line.quantity * line.unit_cost).quantize(CENT, rounding=ROUND_HALF_UP),
        taxable=line.taxable and rate > 0,
        tax=amount.tax,
        discount_percent=line.discount_percent,
        part_number=line.part_number,
        condition=line.condition,
        vendor=line.vendor,
        job=line.job,
        technician_id=line.technician_id,
        billed_hours=line.quantity if line.kind == LineKind.LABOR else Decimal("0"),
        source_id=line.source_id,
        part_id=line.part_id,
        credited_line_id=line.credited_line_id,
    )


def _supplies_line(totals: Totals, rules: PricingRules, rate: Decimal) -> DraftLine:
    """Shop supplies as a line of their own; rounded per line, it carries the tax the lines did not."""
    supplies_tax = ZERO
    if rules.rounding == RoundingMode.PER_LINE:
        supplies_tax = totals.tax - sum((a.tax for a in totals.lines), ZERO)
    return DraftLine(
        category=Category.SHOP_SUPPLIES,
        description=rules.fee_rule.label or "Shop supplies",
        quantity=Decimal("1"),
        unit_price=totals.shop_supplies,
        amount=totals.shop_supplies,
        taxable=rules.fee_rule.taxable and rate > 0,
        tax=supplies_tax,
    )


def _draft_totals(totals: Totals, drafted: Sequence[DraftLine], rounding: Decimal) -> DraftTotals:
    """The document's totals: the priced ones, the cash rounding, and the costs and hours of its lines."""
    costs = {Category.LABOR: ZERO, Category.PART: ZERO, Category.SUBLET: ZERO}
    hours = Decimal("0")
    for line in drafted:
        if line.category in costs:
            costs[line.category] += line.cost_amount
        hours += line.billed_hours
    return DraftTotals(
        labor=totals.labor,
        parts=totals.parts,
        fees=totals.fees + totals.shop_supplies,
        shop_supplies=totals.shop_supplies,
        sublet=totals.sublet,
        cores=totals.cores,
        discount=totals.discount,
        taxable_base=totals.taxable_base,
        tax=totals.tax,
        cash_rounding=rounding,
        total=totals.total + rounding,
        parts_cost=costs[Category.PART],
        labor_cost=costs[Category.LABOR],
        sublet_cost=costs[Category.SUBLET],
        billed_hours=hours,
    )


def rounding_line(amount: Decimal, step: Decimal) -> DraftLine:
    return DraftLine(
        category=Category.CASH_ROUNDING,
        description=f"Cash rounding to {step}",
        quantity=Decimal("1"),
        unit_price=amount,
        amount=amount,
    )


def _priced(line: SourceLine) -> PricedLine:
    return PricedLine(
        kind=line.kind,
        quantity=line.quantity,
        unit_price=line.unit_price,
        taxable=line.taxable,
        discount_percent=line.discount_percent,
        core_charge=line.core_charge,
    )


def check_sums(draft: Draft) -> None:
    """The invariant every document keeps; a failure here is a bug, never saved."""
    t = draft.totals
    if draft.printed_sum() != t.total or t.subtotal + t.tax + t.cash_rounding != t.total:
        raise AssertionError(f"printed lines {draft.printed_sum()} do not add up to the total {t.total}")
