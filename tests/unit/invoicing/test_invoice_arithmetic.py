"""Invoice arithmetic by hand, and the properties every invoice and credit note keeps."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.credit_notes import PostedLine, credit_lines, credit_remaining, sum_lines
from app.domain.errors import ValidationError
from app.domain.invoices import (
    Category,
    DraftTotals,
    SourceLine,
    build_invoice,
    cash_round,
)
from app.domain.totals import FeeRule, LineKind, PricingRules, RoundingMode

D = Decimal
RATE = D("0.0825")


def line(kind: LineKind, qty: str, price: str, taxable: bool, **more: object) -> SourceLine:
    return SourceLine(kind, f"{kind.value} line", D(qty), D(price), taxable, **more)  # type: ignore[arg-type]


def test_mixed_taxable_lines_per_invoice_rounding() -> None:
    lines = [
        line(LineKind.LABOR, "1.3", "97.50", False),  # 126.75
        line(LineKind.PART, "3", "7.33", True),  # 21.99
        line(LineKind.PART, "1", "0.49", True),  # 0.49
        line(LineKind.SUBLET, "1", "45.00", False),
    ]
    draft = build_invoice(lines, PricingRules(RATE))
    t = draft.totals
    # taxable 22.48 x 8.25 % = 1.8546 -> 1.85
    assert (t.labor, t.parts, t.sublet, t.tax, t.total) == (
        D("126.75"),
        D("22.48"),
        D("45.00"),
        D("1.85"),
        D("196.08"),
    )
    assert draft.printed_sum() == t.total


def test_per_line_rounding_can_differ_from_per_invoice_by_a_cent() -> None:
    lines = [line(LineKind.PART, "1", "0.06", True) for _ in range(3)]
    per_line = build_invoice(lines, PricingRules(RATE, RoundingMode.PER_LINE)).totals
    per_invoice = build_invoice(lines, PricingRules(RATE, RoundingMode.PER_INVOICE)).totals
    # each line: 0.06 x 8.25 % = 0.00495 -> 0.00; together 0.18 x 8.25 % = 0.01485 -> 0.01
    assert (per_line.tax, per_invoice.tax) == (D("0.00"), D("0.01"))
    assert (per_line.total, per_invoice.total) == (D("0.18"), D("0.19"))


def test_shop_supplies_are_capped_and_printed_as_a_line() -> None:
    rule = FeeRule(enabled=True, percent_of_labor=D("10"), percent_of_parts=D("5"), cap=D("35"), taxable=True)
    lines = [line(LineKind.LABOR, "3", "150", False), line(LineKind.PART, "1", "200", True)]
    draft = build_invoice(lines, PricingRules(RATE, fee_rule=rule))
    # 10 % of 450 + 5 % of 200 = 55 -> capped at 35; taxable base 200 + 35 = 235 -> 19.39
    assert (draft.totals.shop_supplies, draft.totals.fees, draft.totals.tax) == (
        D("35.00"),
        D("35.00"),
        D("19.39"),
    )
    supplies = draft.lines[-1]
    assert (supplies.category, supplies.amount, supplies.taxable) == (
        Category.SHOP_SUPPLIES,
        D("35.00"),
        True,
    )
    assert draft.totals.total == D("450") + D("200") + D("35") + D("19.39")
    assert draft.printed_sum() == draft.totals.total


def test_discount_and_core_charge() -> None:
    lines = [line(LineKind.PART, "2", "120.00", True, discount_percent=D("15"), core_charge=D("22.50"))]
    draft = build_invoice(lines, PricingRules(RATE))
    part = draft.lines[0]
    # gross 240.00, discount 36.00, net 204.00; cores 45.00 (not taxed: tax_cores off)
    assert (part.amount, part.discount_amount, part.core_amount) == (D("204.00"), D("36.00"), D("45.00"))
    assert (draft.totals.discount, draft.totals.cores, draft.totals.tax) == (
        D("36.00"),
        D("45.00"),
        D("16.83"),
    )
    assert draft.totals.total == D("204.00") + D("45.00") + D("16.83")


def test_tax_exempt_customer_pays_no_tax() -> None:
    draft = build_invoice([line(LineKind.PART, "1", "100", True)], PricingRules(RATE), tax_exempt=True)
    assert draft.totals.tax == 0 and draft.totals.total == D("100.00")
    assert not draft.lines[0].taxable


def test_cash_rounding_is_an_adjustment_line() -> None:
    assert cash_round(D("11.03"), D("0.05")) == D("11.05")
    assert cash_round(D("11.02"), D("0.05")) == D("11.00")
    assert cash_round(D("11.025"), D("0.05")) == D("11.05")
    draft = build_invoice([line(LineKind.PART, "1", "10.00", True)], PricingRules(RATE), cash_step=D("0.05"))
    # 10.00 + 0.83 = 10.83 -> 10.85
    assert (draft.totals.cash_rounding, draft.totals.total) == (D("0.02"), D("10.85"))
    assert draft.lines[-1].category == Category.CASH_ROUNDING
    assert draft.printed_sum() == draft.totals.total


def test_gross_profit_costs_and_billed_hours_are_kept() -> None:
    draft = build_invoice(
        [
            line(LineKind.LABOR, "2.4", "100", False, unit_cost=D("35")),
            line(LineKind.PART, "2", "50", True, unit_cost=D("21.13")),
        ],
        PricingRules(RATE),
    )
    t = draft.totals
    assert (t.labor_cost, t.parts_cost, t.billed_hours) == (D("84.00"), D("42.26"), D("2.4"))


def test_nothing_to_invoice_is_refused() -> None:
    with pytest.raises(ValidationError, match="nothing to invoice"):
        build_invoice([], PricingRules(RATE))


# --- properties ------------------------------------------------------------------------------

money = st.decimals(min_value=D("0"), max_value=D("5000"), places=2)
qty = st.decimals(min_value=D("0.001"), max_value=D("20"), places=3)
lines_strategy = st.lists(
    st.builds(
        SourceLine,
        kind=st.sampled_from(list(LineKind)),
        description=st.just("line"),
        quantity=qty,
        unit_price=money,
        taxable=st.booleans(),
        discount_percent=st.decimals(min_value=D("0"), max_value=D("100"), places=2),
        core_charge=st.sampled_from([D("0"), D("15.00"), D("0.33")]),
    ),
    min_size=1,
    max_size=12,
)
rules_strategy = st.builds(
    PricingRules,
    tax_rate=st.decimals(min_value=D("0"), max_value=D("0.25"), places=4),
    rounding=st.sampled_from(list(RoundingMode)),
    fee_rule=st.builds(
        FeeRule,
        enabled=st.booleans(),
        percent_of_labor=st.decimals(min_value=D("0"), max_value=D("15"), places=2),
        percent_of_parts=st.decimals(min_value=D("0"), max_value=D("15"), places=2),
        flat=st.sampled_from([D("0"), D("2.50")]),
        cap=st.sampled_from([None, D("25.00")]),
        minimum=st.sampled_from([None, D("1.00")]),
        taxable=st.booleans(),
    ),
)
steps = st.sampled_from([D("0"), D("0.05"), D("0.10")])


def _posted(draft_lines: tuple) -> list[PostedLine]:  # type: ignore[type-arg]
    return [PostedLine(uuid.uuid4(), ln) for ln in draft_lines]


@settings(max_examples=300, deadline=None)
@given(lines=lines_strategy, rules=rules_strategy, exempt=st.booleans(), step=steps)
def test_printed_lines_always_sum_to_the_printed_total(
    lines: list[SourceLine], rules: PricingRules, exempt: bool, step: Decimal
) -> None:
    draft = build_invoice(lines, rules, tax_exempt=exempt, cash_step=step)
    t = draft.totals
    assert sum(ln.amount + ln.core_amount for ln in draft.lines) + t.tax == t.total
    assert t.labor + t.parts + t.fees + t.sublet + t.cores + t.tax + t.cash_rounding == t.total
    assert all(ln.amount == ln.amount.quantize(D("0.01")) for ln in draft.lines)
    if step:
        assert t.total % step == 0


@settings(max_examples=200, deadline=None)
@given(lines=lines_strategy, rules=rules_strategy, step=steps)
def test_a_full_credit_note_nets_the_invoice_to_zero(
    lines: list[SourceLine], rules: PricingRules, step: Decimal
) -> None:
    invoice = build_invoice(lines, rules, cash_step=step)
    credit = credit_remaining(_posted(invoice.lines), invoice.totals, DraftTotals())
    assert invoice.totals.plus(credit.totals) == DraftTotals()
    assert sum(ln.printed for ln in credit.lines) + credit.totals.tax == credit.totals.total
    assert sum(ln.printed for ln in invoice.lines + credit.lines) == -(invoice.totals.tax + credit.totals.tax)


@settings(max_examples=200, deadline=None)
@given(lines=lines_strategy, rules=rules_strategy, step=steps, data=st.data())
def test_partial_credits_then_the_rest_net_to_zero(
    lines: list[SourceLine], rules: PricingRules, step: Decimal, data: st.DataObject
) -> None:
    invoice = build_invoice(lines, rules, cash_step=step)
    posted = _posted(invoice.lines)
    creditable = [p for p in posted if p.line.category in ("labor", "part", "fee", "sublet")]
    chosen = data.draw(st.sampled_from(creditable))
    part_qty = (chosen.line.quantity / 2).quantize(D("0.001"))
    if part_qty <= 0 or part_qty >= chosen.line.quantity:
        return
    try:
        first = credit_lines(
            posted,
            {chosen.id: part_qty},
            rules,
            invoice.totals,
            DraftTotals(),
            tax_exempt=False,
            cash_step=step,
        )
    except ValidationError:
        return  # a partial credit whose supplies or rounding would exceed what is left: refused, fine
    assert sum(ln.printed for ln in first.lines) + first.totals.tax == first.totals.total
    assert first.totals.total <= 0
    earlier: dict[uuid.UUID, list] = {}  # type: ignore[type-arg]
    for ln in first.lines:
        if ln.credited_line_id:
            earlier.setdefault(ln.credited_line_id, []).append(ln)
    again = [
        PostedLine(p.id, p.line, -(s.quantity) if (s := sum_lines(earlier.get(p.id, []))) else D("0"), s)
        for p in posted
    ]
    rest = credit_remaining(again, invoice.totals, first.totals)
    assert invoice.totals.plus(first.totals).plus(rest.totals) == DraftTotals()
    assert sum(ln.printed for ln in rest.lines) + rest.totals.tax == rest.totals.total


def test_a_credit_for_more_than_was_invoiced_is_refused() -> None:
    invoice = build_invoice([line(LineKind.PART, "2", "10", True)], PricingRules(RATE))
    posted = _posted(invoice.lines)
    with pytest.raises(ValidationError, match="cannot exceed"):
        credit_lines(
            posted,
            {posted[0].id: D("3")},
            PricingRules(RATE),
            invoice.totals,
            DraftTotals(),
            tax_exempt=False,
        )
    with pytest.raises(ValidationError, match="more than zero"):
        credit_lines(
            posted,
            {posted[0].id: D("-1")},
            PricingRules(RATE),
            invoice.totals,
            DraftTotals(),
            tax_exempt=False,
        )
    full = credit_remaining(posted, invoice.totals, DraftTotals())
    with pytest.raises(ValidationError, match="credited in full"):
        credit_remaining(
            [PostedLine(p.id, p.line, p.line.quantity, full.lines[0]) for p in posted],
            invoice.totals,
            full.totals,
        )
