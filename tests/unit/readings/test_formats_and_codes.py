"""Column names as tools write them, file layouts, and the shipped trouble-code table."""

from __future__ import annotations

import pytest

from app.domain.errors import ValidationError
from app.services.readings.codes import describe, generic_codes
from app.services.readings.formats import match_header, parse_file


@pytest.mark.parametrize(
    ("header", "found"),
    [
        ("Odometer (km)", ("odometer", "km")),
        ("odometer_mi", ("odometer", "mi")),
        ("Engine Coolant Temperature(°F)", ("coolant", "F")),
        ("engineCoolantTemperature", ("coolant", "")),
        ("Voltage (Control Module)(V)", ("battery", "V")),
        ("Battery voltage [V]", ("battery", "V")),
        ("Fuel Level (%)", ("fuel", "%")),
        ("Unit #", ("unit", "")),
        ("licensePlate", ("plate", "")),
        ("Active DTCs", ("codes", "")),
        ("Device Time", ("time", "")),
        ("Speed (km/h)", None),
    ],
)
def test_column_names_are_recognised_whatever_the_tool_calls_them(
    header: str, found: tuple[str, str] | None
) -> None:
    assert match_header(header) == found


def test_a_csv_title_line_above_the_header_is_skipped() -> None:
    parsed = parse_file(b"Session 14\nTime;Odometer\n2026-11-30 07:00;41000\n", "log.csv")
    assert (parsed.file_format, parsed.columns, [r.line for r in parsed.rows]) == (
        "CSV",
        {"time": "Time", "odometer": "Odometer"},
        [3],
    )


def test_an_empty_codes_cell_means_read_and_none_found() -> None:
    parsed = parse_file(b"time,dtc\n2026-11-30 07:00,\n", "scan.csv")
    assert parsed.rows[0].cells["codes"] == ("", "")


def test_json_readings_inherit_their_vehicle_and_keep_value_units() -> None:
    data = b'{"vehicles": [{"vin": "V1", "readings": [{"t": 1, "time": "x", "odometer": {"value": 9, "unit": "km"}}]}]}'
    [row] = parse_file(data, "export.json").rows
    assert row.cells == {"vin": ("V1", ""), "time": ("x", ""), "odometer": ("9", "km")}


def test_a_mapping_names_a_column_the_file_does_not_have() -> None:
    with pytest.raises(ValidationError, match="no column 'Zeit'"):
        parse_file(b"Zeitpunkt;KM\n1;2\n", "x.csv", {"time": "Zeit"})
    with pytest.raises(ValidationError, match="unknown field"):
        parse_file(b"a,b\n", "x.csv", {"speed": "a"})


def test_the_shipped_table_gives_the_standard_description() -> None:
    table = generic_codes()
    assert len(table) == 153 and list(table) == sorted(table)
    assert describe("P0301") == "Cylinder 1 Misfire Detected"
    assert describe("p0420") == "Catalyst System Efficiency Below Threshold (Bank 1)"
    assert describe("U0100") == 'Lost Communication With ECM/PCM "A"'
    assert describe("P0999") == "Generic powertrain code (transmission)"  # not in the table
