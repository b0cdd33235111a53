"""Reading the schedule: a day or a week with each day's load, one appointment, the late arrivals.

``not_arrived`` is the plain question an alert rule asks ("which cars are
more than 30 minutes past their drop-off time and not here?"); it reads and
changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row

from app.db.types import now_utc
from app.domain.customers import display_name
from app.domain.errors import NotFoundError, ValidationError
from app.domain.money import from_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.schedule import SOURCE_LABELS, STATUS_LABELS, AppointmentStatus, Source, end_of
from app.services.base import Service
from app.services.customers.dto import describe_vehicle
from app.services.schedule.capacity import day_load, held_on, load_resources, schedule_repo
from app.services.schedule.dto import AppointmentView, DaySheet, Resource, ScheduleView
from app.services.uow import UnitOfWork

MAX_DAYS = 42  # six weeks: more than any view of the calendar shows at once
LATE_AFTER = timedelta(minutes=30)


def appointment_view(row: Row[Any]) -> AppointmentView:
    a = row.Appointment
    hours = from_thousandths(a.expected_hours)
    return AppointmentView(
        id=a.id,
        customer_id=a.customer_id,
        customer=display_name(row.first_name, row.last_name, row.company_name, row.kind),
        phone=row.phone,
        vehicle_id=a.vehicle_id,
        vehicle=describe_vehicle(row.year, row.make, row.model),
        plate=row.plate,
        concern=a.concern,
        day=a.day,
        drop_off_at=a.drop_off_at,
        ends_at=end_of(a.drop_off_at, hours),
        promised_at=a.promised_at,
        expected_hours=hours,
        bay_id=a.bay_id,
        bay=row.bay_name or "",
        technician_id=a.technician_id,
        technician=row.technician_name or "",
        waiting=a.waiting,
        source=a.source,
        source_label=SOURCE_LABELS[Source(a.source)],
        status=a.status,
        status_label=STATUS_LABELS[AppointmentStatus(a.status)],
        status_note=a.status_note,
        override_reason=a.override_reason,
        work_order_id=a.work_order_id,
        work_order_number=row.work_order_number,
        reminder_id=a.reminder_id,
        version=a.version,
    )


def read_appointment(uow: UnitOfWork, actor: Actor, appointment_id: uuid.UUID) -> AppointmentView:
    """The appointment as the calendar shows it (inside a write, with the write's changes)."""
    uow.session.flush()
    row = schedule_repo(uow).calendar_row(actor.shop_id, appointment_id)
    if row is None:
        raise NotFoundError("That appointment no longer exists.")
    return appointment_view(row)


def schedule_view(uow: UnitOfWork, actor: Actor, first: date, last: date) -> ScheduleView:
    """Every day from ``first`` to ``last``: its load and appointments, in six statements or so."""
    if last < first or (last - first).days >= MAX_DAYS:
        raise ValidationError({"days": f"show 1 to {MAX_DAYS} days at a time"})
    res = load_resources(uow, actor.shop_id, first, last)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    held = held_on(uow, actor.shop_id, days)
    rows = schedule_repo(uow).calendar_rows(actor.shop_id, first, last)
    now = now_utc()
    return ScheduleView(
        first=first,
        last=last,
        days=tuple(day_load(res, day, held) for day in days),
        appointments=tuple(appointment_view(r) for r in rows),
        bays=tuple(Resource(b.id, b.name, b.note) for b in res.bays),
        technicians=tuple(Resource(tid, name) for tid, name in res.technicians),
        today=now.astimezone(res.zone).date(),
        at=now,
    )


class ScheduleService(Service):
    def calendar(self, actor: Actor, first: date, last: date) -> ScheduleView:
        """The schedule from ``first`` to ``last`` (a day: both the same; a week: seven days)."""
        require(actor, Action.VIEW_SCHEDULE)
        return self._read(lambda uow: schedule_view(uow, actor, first, last))

    def appointment(self, actor: Actor, appointment_id: uuid.UUID) -> AppointmentView:
        require(actor, Action.VIEW_SCHEDULE)
        return self._read(lambda uow: read_appointment(uow, actor, appointment_id))

    def not_arrived(
        self, actor: Actor, late_after: timedelta = LATE_AFTER, now: datetime | None = None
    ) -> list[AppointmentView]:
        """Booked cars that are ``late_after`` past their drop-off time and have not arrived."""
        require(actor, Action.VIEW_SCHEDULE)
        moment = now or now_utc()

        def work(uow: UnitOfWork) -> list[AppointmentView]:
            rows = schedule_repo(uow).not_arrived_rows(actor.shop_id, moment - late_after)
            return [appointment_view(r) for r in rows]

        return self._read(work)

    def day_sheet(self, actor: Actor, day: date) -> DaySheet:
        """The day as it prints: its load and its appointments in time order, on the shop's paper."""
        require(actor, Action.VIEW_SCHEDULE)

        def work(uow: UnitOfWork) -> DaySheet:
            view = schedule_view(uow, actor, day, day)
            shop = uow.shops.get(actor.shop_id)
            if shop is None:
                raise NotFoundError("The shop no longer exists.")
            return DaySheet(
                shop_name=shop.name,
                shop_phone=shop.phone,
                page_size=shop.paper_size,
                load=view.days[0],
                appointments=tuple(a for a in view.appointments if a.status != AppointmentStatus.CANCELLED),
                zone=shop.timezone,
                printed_at=view.at,
            )

        return self._read(work)
