"""Helpers for the end-of-day tests: documents, payments and clock time written straight to the tables.

The figures of a day are read from what invoicing stores; writing those rows
directly lets a test state exactly what happened on a day (an invoice posted
at 9:15 local time, a void of last week's invoice) without driving the whole
invoicing flow. The flows themselves are exercised through the services in
test_day_close.py. No pytest import: spawned children may import this module.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, func, select, type_coerce

import app.db.all_models  # noqa: F401  (every table, for the foreign keys; spawned children too)
from app.db.engine import Database
from app.db.models_bays import TimeEntry
from app.db.models_day import CashDrawerMovement, CashDrawerSession
from app.db.models_invoicing import Invoice, InvoiceLine, Payment
from app.db.types import now_utc
from app.domain.permissions import Actor
from app.repositories.day import ensure_day_open

D = Decimal


def add_document(
    db: Database,
    actor: Actor,
    business_date: date,
    number: int,
    *,
    kind: str = "invoice",
    posted_at: datetime | None = None,
    labor: str = "0",
    parts: str = "0",
    fees: str = "0",
    sublet: str = "0",
    tax: str = "0",
    parts_cost: str = "0",
    labor_cost: str = "0",
    sublet_cost: str = "0",
    hours: str = "0",
    technician_id: uuid.UUID | None = None,
    work_order_id: uuid.UUID | None = None,
    customer_name: str = "Maria Lopez",
    status: str = "posted",
    void_business_date: date | None = None,
    check_gate: bool = False,
) -> uuid.UUID:
    """One posted invoice (or credit note: pass negative amounts) with a labor line for its hours."""
    amounts = {k: D(v) for k, v in dict(labor=labor, parts=parts, fees=fees, sublet=sublet, tax=tax).items()}
    total = sum(amounts.values(), D("0"))
    with db.session(write=True) as session:
        if check_gate:
            ensure_day_open(session, actor.shop_id, business_date)
        invoice = Invoice(
            id=uuid.uuid4(),
            shop_id=actor.shop_id,
            kind=kind,
            number=number,
            work_order_id=work_order_id,
            customer_name=customer_name,
            vehicle_description="2016 Honda Civic",
            plate="7ABC123",
            business_date=business_date,
            posted_at=posted_at or now_utc(),
            posted_by=actor.user_id,
            terminal_id=actor.terminal_id,
            tax_rate=D("0.1025"),
            rounding="per_invoice",
            total=total,
            parts_cost=D(parts_cost),
            labor_cost=D(labor_cost),
            sublet_cost=D(sublet_cost),
            billed_hours=int(D(hours) * 1000),
            status=status,
            void_business_date=void_business_date,
            void_reason="entered twice" if status == "void" else "",
            voided_at=now_utc() if status == "void" else None,
            voided_by=actor.user_id if status == "void" else None,
            **amounts,
        )
        session.add(invoice)
        session.flush()
        if D(hours) != 0:
            session.add(
                InvoiceLine(
                    shop_id=actor.shop_id,
                    invoice_id=invoice.id,
                    position=1,
                    category="labor",
                    description="Labor",
                    quantity=int(D(hours) * 1000),
                    unit_price=D("150.00"),
                    amount=D(labor),
                    technician_id=technician_id,
                    billed_hours=int(D(hours) * 1000),
                )
            )
        session.commit()
        return invoice.id


def add_payment(
    db: Database,
    actor: Actor,
    business_date: date,
    method: str,
    amount: str,
    *,
    invoice_id: uuid.UUID | None = None,
    tendered: str | None = None,
    received_at: datetime | None = None,
    note: str = "",
) -> None:
    value = D(amount)
    with db.session(write=True) as session:
        drawer = (
            session.scalar(
                select(CashDrawerSession.id).where(
                    CashDrawerSession.terminal_id == actor.terminal_id, CashDrawerSession.status == "open"
                )
            )
            if method == "cash"
            else None
        )
        session.add(
            Payment(
                shop_id=actor.shop_id,
                invoice_id=invoice_id,
                group_id=uuid.uuid4(),
                kind="payment" if value >= 0 else "refund",
                method=method,
                amount=value,
                tendered=D(tendered) if tendered is not None else None,
                change_given=D(tendered) - value if tendered is not None else None,
                terminal_id=actor.terminal_id,
                drawer_id=drawer,
                user_id=actor.user_id,
                business_date=business_date,
                received_at=received_at or now_utc(),
                note=note,
            )
        )
        session.commit()


def add_drawer_row(db: Database, actor: Actor, business_date: date, opening_float: str) -> uuid.UUID:
    """An open drawer on the actor's terminal for ``business_date`` (one left open overnight)."""
    with db.session(write=True) as session:
        row = CashDrawerSession(
            shop_id=actor.shop_id,
            terminal_id=actor.terminal_id,
            business_date=business_date,
            status="open",
            opening_float=D(opening_float),
            opened_by=actor.user_id,
            opened_at=now_utc() - timedelta(hours=20),
        )
        session.add(row)
        session.commit()
        return row.id


