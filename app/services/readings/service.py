"""Vehicle readings: import a file (by a person, or by the machine), list them, preview a file.

An import is one transaction: either every reading of the file that is new
is stored (with the odometer readings and audit entries it brings) or
nothing is. Importing the same file again adds nothing: each reading's
natural key (vehicle, minute) is a unique constraint.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from app.db.models_readings import VehicleReading
from app.domain.errors import ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.readings import ReadingValues
from app.repositories.readings import ReadingRepository
from app.services.base import Service
from app.services.customers.dto import describe_vehicle
from app.services.readings import alert_kinds as _alert_kinds  # noqa: F401  (registers the reading rules)
from app.services.readings.codes import describe
from app.services.readings.dto import CodeView, ImportOptions, ImportResult, ReadingView, RecommendResult
from app.services.readings.formats import ParsedFile, parse_file
from app.services.readings.importer import result_of, sort_rows, store
from app.services.readings.recommend import recommend_code
from app.services.uow import UnitOfWork

RECENT_LIMIT = 500
SCAN_TOOL = "scan tool"
TELEMATICS = "telematics"


@dataclass(frozen=True)
class FilePreview:
    """What the import dialog shows before importing: the columns found, a few lines."""

    file_format: str
    headers: tuple[str, ...]
    columns: dict[str, str]
    rows: int
    has_vehicle_column: bool
    problem: str = ""


class ReadingService(Service):
    # --- importing -----------------------------------------------------------------------------
    def import_file(self, actor: Actor, data: bytes, file_name: str, options: ImportOptions) -> ImportResult:
        """A file chosen in the import dialog (or dropped into the watched folder of this terminal)."""
        require(actor, Action.IMPORT_READINGS)
        return self._import(actor.shop_id, actor, data, file_name, options)

    def import_for_machine(
        self, shop_id: uuid.UUID, data: bytes, file_name: str, options: ImportOptions
    ) -> ImportResult:
        """``baydesk readings import``: whoever runs it holds the database; recorded with no user."""
        return self._import(shop_id, None, data, file_name, options)

    def _import(
        self, shop_id: uuid.UUID, actor: Actor | None, data: bytes, file_name: str, options: ImportOptions
    ) -> ImportResult:
        parsed = parse_file(data, file_name, options.columns)
        if not parsed.rows:
            raise ValidationError({"file": f"{file_name} holds no readings"})
        one_car = options.vehicle_id is not None or bool(options.vin)
        source = options.source or (SCAN_TOOL if one_car else TELEMATICS)
        label = f"{source}: {parsed.file_format}"

        def work(uow: UnitOfWork) -> ImportResult:
            shop = uow.shops.get(shop_id)
            zone = ZoneInfo(shop.timezone if shop else "UTC")
            if options.vehicle_id and uow.vehicles.get(shop_id, options.vehicle_id) is None:
                raise ValidationError({"vehicle": "that vehicle no longer exists"})
            batch = sort_rows(uow, shop_id, parsed, zone, options)
            stored = store(uow, shop_id, actor, batch, label, file_name)
            uow.commit()
            return result_of(parsed, batch, stored, file_name)

        return self._write(work)

    @staticmethod
    def preview(data: bytes, file_name: str, columns: dict[str, str] | None = None) -> FilePreview:
        """The file read without storing anything (no database): the dialog's column mapping."""
        try:
            parsed = parse_file(data, file_name, columns)
        except ValidationError as exc:
            return FilePreview("", first_line(data), {}, 0, False, exc.message)
        return _preview(parsed)

    # --- reading -------------------------------------------------------------------------------
    def recent(self, actor: Actor, limit: int = RECENT_LIMIT) -> list[ReadingView]:
        """The shop's newest readings, every vehicle."""
        require(actor, Action.VIEW_READINGS)
        return self._read(lambda uow: _views(ReadingRepository(uow.session).recent(actor.shop_id, limit)))

    def for_vehicle(
        self, actor: Actor, vehicle_id: uuid.UUID, limit: int = RECENT_LIMIT
    ) -> list[ReadingView]:
        """One vehicle's readings, newest first (its history's time line)."""
        require(actor, Action.VIEW_CUSTOMERS)
        return self._read(
            lambda uow: _views(ReadingRepository(uow.session).recent(actor.shop_id, limit, vehicle_id))
        )

    # --- a code becomes work -------------------------------------------------------------------
    def recommend(self, actor: Actor, vehicle_id: uuid.UUID, code: str) -> RecommendResult:
        """A pending job on the vehicle's open work order, or kept for its next one."""
        require(actor, Action.RECOMMEND_FROM_READINGS)

        def work(uow: UnitOfWork) -> RecommendResult:
            result = recommend_code(uow, actor, vehicle_id, code.strip().upper())
            uow.commit()
            return result

        return self._write(work)


def first_line(data: bytes) -> tuple[str, ...]:
    text = data[:4096].decode("utf-8-sig", errors="replace").splitlines()
    if not text:
        return ()
    line = text[0]
    delimiter = max((",", ";", "\t"), key=line.count)
    return tuple(cell.strip() for cell in line.split(delimiter))


def _preview(parsed: ParsedFile) -> FilePreview:
    has_vehicle = any(f in parsed.columns for f in ("vin", "unit", "plate"))
    return FilePreview(
        parsed.file_format, parsed.headers, dict(parsed.columns), len(parsed.rows), has_vehicle
    )


def vehicle_label(year: int | None, make: str, model: str, unit: str, plate: str) -> str:
    parts = [describe_vehicle(year, make, model) or "Vehicle"]
    if unit:
        parts.append(f"unit {unit}")
    if plate:
        parts.append(plate)
    return " · ".join(parts)


def reading_view(row: VehicleReading, vehicle: str) -> ReadingView:
    values = ReadingValues(
        row.taken_at, row.odometer, row.battery_mv, row.fuel_tenths, row.coolant_tenths, None
    )
    codes = tuple(CodeView(code, describe(code)) for code in row.codes.split())
    return ReadingView(
        id=row.id,
        vehicle_id=row.vehicle_id,
        vehicle=vehicle,
        taken_at=row.taken_at,
        odometer=row.odometer,
        battery_volts=values.battery_volts,
        fuel_percent=values.fuel_percent,
        coolant_celsius=values.coolant_celsius,
        codes_read=row.codes_read,
        codes=codes,
        source=row.source,
        file_name=row.file_name,
        mileage_recorded=row.mileage_recorded,
    )


def _views(rows: list) -> list[ReadingView]:  # type: ignore[type-arg]
    return [
        reading_view(reading, vehicle_label(year, make, model, unit, plate))
        for reading, year, make, model, plate, unit in rows
    ]
