"""Invoices, credit notes, their lines, payments and customer accounts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Row, and_, bindparam, case, func, or_, select, type_coerce

from app.db.models import Customer, User, Vehicle
from app.db.models_invoicing import CustomerAccount, Invoice, InvoiceJob, InvoiceLine, Payment
from app.db.models_parts import CounterTicket
from app.db.models_work_orders import Authorization, WorkOrder
from app.repositories.base import Repository

ZERO = Decimal("0.00")
# amounts summed as plain integer cents (the Money type would read a sum back as a Decimal)
CENTS = type_coerce(Payment.amount, BigInteger)

# What the invoice screen reads after every posting and payment, built once (parameters bound at run
# time): payments on the invoice, and with its work order's deposits; the authorization history; the
# customer's account.
_PAYMENTS_OF_INVOICE = (
    select(Payment)
    .where(Payment.invoice_id == bindparam("invoice_id"))
    .order_by(Payment.received_at, Payment.id)
)
_PAYMENTS_WITH_DEPOSITS = (
    select(Payment)
    .where(
        or_(
            Payment.invoice_id == bindparam("invoice_id"),
            and_(Payment.work_order_id == bindparam("work_order_id"), Payment.invoice_id.is_(None)),
        )
    )
    .order_by(Payment.received_at, Payment.id)
)
_AUTHORIZATIONS = (
    select(Authorization, User.display_name.label("taken_by_name"))
    .outerjoin(User, User.id == Authorization.taken_by)
    .where(Authorization.work_order_id == bindparam("work_order_id"))
    .order_by(Authorization.at)
)
_ACCOUNT = select(CustomerAccount).where(
    CustomerAccount.shop_id == bindparam("shop_id"), CustomerAccount.customer_id == bindparam("customer_id")
)
_ACCOUNT_LOCKED = _ACCOUNT.with_for_update()


class InvoiceRepository(Repository):
    def add(self, row: Any) -> None:
        self.session.add(row)

    def add_all(self, rows: Sequence[Any]) -> None:
        self.session.add_all(rows)

    def get(self, shop_id: uuid.UUID, invoice_id: uuid.UUID, *, for_update: bool = False) -> Invoice | None:
        stmt = select(Invoice).where(Invoice.id == invoice_id, Invoice.shop_id == shop_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def lock_many(self, shop_id: uuid.UUID, invoice_ids: Sequence[uuid.UUID]) -> list[Invoice]:
        """Several invoices locked in id order (the fixed lock order)."""
        if not invoice_ids:
            return []
        stmt = (
            select(Invoice)
            .where(Invoice.shop_id == shop_id, Invoice.id.in_(sorted(set(invoice_ids))))
            .order_by(Invoice.id)
            .with_for_update()
        )
        return list(self.session.scalars(stmt))

    def by_number(self, shop_id: uuid.UUID, kind: str, number: int) -> Invoice | None:
        return self.session.scalar(
            select(Invoice).where(Invoice.shop_id == shop_id, Invoice.kind == kind, Invoice.number == number)
        )

    def for_work_order(self, shop_id: uuid.UUID, work_order_id: uuid.UUID) -> list[Invoice]:
        stmt = select(Invoice).where(
            Invoice.shop_id == shop_id, Invoice.work_order_id == work_order_id, Invoice.kind == "invoice"
        )
        return list(self.session.scalars(stmt))

    def for_counter_ticket(self, shop_id: uuid.UUID, ticket_id: uuid.UUID) -> list[Invoice]:
        stmt = select(Invoice).where(Invoice.shop_id == shop_id, Invoice.counter_ticket_id == ticket_id)
        return list(self.session.scalars(stmt))

    def credit_notes(self, invoice_id: uuid.UUID) -> list[Invoice]:
        stmt = (
            select(Invoice)
            .where(Invoice.credited_invoice_id == invoice_id, Invoice.kind == "credit_note")
            .order_by(Invoice.number)
        )
        return list(self.session.scalars(stmt))

    def jobs(self, invoice_id: uuid.UUID) -> list[InvoiceJob]:
        stmt = select(InvoiceJob).where(InvoiceJob.invoice_id == invoice_id).order_by(InvoiceJob.position)
        return list(self.session.scalars(stmt))

    def lines(self, invoice_id: uuid.UUID) -> list[InvoiceLine]:
        stmt = select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id).order_by(InvoiceLine.position)
        return list(self.session.scalars(stmt))

    def lines_of(self, invoice_ids: Sequence[uuid.UUID]) -> list[InvoiceLine]:
        if not invoice_ids:
            return []
        stmt = (
            select(InvoiceLine)
            .where(InvoiceLine.invoice_id.in_(list(invoice_ids)))
            .order_by(InvoiceLine.invoice_id, InvoiceLine.position)
        )
        return list(self.session.scalars(stmt))

    def payments(self, invoice_id: uuid.UUID, work_order_id: uuid.UUID | None) -> list[Payment]:
        """Payments on the invoice, and deposits taken on its work order before it was posted."""
        if work_order_id is None:
            return list(self.session.scalars(_PAYMENTS_OF_INVOICE, {"invoice_id": invoice_id}))
        params = {"invoice_id": invoice_id, "work_order_id": work_order_id}
        return list(self.session.scalars(_PAYMENTS_WITH_DEPOSITS, params))

    def authorizations(self, work_order_id: uuid.UUID) -> list[tuple[Authorization, str | None]]:
        """A work order's authorization history with the name of who took each, oldest first."""
        rows = self.session.execute(_AUTHORIZATIONS, {"work_order_id": work_order_id})
        return [(row[0], row[1]) for row in rows]

    def deposits(self, work_order_id: uuid.UUID) -> Decimal:
        total = self.session.scalar(
            select(func.coalesce(func.sum(CENTS), 0)).where(
                Payment.work_order_id == work_order_id, Payment.invoice_id.is_(None)
            )
        )
        return Decimal(int(total or 0)) / 100

    def open_rows(self, shop_id: uuid.UUID, limit: int = 500) -> list[Row[Any]]:
        """Posted documents whose balance is not zero (invoices due, credit notes owed)."""
        paid, deposits = self._paid(), self._deposits()
        balance = type_coerce(Invoice.total, BigInteger) - paid - deposits
        stmt = self._rows(shop_id).where(Invoice.status == "posted", balance != 0)
        return list(self.session.execute(stmt.order_by(Invoice.posted_at.desc()).limit(limit)))

    def recent_rows(
        self, shop_id: uuid.UUID, limit: int = 300, number: int | None = None, text: str = ""
    ) -> list[Row[Any]]:
        stmt = self._rows(shop_id)
        if number is not None:
            stmt = stmt.where(Invoice.number == number)
        elif text:
            stmt = stmt.where(func.lower(Invoice.customer_name).contains(text.lower(), autoescape=True))
        return list(self.session.execute(stmt.order_by(Invoice.posted_at.desc()).limit(limit)))

    @staticmethod
    def _paid() -> Any:
        """Cents paid on the document (account settlements aside), as a correlated subquery."""
        return (
            select(func.coalesce(func.sum(CENTS), 0))
            .where(Payment.invoice_id == Invoice.id, Payment.settles_account.is_(False))
            .correlate(Invoice)
            .scalar_subquery()
        )

    @staticmethod
    def _deposits() -> Any:
        """Cents of deposits taken on the invoice's work order before it was posted."""
        return (
            select(func.coalesce(func.sum(CENTS), 0))
            .where(
                Payment.work_order_id == Invoice.work_order_id,
                Payment.invoice_id.is_(None),
                Invoice.kind == "invoice",
            )
            .correlate(Invoice)
            .scalar_subquery()
        )

    def _rows(self, shop_id: uuid.UUID) -> Any:
        paid, deposits = self._paid(), self._deposits()
        return (
            select(
                Invoice.id,
                Invoice.kind,
                Invoice.number,
                Invoice.status,
                Invoice.business_date,
                Invoice.customer_name,
                Invoice.vehicle_description,
                Invoice.total,
                Invoice.on_account,
                Invoice.due_date,
                Invoice.posted_at,
                WorkOrder.number.label("work_order_number"),
                paid.label("paid_cents"),
                deposits.label("deposit_cents"),
            )
            .outerjoin(WorkOrder, WorkOrder.id == Invoice.work_order_id)
            .where(Invoice.shop_id == shop_id)
        )

    def ready_work_orders(self, shop_id: uuid.UUID) -> list[Row[Any]]:
        deposits = (
            select(func.coalesce(func.sum(CENTS), 0))
            .where(Payment.work_order_id == WorkOrder.id, Payment.invoice_id.is_(None))
            .correlate(WorkOrder)
            .scalar_subquery()
        )
        stmt = (
            select(
                WorkOrder.id,
                WorkOrder.number,
                WorkOrder.completed_at,
                Customer.first_name,
                Customer.last_name,
                Customer.company_name,
                Customer.kind,
                Vehicle.year,
                Vehicle.make,
                Vehicle.model,
                deposits.label("deposit_cents"),
            )
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .where(WorkOrder.shop_id == shop_id, WorkOrder.status == "completed")
            .order_by(WorkOrder.completed_at, WorkOrder.number)
        )
        return list(self.session.execute(stmt))

    def ready_counter_tickets(self, shop_id: uuid.UUID, limit: int = 200) -> list[Row[Any]]:
        """Posted counter sales that no posted invoice refers to yet, oldest first."""
        invoiced = select(Invoice.id).where(
            Invoice.counter_ticket_id == CounterTicket.id,
            Invoice.status == "posted",
            Invoice.kind == "invoice",
        )
        stmt = (
            select(
                CounterTicket.id, CounterTicket.number, CounterTicket.customer_name, CounterTicket.posted_at
            )
            .where(CounterTicket.shop_id == shop_id, CounterTicket.status == "posted", ~invoiced.exists())
            .order_by(CounterTicket.posted_at.desc())
            .limit(limit)
        )
        return list(self.session.execute(stmt))

    # --- accounts ------------------------------------------------------------------------

    def account(
        self, shop_id: uuid.UUID, customer_id: uuid.UUID, *, for_update: bool = False
    ) -> CustomerAccount | None:
        stmt = _ACCOUNT_LOCKED if for_update else _ACCOUNT
        return self.session.scalar(stmt, {"shop_id": shop_id, "customer_id": customer_id})

    def accounts(self, shop_id: uuid.UUID) -> list[Row[Any]]:
        stmt = (
            select(
                CustomerAccount,
                Customer.first_name,
                Customer.last_name,
                Customer.company_name,
                Customer.kind,
            )
            .join(Customer, Customer.id == CustomerAccount.customer_id)
            .where(CustomerAccount.shop_id == shop_id)
            .order_by(Customer.company_name, Customer.last_name)
        )
        return list(self.session.execute(stmt))

    def account_items(self, shop_id: uuid.UUID, customer_id: uuid.UUID) -> list[Row[Any]]:
        """Per posted document of a customer: charged to account and settled since (cents)."""
        charged = func.coalesce(func.sum(case((Payment.method == "account", CENTS), else_=0)), 0).label(
            "charged_cents"
        )
        settled = func.coalesce(func.sum(case((Payment.settles_account.is_(True), CENTS), else_=0)), 0).label(
            "settled_cents"
        )
        stmt = (
            select(
                Invoice.id,
                Invoice.kind,
                Invoice.number,
                Invoice.business_date,
                Invoice.due_date,
                Invoice.total,
                Invoice.status,
                charged,
                settled,
            )
            .join(Payment, Payment.invoice_id == Invoice.id)
            # the account's own rows: a second payer's charge on another customer's invoice is the payer's
            .where(Invoice.shop_id == shop_id, Payment.customer_id == customer_id)
            .group_by(
                Invoice.id,
                Invoice.kind,
                Invoice.number,
                Invoice.business_date,
                Invoice.due_date,
                Invoice.total,
                Invoice.status,
            )
            .order_by(Invoice.business_date, Invoice.number)
        )
        return list(self.session.execute(stmt))

    def account_payments(
        self, shop_id: uuid.UUID, customer_id: uuid.UUID, start: date, end: date
    ) -> list[Payment]:
        stmt = (
            select(Payment)
            .where(
                Payment.shop_id == shop_id,
                Payment.customer_id == customer_id,
                Payment.settles_account.is_(True),
                Payment.business_date >= start,
                Payment.business_date <= end,
            )
            .order_by(Payment.received_at)
        )
        return list(self.session.scalars(stmt))

    def account_charges(
        self, shop_id: uuid.UUID, customer_id: uuid.UUID, start: date, end: date
    ) -> list[tuple[Payment, int, str, date | None]]:
        stmt = (
            select(Payment, Invoice.number, Invoice.kind, Invoice.due_date)
            .join(Invoice, Invoice.id == Payment.invoice_id)
            .where(
                Payment.shop_id == shop_id,
                Payment.customer_id == customer_id,
                Payment.method == "account",
                Payment.business_date >= start,
                Payment.business_date <= end,
            )
            .order_by(Payment.received_at)
        )
        return [(row[0], row[1], row[2], row[3]) for row in self.session.execute(stmt)]

    def account_open_total(self, shop_id: uuid.UUID, customer_id: uuid.UUID) -> Decimal:
        """Charged to the account and not yet settled, over all time."""
        charged = self.session.scalar(
            select(func.coalesce(func.sum(CENTS), 0)).where(
                Payment.shop_id == shop_id, Payment.customer_id == customer_id, Payment.method == "account"
            )
        )
        settled = self.session.scalar(
            select(func.coalesce(func.sum(CENTS), 0)).where(
                Payment.shop_id == shop_id,
                Payment.customer_id == customer_id,
                Payment.settles_account.is_(True),
            )
        )
        return Decimal(int(charged or 0) - int(settled or 0)) / 100

    def account_balance_before(self, shop_id: uuid.UUID, customer_id: uuid.UUID, start: date) -> Decimal:
        charged = self.session.scalar(
            select(func.coalesce(func.sum(CENTS), 0)).where(
                Payment.shop_id == shop_id,
                Payment.customer_id == customer_id,
                Payment.method == "account",
                Payment.business_date < start,
            )
        )
        settled = self.session.scalar(
            select(func.coalesce(func.sum(CENTS), 0)).where(
                Payment.shop_id == shop_id,
                Payment.customer_id == customer_id,
                Payment.settles_account.is_(True),
                Payment.business_date < start,
            )
        )
        return Decimal(int(charged or 0) - int(settled or 0)) / 100