def drawer_balance(db: Database, drawer_id: uuid.UUID) -> Decimal:
    """What a drawer should hold, from its rows: float + cash handed over - change - paid out + paid in."""
    with db.session(write=False) as session:
        drawer = session.get(CashDrawerSession, drawer_id)
        assert drawer is not None
        handed = change = D("0.00")
        for pay in session.scalars(select(Payment).where(Payment.drawer_id == drawer_id)):
            assert pay.method == "cash"
            handed += pay.tendered if pay.tendered is not None else pay.amount
            change += pay.change_given or D("0.00")
        moved = D("0.00")
        for move in session.scalars(
            select(CashDrawerMovement).where(CashDrawerMovement.session_id == drawer_id)
        ):
            moved += move.amount if move.kind == "paid_in" else -move.amount
        return drawer.opening_float + handed - change + moved


def payment_rows(db: Database) -> list[tuple[str, str, Decimal, str]]:
    """(kind, method, amount, note) of every payments row, read straight from the table."""
    with db.session(write=False) as session:
        rows = session.scalars(select(Payment).order_by(Payment.received_at))
        return [(p.kind, p.method, p.amount, p.note) for p in rows]


def add_job_clock(db: Database, actor: Actor, user_id: uuid.UUID, started: datetime, hours: str) -> None:
    with db.session(write=True) as session:
        session.add(
            TimeEntry(
                shop_id=actor.shop_id,
                user_id=user_id,
                kind="job",
                started_at=started,
                ended_at=started + timedelta(seconds=int(D(hours) * 3600)),
                end_reason="finish",
            )
        )
        session.commit()


def documents_on(db: Database, business_date: date) -> tuple[int, Decimal]:
    """(count, sum of totals) of the invoices posted on a day, read straight from the table."""
    with db.session(write=False) as session:
        count, total = session.execute(
            select(func.count(), func.coalesce(func.sum(type_coerce(Invoice.total, BigInteger)), 0)).where(
                Invoice.business_date == business_date, Invoice.kind == "invoice"
            )
        ).one()
        return int(count), D(int(total)) / 100


def gated_poster(
    url: str, actor: Actor, business_date: date, first: int, count: int, start: Any, results: Any
) -> None:
    """One terminal posting ``count`` invoices into a day through the business-day gate.

    Reports ("ok", posted numbers) - a post refused because the day closed ends the run.
    """
    import traceback

    from app.db.engine import open_database
    from app.domain.end_of_day import DayClosedError

    db: Database | None = None
    posted: list[int] = []
    try:
        db = open_database(url, terminal_name=f"Poster {first}")
        start.wait(timeout=60)
        for number in range(first, first + count):
            try:
                add_document(db, actor, business_date, number, labor="10.00", check_gate=True)
            except DayClosedError:
                break
            posted.append(number)
        results.put(("ok", posted))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        if db is not None:
            db.dispose()


def day_sums(db: Database, business_date: date) -> tuple[int, Decimal, Decimal]:
    """(invoices posted, their total, payments taken) on a business day, read straight from the tables."""
    count, total = documents_on(db, business_date)
    with db.session(write=False) as session:
        paid = session.scalar(
            select(func.coalesce(func.sum(type_coerce(Payment.amount, BigInteger)), 0)).where(
                Payment.business_date == business_date, Payment.method != "credit_note"
            )
        )
    return count, total, D(int(paid or 0)) / 100
