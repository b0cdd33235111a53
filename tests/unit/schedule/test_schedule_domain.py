"""The schedule's rules on paper: overlaps, a day's load and colour, over-capacity reasons, free times."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.domain.bays import OpeningHours
from app.domain.errors import ValidationError
from app.domain.schedule import (
    AppointmentStatus,
    Lane,
    Level,
    Load,
    WeekHours,
    capacity_problems,
    check_hours,
    check_times,
    check_transition,
    check_week,
    first_fit,
    hours_text,
    load_level,
    peak_overlap,
    require_reason,
    window_hours,
)

ZONE = ZoneInfo("America/Los_Angeles")
DAY = date(2026, 3, 10)  # a Tuesday; DST began two days earlier


def t(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute), ZONE)


def test_peak_overlap_counts_what_runs_at_one_moment_inside_the_span() -> None:
    spans = [(t(8), t(10)), (t(9), t(11)), (t(10), t(12)), (t(13), t(14))]
    assert peak_overlap(spans, t(9), t(10)) == 2
    assert peak_overlap(spans, t(10), t(11)) == 2  # 8-10 has ended when 10-12 starts
    assert peak_overlap(spans, t(12), t(13)) == 0  # touching ends do not overlap
    assert peak_overlap(spans, t(7), t(15)) == 2


@pytest.mark.parametrize(
    ("booked", "available", "level"),
    [("0", "9", Level.OK), ("8", "9", Level.OK), ("8.1", "9", Level.FULL), ("9", "9", Level.FULL),
     ("9.25", "9", Level.OVER), ("1", "0", Level.OVER), ("0", "0", Level.OK), ("5", None, Level.NONE)],
)  # fmt: skip
def test_a_day_is_coloured_by_how_full_it_is(booked: str, available: str | None, level: Level) -> None:
    assert load_level(Decimal(booked), Decimal(available) if available is not None else None) == level


def test_a_bay_over_its_hours_or_its_cars_at_once_is_a_problem_named_for_the_person() -> None:
    bay = Load("bay", "Bay 3", Decimal(9), Decimal(8), at_once=1)
    assert capacity_problems(bay, Decimal(1), [], t(8), t(9)) == []
    assert capacity_problems(bay, Decimal("1.5"), [], t(8), t(9, 30)) == [
        "Bay 3 has 9 h, 8 h booked; 1.5 h more is over"
    ]
    assert capacity_problems(bay, Decimal(1), [(t(8), t(12))], t(11), t(12)) == [
        "Bay 3 takes 1 car at a time and has 1 then"
    ]
    tech = Load("technician", "Dev Patel", Decimal(0), Decimal(0), at_once=1, off_note="day off: jury duty")
    assert capacity_problems(tech, Decimal(1), [], t(8), t(9)) == [
        "Dev Patel has 0 h (day off: jury duty), 0 h booked; 1 h more is over"
    ]
    unknown = Load("shop", "The shop", None, Decimal(40))
    assert capacity_problems(unknown, Decimal(8), [], t(8), t(16)) == []


def test_over_capacity_needs_a_reason_and_then_says_it_was_overridden() -> None:
    assert require_reason([], "") is False
    with pytest.raises(ValidationError) as refused:
        require_reason(["Bay 3 has 9 h, 9 h booked; 1 h more is over"], "  ")
    assert refused.value.message.endswith("Give a reason to book over capacity")
    assert require_reason(["Bay 3 has 9 h"], "Fleet contract") is True


def test_a_week_of_hours_gives_each_day_its_window_across_a_clock_change() -> None:
    week = WeekHours({1: (time(7), time(15, 30)), 5: (time(8), time(12))})
    assert window_hours(week.window(DAY, ZONE)) == Decimal("8.5")
    assert week.window(date(2026, 3, 11), ZONE) is None  # Wednesday is off
    shop = WeekHours.from_opening(OpeningHours(time(8), time(17), (0, 1, 2, 3, 4)))
    assert window_hours(shop.window(DAY, ZONE)) == Decimal(9)
    night = WeekHours({6: (time(0), time(6))})
    assert window_hours(night.window(date(2026, 3, 8), ZONE)) == Decimal(5)  # 2 AM never happened


def test_a_week_with_a_day_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match="Tuesday: the day ends before it starts"):
        check_week({1: (time(15), time(7))})


@pytest.mark.parametrize(
    ("text", "ok"), [("0.25", True), ("24", True), ("0", False), ("24.5", False), ("-1", False)]
)
def test_expected_hours_are_more_than_none_and_at_most_a_day(text: str, ok: bool) -> None:
    if ok:
        assert check_hours(Decimal(text)) == Decimal(text)
    else:
        with pytest.raises(ValidationError):
            check_hours(Decimal(text))


def test_a_car_is_not_promised_before_it_is_dropped_off() -> None:
    check_times(t(9), t(17))
    with pytest.raises(ValidationError, match="promised before it is dropped off"):
        check_times(t(9), t(8))


def test_only_a_booked_appointment_arrives_is_missed_or_is_cancelled() -> None:
    check_transition("booked", AppointmentStatus.ARRIVED)
    with pytest.raises(ValidationError, match="no-show already"):
        check_transition("no_show", AppointmentStatus.ARRIVED)
    with pytest.raises(ValidationError, match="arrived already"):
        check_transition("arrived", AppointmentStatus.CANCELLED)


def test_the_first_free_time_is_the_earliest_quarter_hour_in_the_first_bay_that_has_it() -> None:
    window = (t(8), t(17))
    busy = Lane(window, ((t(8), t(10, 10)),), 1, Decimal(9), Decimal("2.2"))
    free = Lane(window, (), 1, Decimal(9), Decimal(0))
    assert first_fit([busy, free], Decimal(1), t(0)) == (1, t(8))
    assert first_fit([busy], Decimal(1), t(0)) == (0, t(10, 15))  # snapped to the quarter hour
    assert first_fit([busy], Decimal(1), t(13, 5)) == (0, t(13, 15))
    assert first_fit([busy], Decimal(7), t(0)) is None  # 2.2 + 7 is more than the bay's 9 hours
    closed = Lane(None, (), 1, Decimal(0), Decimal(0))
    assert first_fit([closed], Decimal(1), t(0)) is None
    assert first_fit([free], Decimal(1), t(16, 30)) is None  # would run past closing


def test_hours_read_as_a_person_writes_them() -> None:
    assert [hours_text(Decimal(v)) for v in ("9", "7.500", "0.25", "10.000")] == ["9", "7.5", "0.25", "10"]
