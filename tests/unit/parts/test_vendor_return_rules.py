"""Return arithmetic and the special-order balance, on paper: no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.domain.vendor_returns import SpecialOrderBalance, line_credit, return_credit, unreturned_message

D = Decimal


@pytest.mark.parametrize(
    ("quantity", "unit_cost", "credit"),
    [
        (1000, D("30.00"), D("30.00")),  # 1 x 30.00
        (2000, D("30.35"), D("60.70")),  # 2 x 30.35
        (1500, D("6.33"), D("9.50")),  # 1.5 x 6.33 = 9.495, half up to 9.50
        (250, D("0.01"), D("0.00")),  # 0.25 x 0.01 = 0.0025, to 0.00
        (3000, D("0"), D("0.00")),  # a free part credits nothing
    ],
)
def test_a_line_credits_quantity_times_cost_to_the_cent(
    quantity: int, unit_cost: Decimal, credit: Decimal
) -> None:
    assert line_credit(quantity, unit_cost) == credit


def test_the_credit_is_the_sum_of_the_rounded_lines_as_printed() -> None:
    # each 1.5 x 6.33 = 9.495 rounds to 9.50 on its printed line: 9.50 + 9.50 = 19.00 (not 18.99)
    assert return_credit([(1500, D("6.33")), (1500, D("6.33"))]) == D("19.00")
    assert return_credit([]) == D("0.00")


def test_what_is_still_open_on_a_special_order() -> None:
    assert SpecialOrderBalance("BRK-4471", 2000, 1000, 0, 0).open == 1000  # one used
    assert SpecialOrderBalance("BRK-4471", 2000, 1000, 1000, 0).open == 0  # the other returned
    assert SpecialOrderBalance("BRK-4471", 2000, 0, 1000, 1000).open == 0  # one back, one kept
    assert SpecialOrderBalance("BRK-4471", 1000, 2000, 0, 0).open == 0  # more used than ordered: nothing


def test_the_closing_refusal_names_every_part_and_what_to_do() -> None:
    text = unreturned_message(1042, [("BRK-4471", "1"), ("ALT-9", "2")])
    assert "Work order 1042" in text
    assert "BRK-4471 (1 unused), ALT-9 (2 unused)" in text
    assert "Return them to the vendor" in text and "keep them in stock" in text
