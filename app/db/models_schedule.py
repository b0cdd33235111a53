"""Appointments, the rows a booking locks, technicians' working hours, days off and closed days.

A booking locks one ``schedule_day_locks`` row per shop, bay and technician
and day it touches (``SELECT ... FOR UPDATE``; SQLite writes are ``BEGIN
IMMEDIATE``) before it adds up the hours booked there, so two terminals
booking the last hour of a bay cannot both get it. The rows are made the
first time a day is booked and hold nothing else.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models, models_bays, models_work_orders  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import UTCDateTime, now_utc


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class Appointment(Base):
    """A car expected at the shop: who, what for, when, for how long, where and by whom."""

    __tablename__ = "appointments"
    __table_args__ = (
        Index("ix_appointments_shop_day", "shop_id", "day"),
        Index("ix_appointments_shop_status_day", "shop_id", "status", "day"),
        Index("ix_appointments_vehicle", "vehicle_id"),
        Index("ix_appointments_reminder", "reminder_id"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    vehicle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vehicles.id"))
    concern: Mapped[str] = mapped_column(Text, default="")
    day: Mapped[date] = mapped_column(Date)  # the drop-off's day on the shop's calendar
    drop_off_at: Mapped[datetime] = mapped_column(UTCDateTime)
    promised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expected_hours: Mapped[int] = mapped_column(BigInteger)  # thousandths
    bay_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service_bays.id"))
    technician_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    waiting: Mapped[bool] = mapped_column(Boolean, default=False)  # waits at the shop, or drops off
    source: Mapped[str] = mapped_column(String(10))  # phone / walk_in / reminder
    reminder_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service_reminders.id"))
    status: Mapped[str] = mapped_column(String(12), default="booked")  # booked/arrived/no_show/cancelled
    status_note: Mapped[str] = mapped_column(String(200), default="")  # why cancelled, a no-show's note
    override_reason: Mapped[str] = mapped_column(String(200), default="")
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("work_orders.id"))
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class ScheduleDayLock(Base):
    """The row a booking locks for one shop, bay or technician on one day (see the module's docstring)."""

    __tablename__ = "schedule_day_locks"
    __table_args__ = (UniqueConstraint("shop_id", "day", "resource_kind", "resource_id"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    day: Mapped[date] = mapped_column(Date)
    resource_kind: Mapped[str] = mapped_column(String(12))  # shop / bay / technician
    resource_id: Mapped[uuid.UUID] = mapped_column(Uuid)


class TechnicianHours(Base):
    """A weekday a technician works, and from when to when. A technician with no rows works the bays' hours."""

    __tablename__ = "technician_hours"
    __table_args__ = (UniqueConstraint("user_id", "weekday"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)


class TechnicianDayOff(Base):
    __tablename__ = "technician_days_off"
    __table_args__ = (
        UniqueConstraint("user_id", "day"),
        Index("ix_technician_days_off_shop_day", "shop_id", "day"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class ShopClosedDay(Base):
    """A day the whole shop is closed (a holiday, a stocktake): no bay or technician hours."""

    __tablename__ = "shop_closed_days"
    __table_args__ = (UniqueConstraint("shop_id", "day"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
