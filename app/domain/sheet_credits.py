"""Credit notes of an invoice priced by the price sheet, from the invoice's own snapshot.

The rule (every step to the cent, half up, as the sheet's own arithmetic):

1. a partial credit (chosen quantities of chosen lines) prices those lines
   again with the sheet the invoice stored, never the shop's current one, as
   the invoice priced them (unit price, the line's own discount percent, core,
   fee category, the components the invoice's certificate exempted);
2. a line credited for all that is left of it takes exactly what is left of
   its amount and core; any other takes its re-priced amount and core, at most
   what the invoice charged for that quantity (its printed amount pro rata,
   after its share of the job and ticket discounts) and what is left;
3. the fees and tax components are those the credited lines alone come to by
   that sheet (minimums and caps included), each at most what is left of that
   fee or component after earlier credit notes;
4. a credit rounded for cash (as its invoice was) rounds its total to the
   nearest step, but never beyond what is left of the invoice's total;
5. crediting all that is left (the whole invoice, or every remaining quantity)
   takes what is left of every line, fee and component.

So all the credit notes of an invoice never exceed it, line, fee or component,
and the last one nets it to exactly zero. Fee lines the sheet worked out are
never chosen: they follow the lines they belong to.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from app.domain.credit_notes import (
    CREDITABLE,
    PostedLine,
    check_within,
    credit_problem,
    credit_remaining,
    credit_source,
    negate_line,
)
from app.domain.errors import ValidationError
from app.domain.invoices import Category, Draft, DraftTotals, check_sums
from app.domain.price_sheet import ExemptCertificate
from app.domain.sheet_invoices import LINE_DISCOUNT_REASON, lay_out, ticket_line
from app.domain.ticket_pricing import (
    ZERO,
    Discount,
    DiscountKind,
    FeeAmount,
    LinePrice,
    PricedTicket,
    PrintedLine,
    StoredPricing,
    TaxAmount,
    TicketLine,
    cents,
    negated,
    price_ticket,
    printed_lines,
    snapshot,
)
from app.domain.totals import LineKind


@dataclass(frozen=True)
class SheetCredit:
    """A credit note's draft (negative) and the snapshot it stores, like an invoice's."""

    draft: Draft
    snapshot: str
    discount_total: Decimal  # negative: the discounts the credited lines carried


@dataclass(frozen=True)
class Left:
    """What is left of each fee and tax component after earlier credit notes (by code)."""

    fees: dict[str, Decimal]
    taxes: dict[str, Decimal]
    bases: dict[str, Decimal]


def left_of(stored: StoredPricing, earlier: Iterable[StoredPricing]) -> Left:
    """The invoice's fees and components less what its earlier credit notes (negative) took."""
    fees = {f.code: f.amount for f in stored.fees}
    taxes = {t.code: t.amount for t in stored.taxes}
    bases = {t.code: t.base for t in stored.taxes}
    for note in earlier:
        for f in note.fees:
            fees[f.code] = fees.get(f.code, ZERO) + f.amount
        for t in note.taxes:
            taxes[t.code] = taxes.get(t.code, ZERO) + t.amount
            bases[t.code] = bases.get(t.code, ZERO) + t.base
    return Left(fees, taxes, bases)


def fee_line_indexes(categories: Sequence[str], stored: StoredPricing) -> list[int]:
    """Which of a sheet-priced document's lines (by category, in order) are the fees the sheet
    worked out: the last ones before cash rounding, as ``lay_out`` put them."""
    count = sum(1 for f in stored.fees if f.itemise) + (1 if any(not f.itemise for f in stored.fees) else 0)
    body = [i for i, c in enumerate(categories) if c != Category.CASH_ROUNDING]
    tail = body[len(body) - count :] if count else []
    return [i for i in tail if categories[i] == Category.FEE]


def sheet_fee_lines(lines: Sequence[PostedLine], stored: StoredPricing) -> frozenset[uuid.UUID]:
    """The invoice's fee lines the sheet worked out (never chosen on a credit note)."""
    return frozenset(lines[i].id for i in fee_line_indexes([p.line.category for p in lines], stored))


