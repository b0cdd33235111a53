"""Where things go on the calendar, before any pixel: columns, blocks side by side, the hours shown.

Plain Python over the schedule's read model, so the day and week grids only
paint, and tests can check the arrangement without a screen.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.services.schedule.dto import AppointmentView, DayLoad, ResourceLoad, ScheduleView

UNASSIGNED = "none"
BY_BAY, BY_TECHNICIAN = "bay", "technician"
QUARTER = 0.25
DEFAULT_HOURS = (8, 17)
UTC_ZONE = ZoneInfo("UTC")


@dataclass(frozen=True)
class Column:
    """A bay or a technician (or "no bay"): its title, its day's load, and why it offers no hours."""

    key: str
    title: str
    load: ResourceLoad | None
    unavailable: str = ""
    open_span: tuple[float, float] | None = None  # hours it works that day; None: the bays' hours


@dataclass(frozen=True)
class Block:
    """An appointment on the day grid: its column, its hours on the wall clock, its lane among overlaps."""

    appointment: AppointmentView
    column: str
    start: float  # hours after the day's midnight, shop wall clock
    end: float
    lane: int = 0
    lanes: int = 1


def key_of(resource_id: uuid.UUID | None) -> str:
    return UNASSIGNED if resource_id is None else str(resource_id)


def resource_of(key: str) -> uuid.UUID | None:
    return None if key == UNASSIGNED else uuid.UUID(key)


def column_of(appointment: AppointmentView, by: str) -> str:
    return key_of(appointment.bay_id if by == BY_BAY else appointment.technician_id)


def shown(appointment: AppointmentView) -> bool:
    """Cancelled appointments leave the calendar (they stay in the record and the history)."""
    return appointment.status != "cancelled"


def columns_for(view: ScheduleView, day: date, by: str) -> list[Column]:
    """One column per bay (or technician) in board order, then one for the unassigned."""
    load = view.day(day)
    resources = view.bays if by == BY_BAY else view.technicians
    out = []
    for resource in resources:
        found = _load_of(load, resource.id, by)
        off = found is not None and found.available == 0 and bool(found.note)
        span = _hours_of(found.window) if found is not None else None
        out.append(Column(str(resource.id), resource.name, found, found.note if off and found else "", span))
    out.append(Column(UNASSIGNED, "No bay" if by == BY_BAY else "No technician", None))
    return out


def _load_of(load: DayLoad | None, resource_id: uuid.UUID, by: str) -> ResourceLoad | None:
    if load is None:
        return None
    return load.bay(resource_id) if by == BY_BAY else load.technician(resource_id)


def wall_hours(moment: datetime, day: date, zone: ZoneInfo) -> float:
    """``moment`` as hours after ``day``'s midnight on the shop's wall clock (25.5: 1:30 the next day)."""
    local = moment.astimezone(zone)
    return (local.date() - day).days * 24 + local.hour + local.minute / 60 + local.second / 3600


def at_wall_hours(day: date, value: float, zone: ZoneInfo) -> datetime:
    """The aware moment ``value`` hours after ``day``'s midnight, snapped to the minute."""
    minutes = round(value * 60)
    return datetime.combine(day, time(0), zone) + timedelta(minutes=minutes)


def blocks_for(view: ScheduleView, day: date, by: str, zone: ZoneInfo) -> list[Block]:
    """The day's appointments as blocks; those overlapping in one column share it side by side."""
    raw = [
        Block(a, column_of(a, by), wall_hours(a.drop_off_at, day, zone), wall_hours(a.ends_at, day, zone))
        for a in view.on(day)
        if shown(a)
    ]
    out: list[Block] = []
    for column in sorted({b.column for b in raw}):
        out.extend(_lanes(sorted((b for b in raw if b.column == column), key=lambda b: (b.start, b.end))))
    return out


def _lanes(blocks: list[Block]) -> list[Block]:
    """Greedy lanes per cluster of overlapping blocks: each takes the first lane free at its start."""
    out: list[Block] = []
    cluster: list[tuple[Block, int]] = []
    ends: list[float] = []  # where each lane of the current cluster is free again
    for block in blocks:
        if cluster and block.start >= max(ends):
            out.extend(_closed(cluster, len(ends)))
            cluster, ends = [], []
        lane = next((i for i, end in enumerate(ends) if end <= block.start), len(ends))
        if lane == len(ends):
            ends.append(block.end)
        else:
            ends[lane] = block.end
        cluster.append((block, lane))
    if cluster:
        out.extend(_closed(cluster, len(ends)))
    return out


def _closed(cluster: list[tuple[Block, int]], lanes: int) -> list[Block]:
    return [Block(b.appointment, b.column, b.start, b.end, lane, lanes) for b, lane in cluster]


def hour_range(load: DayLoad | None, blocks: list[Block], columns: Sequence[Column] = ()) -> tuple[int, int]:
    """The whole hours the day grid shows: the bays' opening hours, widened to each column's and block's."""
    if load is not None and load.window is not None:
        first, last = load.window[0].hour, load.window[1].hour + (1 if load.window[1].minute else 0)
    else:
        first, last = DEFAULT_HOURS
    spans = [(b.start, b.end) for b in blocks] + [c.open_span for c in columns if c.open_span is not None]
    for start, end in spans:
        first = min(first, math.floor(start))
        last = max(last, math.ceil(end))
    return max(0, first), min(24 + 12, max(last, first + 1))


def snap(value: float) -> float:
    """To the nearest quarter hour."""
    return round(value / QUARTER) * QUARTER


def open_span(load: DayLoad | None) -> tuple[float, float] | None:
    return _hours_of(load.window) if load is not None else None


def _hours_of(window: tuple[time, time] | None) -> tuple[float, float] | None:
    if window is None:
        return None
    opens, closes = window
    return opens.hour + opens.minute / 60, closes.hour + closes.minute / 60


def week_days(anchor: date) -> list[date]:
    """Monday to Sunday of ``anchor``'s week."""
    monday = anchor - timedelta(days=anchor.weekday())
    return [monday + timedelta(days=n) for n in range(7)]


@dataclass(frozen=True)
class WallClock:
    """The shown day on the shop's wall clock: turns the grid's hours into moments."""

    day: date = date(2000, 1, 1)
    zone: ZoneInfo = UTC_ZONE

    def at(self, value: float) -> datetime:
        return at_wall_hours(self.day, value, self.zone)

    def hours(self, moment: datetime) -> float:
        return wall_hours(moment, self.day, self.zone)


@dataclass(frozen=True)
class WeekCell:
    """One bay's (or technician's) day in the week grid."""

    load: ResourceLoad | None
    unavailable: str
    appointments: tuple[AppointmentView, ...]


def week_cells(view: ScheduleView, by: str) -> tuple[list[tuple[str, str]], dict[tuple[str, date], WeekCell]]:
    """The week's rows (key, title) and each row's cell per day, appointments in time order."""
    days = [view.first + timedelta(days=n) for n in range((view.last - view.first).days + 1)]
    rows: list[tuple[str, str]] = []
    cells: dict[tuple[str, date], WeekCell] = {}
    for day in days:
        for column in columns_for(view, day, by):
            if (column.key, column.title) not in rows:
                rows.append((column.key, column.title))
            items = tuple(a for a in view.on(day) if shown(a) and column_of(a, by) == column.key)
            cells[(column.key, day)] = WeekCell(column.load, column.unavailable, items)
    return rows, cells
