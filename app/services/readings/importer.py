"""From a parsed file to stored readings: values checked, vehicles found, one reading per minute.

Inside the import's one transaction: the vehicles concerned are locked in
id order (so two terminals importing overlapping files never deadlock), each
reading is inserted unless its natural key is there already, and a vehicle
whose odometer went up gets one odometer reading (source recorded) so its
mileage reminders fall due; a lower odometer in a file is kept on the
reading only, never as the vehicle's mileage.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from app.db.models import OdometerReading, Vehicle
from app.db.types import now_utc
from app.domain.contact import plate_key
from app.domain.permissions import Actor
from app.domain.readings import (
    ReadingError,
    ReadingValues,
    battery_millivolts,
    codes_in,
    coolant_tenths,
    fuel_tenths,
    merge,
    minute_of,
    odometer_miles,
    parse_moment,
    parse_number,
)
from app.domain.vin import normalize_vin
from app.repositories.readings import ReadingRepository
from app.services.readings.dto import ImportOptions, ImportResult
from app.services.readings.formats import ParsedFile, SourceRow
from app.services.uow import UnitOfWork

MAX_PROBLEMS = 50
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\s*[AaPp][Mm])?$")


@dataclass(frozen=True)
class VehicleKey:
    vin: str = ""
    unit: str = ""
    plate: str = ""

    def label(self) -> str:
        return self.vin or (f"unit {self.unit}" if self.unit else f"plate {self.plate}" if self.plate else "")


@dataclass
class Batch:
    """The readings of a file by vehicle and minute, and the lines that could not be read."""

    readings: dict[tuple[uuid.UUID, datetime], list[ReadingValues]] = field(
        default_factory=lambda: defaultdict(list)
    )
    problems: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)


def reading_of(row: SourceRow, zone: tzinfo, options: ImportOptions) -> ReadingValues:
    """One line's values in stored units; ReadingError names what is wrong."""
    cells = row.cells
    unit = options.units

    def text(name: str) -> str:
        return cells[name][0] if name in cells else ""

    def unit_of(name: str, default: str) -> str:
        return unit.get(name) or (cells[name][1] if name in cells else "") or default

    when = text("time")
    if text("date") and (not when or _CLOCK.match(when)):
        when = f"{text('date')} {when or '00:00'}"
    found: dict[str, object] = {}
    if text("odometer"):
        distance = parse_number(text("odometer"), "odometer")
        found["odometer"] = odometer_miles(distance, unit_of("odometer", "mi"))
    if text("battery"):
        found["battery_mv"] = battery_millivolts(parse_number(text("battery"), "battery voltage"))
    if text("fuel"):
        found["fuel_tenths"] = fuel_tenths(parse_number(text("fuel"), "fuel level"))
    if text("coolant"):
        temperature = parse_number(text("coolant"), "coolant temperature")
        found["coolant_tenths"] = coolant_tenths(temperature, unit_of("coolant", "C"))
    if "codes" in cells:
        found["codes"] = codes_in(text("codes"))
    values = ReadingValues(minute_of(parse_moment(when, zone, options.date_order)), **found)  # type: ignore[arg-type]
    if not values.has_values():
        raise ReadingError("no odometer, battery, fuel, coolant or trouble codes on the line")
    return values


def key_of(row: SourceRow) -> VehicleKey:
    cells = row.cells
    vin = normalize_vin(cells["vin"][0]) if "vin" in cells else ""
    unit = cells["unit"][0].strip().upper() if "unit" in cells else ""
    plate = plate_key(cells["plate"][0]) if "plate" in cells else ""
    return VehicleKey(vin, unit, plate)


def sort_rows(
    uow: UnitOfWork, shop_id: uuid.UUID, parsed: ParsedFile, zone: tzinfo, options: ImportOptions
) -> Batch:
    """Every line read, checked and put under its vehicle and minute."""
    batch = Batch()
    fixed = VehicleKey(vin=normalize_vin(options.vin)) if options.vin else None
    keyed: list[tuple[SourceRow, VehicleKey]] = [(row, fixed or key_of(row)) for row in parsed.rows]
    vehicles = _Vehicles(uow, shop_id, [key for _row, key in keyed])
    for row, key in keyed:
        try:
            values = reading_of(row, zone, options)
        except ReadingError as exc:
            batch.problem(f"line {row.line}: {exc}")
            continue
        vehicle_id = options.vehicle_id or vehicles.find(key)
        if vehicle_id is None:
            batch.problem(f"line {row.line}: {vehicles.why_not(key)}")
            continue
        batch.readings[(vehicle_id, values.taken_at)].append(values)
    return batch


class _Vehicles:
    """The shop's vehicles named in the file: by VIN first, then fleet unit number, then plate."""

    def __init__(self, uow: UnitOfWork, shop_id: uuid.UUID, keys: list[VehicleKey]) -> None:
        rows = ReadingRepository(uow.session).vehicles_by(
            shop_id,
            {k.vin for k in keys if k.vin},
            {k.unit for k in keys if k.unit},
            {k.plate for k in keys if k.plate},
        )
        self.by_vin: dict[str, list[uuid.UUID]] = defaultdict(list)
        self.by_unit: dict[str, list[uuid.UUID]] = defaultdict(list)
        self.by_plate: dict[str, list[uuid.UUID]] = defaultdict(list)
        for vehicle_id, vin, unit, plate in rows:
            if vin:
                self.by_vin[vin].append(vehicle_id)
            if unit:
                self.by_unit[unit.upper()].append(vehicle_id)
            if plate:
                self.by_plate[plate].append(vehicle_id)

    def find(self, key: VehicleKey) -> uuid.UUID | None:
        for table, value in ((self.by_vin, key.vin), (self.by_unit, key.unit), (self.by_plate, key.plate)):
            if value and len(table.get(value, [])) == 1:
                return table[value][0]
        return None

    def why_not(self, key: VehicleKey) -> str:
        if not key.label():
            return (
                "no VIN, unit number or plate to find the vehicle by (choose the vehicle for a one-car log)"
            )
        tables = ((self.by_unit, key.unit), (self.by_plate, key.plate))
        several = [value for table, value in tables if value and len(table.get(value, [])) > 1]
        if several:
            return f"several vehicles have {several[0]}; add the VIN to the file"
        return f"no vehicle with {key.label()} in this shop"