def credit_by_sheet(
    lines: Sequence[PostedLine],
    quantities: Mapping[uuid.UUID, Decimal] | None,
    stored: StoredPricing,
    earlier: Sequence[StoredPricing],
    invoice: DraftTotals,
    credited: DraftTotals,
    *,
    day: date,
    categories: Mapping[uuid.UUID, str] | None = None,
    cash_step: Decimal = ZERO,
) -> SheetCredit:
    """The credit note of ``quantities`` of ``lines`` (None: all that is left), by the module's rule."""
    fee_lines = sheet_fee_lines(lines, stored)
    left = left_of(stored, earlier)
    if quantities is None or _everything_left(lines, quantities, fee_lines):
        draft = credit_remaining(lines, invoice, credited, fee_lines)
        text = _remaining_snapshot(draft, stored, bool(earlier), left, fee_lines)
        return SheetCredit(draft, text, _discounts(draft))
    chosen = _chosen(lines, quantities, fee_lines)
    sources = [credit_source(posted, qty) for posted, qty in chosen]
    cats = categories or {}
    ticket_lines = [ticket_line(s, cats.get(p.id, "")) for s, (p, _) in zip(sources, chosen, strict=True)]
    ticket = _repriced(ticket_lines, chosen, stored, day, left)
    left_total = invoice.plus(credited).total  # rounding for cash never takes more than is left
    draft = lay_out(sources, ticket_lines, ticket, stored.sheet, cash_step, most=left_total)
    check_within(draft.totals, invoice.plus(credited))
    fee_ids = {p.line.description: p.id for p in lines if p.id in fee_lines}
    rounding = next((p.id for p in lines if p.line.category == Category.CASH_ROUNDING), None)
    out = []
    for line in draft.lines:
        target = line.credited_line_id
        if line.category == Category.CASH_ROUNDING:
            target = rounding
        elif line.credited_line_id is None:
            target = fee_ids.get(line.description)
        out.append(negate_line(line, target))
    credit = Draft(tuple(out), draft.totals.negated())
    check_sums(credit)
    return SheetCredit(credit, snapshot(negated(ticket), stored.sheet), -ticket.discount)


def _everything_left(
    lines: Sequence[PostedLine], quantities: Mapping[uuid.UUID, Decimal], fee_lines: frozenset[uuid.UUID]
) -> bool:
    return all(
        quantities.get(p.id, ZERO) == p.remaining_quantity
        for p in lines
        if p.line.category in CREDITABLE and p.remaining_quantity and p.id not in fee_lines
    )


def _chosen(
    lines: Sequence[PostedLine], quantities: Mapping[uuid.UUID, Decimal], fee_lines: frozenset[uuid.UUID]
) -> list[tuple[PostedLine, Decimal]]:
    """The lines asked for with their quantities; refused, every problem named, if any cannot be credited."""
    by_id = {p.id: p for p in lines}
    errors: dict[str, str] = {}
    chosen: list[tuple[PostedLine, Decimal]] = []
    for line_id, qty in quantities.items():
        posted = by_id.get(line_id)
        if posted is None:
            raise ValidationError({"line": "that line is not on this invoice"})
        if line_id in fee_lines:
            problem = "the price sheet's fees follow the lines they belong to"
        else:
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


def _certificate(stored: StoredPricing) -> ExemptCertificate | None:
    """The exemption the invoice applied, as a certificate exempting just those components."""
    codes = tuple(t.code for t in stored.taxes if t.exempt)
    return ExemptCertificate("as invoiced", components=codes) if codes else None


def _repriced(
    ticket_lines: list[TicketLine],
    chosen: Sequence[tuple[PostedLine, Decimal]],
    stored: StoredPricing,
    day: date,
    left: Left,
) -> PricedTicket:
    """Steps 1 to 3: the credited lines by the stored sheet, each line, fee and component capped."""
    certificate = _certificate(stored)
    first = price_ticket(ticket_lines, stored.sheet, day=day, certificate=certificate)
    targets: list[tuple[Decimal, Decimal]] = []
    for i, ((posted, qty), price) in enumerate(zip(chosen, first.lines, strict=True)):
        amount_left, core_left = _line_left(posted)
        whole = qty == posted.remaining_quantity
        amount = amount_left if whole else min(price.printed, _charged(posted, qty), amount_left)
        core = core_left if whole else min(price.core, core_left)
        targets.append((max(amount, ZERO), max(core, ZERO)))
        if targets[-1][0] != price.printed:  # priced again with that amount off, so fees and taxes see it
            off = Discount(DiscountKind.AMOUNT, max(price.gross - targets[-1][0], ZERO), LINE_DISCOUNT_REASON)
            ticket_lines[i] = replace(ticket_lines[i], discount=off)
    second = price_ticket(ticket_lines, stored.sheet, day=day, certificate=certificate)
    priced = [
        replace(p, net=amount + p.share, discount=p.gross - amount, core=core)
        for p, (amount, core) in zip(second.lines, targets, strict=True)
    ]
    fees = tuple(
        replace(f, amount=min(f.amount, max(left.fees.get(f.code, ZERO), ZERO))) for f in second.fees
    )
    taxes = tuple(
        replace(
            t,
            amount=min(t.amount, max(left.taxes.get(t.code, ZERO), ZERO)),
            base=min(t.base, max(left.bases.get(t.code, ZERO), ZERO)),
        )
        for t in second.taxes
    )
    return _rebuilt(second, ticket_lines, priced, tuple(f for f in fees if f.amount), taxes, stored)


