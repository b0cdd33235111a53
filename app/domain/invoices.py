"""Turning priced lines into a posted invoice or a credit note: pure arithmetic, no storage.

Every amount is priced by the one totals function (app.domain.totals); this
module only arranges what it returns into printed lines: each source line,
then shop supplies and cash rounding as lines of their own, so the sum of
the printed lines plus the tax is the printed total, to the cent.

A credit note carries NEGATIVE quantities and amounts. Crediting what is left
of an invoice subtracts what earlier credit notes took, line by line, so an
invoice and all its credit notes always net to exactly zero.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from app.domain.errors import ValidationError
from app.domain.totals import LineKind, PricedLine, PricingRules, RoundingMode, compute_totals

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
_ADJUSTMENTS = (Category.SHOP_SUPPLIES, Category.CASH_ROUNDING)
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
    out: list[DraftLine] = []
    costs = {Category.LABOR: ZERO, Category.PART: ZERO, Category.SUBLET: ZERO}
    hours = Decimal("0")
    for line, amount in zip(lines, totals.lines, strict=True):
        cost = (line.quantity * line.unit_cost).quantize(CENT, rounding=ROUND_HALF_UP)
        category = line.kind.value
        if category in costs:
            costs[category] += cost
        billed = line.quantity if line.kind == LineKind.LABOR else Decimal("0")
        hours += billed
        out.append(
            DraftLine(
                category=category,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=amount.net,
                discount_amount=amount.discount,
                core_charge=line.core_charge,
                core_amount=amount.core,
                unit_cost=line.unit_cost,
                cost_amount=cost,
                taxable=line.taxable and rate > 0,
                tax=amount.tax,
                discount_percent=line.discount_percent,
                part_number=line.part_number,
                condition=line.condition,
                vendor=line.vendor,
                job=line.job,
                technician_id=line.technician_id,
                billed_hours=billed,
                source_id=line.source_id,
                part_id=line.part_id,
                credited_line_id=line.credited_line_id,
            )
        )
    if totals.shop_supplies:
        supplies_tax = ZERO
        if rules.rounding == RoundingMode.PER_LINE:
            supplies_tax = totals.tax - sum((a.tax for a in totals.lines), ZERO)
        out.append(
            DraftLine(
                category=Category.SHOP_SUPPLIES,
                description=rules.fee_rule.label or "Shop supplies",
                quantity=Decimal("1"),
                unit_price=totals.shop_supplies,
                amount=totals.shop_supplies,
                taxable=rules.fee_rule.taxable and rate > 0,
                tax=supplies_tax,
            )
        )
    rounding = cash_round(totals.total, cash_step) - totals.total
    if rounding:
        out.append(_rounding_line(rounding, cash_step))
    draft_totals = DraftTotals(
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
    draft = Draft(tuple(out), draft_totals)
    _check_sums(draft)
    return draft


def _rounding_line(amount: Decimal, step: Decimal) -> DraftLine:
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


def _check_sums(draft: Draft) -> None:
    """The invariant every document keeps; a failure here is a bug, never saved."""
    t = draft.totals
    if draft.printed_sum() != t.total or t.subtotal + t.tax + t.cash_rounding != t.total:
        raise AssertionError(f"printed lines {draft.printed_sum()} do not add up to the total {t.total}")


# --- credit notes -------------------------------------------------------------------------


@dataclass(frozen=True)
class PostedLine:
    """A line of a posted invoice, with what earlier credit notes already took of it."""

    id: uuid.UUID
    line: DraftLine
    credited_quantity: Decimal = Decimal("0")  # positive: how much was credited before
    credited: DraftLine | None = None  # the sum of earlier credit lines (negative amounts)

    @property
    def remaining_quantity(self) -> Decimal:
        return self.line.quantity - self.credited_quantity


def credit_remaining(lines: Sequence[PostedLine], invoice: DraftTotals, credited: DraftTotals) -> Draft:
    """A credit note for everything not yet credited: nets the invoice to exactly zero."""
    left = invoice.plus(credited)  # credited is negative
    if left.total <= 0 and not any(p.remaining_quantity for p in lines):
        raise ValidationError({"credit": "this invoice has been credited in full already"})
    out: list[DraftLine] = []
    for posted in lines:
        before = posted.credited
        remaining = _line_minus(posted.line, before) if before is not None else posted.line
        if not (remaining.quantity or remaining.amount or remaining.core_amount or remaining.tax):
            continue
        if remaining.category in (Category.SHOP_SUPPLIES, Category.CASH_ROUNDING):
            remaining = replace(remaining, quantity=Decimal("1"), unit_price=remaining.amount)
            out.append(replace(_negate_line(remaining, posted.id), quantity=Decimal("-1")))
        else:
            out.append(_negate_line(remaining, posted.id))
    totals = left.negated()
    # a partial credit rounded for cash where the invoice was not: the rest of that rounding
    unmatched = totals.total - totals.tax - sum((line.printed for line in out), ZERO)
    if unmatched:
        out.append(replace(_rounding_line(unmatched, Decimal("0.05")), description="Cash rounding"))
    draft = Draft(tuple(out), totals)
    _check_sums(draft)
    return draft


def credit_lines(
    lines: Sequence[PostedLine],
    quantities: dict[uuid.UUID, Decimal],
    rules: PricingRules,
    invoice: DraftTotals,
    credited: DraftTotals,
    *,
    tax_exempt: bool,
    cash_step: Decimal = ZERO,
) -> Draft:
    """A partial credit note: chosen quantities of chosen lines, priced as the invoice priced them.

    Refused when any quantity or any amount would exceed what is left to credit.
    Crediting every remaining quantity is the same as :func:`credit_remaining`.
    """
    by_id = {p.id: p for p in lines}
    errors: dict[str, str] = {}
    chosen: list[tuple[PostedLine, Decimal]] = []
    for line_id, qty in quantities.items():
        posted = by_id.get(line_id)
        if posted is None:
            raise ValidationError({"line": "that line is not on this invoice"})
        if not qty.is_finite() or qty <= 0:
            errors[posted.line.description[:40]] = "credit a quantity of more than zero"
        elif posted.line.category not in (Category.LABOR, Category.PART, Category.FEE, Category.SUBLET):
            errors[posted.line.description[:40]] = "supplies and rounding follow the lines they belong to"
        elif qty > posted.remaining_quantity:
            errors[posted.line.description[:40]] = (
                f"only {posted.remaining_quantity.normalize():f} left to credit; "
                "a credit cannot exceed what was invoiced"
            )
        else:
            chosen.append((posted, qty))
    if errors:
        raise ValidationError(errors)
    if not chosen:
        raise ValidationError({"credit": "choose what to credit"})
    everything_left = all(
        quantities.get(p.id, Decimal("0")) == p.remaining_quantity
        for p in lines
        if p.line.category in (Category.LABOR, Category.PART, Category.FEE, Category.SUBLET)
        and p.remaining_quantity
    )
    if everything_left:
        return credit_remaining(lines, invoice, credited)
    sources = [
        SourceLine(
            kind=LineKind(p.line.category),
            description=p.line.description,
            quantity=qty,
            unit_price=p.line.unit_price,
            taxable=p.line.taxable,
            unit_cost=p.line.unit_cost,
            discount_percent=p.line.discount_percent,
            core_charge=p.line.core_charge,
            part_number=p.line.part_number,
            condition=p.line.condition,
            vendor=p.line.vendor,
            job=p.line.job,
            technician_id=p.line.technician_id,
            source_id=p.line.source_id,
            part_id=p.line.part_id,
            credited_line_id=p.id,
        )
        for p, qty in chosen
    ]
    draft = build_invoice(sources, rules, tax_exempt=tax_exempt, cash_step=cash_step)
    left = invoice.plus(credited)
    over = [
        name
        for name in ("labor", "parts", "fees", "sublet", "cores", "tax", "total")
        if getattr(draft.totals, name) > getattr(left, name)
    ]
    if over:
        raise ValidationError({"credit": f"a credit cannot exceed what is left invoiced ({', '.join(over)})"})
    own = {p.line.category: p.id for p in lines if p.line.category in _ADJUSTMENTS}
    negative = Draft(
        tuple(
            _negate_line(
                line, own.get(line.category) if line.category in _ADJUSTMENTS else line.credited_line_id
            )
            for line in draft.lines
        ),
        draft.totals.negated(),
    )
    _check_sums(negative)
    return negative


def _negate_line(line: DraftLine, credited_line_id: uuid.UUID | None) -> DraftLine:
    return replace(
        line,
        quantity=-line.quantity,
        unit_price=line.unit_price,
        amount=-line.amount,
        discount_amount=-line.discount_amount,
        core_amount=-line.core_amount,
        cost_amount=-line.cost_amount,
        tax=-line.tax,
        billed_hours=-line.billed_hours,
        credited_line_id=credited_line_id,
    )


def _line_minus(line: DraftLine, credited: DraftLine) -> DraftLine:
    """What is left of ``line`` after earlier credits (``credited`` holds negative sums)."""
    return replace(
        line,
        quantity=line.quantity + credited.quantity,
        amount=line.amount + credited.amount,
        discount_amount=line.discount_amount + credited.discount_amount,
        core_amount=line.core_amount + credited.core_amount,
        cost_amount=line.cost_amount + credited.cost_amount,
        tax=line.tax + credited.tax,
        billed_hours=line.billed_hours + credited.billed_hours,
    )


def sum_lines(lines: Iterable[DraftLine]) -> DraftLine | None:
    """Earlier credit lines of one invoice line, added up (quantities and amounts)."""
    total: DraftLine | None = None
    for line in lines:
        if total is None:
            total = line
            continue
        total = replace(
            total,
            quantity=total.quantity + line.quantity,
            amount=total.amount + line.amount,
            discount_amount=total.discount_amount + line.discount_amount,
            core_amount=total.core_amount + line.core_amount,
            cost_amount=total.cost_amount + line.cost_amount,
            tax=total.tax + line.tax,
            billed_hours=total.billed_hours + line.billed_hours,
        )
    return total
