"""Credit notes against a posted invoice: pure arithmetic, no storage.

A credit note carries NEGATIVE quantities and amounts. Crediting what is left
of an invoice subtracts what earlier credit notes took, line by line, so an
invoice and all its credit notes always net to exactly zero. A partial
credit prices the chosen quantities again with ``build_invoice``, as the
invoice priced them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from app.domain.errors import ValidationError
from app.domain.invoices import (
    ADJUSTMENTS,
    ZERO,
    Category,
    Draft,
    DraftLine,
    DraftTotals,
    SourceLine,
    build_invoice,
    check_sums,
    rounding_line,
)
from app.domain.totals import LineKind, PricingRules

CREDITABLE = (Category.LABOR, Category.PART, Category.FEE, Category.SUBLET)


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


def credit_remaining(
    lines: Sequence[PostedLine],
    invoice: DraftTotals,
    credited: DraftTotals,
    by_amount: frozenset[uuid.UUID] = frozenset(),
) -> Draft:
    """A credit note for everything not yet credited: nets the invoice to exactly zero.

    Lines in ``by_amount`` (fees worked out by a price sheet) are credited by what
    is left of their amount, one unit each time, like the adjustments.
    """
    left = invoice.plus(credited)  # credited is negative
    if left.total <= 0 and not any(p.remaining_quantity for p in lines if p.id not in by_amount):
        raise ValidationError({"credit": "this invoice has been credited in full already"})
    out: list[DraftLine] = []
    for posted in lines:
        before = posted.credited
        remaining = _line_minus(posted.line, before) if before is not None else posted.line
        if not (remaining.quantity or remaining.amount or remaining.core_amount or remaining.tax):
            continue
        if remaining.category in ADJUSTMENTS or posted.id in by_amount:
            remaining = replace(remaining, quantity=Decimal("1"), unit_price=remaining.amount)
            out.append(replace(negate_line(remaining, posted.id), quantity=Decimal("-1")))
        else:
            out.append(negate_line(remaining, posted.id))
    totals = left.negated()
    # a partial credit rounded for cash where the invoice was not: the rest of that rounding
    unmatched = totals.total - totals.tax - sum((line.printed for line in out), ZERO)
    if unmatched:
        out.append(replace(rounding_line(unmatched, Decimal("0.05")), description="Cash rounding"))
    draft = Draft(tuple(out), totals)
    check_sums(draft)
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
    chosen = _chosen(lines, quantities)
    if _everything_left(lines, quantities):
        return credit_remaining(lines, invoice, credited)
    sources = [credit_source(posted, qty) for posted, qty in chosen]
    draft = build_invoice(sources, rules, tax_exempt=tax_exempt, cash_step=cash_step)
    check_within(draft.totals, invoice.plus(credited))
    own = {p.line.category: p.id for p in lines if p.line.category in ADJUSTMENTS}
    negative = Draft(
        tuple(
            negate_line(
                line, own.get(line.category) if line.category in ADJUSTMENTS else line.credited_line_id
            )
            for line in draft.lines
        ),
        draft.totals.negated(),
    )
    check_sums(negative)
    return negative


def _chosen(
    lines: Sequence[PostedLine], quantities: dict[uuid.UUID, Decimal]
) -> list[tuple[PostedLine, Decimal]]:
    """The lines asked for with their quantities; refused, every problem named, if any cannot be credited."""
    by_id = {p.id: p for p in lines}
    errors: dict[str, str] = {}
    chosen: list[tuple[PostedLine, Decimal]] = []
    for line_id, qty in quantities.items():
        posted = by_id.get(line_id)
        if posted is None:
            raise ValidationError({"line": "that line is not on this invoice"})
        problem = credit_problem(posted, qty)
        if problem:
            errors[posted.line.description[:40]] = problem
        else:
            chosen.append((posted, qty))
    if errors:
        raise ValidationError(errors)
    if not chosen:
        raise ValidationError({"credit": "choose what to credit"})
    return chosen


def credit_problem(posted: PostedLine, qty: Decimal) -> str:
    """Why ``qty`` of this line cannot be credited, or "" when it can."""
    if not qty.is_finite() or qty <= 0:
        return "credit a quantity of more than zero"
    if posted.line.category not in CREDITABLE:
        return "supplies and rounding follow the lines they belong to"
    if qty > posted.remaining_quantity:
        return (
            f"only {posted.remaining_quantity.normalize():f} left to credit; "
            "a credit cannot exceed what was invoiced"
        )
    return ""


def _everything_left(lines: Sequence[PostedLine], quantities: dict[uuid.UUID, Decimal]) -> bool:
    """Whether the quantities asked for are all that is left of every creditable line."""
    return all(
        quantities.get(p.id, Decimal("0")) == p.remaining_quantity
        for p in lines
        if p.line.category in CREDITABLE and p.remaining_quantity
    )


def credit_source(posted: PostedLine, qty: Decimal) -> SourceLine:
    """``qty`` of a posted line, to be priced again exactly as the invoice priced it."""
    line = posted.line
    return SourceLine(
        kind=LineKind(line.category),
        description=line.description,
        quantity=qty,
        unit_price=line.unit_price,
        taxable=line.taxable,
        unit_cost=line.unit_cost,
        discount_percent=line.discount_percent,
        core_charge=line.core_charge,
        part_number=line.part_number,
        condition=line.condition,
        vendor=line.vendor,
        job=line.job,
        technician_id=line.technician_id,
        source_id=line.source_id,
        part_id=line.part_id,
        credited_line_id=posted.id,
    )


def check_within(credit: DraftTotals, left: DraftTotals) -> None:
    """A credit takes no more of any total than the invoice has left after earlier credits."""
    over = [
        name
        for name in ("labor", "parts", "fees", "sublet", "cores", "tax", "total")
        if getattr(credit, name) > getattr(left, name)
    ]
    if over:
        raise ValidationError({"credit": f"a credit cannot exceed what is left invoiced ({', '.join(over)})"})


def negate_line(line: DraftLine, credited_line_id: uuid.UUID | None) -> DraftLine:
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