def _charged(posted: PostedLine, qty: Decimal) -> Decimal:
    """What the invoice charged for ``qty`` of the line: its printed amount (after its share of the
    job and ticket discounts, which pricing the line alone again does not know) pro rata."""
    line = posted.line
    return cents(line.amount * qty / line.quantity) if line.quantity else line.amount


def _line_left(posted: PostedLine) -> tuple[Decimal, Decimal]:
    """What is left of a line's amount and core after earlier credits."""
    before = posted.credited
    if before is None:
        return posted.line.amount, posted.line.core_amount
    return posted.line.amount + before.amount, posted.line.core_amount + before.core_amount


def _rebuilt(
    ticket: PricedTicket,
    lines: Sequence[TicketLine],
    priced: Sequence[LinePrice],
    fees: tuple[FeeAmount, ...],
    taxes: tuple[TaxAmount, ...],
    stored: StoredPricing,
) -> PricedTicket:
    """``ticket`` with its lines, fees and components replaced, every figure summed again."""
    printed = printed_lines(lines, priced, fees, taxes, stored.sheet.combined_fee_label)

    def kind(k: LineKind) -> Decimal:
        return sum((p.printed for p, ln in zip(priced, lines, strict=True) if ln.kind == k), ZERO)

    return replace(
        ticket,
        lines=tuple(priced),
        fees=fees,
        taxes=taxes,
        printed=printed,
        labor=kind(LineKind.LABOR),
        parts=kind(LineKind.PART),
        sublet=kind(LineKind.SUBLET),
        other=kind(LineKind.FEE),
        cores=sum((p.core for p in priced), ZERO),
        fees_total=sum((f.amount for f in fees), ZERO),
        discount=sum((p.discount + p.share for p in priced), ZERO),
        tax=sum((t.amount for t in taxes), ZERO),
        total=sum((p.amount for p in printed), ZERO),
    )


def _remaining_snapshot(
    draft: Draft, stored: StoredPricing, earlier: bool, left: Left, fee_lines: frozenset[uuid.UUID]
) -> str:
    """Step 5's snapshot: every line, fee and component that was left, turned."""
    fees = tuple(replace(f, amount=-left.fees.get(f.code, ZERO)) for f in stored.fees)
    taxes = tuple(
        replace(t, amount=-left.taxes.get(t.code, ZERO), base=-left.bases.get(t.code, ZERO))
        for t in stored.taxes
    )
    printed: list[PrintedLine] = []
    for line in draft.lines:
        if line.category == Category.CASH_ROUNDING or line.credited_line_id in fee_lines:
            continue  # the fees are printed from what is left of each; rounding is not the sheet's
        printed.append(PrintedLine("line", line.description, line.amount))
        if line.core_amount:
            printed.append(PrintedLine("core", f"Core deposit: {line.description}", line.core_amount))
    printed += printed_lines(
        (), (), tuple(f for f in fees if f.amount), taxes, stored.sheet.combined_fee_label
    )
    total = sum((p.amount for p in printed), ZERO)
    discounts = () if earlier else stored.discounts
    return dump(
        replace(
            stored,
            printed=tuple(printed),
            taxes=taxes,
            fees=fees,
            discounts=tuple(replace(d, amount=-d.amount) for d in discounts),
            total=total,
        )
    )


def _discounts(draft: Draft) -> Decimal:
    return sum((line.discount_amount for line in draft.lines), ZERO)


def dump(stored: StoredPricing) -> str:
    """A snapshot read back (``read_snapshot``) written out again, in the same form."""
    return json.dumps(
        {
            "sheet": json.loads(stored.sheet.to_json()),
            "printed": [[p.category, p.label, str(p.amount)] for p in stored.printed],
            "taxes": [
                [t.code, t.name, str(t.rate), str(t.base), str(t.amount), t.exempt] for t in stored.taxes
            ],
            "fees": [[f.code, f.name, str(f.amount), f.taxable, f.itemise] for f in stored.fees],
            "discounts": [[d.label, d.reason, str(d.amount), str(d.percent)] for d in stored.discounts],
            "total": str(stored.total),
        },
        sort_keys=True,
    )
