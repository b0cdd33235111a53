"""Work orders, their jobs and lines, authorizations, canned jobs and reminders.

A work order snapshots the pricing rules (tax rate, rounding, shop-supplies
rule, labor rate) it was written under: changing settings never re-prices an
estimate already given, unless the service writer asks for it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models, models_parts  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import Money, Rate, UTCDateTime, now_utc


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class WorkOrder(Base):
    __tablename__ = "work_orders"
    __table_args__ = (
        UniqueConstraint("shop_id", "number"),
        Index("ix_work_orders_shop_status", "shop_id", "status"),
        Index("ix_work_orders_vehicle_created", "vehicle_id", "created_at"),
        Index("ix_work_orders_shop_completed", "shop_id", "completed_at"),  # the bay board's "done today"
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    number: Mapped[int] = mapped_column(BigInteger)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    vehicle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vehicles.id"))
    status: Mapped[str] = mapped_column(String(20), default="estimate")
    hold_reason: Mapped[str] = mapped_column(String(200), default="")
    odometer_in: Mapped[int | None] = mapped_column(Integer)
    odometer_out: Mapped[int | None] = mapped_column(Integer)
    promised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    # pricing snapshot
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    tax_rate: Mapped[Decimal] = mapped_column(Rate)
    rounding: Mapped[str] = mapped_column(String(20))
    fee_rule: Mapped[str] = mapped_column(Text)  # JSON of app.domain.totals.FeeRule
    labor_rate: Mapped[Decimal] = mapped_column(Money)
    tax_exempt_number: Mapped[str] = mapped_column(String(50), default="")
    price_sheet: Mapped[str | None] = mapped_column(Text)  # JSON of the shop's PriceSheet, when it has one
    # authorization state
    authorized_total: Mapped[Decimal | None] = mapped_column(Money)
    needs_reauthorization: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_work_order_position", "work_order_id", "position"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    concern: Mapped[str] = mapped_column(Text, default="")
    cause: Mapped[str] = mapped_column(Text, default="")
    correction: Mapped[str] = mapped_column(Text, default="")
    technician_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(10), default="pending")  # pending/approved/declined
    changed_since_authorized: Mapped[bool] = mapped_column(Boolean, default=False)
    reminder_months: Mapped[int | None] = mapped_column(Integer)
    reminder_miles: Mapped[int | None] = mapped_column(Integer)
    copied_from_job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    # the price sheet's job type ("diagnostic", "warranty"...): picks the labor rate; "" the default
    job_type: Mapped[str] = mapped_column(String(40), default="", server_default="")


class WorkOrderLine(Base):
    __tablename__ = "work_order_lines"
    __table_args__ = (Index("ix_work_order_lines_job_position", "job_id", "position"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # labor/part/fee/sublet
    description: Mapped[str] = mapped_column(String(300))
    part_number: Mapped[str] = mapped_column(String(60), default="")
    condition: Mapped[str] = mapped_column(String(20), default="")
    quantity: Mapped[int] = mapped_column(BigInteger)  # thousandths (hours or units)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    unit_cost: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    taxable: Mapped[bool] = mapped_column(Boolean)
    discount_percent: Mapped[Decimal] = mapped_column(Rate, default=Decimal("0"))
    core_charge: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    vendor: Mapped[str] = mapped_column(String(100), default="")
    # the catalog part of a part line; None on a part typed by hand (a non-stock part)
    part_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("parts.id"))
    # thousandths of the part that have left the shelf for this line: every change of it
    # is a stock movement against the work order (app/services/parts/line_stock.py)
    allocated: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # the sheet's labor rate code a labor line was priced at; "" for a price typed by hand
    labor_rate_code: Mapped[str] = mapped_column(String(40), default="", server_default="")


class Authorization(Base):
    """Append-only: who authorized what, how, for how much (B&P Code 9884.9)."""

    __tablename__ = "authorizations"

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    authorized_by: Mapped[str] = mapped_column(String(100))
    relation: Mapped[str] = mapped_column(String(50), default="")
    method: Mapped[str] = mapped_column(String(20))
    phone_called: Mapped[str] = mapped_column(String(40), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    taken_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    amount: Mapped[Decimal] = mapped_column(Money)
    previous_amount: Mapped[Decimal] = mapped_column(Money)
    approved_jobs: Mapped[str] = mapped_column(Text)  # JSON list of job titles approved
    declined_jobs: Mapped[str] = mapped_column(Text)  # JSON list of job titles declined
    note: Mapped[str] = mapped_column(String(400), default="")


class CannedJob(Base):
    __tablename__ = "canned_jobs"
    __table_args__ = (UniqueConstraint("shop_id", "name"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    name: Mapped[str] = mapped_column(String(200))
    concern: Mapped[str] = mapped_column(Text, default="")
    lines: Mapped[str] = mapped_column(Text)  # JSON list of line templates
    reminder_months: Mapped[int | None] = mapped_column(Integer)
    reminder_miles: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    job_type: Mapped[str] = mapped_column(String(40), default="", server_default="")


class ServiceReminder(Base):
    """Due by date or by mileage, whichever comes first."""

    __tablename__ = "service_reminders"
    __table_args__ = (Index("ix_service_reminders_shop_due", "shop_id", "due_date"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    vehicle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vehicles.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    interval_months: Mapped[int | None] = mapped_column(Integer)
    interval_miles: Mapped[int | None] = mapped_column(Integer)
    last_done_on: Mapped[date | None] = mapped_column(Date)
    last_done_miles: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date)
    due_miles: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WorkOrderDiscount(Base):
    """A discount on one job (``job_id``) or on the whole ticket (``job_id`` None) of a work order.

    The price sheet prices it (``app.domain.ticket_pricing``): a percent of, or an
    amount off, the nets of the lines it covers, printed with its reason. At most
    one per job and one for the ticket; setting it again replaces it.
    """

    __tablename__ = "work_order_discounts"
    __table_args__ = (Index("ix_work_order_discounts_shop_work_order", "shop_id", "work_order_id"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"))
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id"))
    kind: Mapped[str] = mapped_column(String(10))  # app.domain.ticket_pricing.DiscountKind
    value: Mapped[Decimal] = mapped_column(Money)  # the percent (12.5 for 12.5 %) or the amount off
    reason: Mapped[str] = mapped_column(String(200))
    given_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))  # above the role's limit
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
