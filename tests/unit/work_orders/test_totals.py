"""The one totals function: hand-computed estimates and properties that hold for any lines.

Every expected amount below is worked out by hand in the comment next to it,
the way a service writer would check an estimate with a calculator.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.totals import (
    FeeRule,
    LineKind,
    PricedLine,
    PricingRules,
    RoundingMode,
    Totals,
    compute_totals,
)

D = Decimal
CENT = D("0.01")
LABOR, PART, FEE, SUBLET = LineKind.LABOR, LineKind.PART, LineKind.FEE, LineKind.SUBLET


def line(
    kind: LineKind,
    quantity: str,
    price: str,
    taxable: bool,
    discount: str = "0",
    core: str = "0",
) -> PricedLine:
    return PricedLine(kind, D(quantity), D(price), taxable, D(discount), D(core))


def rules(
    rate: str,
    rounding: RoundingMode = RoundingMode.PER_INVOICE,
    fee: FeeRule | None = None,
    tax_cores: bool = False,
) -> PricingRules:
    return PricingRules(D(rate), rounding, fee or FeeRule(), tax_cores=tax_cores)


# --- rounding of tax: per line or once per invoice --------------------------------------------


def test_tax_per_line_and_per_invoice_differ_by_a_cent_on_the_same_lines() -> None:
    lines = [line(PART, "1", "0.33", True) for _ in range(3)]
    per_line = compute_totals(lines, rules("0.0825", RoundingMode.PER_LINE))
    per_invoice = compute_totals(lines, rules("0.0825", RoundingMode.PER_INVOICE))
    # per line: 0.33 x 8.25% = 0.027225 -> 0.03, three times = 0.09; total 0.99 + 0.09 = 1.08
    assert [a.tax for a in per_line.lines] == [D("0.03")] * 3
    assert (per_line.parts, per_line.tax, per_line.total) == (D("0.99"), D("0.09"), D("1.08"))
    # per invoice: 0.99 x 8.25% = 0.081675 -> 0.08; total 0.99 + 0.08 = 1.07
    assert [a.tax for a in per_invoice.lines] == [D("0.00")] * 3
    assert (per_invoice.parts, per_invoice.tax, per_invoice.total) == (D("0.99"), D("0.08"), D("1.07"))


def test_line_amount_rounds_half_up_to_the_cent() -> None:
    totals = compute_totals(
        [line(PART, "1.5", "0.99", False), line(PART, "0.333", "10.00", False)], rules("0")
    )
    # 1.5 x 0.99 = 1.485 -> 1.49 (half up); 0.333 x 10.00 = 3.33; parts 4.82
    assert [a.net for a in totals.lines] == [D("1.49"), D("3.33")]
    assert totals.parts == D("4.82")
    assert totals.total == D("4.82")


def test_non_taxable_labor_with_taxable_parts() -> None:
    totals = compute_totals(
        [line(LABOR, "1.5", "140.00", False), line(PART, "2", "45.99", True)], rules("0.095")
    )
    # labor 1.5 x 140.00 = 210.00 untaxed; parts 2 x 45.99 = 91.98
    # tax 91.98 x 9.5% = 8.7381 -> 8.74; total 210.00 + 91.98 + 8.74 = 310.72
    assert (totals.labor, totals.parts, totals.taxable_base) == (D("210.00"), D("91.98"), D("91.98"))
    assert (totals.tax, totals.total) == (D("8.74"), D("310.72"))


def test_fee_and_sublet_lines_have_their_own_subtotals() -> None:
    lines = [line(FEE, "1", "12.50", True), line(SUBLET, "1", "80.00", False), line(LABOR, "1", "100", False)]
    totals = compute_totals(lines, rules("0.10"))
    # fees 12.50 taxed: 1.25; sublet 80.00 untaxed; labor 100.00; total 12.50 + 80 + 100 + 1.25 = 193.75
    assert (totals.fees, totals.sublet, totals.labor) == (D("12.50"), D("80.00"), D("100.00"))
    assert (totals.tax, totals.total) == (D("1.25"), D("193.75"))


# --- shop supplies -----------------------------------------------------------------------------


def test_shop_supplies_percent_of_labor_stops_at_the_cap() -> None:
    fee = FeeRule(enabled=True, percent_of_labor=D("10"), cap=D("25.00"))
    totals = compute_totals(
        [line(LABOR, "2", "150.00", False), line(PART, "1", "100.00", True)], rules("0.10", fee=fee)
    )
    # labor 2 x 150 = 300.00; 10% = 30.00, capped at 25.00 (not taxable)
    # tax on parts 100.00 x 10% = 10.00; total 300 + 100 + 25 + 10 = 435.00
    assert totals.shop_supplies == D("25.00")
    assert (totals.tax, totals.total) == (D("10.00"), D("435.00"))
    assert totals.subtotal == D("425.00")


def test_shop_supplies_minimum_lifts_a_small_fee() -> None:
    fee = FeeRule(enabled=True, percent_of_labor=D("5"), minimum=D("5.00"), cap=D("40.00"))
    totals = compute_totals([line(LABOR, "0.5", "100.00", False)], rules("0.10", fee=fee))
    # labor 0.5 x 100 = 50.00; 5% = 2.50, raised to the minimum 5.00; no tax; total 55.00
    assert (totals.shop_supplies, totals.tax, totals.total) == (D("5.00"), D("0.00"), D("55.00"))


def test_shop_supplies_minimum_is_not_charged_without_labor_or_parts() -> None:
    fee = FeeRule(enabled=True, percent_of_labor=D("5"), minimum=D("5.00"))
    totals = compute_totals([line(SUBLET, "1", "200.00", False)], rules("0.10", fee=fee))
    # only sublet work: no supplies at all; total 200.00
    assert (totals.shop_supplies, totals.total) == (D("0.00"), D("200.00"))


def test_shop_supplies_percent_of_parts_plus_flat() -> None:
    fee = FeeRule(enabled=True, percent_of_parts=D("5"), flat=D("2.00"))
    totals = compute_totals([line(PART, "4", "50.00", False)], rules("0", fee=fee))
    # parts 4 x 50 = 200.00; 5% = 10.00 + flat 2.00 = 12.00; total 212.00
    assert (totals.shop_supplies, totals.total) == (D("12.00"), D("212.00"))


@pytest.mark.parametrize("rounding", list(RoundingMode))
def test_taxable_shop_supplies_are_taxed(rounding: RoundingMode) -> None:
    fee = FeeRule(enabled=True, percent_of_labor=D("8"), taxable=True)
    totals = compute_totals([line(LABOR, "1", "120.00", False)], rules("0.075", rounding, fee=fee))
    # labor 120.00 untaxed; supplies 8% = 9.60, taxed 9.60 x 7.5% = 0.72; total 120 + 9.60 + 0.72 = 130.32
    assert (totals.shop_supplies, totals.tax, totals.total) == (D("9.60"), D("0.72"), D("130.32"))


def test_disabled_shop_supplies_charge_nothing() -> None:
    fee = FeeRule(enabled=False, percent_of_labor=D("10"), flat=D("5.00"), minimum=D("5.00"))
    totals = compute_totals([line(LABOR, "2", "150.00", False)], rules("0.10", fee=fee))
    # where the law forbids a supplies line: labor 300.00 and nothing else
    assert (totals.shop_supplies, totals.total) == (D("0.00"), D("300.00"))


# --- discounts, cores, exemption ---------------------------------------------------------------


def test_ten_percent_discount_on_a_line() -> None:
    totals = compute_totals([line(PART, "2", "45.99", True, discount="10")], rules("0.10"))
    # gross 2 x 45.99 = 91.98; 10% off = 9.198 -> 9.20; net 82.78
    # tax 82.78 x 10% = 8.278 -> 8.28; total 82.78 + 8.28 = 91.06
    (amount,) = totals.lines
    assert (amount.gross, amount.discount, amount.net) == (D("91.98"), D("9.20"), D("82.78"))
    assert (totals.discount, totals.tax, totals.total) == (D("9.20"), D("8.28"), D("91.06"))


def test_full_discount_leaves_nothing_to_pay() -> None:
    totals = compute_totals([line(LABOR, "1", "150.00", True, discount="100")], rules("0.10"))
    assert (totals.labor, totals.discount, totals.total) == (D("0.00"), D("150.00"), D("0.00"))


def test_core_charge_untaxed_unless_the_shop_taxes_cores() -> None:
    part = line(PART, "2", "120.00", True, core="25.00")
    plain = compute_totals([part], rules("0.10"))
    # parts 2 x 120 = 240.00, cores 2 x 25 = 50.00; tax on parts only 24.00; total 314.00
    assert (plain.parts, plain.cores, plain.tax, plain.total) == (
        D("240.00"),
        D("50.00"),
        D("24.00"),
        D("314.00"),
    )
    taxed = compute_totals([part], rules("0.10", tax_cores=True))
    # tax on 240 + 50 = 290.00 x 10% = 29.00; total 319.00
    assert (taxed.tax, taxed.total) == (D("29.00"), D("319.00"))


def test_core_charge_of_an_untaxed_part_stays_untaxed() -> None:
    totals = compute_totals([line(PART, "1", "120.00", False, core="25.00")], rules("0.10", tax_cores=True))
    # the part is not taxable, so neither is its core: 120 + 25 = 145.00
    assert (totals.tax, totals.total) == (D("0.00"), D("145.00"))


def test_tax_exempt_customer_pays_no_tax() -> None:
    fee = FeeRule(enabled=True, percent_of_labor=D("10"), taxable=True)
    lines = [line(LABOR, "1", "100.00", True), line(PART, "1", "120.00", True, core="25.00")]
    totals = compute_totals(lines, rules("0.10", fee=fee, tax_cores=True), tax_exempt=True)
    # 100 + 120 + 25 + supplies 10.00, no tax: 255.00
    assert (totals.tax, totals.total) == (D("0.00"), D("255.00"))


def test_hundred_hours_is_the_most_one_labor_line_takes() -> None:
    totals = compute_totals([line(LABOR, "100", "1.00", False)], rules("0"))
    assert totals.total == D("100.00")


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        (line(PART, "0", "10.00", True), "quantity", "more than zero"),
        (line(PART, "-1", "10.00", True), "quantity", "more than zero"),
        (line(LABOR, "101", "150.00", False), "quantity", "101 hours"),
        (line(PART, "1", "-5.00", True), "unit_price", "must not be negative"),
        (line(PART, "1", "10.00", True, discount="120"), "discount_percent", "between 0 and 100"),
        (line(PART, "1", "10.00", True, discount="-5"), "discount_percent", "between 0 and 100"),
        (line(PART, "1", "10.00", True, core="-1"), "core_charge", "must not be negative"),
        (PricedLine(PART, D("1"), D("NaN"), True), "unit_price", "finite"),
        (PricedLine(PART, D("1"), D("sNaN"), True), "unit_price", "finite"),
        (PricedLine(PART, D("1"), D("Infinity"), True), "unit_price", "finite"),
        (PricedLine(PART, D("-Infinity"), D("1"), True), "quantity", "finite"),
        (PricedLine(PART, D("1"), D("1"), True, D("NaN")), "discount_percent", "finite"),
        (line(PART, "1", "10000000", True), "unit_price", "at most"),
        (line(PART, "1e20", "1.00", True), "quantity", "at most"),
    ],
)
def test_lines_no_shop_means_are_refused(bad: PricedLine, field: str, words: str) -> None:
    good = line(PART, "1", "10.00", True)
    with pytest.raises(ValidationError) as caught:
        compute_totals([good, bad], rules("0.10"))
    assert words in caught.value.errors[field]
    assert words in caught.value.message


# --- properties --------------------------------------------------------------------------------


def _cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: D(n).scaleb(-2))


quantities = st.integers(1, 100_000).map(lambda n: D(n).scaleb(-3))  # 0.001 .. 100.000
priced_lines = st.builds(
    PricedLine,
    kind=st.sampled_from(list(LineKind)),
    quantity=quantities,
    unit_price=_cents(0, 500_000),  # up to 5,000.00
    taxable=st.booleans(),
    discount_percent=st.integers(0, 10_000).map(lambda n: D(n).scaleb(-2)),  # 0.00 .. 100.00 %
    core_charge=st.one_of(st.just(D("0")), _cents(0, 50_000)),
)
fee_rules = st.builds(
    FeeRule,
    enabled=st.booleans(),
    percent_of_labor=st.integers(0, 2000).map(lambda n: D(n).scaleb(-2)),
    percent_of_parts=st.integers(0, 2000).map(lambda n: D(n).scaleb(-2)),
    flat=_cents(0, 1000),
    cap=st.one_of(st.none(), _cents(5000, 10_000)),
    minimum=st.one_of(st.none(), _cents(0, 5000)),
    taxable=st.booleans(),
)
pricing_rules = st.builds(
    PricingRules,
    tax_rate=st.integers(0, 150_000).map(lambda n: D(n).scaleb(-6)),  # 0 .. 15 %, in millionths
    rounding=st.sampled_from(list(RoundingMode)),
    fee_rule=fee_rules,
    tax_cores=st.booleans(),
)
line_lists = st.lists(priced_lines, max_size=12)


def _whole_cents(value: Decimal) -> bool:
    return value == value.quantize(CENT) and value.as_tuple().exponent == -2


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _supplies_tax(totals: Totals, rule: PricingRules, exempt: bool) -> Decimal:
    return _round(totals.shop_supplies * rule.tax_rate) if rule.fee_rule.taxable and not exempt else D("0")


@settings(max_examples=150, deadline=None)
@given(lines=line_lists, rule=pricing_rules, exempt=st.booleans())
def test_total_is_the_sum_of_the_printed_subtotals(
    lines: list[PricedLine], rule: PricingRules, exempt: bool
) -> None:
    t = compute_totals(lines, rule, tax_exempt=exempt)
    assert t.total == t.labor + t.parts + t.fees + t.sublet + t.cores + t.shop_supplies + t.tax
    assert t.total == t.subtotal + t.tax
    printed = [t.labor, t.parts, t.fees, t.sublet, t.cores, t.shop_supplies, t.discount, t.tax, t.total]
    assert all(_whole_cents(amount) for amount in printed)


@settings(max_examples=150, deadline=None)
@given(lines=line_lists, rule=pricing_rules, exempt=st.booleans())
def test_every_line_amount_is_whole_cents_and_adds_up(
    lines: list[PricedLine], rule: PricingRules, exempt: bool
) -> None:
    t = compute_totals(lines, rule, tax_exempt=exempt)
    assert len(t.lines) == len(lines)
    for source, amount in zip(lines, t.lines, strict=True):
        assert all(
            _whole_cents(v) for v in (amount.gross, amount.discount, amount.net, amount.core, amount.tax)
        )
        assert amount.gross - amount.discount == amount.net
        # the line amount is the typed quantity x price, within half a cent
        assert abs(amount.gross - source.quantity * source.unit_price) <= D("0.005")
        assert D("0") <= amount.net <= amount.gross
    for kind, subtotal in ((LABOR, t.labor), (PART, t.parts), (FEE, t.fees), (SUBLET, t.sublet)):
        assert subtotal == sum(
            (a.net for s, a in zip(lines, t.lines, strict=True) if s.kind == kind), D("0.00")
        )
    assert t.cores == sum((a.core for a in t.lines), D("0.00"))
    assert t.discount == sum((a.discount for a in t.lines), D("0.00"))


@settings(max_examples=150, deadline=None)
@given(lines=line_lists, rule=pricing_rules, exempt=st.booleans())
def test_tax_is_what_the_rounding_mode_says(
    lines: list[PricedLine], rule: PricingRules, exempt: bool
) -> None:
    t = compute_totals(lines, rule, tax_exempt=exempt)
    rate = D("0") if exempt else rule.tax_rate
    bases = [
        (a.net if s.taxable else D("0")) + (a.core if s.taxable and rule.tax_cores else D("0"))
        for s, a in zip(lines, t.lines, strict=True)
    ]
    supplies_base = t.shop_supplies if rule.fee_rule.taxable else D("0")
    if rule.rounding == RoundingMode.PER_LINE:
        assert [a.tax for a in t.lines] == [_round(b * rate) for b in bases]
        assert t.tax == sum((a.tax for a in t.lines), D("0.00")) + _supplies_tax(t, rule, exempt)
    else:
        assert all(a.tax == 0 for a in t.lines)
        assert t.tax == _round((sum(bases, D("0")) + supplies_base) * rate)
    if exempt:
        assert t.tax == 0


@settings(max_examples=100, deadline=None)
@given(lines=line_lists, rule=pricing_rules)
def test_the_two_rounding_modes_differ_by_at_most_half_a_cent_per_rounding(
    lines: list[PricedLine], rule: PricingRules
) -> None:
    per_line = compute_totals(
        lines, PricingRules(rule.tax_rate, RoundingMode.PER_LINE, rule.fee_rule, 2, rule.tax_cores)
    )
    per_invoice = compute_totals(
        lines, PricingRules(rule.tax_rate, RoundingMode.PER_INVOICE, rule.fee_rule, 2, rule.tax_cores)
    )
    assert per_line.subtotal == per_invoice.subtotal
    roundings = len(lines) + 2  # each line, the supplies and the invoice itself
    assert abs(per_line.tax - per_invoice.tax) <= D("0.005") * roundings


@settings(max_examples=100, deadline=None)
@given(lines=line_lists, rule=pricing_rules)
def test_shop_supplies_respect_cap_and_minimum(lines: list[PricedLine], rule: PricingRules) -> None:
    t = compute_totals(lines, rule)
    fee = rule.fee_rule
    if not fee.enabled or (t.labor <= 0 and t.parts <= 0):
        assert t.shop_supplies == 0
        return
    if fee.cap is not None and (fee.minimum is None or fee.minimum <= fee.cap):
        assert t.shop_supplies <= fee.cap
    if fee.minimum is not None:
        assert t.shop_supplies >= fee.minimum
