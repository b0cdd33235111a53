"""Reading the files shops have: scan-tool logs and telematics exports, CSV or JSON.

Columns are recognised by name, whatever the tool calls them ("Odometer (km)",
"engineCoolantTemperature", "Battery voltage [V]", "DTCs"): the name is
folded (case, punctuation, camelCase) and a unit written in brackets or as a
last word is kept. A file whose columns are not recognised is read with a
column mapping (``ImportOptions.columns``). docs/readings.md lists the
accepted layouts and names.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from app.domain.errors import ValidationError

FIELDS = ("vin", "unit", "plate", "time", "date", "odometer", "battery", "fuel", "coolant", "codes")
VEHICLE_FIELDS = ("vin", "unit", "plate")
VALUE_FIELDS = ("odometer", "battery", "fuel", "coolant", "codes")
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    "vin": ("vin", "vehicle vin", "vin number", "vehicle identification number"),
    "unit": ("unit", "unit number", "unit no", "unit id", "asset", "asset id", "asset number", "asset name",
             "vehicle name", "vehicle number", "vehicle id", "fleet number", "fleet no"),
    "plate": ("plate", "license plate", "licence plate", "plate number", "registration", "license",
              "license number"),
    "time": ("time", "timestamp", "date time", "datetime", "date and time", "device time", "gps time",
             "recorded at", "reading time", "logged at", "time stamp", "event time"),
    "date": ("date", "log date", "day"),  # when the time column holds only the time of day
    "odometer": ("odometer", "odo", "mileage", "odometer reading", "total distance", "obd odometer",
                 "odometer value", "vehicle odometer"),
    "battery": ("battery", "battery voltage", "voltage", "control module voltage", "module voltage",
                "batt", "battery volts", "battery level", "system voltage"),
    "fuel": ("fuel", "fuel level", "fuel level input", "fuel percent", "fuel tank level", "fuel remaining"),
    "coolant": ("coolant", "coolant temp", "coolant temperature", "engine coolant temperature",
                "engine coolant temp", "ect"),
    "codes": ("dtc", "dtcs", "codes", "trouble codes", "fault codes", "diagnostic trouble codes",
              "stored codes", "active dtcs", "active codes", "faults", "dtc codes", "engine fault codes"),
}
UNIT_WORDS = {
    "km": "km", "kms": "km", "kilometers": "km", "kilometres": "km",
    "mi": "mi", "mile": "mi", "miles": "mi",
    "c": "C", "°c": "C", "degc": "C", "celsius": "C",
    "f": "F", "°f": "F", "degf": "F", "fahrenheit": "F",
    "v": "V", "volts": "V", "volt": "V",
    "%": "%", "pct": "%", "percent": "%",
}
# fmt: on
_LOOKUP = {name: field for field, names in SYNONYMS.items() for name in names}
_BRACKETS = re.compile(r"[\(\[]([^\)\]]*)[\)\]]")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
HEADER_SEARCH_LINES = 10
MAX_ROWS = 200_000


@dataclass(frozen=True)
class SourceRow:
    """One line (CSV) or record (JSON): each recognised field's text and the unit it came with."""

    line: int
    cells: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class ParsedFile:
    file_format: str  # "CSV", "JSON", "JSON lines"
    columns: dict[str, str]  # field -> the column (or key) it was read from
    rows: list[SourceRow]
    headers: tuple[str, ...] = ()  # every column (or key) the file has, for a mapping


def match_header(name: str) -> tuple[str, str] | None:
    """(field, unit) for a column name a tool might write; None when it is not one of ours."""
    units = [UNIT_WORDS.get(b.strip().lower().replace(" ", ""), "") for b in _BRACKETS.findall(name)]
    unit = next((u for u in units if u), "")
    name = _BRACKETS.sub(" ", name)
    words = re.sub(r"[_\-./:#]+", " ", _CAMEL.sub(" ", name)).lower().split()
    if len(words) > 1 and words[-1] in UNIT_WORDS:  # "odometer_km", "coolantTempF"
        unit = unit or UNIT_WORDS[words[-1]]
        words = words[:-1]
    field = _LOOKUP.get(" ".join(words))
    return (field, unit) if field else None


def parse_file(data: bytes, file_name: str, columns: dict[str, str] | None = None) -> ParsedFile:
    """The file's rows by field; ``columns`` (field -> column name) wins over recognition."""
    forced = {k: v for k, v in (columns or {}).items() if v}
    unknown = sorted(set(forced) - set(FIELDS))
    if unknown:
        raise ValidationError(
            {"columns": f"unknown field(s) {', '.join(unknown)}; fields are {', '.join(FIELDS)}"}
        )
    text = _decode(data)
    stripped = text.lstrip()
    lower = file_name.lower()
    if lower.endswith((".jsonl", ".ndjson")) or (stripped.startswith("{") and _is_json_lines(stripped)):
        return _from_records(_json_lines(stripped), "JSON lines", forced)
    if lower.endswith(".json") or stripped.startswith(("{", "[")):
        try:
            document = json.loads(stripped)
        except ValueError as exc:
            raise ValidationError({"file": f"{file_name} is not valid JSON ({exc})"}) from exc
        return _from_records(enumerate(_records(document), start=1), "JSON", forced)
    return _from_csv(text, forced)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older Windows scan-tool software


