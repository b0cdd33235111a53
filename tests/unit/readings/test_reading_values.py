"""Values as files write them: numbers, units, times and trouble codes, refused rather than guessed."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.domain.readings import (
    ReadingError,
    ReadingValues,
    codes_in,
    coolant_tenths,
    is_generic,
    merge,
    odometer_miles,
    out_of_range,
    parse_moment,
    parse_number,
    structural_description,
)

PACIFIC = ZoneInfo("America/Los_Angeles")
T = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "value"),
    [("12.6", "12.6"), ("123,456", "123456"), ("12,6", "12.6"), ("1 234", "1234"), ("-4", "-4")],
)
def test_numbers_with_thousands_or_a_decimal_comma(text: str, value: str) -> None:
    assert parse_number(text, "battery") == Decimal(value)


def test_units_are_converted_once_and_impossible_values_refused() -> None:
    assert odometer_miles(Decimal("100000"), "km") == 62_137
    assert coolant_tenths(Decimal("212"), "F") == 1000
    with pytest.raises(ReadingError, match="coolant temperature 300 °C is outside"):
        coolant_tenths(Decimal("300"))
    with pytest.raises(ReadingError, match="not a number"):
        parse_number("NaN", "fuel level")


@pytest.mark.parametrize(
    ("text", "order", "utc"),
    [
        ("2026-11-30T07:00:00-08:00", "", "15:00"),
        ("2026-11-30 07:00", "", "15:00"),  # no offset: the shop's time
        ("2026-11-30T15:00:00Z", "", "15:00"),
        ("1796050800", "", "15:00"),
        ("1796050800000", "", "15:00"),
        ("11/30/2026 7:00 AM", "", "15:00"),  # 30 cannot be a month
        ("03/12/2026 07:00", "dmy", "15:00"),  # December: Pacific standard time
        ("30-Nov-2026 07:00:00.250", "", "15:00"),
    ],
)
def test_times_as_exports_write_them(text: str, order: str, utc: str) -> None:
    assert parse_moment(text, PACIFIC, order).astimezone(UTC).strftime("%H:%M") == utc


def test_a_date_that_could_be_either_way_round_is_refused() -> None:
    with pytest.raises(ReadingError, match="could be day/month or month/day"):
        parse_moment("03/04/2026 07:00", PACIFIC)
    with pytest.raises(ReadingError, match="not a date and time"):
        parse_moment("yesterday", PACIFIC)


def test_trouble_codes_however_they_are_separated() -> None:
    assert codes_in("p0301, P0420-00 / u0100") == ("P0301", "P0420", "U0100")
    assert codes_in("none") == ()
    assert codes_in("P0301P0420") == ()  # run together: not two codes


def test_who_defines_a_code_follows_its_second_character() -> None:
    assert [is_generic(c) for c in ("P0301", "P2096", "P3400", "P1456", "P3000", "U0100", "B1000", "C0035")] == [
        True, True, True, False, False, True, False, True,
    ]  # fmt: skip
    assert structural_description("P0399") == "Generic powertrain code (ignition system or misfire)"
    assert structural_description("B1234").startswith("Body code defined by the manufacturer")


def test_samples_of_a_minute_merge_last_value_wins_codes_combined() -> None:
    merged = merge(
        [
            ReadingValues(T, odometer=41_000, battery_mv=12_600, codes=("P0301",)),
            ReadingValues(T, odometer=41_001, codes=("P0420",)),
            ReadingValues(T, coolant_tenths=900),
        ]
    )
    assert merged == ReadingValues(T, 41_001, 12_600, None, 900, ("P0301", "P0420"))


def test_out_of_range_against_the_owners_limits_a_zero_limit_is_off() -> None:
    reading = ReadingValues(T, battery_mv=11_400, fuel_tenths=50, coolant_tenths=1_150)
    found = out_of_range(reading, Decimal("11.8"), Decimal("110"), Decimal("0"))
    assert [(f.quantity, f.text) for f in found] == [
        ("battery", "battery 11.4 V, below 11.8 V"),
        ("coolant", "coolant 115 °C, above 110 °C"),
    ]
