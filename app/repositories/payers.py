"""A work order's second payer and the payer's part of posted documents."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Row, bindparam, func, select, type_coerce

from app.db.models_invoicing import Invoice
from app.db.models_payers import InvoicePayerPart, WorkOrderPayer
from app.repositories.base import Repository

# A work order's payer, looked for by every posting: built once.
_OF_ORDER = select(WorkOrderPayer).where(
    WorkOrderPayer.shop_id == bindparam("shop_id"), WorkOrderPayer.work_order_id == bindparam("work_order_id")
)
_OF_ORDER_LOCKED = _OF_ORDER.with_for_update()


class PayerRepository(Repository):
    def for_work_order(
        self, shop_id: uuid.UUID, work_order_id: uuid.UUID, *, for_update: bool = False
    ) -> WorkOrderPayer | None:
        stmt = _OF_ORDER_LOCKED if for_update else _OF_ORDER
        return self.session.scalar(stmt, {"shop_id": shop_id, "work_order_id": work_order_id})

    def add(self, row: WorkOrderPayer | InvoicePayerPart) -> None:
        self.session.add(row)

    def remove(self, row: WorkOrderPayer) -> None:
        self.session.delete(row)

    def part(self, invoice_id: uuid.UUID) -> InvoicePayerPart | None:
        return self.session.scalar(select(InvoicePayerPart).where(InvoicePayerPart.invoice_id == invoice_id))

    def day_totals(self, shop_id: uuid.UUID, business_date: date) -> list[Row[Any]]:
        """Per payer: documents split on the day, its parts and the customers' parts (cents)."""
        stmt = (
            select(
                InvoicePayerPart.payer_name,
                func.count(InvoicePayerPart.id).label("documents"),
                func.sum(type_coerce(InvoicePayerPart.payer_amount, BigInteger)).label("payer_cents"),
                func.sum(type_coerce(InvoicePayerPart.customer_amount, BigInteger)).label("customer_cents"),
            )
            .join(Invoice, Invoice.id == InvoicePayerPart.invoice_id)
            .where(Invoice.shop_id == shop_id, Invoice.business_date == business_date)
            .group_by(InvoicePayerPart.payer_name)
            .order_by(InvoicePayerPart.payer_name)
        )
        return list(self.session.execute(stmt))

    def parts_of(self, invoice_ids: Sequence[uuid.UUID]) -> list[InvoicePayerPart]:
        if not invoice_ids:
            return []
        stmt = select(InvoicePayerPart).where(InvoicePayerPart.invoice_id.in_(list(invoice_ids)))
        return list(self.session.scalars(stmt))
