"""Vehicle readings (telematics, OBD-II scanners) and the jobs their trouble codes became.

``vehicle_readings`` is append-only: one row per vehicle per minute, its
natural key a unique constraint, so importing the same file twice adds
nothing the second time.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models, models_work_orders  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import UTCDateTime, now_utc


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class VehicleReading(Base):
    """What a vehicle reported at one minute: integer units (app/domain/readings.py)."""

    __tablename__ = "vehicle_readings"
    __table_args__ = (
        UniqueConstraint("shop_id", "vehicle_id", "taken_at"),  # the natural key of an import
        Index("ix_vehicle_readings_shop_taken_at", "shop_id", "taken_at"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    vehicle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vehicles.id"))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    odometer: Mapped[int | None] = mapped_column(Integer)  # miles
    battery_mv: Mapped[int | None] = mapped_column(Integer)
    fuel_tenths: Mapped[int | None] = mapped_column(Integer)  # tenths of a percent
    coolant_tenths: Mapped[int | None] = mapped_column(Integer)  # tenths of a degree Celsius
    codes_read: Mapped[bool] = mapped_column(Boolean, default=False)
    codes: Mapped[str] = mapped_column(String(400), default="")  # "P0301 P0420", sorted
    source: Mapped[str] = mapped_column(String(60))  # the format it came in
    file_name: Mapped[str] = mapped_column(String(255), default="")
    mileage_recorded: Mapped[bool] = mapped_column(Boolean, default=False)  # became an odometer reading
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    imported_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class CodeRecommendation(Base):
    """A trouble code turned into recommended work: on an open work order, or waiting for the next."""

    __tablename__ = "code_recommendations"
    __table_args__ = (
        # one recommendation waiting per vehicle and code
        Index(
            "uq_code_recommendations_waiting",
            "shop_id",
            "vehicle_id",
            "code",
            unique=True,
            sqlite_where=text("job_id IS NULL"),
            postgresql_where=text("job_id IS NULL"),
        ),
        Index("ix_code_recommendations_vehicle_id", "vehicle_id"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    vehicle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vehicles.id"))
    code: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    concern: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("work_orders.id"))
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id"))
    attached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
