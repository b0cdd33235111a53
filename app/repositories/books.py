"""What the accounting export reads: documents, money taken, deposits, and the periods exported."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, and_, func, or_, select, type_coerce
from sqlalchemy.orm import aliased

from app.db.models import Customer, Terminal
from app.db.models_day import BooksExport, CashDrawerSession
from app.db.models_invoicing import Invoice, Payment
from app.repositories.base import Repository


class BooksRepository(Repository):
    def documents(self, shop_id: uuid.UUID, start: date, end: date) -> list[Any]:
        """(invoice, deposits taken on its work order before it was posted) posted or voided in the range.

        Deposits are cents summed per invoice; taking only those received before
        the posting keeps a closed period's export the same whatever comes later.
        """
        deposit = aliased(Payment)
        deposits = (
            select(func.coalesce(func.sum(type_coerce(deposit.amount, BigInteger)), 0))
            .where(
                deposit.work_order_id == Invoice.work_order_id,
                deposit.invoice_id.is_(None),
                deposit.received_at <= Invoice.posted_at,
            )
            .scalar_subquery()
        )
        stmt = (
            select(Invoice, deposits)
            .where(
                Invoice.shop_id == shop_id,
                or_(
                    Invoice.business_date.between(start, end),
                    and_(Invoice.status == "void", Invoice.void_business_date.between(start, end)),
                ),
            )
            .order_by(Invoice.business_date, Invoice.kind, Invoice.number)
        )
        return list(self.session.execute(stmt))

    def payments(self, shop_id: uuid.UUID, start: date, end: date) -> list[Any]:
        """(payment, invoice kind, invoice number, invoice customer, customer row) of money taken."""
        stmt = (
            select(Payment, Invoice.kind, Invoice.number, Invoice.customer_name, Customer)
            .outerjoin(Invoice, Invoice.id == Payment.invoice_id)
            .outerjoin(Customer, Customer.id == Payment.customer_id)
            .where(
                Payment.shop_id == shop_id,
                Payment.business_date.between(start, end),
                Payment.method.in_(("cash", "card", "check")),
            )
            .order_by(Payment.business_date, Payment.received_at, Payment.id)
        )
        return list(self.session.execute(stmt))

    def closed_drawers(self, shop_id: uuid.UUID, start: date, end: date) -> list[Any]:
        """(drawer session, terminal name) of every drawer of the range that is closed."""
        stmt = (
            select(CashDrawerSession, Terminal.name)
            .join(Terminal, Terminal.id == CashDrawerSession.terminal_id)
            .where(
                CashDrawerSession.shop_id == shop_id,
                CashDrawerSession.business_date.between(start, end),
                CashDrawerSession.status == "closed",
            )
            .order_by(CashDrawerSession.business_date, CashDrawerSession.id)
        )
        return list(self.session.execute(stmt))

    def overlapping_exports(self, shop_id: uuid.UUID, start: date, end: date) -> list[BooksExport]:
        stmt = (
            select(BooksExport)
            .where(
                BooksExport.shop_id == shop_id,
                BooksExport.start_date <= end,
                BooksExport.end_date >= start,
            )
            .order_by(BooksExport.exported_at)
        )
        return list(self.session.scalars(stmt))

    def recent_exports(self, shop_id: uuid.UUID, limit: int = 50) -> list[BooksExport]:
        stmt = (
            select(BooksExport)
            .where(BooksExport.shop_id == shop_id)
            .order_by(BooksExport.exported_at.desc())
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def add_export(self, row: BooksExport) -> None:
        self.session.add(row)
