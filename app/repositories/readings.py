"""Vehicle readings and code recommendations: find the vehicle, insert once, read the latest.

An import inserts with ``ON CONFLICT DO NOTHING`` on the natural key (shop,
vehicle, minute): a reading already there is skipped by the database, so two
terminals importing the same file at once still store it once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, func, or_, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.db.models import Vehicle
from app.db.models_readings import CodeRecommendation, VehicleReading
from app.repositories.base import Repository

VEHICLE_COLUMNS = (Vehicle.year, Vehicle.make, Vehicle.model, Vehicle.plate, Vehicle.unit_number)


class ReadingRepository(Repository):
    # --- which vehicle a line of a file is about ----------------------------------------------
    def vehicles_by(
        self, shop_id: uuid.UUID, vins: Iterable[str], units: Iterable[str], plates: Iterable[str]
    ) -> list[Any]:
        """Live vehicles whose VIN, fleet unit number (upper case) or plate key is asked for."""
        wanted_vins, wanted_units, wanted_plates = set(vins), set(units), set(plates)
        conditions: list[ColumnElement[bool]] = []
        if wanted_vins:
            conditions.append(Vehicle.vin.in_(wanted_vins))
        if wanted_units:
            conditions.append(
                and_(Vehicle.unit_number != "", func.upper(Vehicle.unit_number).in_(wanted_units))
            )
        if wanted_plates:
            conditions.append(Vehicle.plate_key.in_(wanted_plates))
        if not conditions:
            return []
        stmt = select(Vehicle.id, Vehicle.vin, Vehicle.unit_number, Vehicle.plate_key).where(
            Vehicle.shop_id == shop_id, Vehicle.deleted_at.is_(None), or_(*conditions)
        )
        return list(self.session.execute(stmt))

    # --- writing -------------------------------------------------------------------------------
    def add_new(self, vehicle_id: uuid.UUID, rows: list[dict[str, Any]]) -> set[datetime]:
        """Insert one vehicle's readings; the minutes of those that were new (the others were there).

        The caller holds the vehicle's row lock, so no other import of this
        vehicle runs meanwhile: the readings already stored are read first and
        only the others are sent, in one statement compiled once (ON CONFLICT
        DO NOTHING stays as the database's own guard). A fleet's telematics
        export is tens of thousands of lines.
        """
        if not rows:
            return set()
        table = cast(Table, VehicleReading.__table__)
        stored = select(table.c.taken_at).where(
            table.c.shop_id == rows[0]["shop_id"],
            table.c.vehicle_id == vehicle_id,
            table.c.taken_at.between(min(r["taken_at"] for r in rows), max(r["taken_at"] for r in rows)),
        )
        there = set(self.session.connection().execute(stored).scalars())
        new = [row for row in rows if row["taken_at"] not in there]
        if new:
            dialect = self.session.get_bind().dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            stmt = insert(table).on_conflict_do_nothing(index_elements=["shop_id", "vehicle_id", "taken_at"])
            self.session.connection().execute(stmt, new)
        return {row["taken_at"] for row in new}

    def add_recommendation(self, row: CodeRecommendation) -> None:
        self.session.add(row)
        self.session.flush()

    # --- reading -------------------------------------------------------------------------------
    def get(self, shop_id: uuid.UUID, reading_id: uuid.UUID) -> VehicleReading | None:
        stmt = select(VehicleReading).where(
            VehicleReading.shop_id == shop_id, VehicleReading.id == reading_id
        )
        return self.session.scalar(stmt)

    def recent(self, shop_id: uuid.UUID, limit: int, vehicle_id: uuid.UUID | None = None) -> list[Any]:
        """Readings newest first, with the vehicle they belong to."""
        stmt = (
            select(VehicleReading, *VEHICLE_COLUMNS)
            .join(Vehicle, Vehicle.id == VehicleReading.vehicle_id)
            .where(VehicleReading.shop_id == shop_id)
        )
        if vehicle_id is not None:
            stmt = stmt.where(VehicleReading.vehicle_id == vehicle_id)
        order = (VehicleReading.taken_at.desc(), Vehicle.make, Vehicle.model, Vehicle.unit_number)
        return list(self.session.execute(stmt.order_by(*order).limit(limit)))

    def latest_per_vehicle(self, shop_id: uuid.UUID, since: datetime, quantity: str) -> list[Any]:
        """Each vehicle's newest reading since ``since`` that reports ``quantity``.

        ``quantity`` is "codes" (a scan that read trouble codes, found or not),
        "battery", "coolant" or "fuel".
        """
        reports = {
            "codes": VehicleReading.codes_read.is_(True),
            "battery": VehicleReading.battery_mv.is_not(None),
            "coolant": VehicleReading.coolant_tenths.is_not(None),
            "fuel": VehicleReading.fuel_tenths.is_not(None),
        }[quantity]
        # Two small steps, not one join: each is an index range whatever the table's statistics say.
        newest = (
            select(VehicleReading.vehicle_id, func.max(VehicleReading.taken_at))
            .where(VehicleReading.shop_id == shop_id, VehicleReading.taken_at >= since, reports)
            .group_by(VehicleReading.vehicle_id)
        )
        pairs = [(vehicle_id, taken_at) for vehicle_id, taken_at in self.session.execute(newest)]
        if not pairs:
            return []
        stmt = (
            select(VehicleReading, *VEHICLE_COLUMNS)
            .join(Vehicle, Vehicle.id == VehicleReading.vehicle_id)
            .where(
                VehicleReading.shop_id == shop_id,
                tuple_(VehicleReading.vehicle_id, VehicleReading.taken_at).in_(pairs),
                Vehicle.deleted_at.is_(None),
            )
        )
        return list(self.session.execute(stmt))

    def recommendations(self, shop_id: uuid.UUID, vehicle_id: uuid.UUID) -> list[CodeRecommendation]:
        stmt = (
            select(CodeRecommendation)
            .where(CodeRecommendation.shop_id == shop_id, CodeRecommendation.vehicle_id == vehicle_id)
            .order_by(CodeRecommendation.requested_at)
        )
        return list(self.session.scalars(stmt))

    def waiting(self, shop_id: uuid.UUID, vehicle_id: uuid.UUID) -> list[CodeRecommendation]:
        """Recommendations kept for the vehicle's next work order, locked while they are attached."""
        stmt = (
            select(CodeRecommendation)
            .where(
                CodeRecommendation.shop_id == shop_id,
                CodeRecommendation.vehicle_id == vehicle_id,
                CodeRecommendation.job_id.is_(None),
            )
            .order_by(CodeRecommendation.id)
            .with_for_update()
        )
        return list(self.session.scalars(stmt))
