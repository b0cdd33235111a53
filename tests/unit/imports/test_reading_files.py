"""Reading an export: line numbers, mappings, presets, the refused rows' CSV; no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.import_presets import PRESETS, matching_preset
from app.domain.imports import (
    ImportFileError,
    ImportKind,
    RefusedRow,
    check_mapping,
    parse_csv,
    parse_map,
    refused_csv,
    rows,
)
from app.services.imports.people import split_name

DOCS = Path(__file__).resolve().parents[3] / "docs" / "import.md"


def test_a_quoted_cell_over_two_lines_keeps_the_next_rows_line_number() -> None:
    source = parse_csv('Name;Notes\n"Ana Ruiz";"two\nlines"\nTom Berg;\n\n')
    assert source.headers == ("Name", "Notes")
    assert [line for line, _cells in source.records] == [2, 4]


def test_the_same_row_has_the_same_key_and_an_own_id_wins() -> None:
    source = parse_csv("Customer ID,Name\nC1,Jane Doe\nC1,Jane Q Doe\n,Sam Lee\n,Sam Lee\n")
    keys = [
        row.key for row in rows(ImportKind.CUSTOMERS, source, {"Customer ID": "source_id", "Name": "name"})
    ]
    assert keys[0] == keys[1] and keys[2] == keys[3] and keys[0] != keys[2]


def test_a_mapping_is_checked_against_the_file_and_the_fields() -> None:
    headers = ("Kunde", "Telefon")
    assert parse_map("Kunde=name, Telefon=phone") == {"Kunde": "name", "Telefon": "phone"}
    assert check_mapping(ImportKind.CUSTOMERS, headers, {"kunde": "name"}) == {"Kunde": "name"}
    with pytest.raises(ImportFileError, match="no column 'Ort'"):
        check_mapping(ImportKind.CUSTOMERS, headers, {"Ort": "city"})
    with pytest.raises(ImportFileError, match="not a customers field"):
        check_mapping(ImportKind.CUSTOMERS, headers, {"Kunde": "vin"})
    with pytest.raises(ImportFileError, match="No column is mapped to name or first_name"):
        check_mapping(ImportKind.CUSTOMERS, headers, {"Telefon": "phone"})
    with pytest.raises(ImportFileError, match="not COLUMN=FIELD"):
        parse_map("Kunde")


def test_common_column_names_match_a_preset() -> None:
    match = matching_preset(ImportKind.PARTS, ("Part #", "Description", "Unit Cost", "QOH"))
    assert match is not None
    assert match[1] == {"Part #": "sku", "Description": "name", "Unit Cost": "cost", "QOH": "on_hand"}
    assert matching_preset(ImportKind.PARTS, ("Description", "QOH")) is None  # no SKU, no cost


def test_every_preset_column_is_in_the_documentation() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for preset in PRESETS:
        for field in set(preset.columns.values()):
            assert f"`{field}`" in text, (preset.name, field)


def test_names_split_as_people_write_them() -> None:
    assert split_name("Doe, Jane") == ("Jane", "Doe")
    assert split_name("Jane Q Doe") == ("Jane Q", "Doe")
    assert split_name("Cher") == ("", "Cher")


def test_the_refused_rows_csv_starts_with_line_and_reason() -> None:
    text = refused_csv(("Name", "Phone"), [RefusedRow(3, "Phone: has 2 digits", ("Sam", "12"))])
    assert text.splitlines() == ["line,reason,Name,Phone", "3,Phone: has 2 digits,Sam,12"]
