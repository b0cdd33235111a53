"""The journal's arithmetic and its two file formats, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.books import (
    AccountMap,
    BooksDocument,
    BooksPayment,
    JournalEntry,
    JournalLine,
    journal,
    to_iif,
    to_journal_csv,
)
from app.domain.errors import ValidationError

D = Decimal
DAY = date(2026, 11, 30)


def doc(**changes: object) -> BooksDocument:
    values: dict[str, object] = dict(
        kind="invoice", number=20417, business_date=DAY, customer_name="Maria\tLopez",
        labor=D("120.00"), parts=D("89.95"), fees=D("12.00"), shop_supplies=D("8.00"), sublet=D("0.00"),
        cores=D("15.00"), tax=D("9.22"), cash_rounding=D("-0.02"), total=D("246.15"),
    )  # fmt: skip
    values.update(changes)
    return BooksDocument(**values)  # type: ignore[arg-type]


def test_an_invoice_debits_receivable_with_its_total_and_credits_each_category() -> None:
    [entry] = journal([doc()], [], DAY, DAY)
    amounts = {line.account: line.amount for line in entry.lines}
    assert amounts == {
        "receivable": D("246.15"), "labor": D("-120.00"), "parts": D("-89.95"), "fees": D("-4.00"),
        "shop_supplies": D("-8.00"), "cores": D("-15.00"), "tax": D("-9.22"), "cash_rounding": D("0.02"),
    }  # fmt: skip
    assert entry.debits == entry.credits == D("246.17")  # the total, and the 0.02 rounded off


def test_a_void_in_the_period_reverses_the_invoice_and_a_deposit_leaves_the_liability() -> None:
    voided = doc(voided_on=date(2026, 12, 1), deposits_applied=D("100.00"))
    posted, void = journal([voided], [], DAY, date(2026, 12, 1))
    assert [line.amount for line in void.lines] == [-line.amount for line in posted.lines]
    assert {line.account: line.amount for line in posted.lines}["deposits"] == D("100.00")
    assert journal([voided], [], date(2026, 12, 1), date(2026, 12, 1))[0].number == "VOID INV 20417"


def test_money_taken_makes_entries_and_charges_to_account_do_not() -> None:
    def pay(method: str, amount: str, deposit: bool = False) -> BooksPayment:
        return BooksPayment("ab12", DAY, method, D(amount), "Maria Lopez", "", deposit)

    entries = journal([], [pay("cash", "50.00"), pay("account", "80.00"), pay("card", "-20.00"), pay("check", "30.00", True)], DAY, DAY)  # fmt: skip
    assert [[(line.account, line.amount) for line in e.lines] for e in entries] == [
        [("cash", D("50.00")), ("receivable", D("-50.00"))],
        [("card", D("-20.00")), ("receivable", D("20.00"))],
        [("check", D("30.00")), ("deposits", D("-30.00"))],
    ]


def test_iif_and_csv_are_written_the_way_the_imports_read_them() -> None:
    entries = journal([doc()], [], DAY, DAY)
    iif = to_iif(entries, AccountMap())
    assert iif.startswith("!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\r\n")
    assert "TRNS\t\tGENERAL JOURNAL\t11/30/2026\tAccounts Receivable\tMaria Lopez\t246.15\tINV 20417\t" in iif
    assert iif.endswith("ENDTRNS\r\n")
    csv_text = to_journal_csv(entries, AccountMap(), "USD")
    assert "INV 20417,2026-11-30,USD,Invoice 20417 Maria Lopez,Labor Income,,120.00,-120.00,\r\n" in csv_text


def test_an_entry_that_does_not_balance_is_never_written() -> None:
    lopsided = JournalEntry(
        "INV 1", DAY, "", (JournalLine("receivable", D("10.00")), JournalLine("labor", D("-9.99")))
    )
    with pytest.raises(ValidationError, match="does not balance"):
        to_iif([lopsided], AccountMap())


def test_a_closed_drawer_moves_its_cash_to_the_bank_and_names_the_short() -> None:
    from app.domain.books import BooksDrawer, drawer_entry

    drawer = BooksDrawer("9f", DAY, "Front desk", D("0.00"), D("12.50"), D("-0.50"), D("80.00"))
    entry = drawer_entry(drawer)
    assert entry is not None and entry.number == "DRW 9f"
    assert {line.account: line.amount for line in entry.lines} == {
        "cash": D("-93.00"), "paid_out": D("12.50"), "over_short": D("0.50"), "bank": D("80.00"),
    }  # fmt: skip
    still = BooksDrawer("9f", DAY, "Front desk", D("0"), D("0"), D("0"), D("0"))
    assert drawer_entry(still) is None  # a drawer that moved nothing makes no entry
