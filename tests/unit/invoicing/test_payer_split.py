"""The split of an invoice between the customer and a second payer, to the cent."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.domain.payer_split import Coverage, SplitLine, credit_split, split_invoice

D = Decimal


def _lines() -> list[SplitLine]:
    # a covered labor line (taxed), a covered part (taxed), an uncovered oil change (taxed), a fee
    return [
        SplitLine(D("300.00"), D("300.00"), True),
        SplitLine(D("200.00"), D("200.00"), True),
        SplitLine(D("80.00"), D("80.00"), False),
        SplitLine(D("20.00"), D("0.00"), False),
    ]


def test_deductible_is_the_customers_and_tax_follows_the_covered_lines() -> None:
    # tax 8.25 % of 580 = 47.85; covered share 500/580 of it = 41.25
    split = split_invoice(_lines(), D("47.85"), D("647.85"), Coverage(D("100.00")))
    assert split.covered_tax == D("41.25")
    assert split.covered == D("541.25")
    assert split.payer == D("441.25")
    assert split.customer == D("206.60")
    assert split.payer + split.customer == D("647.85")


def test_a_deductible_larger_than_the_covered_amount_leaves_the_payer_nothing() -> None:
    lines = [SplitLine(D("50.00"), D("0"), True), SplitLine(D("400.00"), D("0"), False)]
    split = split_invoice(lines, D("0"), D("450.00"), Coverage(D("500.00")))
    assert split.payer == D("0.00")
    assert split.deductible == D("50.00")
    assert split.customer == D("450.00")


def test_above_the_approval_the_excess_moves_to_the_customer() -> None:
    split = split_invoice(_lines(), D("47.85"), D("647.85"), Coverage(D("100.00"), D("400.00")))
    assert split.payer == D("400.00")
    assert split.over_approval == D("41.25")
    assert split.customer == D("247.85")


def test_partial_line_coverage_with_odd_cents() -> None:
    lines = [SplitLine(D("33.33"), D("33.33"), True), SplitLine(D("66.67"), D("66.67"), False)]
    split = split_invoice(lines, D("7.25"), D("107.25"), Coverage())
    # 7.25 x 33.33 / 100 = 2.4164... -> 2.42
    assert split.payer == D("35.75")
    assert split.customer == D("71.50")


def test_a_credit_note_credits_the_payer_what_its_part_went_down_by() -> None:
    assert credit_split(D("441.25"), D("141.25"), D("-324.75")) == (D("-300.00"), D("-24.75"))
    # the deductible stays the customer's: crediting everything covered credits the payer its part only
    assert credit_split(D("441.25"), D("0.00"), D("-541.25")) == (D("-441.25"), D("-100.00"))
    assert credit_split(D("0.00"), D("0.00"), D("-80.00")) == (D("0.00"), D("-80.00"))


money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@given(
    st.lists(st.tuples(money, st.booleans(), st.booleans()), min_size=1, max_size=12),
    st.decimals(min_value=0, max_value=Decimal("0.15"), places=4),
    money,
    st.one_of(st.none(), money),
)
def test_the_parts_always_sum_to_the_total_and_respect_the_terms(
    raw: list[tuple[Decimal, bool, bool]], rate: Decimal, deductible: Decimal, approval: Decimal | None
) -> None:
    lines = [SplitLine(amount, amount if taxed else D("0"), covered) for amount, taxed, covered in raw]
    base = sum((ln.taxable for ln in lines), D("0"))
    tax = (base * rate).quantize(D("0.01"))
    total = sum((ln.printed for ln in lines), D("0")) + tax
    split = split_invoice(lines, tax, total, Coverage(deductible, approval))
    assert split.customer + split.payer == total
    assert split.payer >= 0 and split.customer >= 0
    assert split.payer <= split.covered
    if approval is not None:
        assert split.payer <= approval
    assert split.covered_tax <= tax
    # the customer pays at least the deductible as it applied, plus whatever is not covered
    assert split.customer >= split.deductible + split.over_approval
    assert split.payer.as_tuple().exponent >= -2 and split.customer.as_tuple().exponent >= -2
