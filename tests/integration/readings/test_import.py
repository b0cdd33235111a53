"""Importing readings on both databases: every accepted layout, twice, and nothing doubles."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import text

from app.db.engine import Database
from app.domain.errors import ValidationError
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.readings.dto import ImportOptions
from tests.integration.readings.reading_support import (
    TRUCK,
    VAN,
    Fleet,
    add_fleet,
    json_array,
    json_by_vehicle,
    json_lines,
    mapped_csv,
    scan_tool_log,
    telematics_csv,
)

LAYOUTS: dict[str, Callable[[Fleet], tuple[str, bytes, ImportOptions, int]]] = {
    "telematics CSV": lambda fleet: telematics_csv(),
    "scan-tool CSV log": lambda fleet: scan_tool_log(fleet.van),
    "JSON array": lambda fleet: json_array(),
    "JSON grouped by vehicle": lambda fleet: json_by_vehicle(),
    "JSON lines": lambda fleet: json_lines(),
    "CSV with a column mapping": lambda fleet: mapped_csv(),
}


def counts(db: Database) -> tuple[int, int, int]:
    with db.engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in ("vehicle_readings", "odometer_readings", "audit_log")
        )


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_each_layout_imports_once_and_a_second_import_adds_nothing(
    services: Services, db: Database, desk: Actor, layout: str
) -> None:
    fleet = add_fleet(services, desk)
    name, data, options, readings = LAYOUTS[layout](fleet)
    first = services.readings.import_file(desk, data, name, options)
    assert (first.added, first.already_there, first.problems) == (readings, 0, ())
    after_first = counts(db)
    second = services.readings.import_file(desk, data, name, options)
    assert (second.added, second.already_there, second.mileage_updated) == (0, readings, 0)
    assert counts(db) == after_first  # no reading, odometer reading or audit entry twice
    assert len(services.readings.recent(desk)) == readings


def test_a_telematics_export_is_read_in_the_shops_units(services: Services, desk: Actor) -> None:
    fleet = add_fleet(services, desk)
    name, data, options, _ = telematics_csv()
    result = services.readings.import_file(desk, data, name, options)
    assert result.columns["odometer"] == "Odometer (km)" and result.file_format == "CSV"
    newest = services.readings.for_vehicle(desk, fleet.van)[0]
    assert newest.odometer == 41_097  # 66,140 km is 41,097.49 mi
    assert newest.coolant_celsius == Decimal("91.7")  # 197 °F
    assert [(c.code, c.description) for c in newest.codes] == [("P0301", "Cylinder 1 Misfire Detected")]
    assert newest.vehicle == "2020 Ford Transit · unit 12" and newest.source == "telematics: CSV"


def test_scan_tool_samples_of_one_minute_become_one_reading(services: Services, desk: Actor) -> None:
    fleet = add_fleet(services, desk)
    name, data, options, _ = scan_tool_log(fleet.van)
    services.readings.import_file(desk, data, name, options)
    readings = services.readings.for_vehicle(desk, fleet.van)
    assert [r.taken_at.strftime("%H:%M") for r in readings] == ["15:02", "15:01", "15:00"]  # 07:0x Pacific
    assert [(r.battery_volts, r.coolant_celsius) for r in readings] == [
        (Decimal("14.2"), Decimal("90")),
        (Decimal("14.1"), Decimal("89")),
        (Decimal("14"), Decimal("88")),
    ]
    assert [c.code for c in readings[0].codes] == ["P0301", "P0420"]
    assert readings[0].source == "scan tool: CSV"


def test_a_higher_odometer_becomes_the_vehicles_mileage_and_a_lower_one_does_not(
    services: Services, desk: Actor
) -> None:
    fleet = add_fleet(services, desk)
    name, data, options, _ = json_lines()
    result = services.readings.import_file(desk, data, name, options)
    assert result.mileage_updated == 2
    van = services.customers.vehicle_history(desk, fleet.van)
    assert van.vehicle.odometer == 41_110
    assert [(r.reading, r.source) for r in van.readings][:1] == [(41_110, "telematics: JSON lines")]
    older = b'[{"vin": "%s", "time": "2026-11-01T10:00:00Z", "odometer": 39000}]' % VAN.encode()
    again = services.readings.import_file(desk, older, "old.json", ImportOptions())
    assert (again.added, again.mileage_updated) == (1, 0)
    assert services.customers.vehicle_history(desk, fleet.van).vehicle.odometer == 41_110


def test_lines_that_cannot_be_read_are_named_and_the_rest_imported(services: Services, desk: Actor) -> None:
    add_fleet(services, desk)
    data = (
        "VIN,Time,Odometer\n"
        f"{VAN},2026-11-30 08:00,41100\n"
        "1HGCM82633A004352,2026-11-30 08:00,1000\n"
        f"{TRUCK},03/04/2026 08:00,20100\n"
        f"{TRUCK},2026-11-30 09:00,lots\n"
    ).encode()
    result = services.readings.import_file(desk, data, "mixed.csv", ImportOptions())
    assert result.added == 1
    assert result.problems == (
        "line 3: no vehicle with 1HGCM82633A004352 in this shop",
        "line 4: date '03/04/2026' could be day/month or month/day; say which (mdy or dmy)",
        "line 5: odometer 'lots' is not a number",
    )


def test_a_file_without_a_recognised_header_asks_for_a_mapping(services: Services, desk: Actor) -> None:
    add_fleet(services, desk)
    data = b"Fahrzeug;Zeitpunkt;KM-Stand\nX;30/11/2026 14:05;66200\n"
    with pytest.raises(ValidationError, match="map the columns"):
        services.readings.import_file(desk, data, "unknown.csv", ImportOptions())
    preview = services.readings.preview(data, "unknown.csv")
    assert preview.headers == ("Fahrzeug", "Zeitpunkt", "KM-Stand") and "map the columns" in preview.problem


def test_the_command_line_imports_as_the_machine(services: Services, db: Database, desk: Actor) -> None:
    add_fleet(services, desk)
    name, data, options, readings = json_array()
    result = services.readings.import_for_machine(desk.shop_id, data, name, options)
    assert result.added == readings
    with db.engine.connect() as conn:
        users = conn.execute(text("SELECT DISTINCT imported_by FROM vehicle_readings")).scalars().all()
    assert users == [None]
    assert [r.ok for r in services.audit.verify()] == [True]
