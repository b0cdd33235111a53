"""A second payer (an insurer or a warranty company) on a work order and on what it invoiced.

``work_order_payers``: at most one per work order, set and cleared in the
work order editor while the order is open: which account customer pays, the
claim or contract number, the adjuster, the customer's deductible, the amount
the payer approved (none: no cap) and which jobs and lines it covers (JSON
lists of ids).

``invoice_payer_parts`` (append-only): the split as it was posted, one row per
invoice or credit note that has a payer part: the terms snapshotted, what was
covered, and the two parts (negative on a credit note). payer + customer =
the document's total. The payer's part is charged to the payer's account at
posting (a ``payments`` row of method ``account`` naming the payer), so its
balance, A/R and aging are the payer's, beside the customer's own.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models, models_invoicing, models_work_orders  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import Money, UTCDateTime, now_utc

ZERO = Decimal("0")


class WorkOrderPayer(Base):
    __tablename__ = "work_order_payers"
    __table_args__ = (UniqueConstraint("work_order_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"))
    payer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(20), default="insurance")  # insurance / warranty
    claim_number: Mapped[str] = mapped_column(String(60), default="")  # or the warranty contract
    adjuster: Mapped[str] = mapped_column(String(200), default="")
    deductible: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    approval: Mapped[Decimal | None] = mapped_column(Money)
    covered_job_ids: Mapped[str] = mapped_column(Text, default="[]")
    covered_line_ids: Mapped[str] = mapped_column(Text, default="[]")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class InvoicePayerPart(Base):
    __tablename__ = "invoice_payer_parts"
    __table_args__ = (UniqueConstraint("invoice_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"))
    payer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    payer_name: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(20), default="insurance")
    claim_number: Mapped[str] = mapped_column(String(60), default="")
    adjuster: Mapped[str] = mapped_column(String(200), default="")
    deductible_agreed: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    approval: Mapped[Decimal | None] = mapped_column(Money)
    covered: Mapped[Decimal] = mapped_column(Money, default=ZERO)  # covered lines with their tax
    covered_tax: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    deductible: Mapped[Decimal] = mapped_column(Money, default=ZERO)  # as it applied
    over_approval: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    payer_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    customer_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    covered_line_ids: Mapped[str] = mapped_column(Text, default="[]")  # the invoice lines covered
