"""Clock rules and the efficiency / productivity arithmetic, on paper (no database)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.domain.errors import ConflictError, ValidationError
from app.domain.technician_time import (
    EndReason,
    JobClockState,
    Span,
    check_clock_times,
    check_note,
    check_running,
    check_start_job,
    efficiency,
    job_state,
    productivity,
    split_by_day,
    total_hours,
)

D = Decimal
LA = ZoneInfo("America/Los_Angeles")
JOB_A, JOB_B = uuid.uuid4(), uuid.uuid4()


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LA)


def test_a_clock_running_past_midnight_counts_on_each_day() -> None:
    assert split_by_day(at(20, 22), at(21, 1, 30), LA) == {
        date(2026, 11, 20): D("2.000"),
        date(2026, 11, 21): D("1.500"),
    }


def test_the_night_clocks_go_back_counts_the_hour_that_really_passed() -> None:
    # 1 November 2026: 02:00 PDT becomes 01:00 PST; 00:00 to 03:00 local is four hours
    start = datetime(2026, 11, 1, 0, 0, tzinfo=LA)
    end = datetime(2026, 11, 1, 3, 0, tzinfo=LA)
    assert split_by_day(start, end, LA) == {date(2026, 11, 1): D("4.000")}


def test_hours_are_summed_before_rounding_and_clipped_to_a_range() -> None:
    spans = [
        Span(at(20, 8) + timedelta(minutes=6 * i), at(20, 8) + timedelta(minutes=6 * i + 6))
        for i in range(10)
    ]  # ten 6-minute spans
    assert total_hours(spans, at(20, 18)) == D("1.000")
    thirds = [Span(at(20, 8), at(20, 8) + timedelta(minutes=20)) for _ in range(3)]
    assert total_hours(thirds, at(20, 18)) == D("1.000")
    running = [Span(at(20, 23), None)]
    assert total_hours(running, at(21, 2), at(20, 0), at(21, 0)) == D("1.000")


def test_one_running_job_clock_unless_the_shop_allows_more() -> None:
    running = [Span(at(20, 8), None, JOB_A)]
    with pytest.raises(ValidationError, match="another job clock is running"):
        check_start_job(running, JOB_B, allow_multiple=False)
    check_start_job(running, JOB_B, allow_multiple=True)
    with pytest.raises(ConflictError, match="already running"):
        check_start_job(running, JOB_A, allow_multiple=True, job_title="Front brakes")
    check_start_job([], JOB_A, allow_multiple=False)


def test_clocking_off_needs_a_running_clock() -> None:
    with pytest.raises(ValidationError, match="no shift clock is running"):
        check_running([], "shift")
    check_running([Span(at(20, 8), None)], "shift")


def test_a_job_is_running_paused_or_finished_by_its_last_entry() -> None:
    assert job_state([]) == JobClockState.NOT_STARTED
    paused = Span(at(20, 8), at(20, 9), JOB_A, EndReason.PAUSE)
    assert job_state([paused]) == JobClockState.PAUSED
    assert job_state([paused, Span(at(20, 10), None, JOB_A)]) == JobClockState.RUNNING
    assert (
        job_state([Span(at(20, 10), at(20, 11), JOB_A, EndReason.FINISH), paused]) == JobClockState.FINISHED
    )
    assert job_state([Span(at(20, 10), at(20, 11), JOB_A, EndReason.CLOCK_OUT)]) == JobClockState.PAUSED


def test_efficiency_and_productivity_are_percentages_and_none_without_hours() -> None:
    assert efficiency(D("3.0"), D("2.0")) == D("150.0")
    assert efficiency(D("1.0"), D("3.0")) == D("33.3")
    assert efficiency(D("1.0"), D("0")) is None
    assert productivity(D("6.5"), D("8.0")) == D("81.3")
    assert productivity(D("0"), D("8.0")) == D("0.0")
    assert productivity(D("1"), D("0")) is None


def test_a_correction_may_not_end_before_it_starts_or_in_the_future() -> None:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    with pytest.raises(ValidationError, match="after the start"):
        check_clock_times(now, now - timedelta(minutes=1), now)
    with pytest.raises(ValidationError, match="future"):
        check_clock_times(now - timedelta(hours=1), now + timedelta(hours=1), now)
    check_clock_times(now - timedelta(hours=1), now, now)


def test_notes_are_squeezed_and_limited() -> None:
    assert check_note("  waiting   for\nparts ") == "waiting for parts"
    with pytest.raises(ValidationError, match="at most 400"):
        check_note("x" * 401)
