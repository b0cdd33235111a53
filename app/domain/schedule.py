"""Appointments and the shop's capacity on paper: statuses, sources, working hours, load per day.

A day's capacity is counted in hours: a bay offers its opening hours times the
cars it holds at once; a technician offers the hours they are scheduled to
work, none on a day off or a day the shop is closed. Booked hours are the
expected hours of the day's booked and arrived appointments. Going over, or
putting more cars in a bay (or jobs on a technician) at one moment than it
takes, is allowed only with a reason, as the bay board's override is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.domain.bays import OpeningHours
from app.domain.errors import ValidationError
from app.domain.technician_time import hours, span_seconds

MAX_HOURS = Decimal(24)
NEAR_FULL = Decimal("0.9")  # from 90 % booked a day shows as nearly full
SLOT = timedelta(minutes=15)  # the grid's step: times snap to quarter hours


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    ARRIVED = "arrived"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    AppointmentStatus.BOOKED: "Booked",
    AppointmentStatus.ARRIVED: "Arrived",
    AppointmentStatus.NO_SHOW: "No-show",
    AppointmentStatus.CANCELLED: "Cancelled",
}
# What holds a bay or a technician: a no-show or a cancellation frees its hours.
HOLDING = (AppointmentStatus.BOOKED.value, AppointmentStatus.ARRIVED.value)


class Source(StrEnum):
    PHONE = "phone"
    WALK_IN = "walk_in"
    REMINDER = "reminder"


SOURCE_LABELS = {Source.PHONE: "Phone", Source.WALK_IN: "Walk-in", Source.REMINDER: "Reminder"}


class Level(StrEnum):
    """How full a day is, for the colour it is shown in."""

    NONE = ""  # no capacity known (no bays, no technicians)
    OK = "ok"
    FULL = "full"  # 90 % or more
    OVER = "over"


def check_hours(value: Decimal) -> Decimal:
    """Expected hours: more than none, at most a day, to the thousandth."""
    if value <= 0:
        raise ValidationError({"expected_hours": "give the hours the work is expected to take"})
    if value > MAX_HOURS:
        raise ValidationError({"expected_hours": f"at most {MAX_HOURS} hours on one appointment"})
    return value.quantize(Decimal("0.001"))


def check_times(drop_off: datetime, promised: datetime | None) -> None:
    if drop_off.tzinfo is None or (promised is not None and promised.tzinfo is None):
        raise ValueError("appointment times must be aware datetimes")
    if promised is not None and promised < drop_off:
        raise ValidationError({"promised_at": "the car is promised before it is dropped off"})


def check_transition(current: str, new: AppointmentStatus) -> None:
    """Only a booked appointment arrives, is missed or is cancelled; the others are history."""
    if current != AppointmentStatus.BOOKED:
        label = STATUS_LABELS[AppointmentStatus(current)].lower()
        raise ValidationError({"status": f"the appointment is {label} already"})
    if new == AppointmentStatus.BOOKED:
        raise ValidationError({"status": "the appointment is booked already"})


def check_movable(current: str) -> None:
    if current != AppointmentStatus.BOOKED:
        label = STATUS_LABELS[AppointmentStatus(current)].lower()
        raise ValidationError({"status": f"an appointment that is {label} is not moved"})


def end_of(start: datetime, expected: Decimal) -> datetime:
    return start + timedelta(seconds=float(expected * 3600))


# --- working hours ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekHours:
    """A technician's week: weekday (0 = Monday) to start and end. A weekday not listed is off."""

    days: Mapping[int, tuple[time, time]]

    @classmethod
    def from_opening(cls, opening: OpeningHours) -> WeekHours:
        """The bays' opening hours: what a technician with no schedule of their own works."""
        return cls({d: (opening.opens, opening.closes) for d in opening.weekdays})

    def window(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
        span = self.days.get(day.weekday())
        if span is None or span[1] <= span[0]:
            return None
        return datetime.combine(day, span[0], zone), datetime.combine(day, span[1], zone)


def check_week(days: Mapping[int, tuple[time, time]]) -> None:
    for weekday, (start, end) in days.items():
        if not 0 <= weekday <= 6:
            raise ValidationError({"weekday": "weekdays run from Monday (0) to Sunday (6)"})
        if end <= start:
            raise ValidationError({"hours": f"{_WEEKDAYS[weekday]}: the day ends before it starts"})


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def window_hours(window: tuple[datetime, datetime] | None) -> Decimal:
    return Decimal(0) if window is None else hours(span_seconds(*window))


def bay_window(opening: OpeningHours, day: date, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    found = opening.windows(day, day, zone)
    return found[0] if found else None


# --- load and capacity --------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """One bay's, technician's or the whole shop's day: hours it offers and hours booked.

    ``available`` None: not known (a shop with no bays has no bay hours to be
    over). ``at_once``: how many appointments it takes at one moment (a bay's
    cars, one for a technician; None for the shop).
    """

    kind: str  # "bay", "technician" or "shop"
    name: str
    available: Decimal | None
    booked: Decimal
    at_once: int | None = None
    off_note: str = ""  # "day off", "shop closed: Thanksgiving"

    @property
    def level(self) -> Level:
        return load_level(self.booked, self.available)


def load_level(booked: Decimal, available: Decimal | None) -> Level:
    if available is None:
        return Level.NONE
    if booked > available:
        return Level.OVER
    if available > 0 and booked >= available * NEAR_FULL:
        return Level.FULL
    return Level.OK


def peak_overlap(spans: Sequence[tuple[datetime, datetime]], start: datetime, end: datetime) -> int:
    """The most spans running at one moment inside [start, end)."""
    inside = [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]
    events = sorted([(a, 1) for a, _ in inside] + [(b, -1) for _, b in inside], key=lambda e: (e[0], e[1]))
    peak = running = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


def capacity_problems(
    load: Load, adding: Decimal, spans: Sequence[tuple[datetime, datetime]], start: datetime, end: datetime
) -> list[str]:
    """What adding ``adding`` hours over [start, end) would break; empty when it fits."""
    problems = []
    if load.available is not None and load.booked + adding > load.available:
        why = f" ({load.off_note})" if load.off_note else ""
        problems.append(
            f"{load.name} has {_h(load.available)} h{why}, {_h(load.booked)} h booked; "
            f"{_h(adding)} h more is over"
        )
    if load.at_once is not None:
        overlapping = peak_overlap(spans, start, end)
        if overlapping + 1 > load.at_once:
            cars = "car" if load.at_once == 1 else "cars"
            problems.append(
                f"{load.name} has another appointment then"
                if load.kind == "technician"
                else f"{load.name} takes {load.at_once} {cars} at a time and has {overlapping} then"
            )
    return problems


def require_reason(problems: Sequence[str], reason: str) -> bool:
    """True when only the reason lets the booking in; refuses without one."""
    if not problems:
        return False
    if not reason.strip():
        raise ValidationError({"capacity": "; ".join(problems) + ". Give a reason to book over capacity"})
    return True


def _h(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0")


def hours_text(value: Decimal) -> str:
    """'9', '7.5', '0.25': hours as a person writes them."""
    return _h(value)


# --- the first free time ------------------------------------------------------------------------


@dataclass(frozen=True)
class Lane:
    """A bay's day as the free-time search sees it."""

    window: tuple[datetime, datetime] | None
    spans: tuple[tuple[datetime, datetime], ...]
    at_once: int
    available: Decimal
    booked: Decimal


def first_fit(lanes: Sequence[Lane], expected: Decimal, not_before: datetime) -> tuple[int, datetime] | None:
    """The earliest quarter hour, and the lane, where ``expected`` hours fit with no override.

    Lanes are tried in order at each time, so the first bay takes a car before the second.
    """
    starts: list[tuple[datetime, int]] = []
    for index, lane in enumerate(lanes):
        if lane.window is None or lane.booked + expected > lane.available:
            continue
        opens, closes = lane.window
        at = max(opens, _ceil_slot(not_before, opens))
        while end_of(at, expected) <= closes:
            starts.append((at, index))
            at += SLOT
    for at, index in sorted(starts):
        lane = lanes[index]
        if peak_overlap(lane.spans, at, end_of(at, expected)) < lane.at_once:
            return index, at
    return None


def _ceil_slot(moment: datetime, origin: datetime) -> datetime:
    """``moment`` rounded up to the grid of quarter hours counted from ``origin``."""
    if moment <= origin:
        return origin
    steps = -(-(moment - origin) // SLOT)
    return origin + steps * SLOT