# --- CSV ------------------------------------------------------------------------------------------
def _from_csv(text: str, forced: dict[str, str]) -> ParsedFile:
    lines = text.splitlines()
    if not lines:
        raise ValidationError({"file": "is empty"})
    top = "\n".join(lines[:HEADER_SEARCH_LINES])
    delimiter = max((",", ";", "\t"), key=top.count)
    reader = list(csv.reader(lines[: MAX_ROWS + HEADER_SEARCH_LINES], delimiter=delimiter))
    start, header = _find_header(reader, forced)
    mapping = _mapping(header, forced)
    rows = []
    for index, cells in enumerate(reader[start + 1 :], start=start + 2):
        if not any(c.strip() for c in cells):
            continue
        picked = {
            field: (cells[column].strip(), unit)
            for field, (column, unit) in mapping.items()
            if column < len(cells) and (cells[column].strip() or field == "codes")
        }
        rows.append(SourceRow(index, picked))
    columns = {field: header[column] for field, (column, _unit) in mapping.items()}
    return ParsedFile("CSV", columns, rows, tuple(h.strip() for h in header))


def _find_header(reader: list[list[str]], forced: dict[str, str]) -> tuple[int, list[str]]:
    """The first line naming a time and a value (scan tools often write a title line above it).

    With a mapping, the first line holding every mapped column; if none does,
    the first line (and the mapping then names the column it lacks).
    """
    for index, cells in enumerate(reader[:HEADER_SEARCH_LINES]):
        names = {c.strip() for c in cells}
        fields = {m[0] for c in cells if (m := match_header(c))}
        if forced and set(forced.values()) <= names:
            return index, cells
        if not forced and "time" in fields and fields & set(VALUE_FIELDS):
            return index, cells
    if forced:
        return 0, reader[0]
    raise ValidationError(
        {
            "columns": "no header line with a time and a reading was recognised; map the columns (docs/readings.md)"
        }
    )


def _mapping(header: list[str], forced: dict[str, str]) -> dict[str, tuple[int, str]]:
    mapping: dict[str, tuple[int, str]] = {}
    for column, name in enumerate(header):
        found = match_header(name)
        if found and found[0] not in mapping:
            mapping[found[0]] = (column, found[1])
    for field, name in forced.items():
        names = [h.strip() for h in header]
        if name not in names:
            raise ValidationError({field: f"the file has no column '{name}'"})
        mapping[field] = (names.index(name), (match_header(name) or ("", ""))[1])
    return mapping


# --- JSON -----------------------------------------------------------------------------------------
def _is_json_lines(text: str) -> bool:
    first = text.split("\n", 1)[0].strip()
    try:
        json.loads(first)
    except ValueError:
        return False
    return "\n" in text.strip() and first.endswith("}")


def _json_lines(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                value = json.loads(line)
            except ValueError as exc:
                raise ValidationError({"file": f"line {number} is not JSON ({exc})"}) from exc
            if isinstance(value, dict):
                yield number, value


def _records(document: Any) -> Iterator[dict[str, Any]]:
    """Flat readings from a list, a {"readings": [...]} wrapper, or readings grouped by vehicle."""
    if isinstance(document, list):
        for item in document:
            if isinstance(item, dict):
                yield from _records(item) if _nested_readings(item) else iter([item])
        return
    if not isinstance(document, dict):
        return
    inner = _nested_readings(document)
    if inner is None:
        yield document
        return
    vehicle = {k: v for k, v in document.items() if not isinstance(v, list)}
    for item in document[inner]:
        if isinstance(item, dict):
            if _nested_readings(item):
                yield from _records(item)
            else:
                yield {**vehicle, **item}


def _nested_readings(record: dict[str, Any]) -> str | None:
    for key in ("readings", "data", "records", "vehicles", "items", "results", "samples"):
        if isinstance(record.get(key), list):
            return key
    return None


def _from_records(records: Any, file_format: str, forced: dict[str, str]) -> ParsedFile:
    used: dict[str, str] = {}
    keys: dict[str, None] = {}
    rows = []
    reverse = {name: field for field, name in forced.items()}
    for number, record in records:
        cells: dict[str, tuple[str, str]] = {}
        for key, value in _flatten(record):
            keys.setdefault(key)
            found = (reverse[key], "") if key in reverse else match_header(key)
            if found is None or found[0] in cells or value is None:
                continue
            text, unit = _value_text(value)
            if text or found[0] == "codes":  # an empty list of codes: read, and none found
                cells[found[0]] = (text, unit or found[1])
                used.setdefault(found[0], key)
        rows.append(SourceRow(number, cells))
        if len(rows) > MAX_ROWS:
            raise ValidationError({"file": f"has more than {MAX_ROWS:,} readings; split it"})
    return ParsedFile(file_format, used, rows, tuple(keys))


def _flatten(record: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Keys with plain values; a nested object without a "value" is opened ({"vehicle": {"vin": ...}})."""
    for key, value in record.items():
        if isinstance(value, dict) and "value" not in value:
            yield from _flatten(value)
        else:
            yield key, value


def _value_text(value: Any) -> tuple[str, str]:
    if isinstance(value, dict):
        return _value_text(value.get("value"))[0], UNIT_WORDS.get(str(value.get("unit", "")).lower(), "")
    if isinstance(value, list):  # trouble codes: ["P0301", {"code": "P0420"}]
        codes = [str(v.get("code", "")) if isinstance(v, dict) else str(v) for v in value]
        return " ".join(codes), ""
    if value is None or isinstance(value, bool):
        return "", ""
    return str(value).strip(), ""
