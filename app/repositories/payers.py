"""A work order's second payer and the payer's part of posted documents."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from app.db.models_payers import InvoicePayerPart, WorkOrderPayer
from app.repositories.base import Repository


class PayerRepository(Repository):
    def for_work_order(
        self, shop_id: uuid.UUID, work_order_id: uuid.UUID, *, for_update: bool = False
    ) -> WorkOrderPayer | None:
        stmt = select(WorkOrderPayer).where(
            WorkOrderPayer.shop_id == shop_id, WorkOrderPayer.work_order_id == work_order_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def add(self, row: WorkOrderPayer | InvoicePayerPart) -> None:
        self.session.add(row)

    def remove(self, row: WorkOrderPayer) -> None:
        self.session.delete(row)

    def part(self, invoice_id: uuid.UUID) -> InvoicePayerPart | None:
        return self.session.scalar(select(InvoicePayerPart).where(InvoicePayerPart.invoice_id == invoice_id))

    def parts_of(self, invoice_ids: Sequence[uuid.UUID]) -> list[InvoicePayerPart]:
        if not invoice_ids:
            return []
        stmt = select(InvoicePayerPart).where(InvoicePayerPart.invoice_id.in_(list(invoice_ids)))
        return list(self.session.scalars(stmt))
