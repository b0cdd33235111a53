"""Technician efficiency and productivity, and bay utilization, for a range of shop days.

DOMAIN.md: efficiency = billed (flagged) hours / job-clock hours on work orders
closed in the range; productivity = job-clock hours / shift-clock hours in the
range (a clock running over midnight counts only its part inside the range);
utilization = hours a bay held a car while open / hours it was open.
"""

from __future__ import annotations

import uuid
from datetime import date

from app.db.types import now_utc
from app.domain.bays import BayStatus, occupied_hours, open_hours
from app.domain.errors import ValidationError
from app.domain.money import from_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.technician_time import ClockKind, day_bounds, efficiency, productivity, ratio, total_hours
from app.repositories.bays import TimeRepository
from app.services.base import Service
from app.services.bays.assignments import uow_bays
from app.services.bays.board import bay_settings, opening_hours, shop_zone
from app.services.bays.clocks import span
from app.services.bays.dto import BayUtilizationRow, TechnicianReport, TechnicianReportRow
from app.services.uow import UnitOfWork

MAX_DAYS = 366


class TechnicianReportService(Service):
    def report(self, actor: Actor, first: date, last: date) -> TechnicianReport:
        require(actor, Action.VIEW_TECHNICIAN_REPORTS)
        if last < first:
            raise ValidationError({"last": "must not be before the first day"})
        if (last - first).days >= MAX_DAYS:
            raise ValidationError({"last": f"a report covers at most {MAX_DAYS} days"})
        return self._report(lambda uow: _report(uow, actor, first, last))


def _report(uow: UnitOfWork, actor: Actor, first: date, last: date) -> TechnicianReport:
    now = now_utc()
    zone = shop_zone(uow, actor.shop_id)
    lo, _ = day_bounds(first, zone)
    _, hi = day_bounds(last, zone)
    times = TimeRepository(uow.session)
    entries = times.between(actor.shop_id, lo, hi)
    closed = times.closed_orders(actor.shop_id, lo, hi)
    billed: dict[uuid.UUID, int] = {}
    for row in times.billed_labor(closed):
        if row.technician_id is not None:
            billed[row.technician_id] = billed.get(row.technician_id, 0) + row.quantity
    on_closed = times.job_entries_on(actor.shop_id, closed)
    technicians = {u.id: u.display_name for u in uow.users.with_role(actor.shop_id, "technician")}
    people = set(technicians) | {e.user_id for e in entries} | set(billed)
    names = technicians | uow.users.names(people - set(technicians))
    rows = []
    for user_id in sorted(people, key=lambda u: names.get(u, "")):
        mine = [e for e in entries if e.user_id == user_id]
        shift = total_hours([span(e) for e in mine if e.kind == ClockKind.SHIFT], now, lo, hi)
        job = total_hours([span(e) for e in mine if e.kind == ClockKind.JOB], now, lo, hi)
        flagged = from_thousandths(billed.get(user_id, 0))
        clocked = total_hours([span(e) for e in on_closed if e.user_id == user_id], now)
        rows.append(
            TechnicianReportRow(
                technician_id=user_id,
                technician=names.get(user_id, "?"),
                shift_hours=shift,
                job_hours=job,
                billed_hours=flagged,
                clocked_on_closed=clocked,
                productivity=productivity(job, shift),
                efficiency=efficiency(flagged, clocked),
            )
        )
    hours = opening_hours(bay_settings(uow, actor.shop_id))
    windows = [(a, min(b, max(now, a))) for a, b in hours.windows(first, last, zone)]
    repo = uow_bays(uow)
    assignments = repo.assignments_between(actor.shop_id, lo, hi)
    bays = []
    for bay in repo.bays(actor.shop_id):
        if bay.status == BayStatus.INACTIVE:
            continue
        spans = [(a.started_at, a.ended_at or now) for a in assignments if a.bay_id == bay.id]
        occupied = occupied_hours(spans, windows)
        available = open_hours(windows)
        bays.append(BayUtilizationRow(bay.id, bay.name, occupied, available, ratio(occupied, available)))
    shop = uow.shops.get(actor.shop_id)
    return TechnicianReport(
        shop_name=shop.name if shop else "",
        first=first,
        last=last,
        technicians=tuple(rows),
        bays=tuple(bays),
        generated_at=now,
    )
