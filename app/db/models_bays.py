"""Service bays, assignments, bay status history, technician time and inspection items.

``bay_status_logs`` is append-only (see APPEND_ONLY_TABLES): a bay's history
is written once and never changed. A job clock that is paused and resumed is
several ``time_entries`` rows; the one that ends with ``end_reason`` "finish"
closes the job for that technician.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models, models_parts, models_work_orders  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import UTCDateTime, now_utc


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class ServiceBay(Base):
    __tablename__ = "service_bays"
    __table_args__ = (UniqueConstraint("shop_id", "name"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    area: Mapped[str] = mapped_column(String(60), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    equipment: Mapped[str] = mapped_column(Text, default="")  # one item a line
    status: Mapped[str] = mapped_column(String(20), default="active")  # active/inactive/maintenance
    status_note: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class BayAssignment(Base):
    __tablename__ = "bay_assignments"
    __table_args__ = (
        Index("ix_bay_assignments_bay_status", "bay_id", "status"),
        Index("ix_bay_assignments_shop_status", "shop_id", "status"),
        Index("ix_bay_assignments_work_order", "work_order_id"),
        Index("ix_bay_assignments_shop_ended", "shop_id", "ended_at"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    bay_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_bays.id"))
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"))
    technician_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="assigned")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(String(400), default="")
    override_reason: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class BayStatusLog(Base):
    """Append-only: every change of a bay's status, and every car in and out."""

    __tablename__ = "bay_status_logs"
    __table_args__ = (Index("ix_bay_status_logs_bay_at", "bay_id", "at"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    bay_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_bays.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    event: Mapped[str] = mapped_column(String(20))  # status / assigned / released / moved_in / moved_out
    old_status: Mapped[str] = mapped_column(String(20), default="")
    new_status: Mapped[str] = mapped_column(String(20), default="")
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("work_orders.id"))
    details: Mapped[str] = mapped_column(String(400), default="")


class TimeEntry(Base):
    """A span of a technician's time: ``kind`` "shift" (attendance) or "job" (on one job)."""

    __tablename__ = "time_entries"
    __table_args__ = (
        Index("ix_time_entries_user_open", "shop_id", "user_id", "ended_at"),
        Index("ix_time_entries_shop_started", "shop_id", "started_at"),
        Index("ix_time_entries_work_order", "work_order_id"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(10))
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("work_orders.id"))
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str] = mapped_column(String(20), default="")  # pause/switch/finish/clock_out
    note: Mapped[str] = mapped_column(String(400), default="")


class InspectionItem(Base):
    """A finding on the car: item, condition, note, and an optional photo (bytes, size-limited)."""

    __tablename__ = "inspection_items"

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id"))
    item: Mapped[str] = mapped_column(String(200))
    condition: Mapped[str] = mapped_column(String(10))  # good / soon / now
    note: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)
    photo_type: Mapped[str] = mapped_column(String(10), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class PartsRequest(Base):
    """A part asked for from the bay; the parts counter fills it."""

    __tablename__ = "parts_requests"
    __table_args__ = (Index("ix_parts_requests_shop_status", "shop_id", "status"),)  # the counter's queue

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"), index=True)
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id"))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(BigInteger)  # thousandths
    note: Mapped[str] = mapped_column(String(400), default="")
    status: Mapped[str] = mapped_column(String(20), default="requested")  # requested/filled/cancelled
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    # how the parts counter closed it: the part allocated, or why it was cancelled
    part_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("parts.id"))
    closed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_note: Mapped[str] = mapped_column(String(400), default="", server_default="")
