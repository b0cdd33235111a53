"""End-of-day arithmetic by hand: KPIs, the drawer's over/short, the figures' JSON, safe CSV cells."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.end_of_day import (
    DayFigures,
    DrawerSummary,
    HourTotal,
    MethodTotal,
    Sales,
    TechnicianHours,
    average_repair_order,
    csv_cell,
    effective_labor_rate,
    expected_cash,
    figures_from_json,
    figures_to_json,
    gross_profit,
    kpis,
    over_short,
    over_short_words,
)

D = Decimal


def sales(**amounts: str) -> Sales:
    count = int(amounts.pop("count", "1"))
    hours = D(amounts.pop("billed_hours", "0"))
    return Sales(count=count, billed_hours=hours, **{k: D(v) for k, v in amounts.items()})


def figures(**more: object) -> DayFigures:
    base: dict[str, object] = dict(
        business_date=date(2026, 3, 5),
        invoices=sales(count="3", labor="900.00", parts="600.00", fees="30.00", tax="61.50", total="1591.50",
                       parts_cost="380.00", labor_cost="270.00", billed_hours="6.5"),
        credit_notes=sales(count="1", parts="-100.00", tax="-10.25", total="-110.25", parts_cost="-60.00"),
        voids=sales(count="1", labor="150.00", total="150.00", labor_cost="45.00", billed_hours="1"),
        car_count=2,
        ro_subtotal=D("1230.00"),
        ro_total=D("1280.25"),
    )  # fmt: skip
    base.update(more)
    return DayFigures(**base)  # type: ignore[arg-type]


def test_net_sales_are_invoices_plus_credit_notes_less_voids() -> None:
    net = figures().net
    assert (net.count, net.labor, net.parts, net.fees) == (3, D("750.00"), D("500.00"), D("30.00"))
    assert (net.tax, net.total, net.subtotal) == (D("51.25"), D("1331.25"), D("1280.00"))
    assert net.billed_hours == D("5.5")


def test_kpis_by_hand() -> None:
    k = kpis(figures())
    assert k.car_count == 2
    assert k.aro == D("615.00")  # 1230.00 / 2
    assert k.aro_with_tax == D("640.13")  # 1280.25 / 2, half up
    assert k.labor_gross_profit == D("525.00")  # 750 - (270 - 45)
    assert k.parts_gross_profit == D("180.00")  # 500 - (380 - 60)
    assert k.gross_profit == D("735.00")  # 1280 - (320 + 225 + 0)
    assert k.gross_margin == D("57.4")
    assert k.effective_labor_rate == D("136.36")  # 750 / 5.5


def test_kpis_of_an_empty_day_are_not_divided_by_zero() -> None:
    k = kpis(DayFigures(date(2026, 3, 5), Sales(), Sales(), Sales(), 0, D("0"), D("0")))
    assert (k.aro, k.aro_with_tax, k.effective_labor_rate, k.gross_margin) == (None, None, None, None)
    assert k.gross_profit == 0


def test_the_small_formulas() -> None:
    assert average_repair_order(D("1000.00"), 3) == D("333.33")
    assert average_repair_order(D("1000.00"), 0) is None
    assert effective_labor_rate(D("450.00"), D("3.6")) == D("125.00")
    assert gross_profit(D("1000.00"), D("300.00"), D("200.00"), D("50.00")) == D("450.00")


def test_the_drawer_expects_float_plus_cash_plus_paid_in_less_paid_out() -> None:
    expected = expected_cash(D("150.00"), D("412.60"), D("50.00"), D("12.35"))
    assert expected == D("600.25")
    assert over_short(D("600.00"), expected) == D("-0.25")
    assert over_short_words(D("-0.25")) == "short 0.25"
    assert over_short_words(D("3.00")) == "over 3.00"
    assert over_short_words(D("0.00")) == "balanced"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Maria Lopez", "Maria Lopez"),
        ("", ""),
        (D("-12.50"), "-12.50"),  # an amount stays a number
        (42, "42"),
        (None, ""),
        (True, "yes"),
    ],
)
def test_csv_cells_that_would_be_formulas_are_made_inert(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


@given(st.text())
def test_no_text_cell_starts_like_a_formula(text: str) -> None:
    assert not csv_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_figures_survive_their_json() -> None:
    day = figures(
        payments=(MethodTotal("cash", 2, D("300.00")), MethodTotal("card", 1, D("-20.00"))),
        hourly=(HourTotal(9, 2, D("775.50")),),
        technicians=(TechnicianHours("Terry Tech", D("3.000"), D("3.500")),),
        drawers=(
            DrawerSummary(
                "Front desk", "closed", "Sam", D("150.00"), D("67.40"), D("50.00"), D("12.35"),
                D("255.05"), D("250.05"), D("-5.00"), "wrong change", D("100.05"),
            ),
            DrawerSummary(
                "Counter", "open", "Pat", D("100.00"), D("0.00"), D("0.00"), D("0.00"),
                D("100.00"), None, None, "", None,
            ),
        ),
        first_number=101,
        last_number=103,
    )  # fmt: skip
    assert figures_from_json(figures_to_json(day)) == day
    assert day.payments_total == D("280.00") and day.cash_over_short == D("-5.00")
