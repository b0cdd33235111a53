"""The end-of-day PDF of a closed day: its numbers are the stored close and the sum of the day's invoices."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import BigInteger, func, select, type_coerce

from app.db.engine import Database
from app.db.models_day import DayClose
from app.db.models_invoicing import Invoice, Payment
from app.db.types import now_utc
from app.domain.locale import ShopLocale
from app.domain.permissions import Actor
from app.reports.end_of_day import render_end_of_day
from app.services.container import Services
from tests.reports.report_support import amounts, pdf_pages, pdf_text, render_first_page

D = Decimal


def _invoice(session, actor: Actor, day: date, number: int, kind: str, **amounts_: str) -> None:  # type: ignore[no-untyped-def]
    values = {k: D(v) for k, v in amounts_.items()}
    session.add(
        Invoice(
            shop_id=actor.shop_id,
            kind=kind,
            number=number,
            customer_name="=cmd|' /C calc'!A0",
            business_date=day,
            posted_at=now_utc(),
            posted_by=actor.user_id,
            tax_rate=D("0.1025"),
            rounding="per_invoice",
            total=sum(values.values(), D("0")),
            **values,
        )
    )


def _payment(session, actor: Actor, day: date, method: str, amount: str) -> None:  # type: ignore[no-untyped-def]
    session.add(
        Payment(
            shop_id=actor.shop_id,
            group_id=uuid.uuid4(),
            method=method,
            amount=D(amount),
            terminal_id=actor.terminal_id,
            user_id=actor.user_id,
            business_date=day,
        )
    )


@pytest.fixture
def closed_day(services: Services, owner: Actor, db: Database) -> date:
    day = services.day_close.today(owner) - timedelta(days=1)
    with db.session(write=True) as session:
        _invoice(session, owner, day, 2041, "invoice", labor="450.00", parts="212.40", tax="21.77")
        _invoice(session, owner, day, 2042, "invoice", labor="1234.50", sublet="80.00")
        _invoice(session, owner, day, 2043, "invoice", parts="39.99", fees="5.00", tax="4.10")
        _invoice(session, owner, day, 7, "credit_note", parts="-39.99", fees="-5.00", tax="-4.10")
        _payment(session, owner, day, "cash", "683.17")
        _payment(session, owner, day, "card", "1314.50")
        _payment(session, owner, day, "cash", "-49.09")
        session.commit()
    services.day_close.close(owner, day)
    return day


def value_after(text: str, label: str) -> Decimal:
    """The first amount printed after ``label`` on its line (tables sit side by side)."""
    for line in text.splitlines():
        if label in line:
            found = amounts(line[line.index(label) + len(label) :])
            if found:
                return found[0]
    raise AssertionError(f"no amount after {label!r} in:\n{text}")


def _stored(db: Database, day: date) -> tuple[DayClose, Decimal]:
    with db.session(write=False) as session:
        close = session.scalars(select(DayClose).where(DayClose.business_date == day)).one()
        session.expunge(close)
        cents = session.scalar(
            select(func.sum(type_coerce(Invoice.total, BigInteger))).where(
                Invoice.business_date == day, Invoice.kind == "invoice"
            )
        )
        return close, D(int(cents)) / 100


def test_the_printed_figures_are_the_stored_close(
    services: Services, owner: Actor, db: Database, closed_day: date, tmp_path: Path
) -> None:
    pdf = render_end_of_day(services.day_close.figures(owner, closed_day))
    text = pdf_text(pdf)
    close, invoiced = _stored(db, closed_day)

    total_row = next(line for line in text.splitlines() if line.strip().startswith("Total"))
    invoices_total, credit_total, net_total = amounts(total_row)[:2] + amounts(total_row)[-1:]
    assert invoices_total == invoiced == close.gross_sales == D("2047.76")
    assert credit_total == D("-49.09")
    assert net_total == invoiced + credit_total == D("1998.67")
    net_column = {
        label: amounts(line)[-1]
        for line in text.splitlines()
        for label in ("Sales before tax", "Tax collected")
        if line.strip().startswith(label)
    }
    assert net_column == {"Sales before tax": close.net_sales, "Tax collected": close.tax}
    assert value_after(text, "Money taken") == close.payments_total == D("1948.58")
    assert value_after(text, "Invoiced this day") == invoiced
    assert value_after(text, "Grand total after this day") == close.grand_total_after == invoiced
    assert "Invoice numbers of the day" in text and "2041 to 2043" in text
    assert close.audit_hash[:32] in text and close.audit_hash[32:] in text
    assert "Closed by Olivia Owner" in text
    # the four charts are there, with their titles
    for title in ("Sales by category", "Payments by method", "Sales by hour", "billed vs clocked"):
        assert title in text
    assert pdf_pages(pdf) <= 3
    page = render_first_page(pdf, tmp_path)
    assert page.stat().st_size > 10_000  # a page with print on it, not a blank


def test_a_day_not_yet_closed_says_so_on_the_shops_paper(services: Services, owner: Actor) -> None:
    figures = services.day_close.figures(owner, services.day_close.today(owner))
    for paper, size in (("letter", (612, 792)), ("a4", (595, 842))):
        pages = PdfReader(BytesIO(render_end_of_day(figures, ShopLocale(paper=paper)))).pages
        assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages} == {size}
    text = pdf_text(render_end_of_day(figures, ShopLocale(paper="a4")))
    assert "NOT CLOSED" in text
    assert "No cash drawer was opened on this day." in text
