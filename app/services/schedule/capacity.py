"""The shop's capacity per day, and the check every booking makes under its locks.

Bay hours come from the bays' opening hours (the bay board's settings) times
the cars each bay takes; technician hours from each technician's working
week (the bays' hours when they have none of their own), none on a day off
or a day the shop is closed. ``check_slot`` runs after ``lock_slot`` has
locked the day's rows, so the hours it adds up cannot change under it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.domain.bays import OpeningHours
from app.domain.errors import ValidationError
from app.domain.money import from_thousandths
from app.domain.schedule import (
    Lane,
    Load,
    WeekHours,
    bay_window,
    capacity_problems,
    end_of,
    first_fit,
    load_level,
    require_reason,
    window_hours,
)
from app.repositories.schedule import LockKey, ScheduleRepository
from app.services.bays.board import bay_settings, opening_hours, shop_zone
from app.services.schedule.dto import DayLoad, ResourceLoad
from app.services.uow import UnitOfWork

SEARCH_DAYS = 60  # how far ahead a reminder looks for a free time


@dataclass(frozen=True)
class Bay:
    id: uuid.UUID
    name: str
    at_once: int
    note: str


@dataclass(frozen=True)
class Held:
    """A booked or arrived appointment, as capacity sees it."""

    id: uuid.UUID
    day: date
    start: datetime
    end: datetime
    hours: Decimal
    bay_id: uuid.UUID | None
    technician_id: uuid.UUID | None


@dataclass(frozen=True)
class Slot:
    """Where and when a booking wants to be."""

    day: date
    start: datetime
    hours: Decimal
    bay_id: uuid.UUID | None
    technician_id: uuid.UUID | None

    @property
    def end(self) -> datetime:
        return end_of(self.start, self.hours)


@dataclass(frozen=True)
class Resources:
    """Who and what can be booked, and when, for a stretch of days."""

    zone: ZoneInfo
    opening: OpeningHours
    bays: tuple[Bay, ...]
    technicians: tuple[tuple[uuid.UUID, str], ...]
    weeks: dict[uuid.UUID, WeekHours]  # technicians with hours of their own
    days_off: dict[tuple[uuid.UUID, date], str]
    closed: dict[date, str]

    def technician_name(self, user_id: uuid.UUID) -> str | None:
        return next((name for tid, name in self.technicians if tid == user_id), None)


def schedule_repo(uow: UnitOfWork) -> ScheduleRepository:
    return ScheduleRepository(uow.session)


def load_resources(uow: UnitOfWork, shop_id: uuid.UUID, first: date, last: date) -> Resources:
    repo = schedule_repo(uow)
    weeks: dict[uuid.UUID, dict[int, tuple]] = {}
    for row in repo.week_hours(shop_id):
        weeks.setdefault(row.user_id, {})[row.weekday] = (row.starts, row.ends)
    return Resources(
        zone=shop_zone(uow, shop_id),
        opening=opening_hours(bay_settings(uow, shop_id)),
        bays=tuple(
            Bay(
                b.id,
                b.name,
                b.capacity,
                f"in maintenance: {b.status_note}" if b.status == "maintenance" else "",
            )
            for b in repo.bays(shop_id)
        ),
        technicians=tuple((t.id, t.display_name) for t in repo.technicians(shop_id)),
        weeks={user: WeekHours(days) for user, days in weeks.items()},
        days_off={
            (r.TechnicianDayOff.user_id, r.TechnicianDayOff.day): r.TechnicianDayOff.reason
            for r in repo.days_off(shop_id, first, last)
        },
        closed={c.day: c.reason for c in repo.closed_days(shop_id, first, last)},
    )


def held_on(
    uow: UnitOfWork, shop_id: uuid.UUID, days: Iterable[date], without: uuid.UUID | None = None
) -> list[Held]:
    out = []
    for r in schedule_repo(uow).holding(shop_id, days):
        if r.id == without:
            continue
        hours = from_thousandths(r.expected_hours)
        out.append(
            Held(r.id, r.day, r.drop_off_at, end_of(r.drop_off_at, hours), hours, r.bay_id, r.technician_id)
        )
    return out


def day_load(res: Resources, day: date, held: Sequence[Held]) -> DayLoad:
    """The day's bay and technician hours against what is booked, each with its colour."""
    today = [h for h in held if h.day == day]
    closed = res.closed.get(day)
    window = None if closed is not None else bay_window(res.opening, day, res.zone)
    bay_hours = window_hours(window)
    shut = _closed_note(closed) or ("" if window else "not open")
    bays = tuple(
        _resource(
            b.id,
            b.name,
            bay_hours * b.at_once,
            [h for h in today if h.bay_id == b.id],
            shut or b.note,
            window,
        )
        for b in res.bays
    )
    technicians = tuple(_technician(res, tid, name, day, closed, today) for tid, name in res.technicians)
    bay_total = sum((b.available for b in bays), Decimal(0)) if bays else None
    tech_total = sum((t.available for t in technicians), Decimal(0)) if technicians else None
    known = [v for v in (bay_total, tech_total) if v is not None]
    capacity = min(known) if known else None
    booked = sum((h.hours for h in today), Decimal(0))
    return DayLoad(
        day=day,
        closed_reason=closed,
        bays=bays,
        technicians=technicians,
        bay_hours=bay_total,
        technician_hours=tech_total,
        booked=booked,
        capacity=capacity,
        level=load_level(booked, capacity),
        window=(window[0].time(), window[1].time()) if window else None,
    )


