"""Reading another system's CSV export: its columns mapped onto BayDesk's fields, row by row.

Pure: no database. A file is read once into ``SourceRow`` values (each with
the line it starts on, so a refusal can name it), through a mapping from the
file's column names to BayDesk's field names. The mapping comes from the
person (``--map`` or the wizard), from the mapping saved for files with the
same columns, or from a preset (app/domain/import_presets.py) whose column
names the file uses.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.domain.errors import BayDeskError


class ImportKind(StrEnum):
    CUSTOMERS = "customers"
    VEHICLES = "vehicles"
    PARTS = "parts"
    HISTORY = "history"


class Duplicates(StrEnum):
    """What to do with a row that matches a record already there (same VIN, phone, e-mail or SKU)."""

    SKIP = "skip"
    MERGE = "merge"  # fill the record's empty fields from the row; nothing typed before is overwritten


# BayDesk's fields per kind; a row is read into these names. ``source_id`` is the old system's own key.
FIELDS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.CUSTOMERS: (
        "source_id",
        "kind",
        "name",
        "first_name",
        "last_name",
        "company_name",
        "phone",
        "alt_phone",
        "email",
        "address_line1",
        "address_line2",
        "city",
        "region",
        "postal_code",
        "country",
        "tax_exempt_number",
        "notes",
    ),
    ImportKind.VEHICLES: (
        "source_id",
        "customer_id",
        "customer_phone",
        "customer_email",
        "vin",
        "year",
        "make",
        "model",
        "trim",
        "engine",
        "color",
        "plate",
        "plate_region",
        "unit_number",
        "odometer",
        "notes",
    ),
    ImportKind.PARTS: (
        "sku",
        "name",
        "cost",
        "price",
        "brand",
        "category",
        "description",
        "barcode",
        "bin_location",
        "reorder_point",
        "reorder_quantity",
        "on_hand",
        "taxable",
    ),
    ImportKind.HISTORY: (
        "source_id",
        "date",
        "vehicle_id",
        "vin",
        "plate",
        "odometer",
        "description",
        "labor",
        "parts",
        "tax",
        "total",
    ),
}

# What the wizard calls each field; the command line's --map takes the names on the left.
FIELD_LABELS: dict[str, str] = {
    "source_id": "Their record number",
    "kind": "Person or company",
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "company_name": "Company",
    "phone": "Phone",
    "alt_phone": "Other phone",
    "email": "E-mail",
    "address_line1": "Address",
    "address_line2": "Address, second line",
    "city": "City",
    "region": "State or region",
    "postal_code": "ZIP or postal code",
    "country": "Country",
    "tax_exempt_number": "Tax-exempt number",
    "notes": "Notes",
    "customer_id": "Owner's record number",
    "customer_phone": "Owner's phone",
    "customer_email": "Owner's e-mail",
    "vin": "VIN",
    "year": "Year",
    "make": "Make",
    "model": "Model",
    "trim": "Trim",
    "engine": "Engine",
    "color": "Color",
    "plate": "Plate",
    "plate_region": "Plate's state or region",
    "unit_number": "Fleet unit number",
    "odometer": "Odometer",
    "sku": "Part number (SKU)",
    "cost": "Cost",
    "price": "Price",
    "brand": "Brand",
    "category": "Category",
    "description": "Description",
    "barcode": "Barcode",
    "bin_location": "Bin",
    "reorder_point": "Reorder point",
    "reorder_quantity": "Reorder quantity",
    "on_hand": "On hand",
    "taxable": "Taxable",
    "date": "Date",
    "vehicle_id": "Vehicle's record number",
    "labor": "Labor",
    "parts": "Parts",
    "tax": "Tax",
    "total": "Total",
}


def field_label(field: str) -> str:
    """The field as the wizard names it (the name itself where it has no label)."""
    return FIELD_LABELS.get(field, field)


# A file must give these (one of each group) for its rows to mean anything.
REQUIRED: dict[ImportKind, tuple[tuple[str, ...], ...]] = {
    ImportKind.CUSTOMERS: (("name", "first_name", "last_name", "company_name"),),
    ImportKind.VEHICLES: (
        ("customer_id", "customer_phone", "customer_email"),
        ("vin", "plate", "make"),
    ),
    ImportKind.PARTS: (("sku",), ("name",), ("cost",)),
    ImportKind.HISTORY: (("date",), ("vehicle_id", "vin", "plate"), ("total", "labor", "parts")),
}


class ImportFileError(BayDeskError):
    """The file as a whole cannot be imported (unreadable, no header, unmapped required fields)."""


@dataclass(frozen=True)
class SourceRow:
    """One record of the file: the line it starts on, its values by BayDesk field, its import key."""

    line: int
    values: dict[str, str]
    key: str
    raw: tuple[str, ...]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass(frozen=True)
class SourceFile:
    headers: tuple[str, ...]
    records: tuple[tuple[int, tuple[str, ...]], ...]  # (line the record starts on, its cells)


def header_key(text: str) -> str:
    """A column name as compared: case, spaces, dashes, dots and underscores do not count."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def header_signature(headers: Iterable[str]) -> str:
    """What identifies a source: the set of its column names (a mapping is saved per signature)."""
    names = sorted({header_key(h) for h in headers if h.strip()})
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"BayDesk could not read {path}: {exc.strerror or exc}.") from exc
    for encoding in ("utf-8-sig", "cp1252"):  # old Windows systems export in their code page
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(f"{path.name} is neither UTF-8 nor Windows text.")  # pragma: no cover


