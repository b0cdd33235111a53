"""Properties of pricing by the price sheet, for any ticket and any sheet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.price_sheet import (
    TAX_CATEGORIES,
    CapScope,
    ExemptCertificate,
    FeeBase,
    FeeMethod,
    FeeRule,
    PriceSheet,
    TaxComponent,
)
from app.domain.ticket_pricing import (
    Discount,
    DiscountKind,
    DocumentDiscount,
    TicketLine,
    negated,
    price_ticket,
    read_snapshot,
    snapshot,
)
from app.domain.totals import LineKind

DAY = date(2026, 12, 3)
money = st.integers(min_value=0, max_value=500_000).map(lambda c: D(c) / 100)
percent = st.integers(min_value=0, max_value=10_000).map(lambda c: D(c) / 100)
quantity = st.integers(min_value=1, max_value=20_000).map(lambda t: D(t) / 1000)


@st.composite
def discounts(draw: st.DrawFn) -> Discount | None:
    if not draw(st.booleans()):
        return None
    return Discount(DiscountKind.PERCENT, draw(percent), "reason")


@st.composite
def lines(draw: st.DrawFn) -> TicketLine:
    kind = draw(st.sampled_from(list(LineKind)))
    category = draw(st.sampled_from(["", "tire", "battery"]))
    return TicketLine(
        kind,
        "line",
        draw(quantity),
        draw(money),
        taxable=draw(st.booleans()),
        unit_cost=draw(money),
        discount=draw(discounts()),
        core_charge=draw(st.sampled_from([D("0"), D("12.50")])),
        category=category,
        rim_diameter=draw(st.sampled_from([None, D("15"), D("18"), D("22")])),
        job=draw(st.sampled_from([None, 0, 1])),
    )


@st.composite
def taxes(draw: st.DrawFn) -> tuple[TaxComponent, ...]:
    out = []
    for i in range(draw(st.integers(0, 3))):
        scope = draw(st.sampled_from(list(CapScope)))
        out.append(
            TaxComponent(
                f"t{i}",
                f"Tax {i}",
                draw(st.integers(0, 2500).map(lambda c: D(c) / 100)),
                tuple(draw(st.sets(st.sampled_from(TAX_CATEGORIES), min_size=1))),
                scope,
                None if scope == CapScope.NONE else draw(money),
                draw(st.sampled_from([None, D("500"), D("1600")])),
            )
        )
    return tuple(out)


@st.composite
def fees(draw: st.DrawFn) -> tuple[FeeRule, ...]:
    out = []
    for i in range(draw(st.integers(0, 4))):
        base = draw(st.sampled_from(list(FeeBase)))
        per = base in (FeeBase.PER_TIRE, FeeBase.PER_UNIT)
        method = FeeMethod.FLAT if per else draw(st.sampled_from(list(FeeMethod)))
        out.append(
            FeeRule(
                f"f{i}",
                f"Fee {i}",
                method,
                base,
                draw(percent) if method == FeeMethod.PERCENT else draw(money),
                minimum=draw(st.sampled_from([None, D("2.00")])),
                maximum=draw(st.sampled_from([None, D("35.00")])),
                taxable=draw(st.booleans()),
                itemise=draw(st.booleans()),
                unit_category="battery",
                rim_brackets=draw(st.sampled_from([(), ((D("16"), D("1.50")), (D("99"), D("3.00")))])),
            )
        )
    return tuple(out)


@st.composite
def sheets(draw: st.DrawFn) -> PriceSheet:
    return PriceSheet(taxes=draw(taxes()), fees=draw(fees()), per_line_rounding=draw(st.booleans()))


@st.composite
def tickets(
    draw: st.DrawFn,
) -> tuple[list[TicketLine], PriceSheet, list[DocumentDiscount], ExemptCertificate | None]:
    ticket_lines = draw(st.lists(lines(), min_size=1, max_size=8))
    jobs = {ln.job for ln in ticket_lines if ln.job is not None}
    docs = [
        DocumentDiscount(Discount(DiscountKind.PERCENT, draw(percent), "why"), job)
        for job in jobs
        if draw(st.booleans())
    ]
    if draw(st.booleans()):
        docs.append(DocumentDiscount(Discount(DiscountKind.PERCENT, draw(percent), "why")))
    cert = draw(
        st.sampled_from(
            [None, ExemptCertificate("E-1", date(2027, 1, 1)), ExemptCertificate("E-2", date(2026, 1, 1))]
        )
    )
    return ticket_lines, draw(sheets()), docs, cert


@settings(max_examples=150, deadline=None)
@given(tickets())
def test_printed_lines_sum_to_the_total(case: tuple) -> None:  # type: ignore[type-arg]
    ticket_lines, sheet, docs, cert = case
    ticket = price_ticket(ticket_lines, sheet, day=DAY, discounts=docs, certificate=cert)
    assert ticket.printed_sum() == ticket.total
    assert all(p.amount == p.amount.quantize(D("0.01")) for p in ticket.printed)
    assert ticket.tax == sum((p.amount for p in ticket.printed if p.category == "tax"), D("0"))
    assert ticket.tax >= 0 and ticket.total >= 0


@settings(max_examples=100, deadline=None)
@given(tickets())
def test_a_credit_note_nets_the_invoice_to_zero(case: tuple) -> None:  # type: ignore[type-arg]
    ticket_lines, sheet, docs, cert = case
    ticket = price_ticket(ticket_lines, sheet, day=DAY, discounts=docs, certificate=cert)
    credit = negated(ticket)
    assert credit.printed_sum() == credit.total
    assert ticket.total + credit.total == 0
    assert ticket.tax + credit.tax == 0
    for a, b in zip(ticket.taxes, credit.taxes, strict=True):
        assert a.amount + b.amount == 0


@settings(max_examples=100, deadline=None)
@given(tickets(), sheets(), st.integers(0, 2500).map(lambda c: D(c) / 100))
def test_changing_a_setting_never_changes_a_posted_document(case: tuple, other: PriceSheet, rate: D) -> None:  # type: ignore[type-arg]
    ticket_lines, sheet, docs, cert = case
    ticket = price_ticket(ticket_lines, sheet, day=DAY, discounts=docs, certificate=cert)
    stored = snapshot(ticket, sheet)
    # the owner changes every rate and fee afterwards: the posted document reads back the same
    changed = replace(other, taxes=tuple(replace(t, rate=rate) for t in other.taxes))
    assert changed is not sheet
    read = read_snapshot(stored)
    assert read.printed == ticket.printed
    assert read.total == ticket.total
    assert read.sheet == sheet
    again = price_ticket(ticket_lines, read.sheet, day=DAY, discounts=docs, certificate=cert)
    assert again.printed == ticket.printed
