"""An invoice priced by the shop's price sheet, laid out as the printed lines the invoice stores.

The sheet's arithmetic is ``app.domain.ticket_pricing``; this module turns the
source lines of a work order or counter ticket into ticket lines (a tire's rim
read from its size, a part's fee category from its catalog category) and the
priced ticket into a ``Draft``: each line at what it prints, then each fee as a
fee line (the non-itemised ones summed into one), then cash rounding. The tax is
the sum of the components, each stored in the document's pricing snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from app.domain.errors import ValidationError
from app.domain.invoices import (
    Category,
    Draft,
    DraftLine,
    DraftTotals,
    SourceLine,
    cash_round,
    check_sums,
    rounding_line,
)
from app.domain.price_sheet import ExemptCertificate, PriceSheet
from app.domain.ticket_pricing import (
    ZERO,
    Discount,
    DiscountKind,
    DocumentDiscount,
    LinePrice,
    PricedTicket,
    TicketLine,
    price_ticket,
)
from app.domain.totals import LineAmount, LineKind, Totals

_RIM = re.compile(r"\d{2,3}/\d{2}\s*Z?R\s*(\d{2}(?:\.\d)?)", re.IGNORECASE)
LINE_DISCOUNT_REASON = "Line discount"


def rim_of(text: str) -> Decimal | None:
    """The rim diameter in a tire size ("225/45R17" → 17), None when there is none."""
    match = _RIM.search(text)
    return Decimal(match.group(1)) if match else None


def fee_category(catalog_category: str) -> str:
    """A catalog category as the fee rules count it: "Tires" → "tire", "Batteries" → "battery"."""
    word = catalog_category.strip().casefold()
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def ticket_line(source: SourceLine, category: str = "") -> TicketLine:
    discount = None
    if source.discount_percent:
        discount = Discount(DiscountKind.PERCENT, source.discount_percent, LINE_DISCOUNT_REASON)
    text = f"{source.description} {source.part_number}"
    cat = fee_category(category) or ("tire" if source.kind == LineKind.PART and rim_of(text) else "")
    return TicketLine(
        kind=source.kind,
        description=source.description,
        quantity=source.quantity,
        unit_price=source.unit_price,
        taxable=source.taxable,
        unit_cost=source.unit_cost,
        discount=discount,
        core_charge=source.core_charge,
        category=cat,
        rim_diameter=rim_of(text) if cat == "tire" else None,
        job=source.job,
    )


def build_invoice_by_sheet(
    sources: Sequence[SourceLine],
    sheet: PriceSheet,
    *,
    day: date,
    categories: Mapping[int, str] | None = None,
    discounts: Sequence[DocumentDiscount] = (),
    certificate: ExemptCertificate | None = None,
    cash_step: Decimal = ZERO,
) -> tuple[Draft, PricedTicket]:
    """Price ``sources`` by ``sheet`` and lay out every printed line; the draft's tax is the components'."""
    if not sources:
        raise ValidationError({"lines": "there is nothing to invoice"})
    cats = categories or {}
    lines = [ticket_line(s, cats.get(i, "")) for i, s in enumerate(sources)]
    ticket = price_ticket(lines, sheet, day=day, discounts=discounts, certificate=certificate)
    return lay_out(sources, lines, ticket, sheet, cash_step), ticket


def lay_out(
    sources: Sequence[SourceLine],
    lines: Sequence[TicketLine],
    ticket: PricedTicket,
    sheet: PriceSheet,
    cash_step: Decimal,
    most: Decimal | None = None,
) -> Draft:
    """The draft of a priced ticket: its lines, then each fee (the non-itemised summed), then cash rounding.

    ``most`` (a credit note's): the total rounded for cash never goes beyond it.
    """
    drafted = [_draft_line(s, t, p) for s, t, p in zip(sources, lines, ticket.lines, strict=True)]
    fee_lines = [
        DraftLine(Category.FEE, f.name, Decimal("1"), f.amount, f.amount, taxable=f.taxable)
        for f in ticket.fees
        if f.itemise
    ]
    combined = [f for f in ticket.fees if not f.itemise]
    if combined:
        amount = sum((f.amount for f in combined), ZERO)
        taxable = any(f.taxable for f in combined)
        fee_lines.append(
            DraftLine(Category.FEE, sheet.combined_fee_label, Decimal("1"), amount, amount, taxable=taxable)
        )
    out = [*drafted, *fee_lines]
    rounded = cash_round(ticket.total, cash_step)
    if most is not None and cash_step and rounded > most:
        rounded = most
    rounding = rounded - ticket.total
    if rounding:
        out.append(rounding_line(rounding, cash_step))
    notes = tuple(f"{d.label}: {d.reason}" for d in ticket.discounts)
    draft = Draft(tuple(out), _totals(ticket, drafted, rounding), notes)
    check_sums(draft)
    return draft


def _draft_line(source: SourceLine, line: TicketLine, price: LinePrice) -> DraftLine:
    return DraftLine(
        category=source.kind.value,
        description=source.description,
        quantity=source.quantity,
        unit_price=source.unit_price,
        amount=price.printed,
        discount_amount=price.discount + price.share,
        core_charge=source.core_charge,
        core_amount=price.core,
        unit_cost=source.unit_cost,
        cost_amount=price.cost,
        taxable=line.taxable,
        discount_percent=source.discount_percent,
        part_number=source.part_number,
        condition=source.condition,
        vendor=source.vendor,
        job=source.job,
        technician_id=source.technician_id,
        billed_hours=source.quantity if source.kind == LineKind.LABOR else Decimal("0"),
        source_id=source.source_id,
        part_id=source.part_id,
        credited_line_id=source.credited_line_id,
    )


def _totals(ticket: PricedTicket, drafted: Sequence[DraftLine], rounding: Decimal) -> DraftTotals:
    costs = {Category.LABOR: ZERO, Category.PART: ZERO, Category.SUBLET: ZERO}
    for line in drafted:
        if line.category in costs:
            costs[line.category] += line.cost_amount
    return DraftTotals(
        labor=ticket.labor,
        parts=ticket.parts,
        fees=ticket.other + ticket.fees_total,
        sublet=ticket.sublet,
        cores=ticket.cores,
        discount=ticket.discount,
        taxable_base=max((t.base for t in ticket.taxes), default=ZERO),
        tax=ticket.tax,
        cash_rounding=rounding,
        total=ticket.total + rounding,
        parts_cost=costs[Category.PART],
        labor_cost=costs[Category.LABOR],
        sublet_cost=costs[Category.SUBLET],
        billed_hours=sum((ln.billed_hours for ln in drafted), Decimal("0")),
    )


def estimate_totals(
    sources: Sequence[SourceLine],
    sheet: PriceSheet,
    *,
    day: date,
    exempt_number: str = "",
    discounts: Sequence[DocumentDiscount] = (),
) -> Totals:
    """An estimate's totals by the sheet, in the shape every screen reads (``Totals``).

    Fees count as fees (no separate shop-supplies figure), each line's net is
    what it prints; an exemption number on the estimate exempts from every
    component (the invoice applies the certificate itself).
    """
    certificate = ExemptCertificate(exempt_number) if exempt_number else None
    lines = [ticket_line(s) for s in sources]
    t = price_ticket(lines, sheet, day=day, discounts=discounts, certificate=certificate)
    amounts = tuple(LineAmount(p.gross, p.discount + p.share, p.printed, p.core, ZERO) for p in t.lines)
    return Totals(
        lines=amounts,
        labor=t.labor,
        parts=t.parts,
        fees=t.other + t.fees_total,
        sublet=t.sublet,
        cores=t.cores,
        shop_supplies=ZERO,
        discount=t.discount,
        taxable_base=max((x.base for x in t.taxes), default=ZERO),
        tax=t.tax,
        total=t.total,
    )


def estimate_ticket(
    sources: Sequence[SourceLine],
    sheet: PriceSheet,
    *,
    day: date,
    exempt_number: str = "",
    discounts: Sequence[DocumentDiscount] = (),
) -> PricedTicket:
    """An estimate priced by the sheet: its printed tax components and discount lines."""
    certificate = ExemptCertificate(exempt_number) if exempt_number else None
    lines = [ticket_line(s) for s in sources]
    return price_ticket(lines, sheet, day=day, discounts=discounts, certificate=certificate)


def estimate_tax_lines(
    sources: Sequence[SourceLine],
    sheet: PriceSheet,
    *,
    day: date,
    exempt_number: str = "",
    discounts: Sequence[DocumentDiscount] = (),
) -> tuple[tuple[str, Decimal], ...]:
    """Each tax component of an estimate as it prints: (label, amount)."""
    t = estimate_ticket(sources, sheet, day=day, exempt_number=exempt_number, discounts=discounts)
    return tuple((p.label, p.amount) for p in t.printed if p.category == "tax")