def store(
    uow: UnitOfWork,
    shop_id: uuid.UUID,
    actor: Actor | None,
    batch: Batch,
    source: str,
    file_name: str,
) -> tuple[int, int, int, set[str]]:
    """Insert the batch; (added, already there, vehicles whose odometer went up, codes added)."""
    repo = ReadingRepository(uow.session)
    user_id = actor.user_id if actor else None
    by_vehicle: dict[uuid.UUID, list[ReadingValues]] = defaultdict(list)
    for (vehicle_id, _minute), samples in batch.readings.items():
        by_vehicle[vehicle_id].append(merge(samples))
    added = already = raised_mileage = 0
    codes: set[str] = set()
    for vehicle_id in sorted(by_vehicle):  # the lock order every import takes
        vehicle = uow.vehicles.get(shop_id, vehicle_id, for_update=True)
        if vehicle is None:
            continue
        readings = sorted(by_vehicle[vehicle_id], key=lambda r: r.taken_at)
        mileage = _mileage_reading(vehicle, readings)
        rows = [_row(shop_id, vehicle_id, user_id, r, source, file_name, r is mileage) for r in readings]
        inserted = repo.add_new(vehicle_id, rows)
        new = [r for r in readings if r.taken_at in inserted]
        codes.update(code for r in new for code in r.codes or ())
        if mileage is not None and mileage.taken_at not in inserted:
            mileage = None  # stored before: the vehicle's odometer already came from it
        added, already = added + len(new), already + len(readings) - len(new)
        if mileage is not None and mileage.odometer is not None:
            _record_mileage(uow, shop_id, actor, vehicle, mileage, source)
            raised_mileage += 1
        if new:
            seen = sorted({c for r in new for c in r.codes or ()})
            after = {"file": file_name, "readings": len(new), "codes": seen}
            uow.record(actor, shop_id, "vehicle_readings", vehicle_id, "import", None, after)
    return added, already, raised_mileage, codes


def _mileage_reading(vehicle: Vehicle, readings: list[ReadingValues]) -> ReadingValues | None:
    """The newest reading whose odometer is above the vehicle's: it becomes the vehicle's mileage."""
    with_odometer = [r for r in readings if r.odometer is not None]
    if not with_odometer:
        return None
    newest = with_odometer[-1]
    assert newest.odometer is not None
    return newest if vehicle.odometer is None or newest.odometer > vehicle.odometer else None


def _row(
    shop_id: uuid.UUID,
    vehicle_id: uuid.UUID,
    user_id: uuid.UUID | None,
    reading: ReadingValues,
    source: str,
    file_name: str,
    mileage: bool,
) -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "shop_id": shop_id,
        "vehicle_id": vehicle_id,
        "taken_at": reading.taken_at,
        "odometer": reading.odometer,
        "battery_mv": reading.battery_mv,
        "fuel_tenths": reading.fuel_tenths,
        "coolant_tenths": reading.coolant_tenths,
        "codes_read": reading.codes is not None,
        "codes": " ".join(reading.codes or ()),
        "source": source[:60],
        "file_name": file_name[:255],
        "mileage_recorded": mileage,
        "imported_at": now_utc(),
        "imported_by": user_id,
    }


def _record_mileage(
    uow: UnitOfWork,
    shop_id: uuid.UUID,
    actor: Actor | None,
    vehicle: Vehicle,
    reading: ReadingValues,
    source: str,
) -> None:
    """The same record the front desk's odometer entry makes, with the source.

    It is dated now, like every odometer entry, so the vehicle's readings stay
    in the order its odometer took them; the reading keeps the time it was taken.
    """
    assert reading.odometer is not None
    before = vehicle.odometer
    uow.vehicles.add_reading(
        OdometerReading(
            shop_id=shop_id,
            vehicle_id=vehicle.id,
            reading=reading.odometer,
            lower_reason="",
            source=source[:30],
            recorded_by=actor.user_id if actor else None,
        )
    )
    vehicle.odometer = reading.odometer
    vehicle.version += 1
    vehicle.updated_at = now_utc()
    after = {"odometer": reading.odometer, "source": source}
    uow.record(actor, shop_id, "odometer_readings", vehicle.id, "record", {"odometer": before}, after)


def result_of(
    parsed: ParsedFile, batch: Batch, stored: tuple[int, int, int, set[str]], file_name: str
) -> ImportResult:
    added, already, mileage, codes = stored
    return ImportResult(
        file_name=file_name,
        file_format=parsed.file_format,
        columns=dict(parsed.columns),
        rows=len(parsed.rows),
        added=added,
        already_there=already,
        vehicles=len({vehicle_id for vehicle_id, _minute in batch.readings}),
        mileage_updated=mileage,
        codes=tuple(sorted(codes)),
        problems=tuple(batch.problems),
    )
