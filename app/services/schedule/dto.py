"""Read models of the schedule: appointments, each day's load, the calendar, working hours."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from app.domain.schedule import Level


@dataclass(frozen=True)
class AppointmentView:
    id: uuid.UUID
    customer_id: uuid.UUID
    customer: str
    phone: str
    vehicle_id: uuid.UUID
    vehicle: str  # "2019 Honda Civic"
    plate: str
    concern: str
    day: date
    drop_off_at: datetime
    ends_at: datetime  # drop-off plus the expected hours: the block on the calendar
    promised_at: datetime | None
    expected_hours: Decimal
    bay_id: uuid.UUID | None
    bay: str
    technician_id: uuid.UUID | None
    technician: str
    waiting: bool
    source: str
    source_label: str
    status: str
    status_label: str
    status_note: str
    override_reason: str
    work_order_id: uuid.UUID | None
    work_order_number: int | None
    reminder_id: uuid.UUID | None
    version: int

    @property
    def holds_time(self) -> bool:
        """Booked or arrived: it takes a place on the calendar."""
        return self.status in ("booked", "arrived")


@dataclass(frozen=True)
class ResourceLoad:
    """One bay's or technician's day: the hours it offers, the hours booked, and why it offers none."""

    id: uuid.UUID
    name: str
    available: Decimal
    booked: Decimal
    level: Level
    note: str = ""  # "day off: dentist", "in maintenance: lift inspection"
    window: tuple[time, time] | None = None  # when it works or is open that day (shop wall clock)


@dataclass(frozen=True)
class DayLoad:
    """A day's capacity against its bookings, for the header of the day and each week cell."""

    day: date
    closed_reason: str | None  # None: open; "" or a reason: the shop is closed that day
    bays: tuple[ResourceLoad, ...]
    technicians: tuple[ResourceLoad, ...]
    bay_hours: Decimal | None  # None: the shop has no bays to count
    technician_hours: Decimal | None  # None: the shop has no technicians to count
    booked: Decimal
    capacity: Decimal | None  # the lower of bay and technician hours: what the shop can turn
    level: Level
    window: tuple[time, time] | None  # the bays' opening hours that day (shop wall clock)

    def bay(self, bay_id: uuid.UUID) -> ResourceLoad | None:
        return next((b for b in self.bays if b.id == bay_id), None)

    def technician(self, user_id: uuid.UUID) -> ResourceLoad | None:
        return next((t for t in self.technicians if t.id == user_id), None)


@dataclass(frozen=True)
class Resource:
    id: uuid.UUID
    name: str
    note: str = ""


@dataclass(frozen=True)
class ScheduleView:
    """The calendar from ``first`` to ``last``: each day's load and every appointment in it."""

    first: date
    last: date
    days: tuple[DayLoad, ...]
    appointments: tuple[AppointmentView, ...]
    bays: tuple[Resource, ...]
    technicians: tuple[Resource, ...]
    today: date
    at: datetime

    def day(self, day: date) -> DayLoad | None:
        return next((d for d in self.days if d.day == day), None)

    def on(self, day: date) -> tuple[AppointmentView, ...]:
        return tuple(a for a in self.appointments if a.day == day)

    def appointment(self, appointment_id: uuid.UUID) -> AppointmentView | None:
        return next((a for a in self.appointments if a.id == appointment_id), None)


@dataclass(frozen=True)
class Arrival:
    """An appointment that arrived, and the work order it became."""

    appointment: AppointmentView
    work_order_id: uuid.UUID
    work_order_number: int


@dataclass(frozen=True)
class TechnicianWeek:
    """A technician's working week; ``own`` False: they work the bays' opening hours."""

    id: uuid.UUID
    name: str
    own: bool
    days: tuple[tuple[int, time, time], ...]  # weekday (0 = Monday), start, end


@dataclass(frozen=True)
class DayOffView:
    id: uuid.UUID
    user_id: uuid.UUID
    technician: str
    day: date
    reason: str


@dataclass(frozen=True)
class ClosedDayView:
    id: uuid.UUID
    day: date
    reason: str


@dataclass(frozen=True)
class DaySheet:
    """What the printed day schedule shows, with the shop's name and paper size."""

    shop_name: str
    shop_phone: str
    page_size: str
    load: DayLoad
    appointments: tuple[AppointmentView, ...]
    zone: str  # the shop's time zone, for the times printed
    printed_at: datetime
