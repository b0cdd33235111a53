"""The accounting export read back as QuickBooks and Xero would: every entry balances, on both databases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.db.engine import Database
from app.domain.books import AccountMap
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.work_orders.estimates import JobInput
from tests.conftest import OWNER_PASSWORD
from tests.integration.day.books_support import (
    by_account_iif,
    iif_balance,
    iif_transactions,
    journal_rows,
    money,
)
from tests.integration.day_support import add_document, add_payment
from tests.integration.invoicing_helpers import account, card, cash, check, completed_order
from tests.integration.work_order_helpers import add_car, add_job, authorize, labor, part

D = Decimal


@pytest.fixture
def busy_day(services: Services, owner: Actor, desk: Actor) -> date:
    """A day through the real services: cash and card, a deposit, an account, a credit note and refund, a void."""
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0.1025")))
    services.drawers.open(desk, "100.00")
    services.drawers.open(owner, "1000.00")
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    car = add_car(services, desk)
    first = services.invoicing.post_from_work_order(
        desk, completed_order(services, desk, car.vehicle_id, tech.user_id).id
    )
    services.payments.take(desk, first.id, [cash("100.00", tendered="100.00"), card("119.17")])
    # a deposit taken before the work, the rest by check
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(
        services, desk, view, "Engine", labor("Replace engine", "10", "150"), part("Engine", "1", "3000")
    )
    view = authorize(services, desk, view, {"Engine": "approve"})
    services.payments.deposit(desk, view.id, cash("1000.00", tendered="1000.00"))
    view = services.work_orders.get(desk, view.id)
    view = services.estimates.update_job(
        desk, view.id, view.jobs[0].id, JobInput("Engine", technician_id=tech.user_id), view.version
    )
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    engine = services.invoicing.post_from_work_order(desk, view.id)
    services.payments.take(desk, engine.id, [check(str(engine.balance_due), number="2231")])
    # a fleet account charged, and a credit note of the first invoice paid back in cash
    services.accounts.save(desk, car.customer_id, terms_days=30)
    third = services.invoicing.post_from_work_order(
        desk, completed_order(services, desk, car.vehicle_id, tech.user_id).id
    )
    services.payments.take(desk, third.id, [account(str(third.totals.total))])
    credit = services.invoicing.credit_note(owner, first.id, "Comeback: redone free")
    services.payments.refund(owner, credit.id, cash(str(-credit.totals.total)))
    fourth = services.invoicing.post_from_work_order(
        desk, completed_order(services, desk, car.vehicle_id, tech.user_id).id
    )
    services.invoicing.void(owner, fourth.id, "Posted twice")
    return first.business_date


def test_every_iif_transaction_balances_and_the_accounts_add_up(
    services: Services, owner: Actor, busy_day: date
) -> None:
    result = services.books.export(owner, busy_day, busy_day, "iif")
    blocks = iif_transactions(result.content.decode("utf-8"))
    assert len(blocks) == result.entries
    assert all(iif_balance(block) == 0 for block in blocks)
    numbers = [block[0]["DOCNUM"] for block in blocks]
    assert [n for n in numbers if not n.startswith("PMT")] == [
        "INV 1",
        "INV 2",
        "INV 3",
        "INV 4",
        "CN 1",
        "VOID INV 4",
    ]
    totals = by_account_iif(blocks)
    # cash 100 + the 1000 deposit - 219.17 paid back + the engine's check (4807.50 less the deposit)
    assert totals["Undeposited Funds"] == D("100.00") + D("1000.00") - D("219.17") + D("3807.50")
    assert totals["Card Clearing"] == D("119.17")
    assert totals["Customer Deposits"] == 0  # taken and applied to the engine's invoice
    # what is still owed: the fleet account's 219.17 (charging it to account is not money taken)
    assert totals["Accounts Receivable"] == D("219.17")
    tax = services.day_close.figures(owner, busy_day).figures.net.tax
    assert -totals["Sales Tax Payable"] == tax
    assert all("\t" not in row["MEMO"] for block in blocks for row in block)
    receivable = [row for block in blocks for row in block if row["ACCNT"] == "Accounts Receivable"]
    assert all(row["NAME"] for row in receivable)  # QuickBooks wants the customer on every A/R line


def test_every_journal_csv_entry_balances(services: Services, owner: Actor, busy_day: date) -> None:
    text = services.books.export(owner, busy_day, busy_day, "journal").content.decode("utf-8")
    entries = journal_rows(text)
    assert text.startswith("JournalNo,JournalDate,Currency,Memo,AccountName,Debits,Credits,Amount,Name\r\n")
    for number, rows in entries.items():
        debits = sum((money(r["Debits"]) for r in rows), D("0.00"))
        credits = sum((money(r["Credits"]) for r in rows), D("0.00"))
        assert debits == credits and debits > 0, number
        assert sum((D(r["Amount"]) for r in rows), D("0.00")) == 0
        assert {r["JournalDate"] for r in rows} == {busy_day.isoformat()}
    engine = entries["INV 2"]
    deposit = next(r for r in engine if r["AccountName"] == "Customer Deposits")
    assert deposit["Debits"] == "1000.00"  # the deposit leaves the liability when the invoice is posted


def test_the_account_mapping_is_a_setting_used_by_the_export(
    services: Services, owner: Actor, desk: Actor, busy_day: date
) -> None:
    accounts = services.books.accounts(owner)
    assert accounts.name("tax") == "Sales Tax Payable"
    names = dict(accounts.names, labor="4000 Labor", card="1205 Square Clearing")
    services.books.update_accounts(owner, AccountMap(names))
    with pytest.raises(PermissionDeniedError):
        services.books.update_accounts(desk, AccountMap(names))
    with pytest.raises(ValidationError, match="needs an account name"):
        services.books.update_accounts(owner, AccountMap(dict(names, parts="  ")))
    totals = by_account_iif(
        iif_transactions(services.books.export(owner, busy_day, busy_day, "iif").content.decode())
    )
    assert totals["1205 Square Clearing"] == D("119.17") and "Card Clearing" not in totals
    assert totals["4000 Labor"] < 0


@pytest.fixture
def closed_days(services: Services, owner: Actor, desk: Actor) -> tuple[date, date]:
    today = services.day_close.today(owner)
    day1, day2 = today - timedelta(days=2), today - timedelta(days=1)
    first = add_document(db_of(services), desk, day1, 101, labor="100.00", parts="50.00", tax="5.13")
    add_payment(db_of(services), desk, day1, "card", "155.13", invoice_id=first)
    add_document(db_of(services), desk, day2, 102, sublet="80.00", status="void", void_business_date=day2)
    add_document(
        db_of(services),
        desk,
        day2,
        3,
        kind="credit_note",
        labor="-100.00",
        customer_name="=cmd|' /C calc'!A0",
    )
    services.day_close.close(owner, day1)
    services.day_close.close(owner, day2)
    return day1, day2


def db_of(services: Services) -> Database:
    return services.books.db


def test_closed_days_export_the_same_bytes_and_a_second_export_says_so(
    services: Services, owner: Actor, closed_days: tuple[date, date]
) -> None:
    first = services.books.export(owner, *closed_days, "journal")
    assert first.earlier == () and first.open_days == () and not first.same_as_before
    again = services.books.export(owner, *closed_days, "journal")
    assert again.content == first.content and again.same_as_before
    assert [(m.start, m.end, m.format, m.exported_by) for m in again.earlier] == [
        (*closed_days, "journal", "Olivia Owner")
    ]
    day_two = services.books.export(owner, closed_days[1], closed_days[1], "iif")
    assert len(day_two.earlier) == 2 and not day_two.same_as_before  # overlaps both, a different file
    assert next((m.start, m.format) for m in services.books.history(owner)) == (closed_days[1], "iif")
    entries = journal_rows(first.content.decode())
    assert set(entries) == {
        "INV 101",
        "INV 102",
        "CN 3",
        "VOID INV 102",
        next(n for n in entries if n.startswith("PMT")),
    }
    assert entries["CN 3"][0]["Name"] == "'=cmd|' /C calc'!A0"  # never a live formula


def test_an_open_day_is_named_and_the_export_is_the_owners(
    services: Services, owner: Actor, desk: Actor
) -> None:
    today = services.day_close.today(owner)
    add_document(db_of(services), desk, today, 200, labor="50.00")
    result = services.books.export(owner, today, today, "iif")
    assert result.open_days == (today,)
    with pytest.raises(PermissionDeniedError):
        services.books.export(desk, today, today, "iif")
    with pytest.raises(ValidationError, match="Format: is one of iif, journal"):
        services.books.export(owner, today, today, "xlsx")


def test_the_command_line_exports_with_the_password_from_the_environment(
    services: Services,
    owner: Actor,
    closed_days: tuple[date, date],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = services.books.db.url.render_as_string(hide_password=False)
    monkeypatch.setenv("BAYDESK_PASSWORD", OWNER_PASSWORD)
    out = tmp_path / "books.iif"
    start, end = (d.isoformat() for d in closed_days)
    args = [
        "--database",
        url,
        "books",
        "export",
        "--from",
        start,
        "--to",
        end,
        "--format",
        "iif",
        "--as",
        "owner",
    ]
    assert main([*args, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "5 entries" in said and str(out) in said and "Exported before" not in said
    assert all(iif_balance(block) == 0 for block in iif_transactions(out.read_bytes().decode("utf-8")))
    assert main([*args, "--out", str(tmp_path / "again.iif")]) == 0
    said = capsys.readouterr().out
    assert "Exported before" in said and "(the same bytes)" in said
    assert (tmp_path / "again.iif").read_bytes() == out.read_bytes()


def test_a_closed_drawer_takes_its_paid_out_short_and_bank_deposit_to_the_books(
    services: Services, owner: Actor, desk: Actor
) -> None:
    drawer = services.drawers.open(desk, "100.00")
    services.drawers.move(desk, drawer.id, "paid_out", "12.50", "Coffee for the shop")
    services.drawers.count(desk, drawer.id, "87.00")  # 0.50 short of the 87.50 expected
    services.drawers.close(desk, drawer.id, "80.00", "A coin miscounted")
    day = drawer.business_date
    entries = journal_rows(services.books.export(owner, day, day, "journal").content.decode())
    [rows] = [r for n, r in entries.items() if n.startswith("DRW")]
    assert {(r["AccountName"], r["Debits"], r["Credits"]) for r in rows} == {
        ("Undeposited Funds", "", "93.00"),
        ("Cash Paid Out", "12.50", ""),
        ("Cash Over/Short", "0.50", ""),
        ("Checking", "80.00", ""),
    }
    assert rows[0]["Memo"] == "Cash drawer Front desk 2"