def _closed_note(closed: str | None) -> str:
    if closed is None:
        return ""
    return f"shop closed: {closed}" if closed else "shop closed"


def _resource(
    rid: uuid.UUID,
    name: str,
    available: Decimal,
    held: list[Held],
    note: str,
    window: tuple[datetime, datetime] | None = None,
) -> ResourceLoad:
    booked = sum((h.hours for h in held), Decimal(0))
    hours = (window[0].time(), window[1].time()) if window else None
    return ResourceLoad(rid, name, available, booked, load_level(booked, available), note, hours)


def _technician(
    res: Resources, tid: uuid.UUID, name: str, day: date, closed: str | None, held: list[Held]
) -> ResourceLoad:
    mine = [h for h in held if h.technician_id == tid]
    if closed is not None:
        return _resource(tid, name, Decimal(0), mine, _closed_note(closed))
    if (tid, day) in res.days_off:
        reason = res.days_off[(tid, day)]
        return _resource(tid, name, Decimal(0), mine, f"day off: {reason}" if reason else "day off")
    week = res.weeks.get(tid) or WeekHours.from_opening(res.opening)
    window = week.window(day, res.zone)
    return _resource(tid, name, window_hours(window), mine, "" if window else "not working", window)


# --- the check a booking makes -----------------------------------------------------------------


def lock_slot(uow: UnitOfWork, shop_id: uuid.UUID, slot: Slot) -> None:
    keys: list[LockKey] = [(slot.day, "shop", shop_id)]
    if slot.bay_id is not None:
        keys.append((slot.day, "bay", slot.bay_id))
    if slot.technician_id is not None:
        keys.append((slot.day, "technician", slot.technician_id))
    schedule_repo(uow).lock_days(shop_id, keys)


def check_slot(res: Resources, slot: Slot, held: Sequence[Held], override_reason: str) -> bool:
    """Does the booking fit the shop's, the bay's and the technician's day? True: only by the override."""
    load = day_load(res, slot.day, held)
    today = [h for h in held if h.day == slot.day]
    start, end = slot.start, slot.end
    shop_note = _closed_note(load.closed_reason)
    problems = capacity_problems(
        Load("shop", "The shop", load.capacity, load.booked, None, shop_note), slot.hours, [], start, end
    )
    if slot.bay_id is not None:
        bay = next((b for b in res.bays if b.id == slot.bay_id), None)
        bay_load = load.bay(slot.bay_id)
        if bay is None or bay_load is None:
            raise ValidationError({"bay_id": "that bay is not in use; choose another"})
        spans = [(h.start, h.end) for h in today if h.bay_id == bay.id]
        problems += capacity_problems(
            Load("bay", bay.name, bay_load.available, bay_load.booked, bay.at_once, bay_load.note),
            slot.hours,
            spans,
            start,
            end,
        )
    if slot.technician_id is not None:
        tech_load = load.technician(slot.technician_id)
        if tech_load is None:
            raise ValidationError({"technician_id": "that person is not an active technician"})
        spans = [(h.start, h.end) for h in today if h.technician_id == slot.technician_id]
        problems += capacity_problems(
            Load("technician", tech_load.name, tech_load.available, tech_load.booked, 1, tech_load.note),
            slot.hours,
            spans,
            start,
            end,
        )
    return require_reason(problems, override_reason)


def first_free(uow: UnitOfWork, shop_id: uuid.UUID, hours: Decimal, not_before: datetime) -> Slot | None:
    """The earliest time, in the first bay that has it, where ``hours`` fit with no override.

    Each day looked at is locked first (in date order, as every booking
    locks), so the time found is still free when it is booked.
    """
    first = not_before.astimezone(shop_zone(uow, shop_id)).date()
    res = load_resources(uow, shop_id, first, first + timedelta(days=SEARCH_DAYS))
    for offset in range(SEARCH_DAYS + 1):
        day = first + timedelta(days=offset)
        schedule_repo(uow).lock_days(shop_id, [(day, "shop", shop_id)])
        held = held_on(uow, shop_id, [day])
        load = day_load(res, day, held)
        if load.window is None or (load.capacity is not None and load.booked + hours > load.capacity):
            continue
        if not res.bays:
            opens = datetime.combine(day, load.window[0], res.zone)
            return Slot(day, max(opens, not_before), hours, None, None)
        lanes = [
            Lane(
                window=bay_window(res.opening, day, res.zone),
                spans=tuple((h.start, h.end) for h in held if h.bay_id == bay.id),
                at_once=bay.at_once,
                available=load.bays[index].available,
                booked=load.bays[index].booked,
            )
            for index, bay in enumerate(res.bays)
        ]
        found = first_fit(lanes, hours, not_before)
        if found is not None:
            index, start = found
            schedule_repo(uow).lock_days(shop_id, [(day, "bay", res.bays[index].id)])
            return Slot(day, start, hours, res.bays[index].id, None)
    return None