def parse_csv(text: str) -> SourceFile:
    """Header and records, each with its first line number (a quoted cell may span lines)."""
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    records: list[tuple[int, tuple[str, ...]]] = []
    headers: tuple[str, ...] | None = None
    start = 1
    try:
        for cells in reader:
            if headers is None:
                headers = tuple(c.strip() for c in cells)
            elif any(c.strip() for c in cells):
                records.append((start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"Line {reader.line_num}: the file is not readable CSV ({exc}).") from exc
    if not headers or not any(headers):
        raise ImportFileError("The file has no header row: the first line must name the columns.")
    return SourceFile(headers, tuple(records))


def read_csv(path: Path) -> SourceFile:
    return parse_csv(read_text(path))


def parse_map(text: str) -> dict[str, str]:
    """``--map "Cust No=source_id,Tel=phone"``: file column = BayDesk field."""
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        source, sep, target = part.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise ImportFileError(f"'{part.strip()}' is not COLUMN=FIELD.")
        out[source.strip()] = target.strip()
    return out


def check_mapping(kind: ImportKind, headers: tuple[str, ...], mapping: dict[str, str]) -> dict[str, str]:
    """``mapping`` (file column -> field) checked against the file and the kind's fields."""
    by_key = {header_key(h): h for h in headers}
    fields = FIELDS[kind]
    out: dict[str, str] = {}
    for source, target in mapping.items():
        if not target:
            continue
        header = by_key.get(header_key(source))
        if header is None:
            raise ImportFileError(f"The file has no column '{source}'.")
        if target not in fields:
            raise ImportFileError(
                f"'{target}' is not a {kind.value} field; the fields are: {', '.join(fields)}."
            )
        out[header] = target
    taken = list(out.values())
    doubled = sorted({t for t in taken if taken.count(t) > 1})
    if doubled:
        raise ImportFileError(f"Two columns are mapped to {', '.join(doubled)}.")
    missing = [" or ".join(group) for group in REQUIRED[kind] if not set(group) & set(taken)]
    if missing:
        raise ImportFileError(f"No column is mapped to {'; nor to '.join(missing)}.")
    return out


def rows(kind: ImportKind, source: SourceFile, mapping: dict[str, str]) -> Iterator[SourceRow]:
    """The file's records read through ``mapping``; each carries its import key.

    The key is the old system's own id when the file has one, otherwise a hash
    of the row's mapped values: the same row in the same file, imported again,
    has the same key and is recognised.
    """
    index = {h: i for i, h in enumerate(source.headers)}
    columns = [(index[h], field) for h, field in mapping.items()]
    for line, cells in source.records:
        values = {field: cells[i].strip() if i < len(cells) else "" for i, field in columns}
        yield SourceRow(line, values, row_key(kind, values), cells)


def row_key(kind: ImportKind, values: dict[str, str]) -> str:
    own = values.get("source_id") or (values.get("sku", "").upper() if kind == ImportKind.PARTS else "")
    basis = f"id\x1f{own}" if own else "row\x1f" + json.dumps(sorted(values.items()), ensure_ascii=False)
    return hashlib.sha256(f"{kind.value}\x1f{basis}".encode()).hexdigest()


@dataclass(frozen=True)
class RefusedRow:
    line: int
    reason: str
    raw: tuple[str, ...] = ()


def refused_csv(headers: tuple[str, ...], refused: Iterable[RefusedRow]) -> str:
    """The refused rows as CSV: their line and reason, then the row as it was, to fix and import again."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("line", "reason", *headers))
    for row in refused:
        writer.writerow((row.line, row.reason, *row.raw))
    return out.getvalue()
