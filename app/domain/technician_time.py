"""Technician time on paper: job and shift clocks, hours per day, efficiency and productivity.

DOMAIN.md: one running job clock per technician unless the shop allows more;
efficiency = billed (flagged) hours / job-clock hours on closed work orders;
productivity = job-clock hours / shift-clock hours. Hours are kept exact as
``Decimal`` to the thousandth (the database stores quantities in thousandths).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

from app.domain.errors import ConflictError, ValidationError

HOUR = Decimal(3600)
THOUSANDTH = Decimal("0.001")
NOTE_LIMIT = 400


class ClockKind(StrEnum):
    SHIFT = "shift"
    JOB = "job"


class EndReason(StrEnum):
    PAUSE = "pause"
    SWITCH = "switch"
    FINISH = "finish"
    CLOCK_OUT = "clock_out"  # the shift ended while the job clock ran


class JobClockState(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


STATE_LABELS = {
    JobClockState.NOT_STARTED: "Not started",
    JobClockState.RUNNING: "Running",
    JobClockState.PAUSED: "Paused",
    JobClockState.FINISHED: "Finished",
}


@dataclass(frozen=True)
class Span:
    """One time entry as the rules see it; ``end`` None means the clock still runs."""

    start: datetime
    end: datetime | None
    job_id: UUID | None = None
    end_reason: str = ""

    def until(self, now: datetime) -> datetime:
        return self.end if self.end is not None else now


def hours(seconds: float | Decimal) -> Decimal:
    """Seconds as hours, to the thousandth."""
    return (Decimal(seconds) / HOUR).quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def span_seconds(start: datetime, end: datetime) -> Decimal:
    """Elapsed seconds in absolute time (so a DST change at night is counted as it happened).

    Python subtracts two times of the same zone on the wall clock, so both go to UTC first.
    """
    return Decimal(max(0.0, (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()))


def overlap_seconds(start: datetime, end: datetime, lo: datetime, hi: datetime) -> Decimal:
    """Seconds of [start, end) inside [lo, hi)."""
    start, end, lo, hi = (t.astimezone(UTC) for t in (start, end, lo, hi))
    return span_seconds(max(start, lo), min(end, hi))


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Shop-local midnight to midnight of ``day`` (23 or 25 hours on a DST change)."""
    start = datetime.combine(day, time.min, zone)
    end = datetime.combine(day + timedelta(days=1), time.min, zone)
    return start, end


def split_by_day(start: datetime, end: datetime, zone: ZoneInfo) -> dict[date, Decimal]:
    """Hours of one span per shop-local day: a clock running past midnight counts on both days."""
    out: dict[date, Decimal] = {}
    if end <= start:
        return out
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    while day <= last:
        lo, hi = day_bounds(day, zone)
        seconds = overlap_seconds(start, end, lo, hi)
        if seconds > 0:
            out[day] = hours(seconds)
        day += timedelta(days=1)
    return out


def total_hours(
    spans: Iterable[Span], now: datetime, lo: datetime | None = None, hi: datetime | None = None
) -> Decimal:
    """Hours of the spans (running ones up to ``now``), clipped to [lo, hi) when given.

    Seconds are summed before rounding, so ten 6-minute spans make exactly 1.000 h.
    """
    seconds = Decimal(0)
    for span in spans:
        start, end = span.start, span.until(now)
        seconds += overlap_seconds(start, end, lo or start, hi or end)
    return hours(seconds)


def job_state(spans: Sequence[Span]) -> JobClockState:
    """Where one technician stands on one job, from that job's entries in time order."""
    if not spans:
        return JobClockState.NOT_STARTED
    last = max(spans, key=lambda s: s.start)
    if last.end is None:
        return JobClockState.RUNNING
    if last.end_reason == EndReason.FINISH:
        return JobClockState.FINISHED
    return JobClockState.PAUSED


def check_start_job(
    running: Sequence[Span], job_id: UUID, *, allow_multiple: bool, job_title: str = "this job"
) -> None:
    """Refuse a second clock on the same job, and a second job clock when the shop allows one."""
    if any(span.job_id == job_id for span in running):
        raise ConflictError(f"The clock on {job_title} is already running.")
    if running and not allow_multiple:
        raise ValidationError(
            {
                "clock": "another job clock is running; pause it or switch jobs "
                "(this shop allows one running job clock per technician)"
            }
        )


def check_running(running: Sequence[object], what: str) -> None:
    """Clocking off needs a clock on."""
    if not running:
        raise ValidationError({"clock": f"no {what} clock is running"})


def check_clock_times(start: datetime, end: datetime, now: datetime) -> None:
    """A manual correction may not end before it starts, or in the future."""
    if end <= start:
        raise ValidationError({"end": "must be after the start"})
    if end > now + timedelta(minutes=1):
        raise ValidationError({"end": "cannot be in the future"})


def check_corrected_span(start: datetime, end: datetime | None, now: datetime) -> datetime:
    """A corrected clock entry has an end: a correction never leaves (or makes) a clock running."""
    if end is None:
        raise ValidationError(
            {"end": "give the end: a correction never leaves a clock running (the technician stops it)"}
        )
    check_clock_times(start, end, now)
    return end


def overlapping(start: datetime, end: datetime, others: Iterable[Span], now: datetime) -> Span | None:
    """The first of ``others`` (a running one up to ``now``) that shares a moment with [start, end)."""
    for other in sorted(others, key=lambda s: s.start):
        if other.start < end and other.until(now) > start:
            return other
    return None


def check_note(note: str) -> str:
    note = " ".join(note.split())
    if len(note) > NOTE_LIMIT:
        raise ValidationError({"note": f"is {len(note)} characters; at most {NOTE_LIMIT}"})
    return note


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """A percentage to one decimal place; None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return (numerator * 100 / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def efficiency(billed_hours: Decimal, job_clock_hours: Decimal) -> Decimal | None:
    """Billed (flagged) hours per job-clock hour on closed work orders, in percent."""
    return ratio(billed_hours, job_clock_hours)


def productivity(job_clock_hours: Decimal, shift_hours: Decimal) -> Decimal | None:
    """Job-clock hours per hour on the shift clock, in percent."""
    return ratio(job_clock_hours, shift_hours)
