"""Bay capacity, which orders go into a bay, opening hours, utilization and photo checks."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.domain.bays import (
    PHOTO_LIMIT_BYTES,
    OpeningHours,
    check_assignable,
    check_bay_takes,
    check_capacity_value,
    check_photo,
    image_type,
    occupied_hours,
    open_hours,
)
from app.domain.errors import ValidationError

D = Decimal
LA = ZoneInfo("America/Los_Angeles")


def test_a_bay_takes_cars_up_to_its_capacity() -> None:
    assert check_bay_takes("Bay 1", "active", 0, 1, "") is False
    assert check_bay_takes("Bay 1", "active", 1, 2, "") is False
    with pytest.raises(ValidationError, match="Bay 1 is full \\(2 of 2 cars\\); give a reason"):
        check_bay_takes("Bay 1", "active", 2, 2, "")
    with pytest.raises(ValidationError, match="give a reason"):
        check_bay_takes("Bay 1", "active", 1, 1, "   ")


def test_an_override_reason_lets_one_more_in_and_says_so() -> None:
    assert check_bay_takes("Bay 1", "active", 1, 1, "quick tire rotation") is True


def test_a_bay_in_maintenance_or_out_of_use_takes_none() -> None:
    with pytest.raises(ValidationError, match="in maintenance"):
        check_bay_takes("Bay 2", "maintenance", 0, 1, "override")
    with pytest.raises(ValidationError, match="not in use"):
        check_bay_takes("Bay 2", "inactive", 0, 1, "")


def test_capacity_is_between_one_and_ten() -> None:
    check_capacity_value(1)
    check_capacity_value(10)
    for bad in (0, 11, -1):
        with pytest.raises(ValidationError, match="1 to 10"):
            check_capacity_value(bad)


@pytest.mark.parametrize("status", ["estimate", "completed", "invoiced", "cancelled"])
def test_only_authorized_unfinished_work_goes_into_a_bay(status: str) -> None:
    with pytest.raises(ValidationError, match="only approved work"):
        check_assignable(1042, status)


@pytest.mark.parametrize("status", ["approved", "in_progress", "on_hold"])
def test_approved_and_running_work_goes_into_a_bay(status: str) -> None:
    check_assignable(1042, status)


def test_opening_hours_make_windows_on_open_days_only() -> None:
    hours = OpeningHours(time(8), time(17), (0, 1, 2, 3, 4))
    windows = hours.windows(date(2026, 11, 20), date(2026, 11, 23), LA)  # Friday to Monday
    assert [w[0].date() for w in windows] == [date(2026, 11, 20), date(2026, 11, 23)]
    assert open_hours(windows) == D("18.000")
    assert OpeningHours.from_json(hours.to_json()) == hours


def test_occupied_hours_count_overlapping_cars_once_and_only_while_open() -> None:
    windows = OpeningHours(time(8), time(17)).windows(date(2026, 11, 20), date(2026, 11, 20), LA)
    day = datetime(2026, 11, 20, tzinfo=LA)
    spans = [
        (day.replace(hour=7), day.replace(hour=10)),  # 2 h inside opening hours
        (day.replace(hour=9), day.replace(hour=11)),  # overlaps: 1 more hour
        (day.replace(hour=16), day.replace(hour=20)),  # 1 h before closing
    ]
    assert occupied_hours(spans, windows) == D("4.000")


def test_a_photo_is_checked_by_its_content_not_its_name() -> None:
    assert image_type(b"\x89PNG\r\n\x1a\n....") == "png"
    assert image_type(b"\xff\xd8\xff\xe0....") == "jpeg"
    assert image_type(b"GIF89a....") == "gif"
    assert image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert image_type(b"%PDF-1.7") is None
    with pytest.raises(ValidationError, match=r"brakes\.jpg is not a picture"):
        check_photo(b"MZ\x90\x00 an executable", "brakes.jpg")
    with pytest.raises(ValidationError, match="is empty"):
        check_photo(b"", "x.png")
    with pytest.raises(ValidationError, match="at most 5 MB"):
        check_photo(b"\xff\xd8\xff" + b"\x00" * PHOTO_LIMIT_BYTES, "big.jpg")
    assert check_photo(b"\xff\xd8\xff\xe0 small", "ok.jpg") == "jpeg"
