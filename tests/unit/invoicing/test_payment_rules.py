"""Tender rules: change, overpayment, refunds, allocation across invoices, aging."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.errors import ValidationError
from app.domain.payments import (
    Method,
    Tender,
    aging,
    allocate_oldest_first,
    apply_tenders,
    check_refund,
    refuse_card_data,
)

D = Decimal


def test_cash_pays_what_is_due_and_gives_change() -> None:
    [applied] = apply_tenders([Tender(Method.CASH, D("50.00"), D("60.00"))], D("42.10"))
    assert (applied.applied, applied.change) == (D("42.10"), D("17.90"))


def test_split_card_then_cash() -> None:
    card = Tender(Method.CARD, D("30.00"), card_brand="Visa", card_last4="1111", processor_reference="A1")
    out = apply_tenders([card, Tender(Method.CASH, D("20.00"))], D("42.10"))
    assert [(a.applied, a.change) for a in out] == [(D("30.00"), None), (D("12.10"), D("7.90"))]


def test_card_or_check_beyond_the_balance_is_refused() -> None:
    check = Tender(Method.CHECK, D("42.11"), check_number="1001")
    with pytest.raises(ValidationError, match="only cash gives change"):
        apply_tenders([check], D("42.10"))


def test_a_tender_after_the_balance_is_covered_is_refused() -> None:
    with pytest.raises(ValidationError, match="already covered"):
        apply_tenders([Tender(Method.CASH, D("50")), Tender(Method.CASH, D("1"))], D("42.10"))


def test_refund_at_most_what_is_owed() -> None:
    assert check_refund(Tender(Method.CASH, D("10.00")), D("10.00")).amount == D("10.00")
    with pytest.raises(ValidationError, match=r"at most 9\.99"):
        check_refund(Tender(Method.CASH, D("10.00")), D("9.99"))
    with pytest.raises(ValidationError, match="nothing is owed"):
        check_refund(Tender(Method.CASH, D("10.00")), D("0"))


@pytest.mark.parametrize(
    "text",
    [
        "4111111111111111",
        "4111 1111 1111 1111",
        "pan 5500-0000-0000-0004",
        "%B4111111111111111^DOE/JOHN^2912101",
        ";4111111111111111=29121010000",
    ],
)
def test_card_numbers_and_track_data_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="card number"):
        refuse_card_data({"note": text})


def test_ordinary_text_is_accepted() -> None:
    refuse_card_data({"note": "Check 1045, call (510) 555-0142, ref 12345678"})


def test_one_payment_across_invoices_oldest_first() -> None:
    items = [("a", D("100.00")), ("b", D("50.00")), ("c", D("25.00"))]
    assert allocate_oldest_first(D("120.00"), items) == [("a", D("100.00")), ("b", D("20.00"))]
    with pytest.raises(ValidationError, match="more than"):
        allocate_oldest_first(D("175.01"), items)


def test_aging_buckets() -> None:
    today = date(2026, 6, 30)
    items = [
        (date(2026, 6, 30), D("1")),
        (date(2026, 5, 31), D("2")),  # 30 days
        (date(2026, 5, 30), D("4")),  # 31 days
        (date(2026, 4, 1), D("8")),  # 90 days
        (date(2026, 3, 31), D("16")),  # 91 days
    ]
    assert aging(items, today) == {"0-30": D("3"), "31-60": D("4"), "61-90": D("8"), "90+": D("16")}
