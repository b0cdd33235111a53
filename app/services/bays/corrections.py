"""The owner's corrections of technicians' clock entries: a forgotten clock-out, a wrong time.

A correction sets an entry's start and end, with a reason; the audit log
keeps the times before and after. It never leaves an entry running, never
ends it before it starts or in the future, and never makes it overlap
another clock of the same kind of that technician (two shifts at once would
count the hours twice in productivity and pay). The technician's user row is
locked first, as every clock change does, so a correction and a clock-in on
a bay terminal run one after the other.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from app.db.models_bays import TimeEntry
from app.db.types import now_utc
from app.domain.errors import NotFoundError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.technician_time import (
    EndReason,
    check_corrected_span,
    day_bounds,
    overlapping,
    total_hours,
)
from app.repositories.bays import TimeRepository
from app.services.base import Service
from app.services.bays.board import checked_text, shop_zone
from app.services.bays.clocks import span
from app.services.bays.dto import ClockEntryView
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork

KIND_WORDS = {"shift": "shift clock", "job": "job clock"}


class ClockCorrectionService(Service):
    def entries(self, actor: Actor, technician_id: uuid.UUID, day: date) -> list[ClockEntryView]:
        """The technician's shift and job clock entries that ran on a shop day (a running one too)."""
        require(actor, Action.CORRECT_CLOCKS)

        def work(uow: UnitOfWork) -> list[ClockEntryView]:
            lo, hi = day_bounds(day, shop_zone(uow, actor.shop_id))
            rows = TimeRepository(uow.session).of_user_between(actor.shop_id, technician_id, lo, hi)
            names = uow.users.names({technician_id})
            now = now_utc()
            return [_view(row.TimeEntry, names, row.title, row.number, now) for row in rows]

        return self._read(work)

    def correct(
        self, actor: Actor, entry_id: uuid.UUID, started_at: datetime, ended_at: datetime | None, reason: str
    ) -> ClockEntryView:
        """Set an entry's start and end, saying why; refused if it would run on or overlap another."""
        require(actor, Action.CORRECT_CLOCKS)
        why = checked_text(reason, "reason", 200)
        if not why:
            raise ValidationError({"reason": "is required"})

        def work(uow: UnitOfWork) -> ClockEntryView:
            times = TimeRepository(uow.session)
            entry = times.entry(actor.shop_id, entry_id)
            if entry is None:
                raise NotFoundError("That clock entry no longer exists.")
            times.lock_user(entry.user_id)
            now = now_utc()
            end = check_corrected_span(started_at, ended_at, now)
            _refuse_overlap(uow, times, actor, entry, started_at, end, now)
            before = {"started_at": entry.started_at, "ended_at": entry.ended_at}
            entry.started_at, entry.ended_at = started_at, end
            if not entry.end_reason:
                entry.end_reason = EndReason.CLOCK_OUT.value  # it had been left running
            entry.note = (f"{entry.note}; corrected: {why}" if entry.note else f"corrected: {why}")[:400]
            after = {"started_at": started_at, "ended_at": end, "reason": why}
            uow.record(actor, actor.shop_id, "time_entries", entry.id, "correct", before, after)
            uow.commit()
            row = next(
                r for r in times.of_user_between(actor.shop_id, entry.user_id, started_at, end)
                if r.TimeEntry.id == entry.id
            )  # fmt: skip
            return _view(entry, uow.users.names({entry.user_id}), row.title, row.number, now)

        return self._write(work)


def _refuse_overlap(
    uow: UnitOfWork,
    times: TimeRepository,
    actor: Actor,
    entry: TimeEntry,
    start: datetime,
    end: datetime,
    now: datetime,
) -> None:
    """Refuse a corrected span that shares a moment with another clock of the same kind of that person."""
    others = [
        span(row.TimeEntry)
        for row in times.of_user_between(actor.shop_id, entry.user_id, start, end)
        if row.TimeEntry.id != entry.id and row.TimeEntry.kind == entry.kind
    ]
    clash = overlapping(start, end, others, now)
    if clash is None:
        return
    shop = shop_locale(uow.shops.get(actor.shop_id))
    until = f"to {shop.time(clash.end)}" if clash.end is not None else "(still running)"
    raise ValidationError(
        {"end": f"overlaps the {KIND_WORDS.get(entry.kind, 'clock')} from {shop.time(clash.start)} {until}"}
    )


def _view(
    entry: TimeEntry, names: dict[uuid.UUID, str], title: Any, number: Any, now: datetime
) -> ClockEntryView:
    return ClockEntryView(
        id=entry.id,
        technician_id=entry.user_id,
        technician=names.get(entry.user_id, ""),
        kind=entry.kind,
        work_order_number=number,
        job_title=title or "",
        started_at=entry.started_at,
        ended_at=entry.ended_at,
        hours=total_hours([span(entry)], now),
        end_reason=entry.end_reason,
        note=entry.note,
    )
