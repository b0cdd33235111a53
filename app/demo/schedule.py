"""The demo shop's schedule: this week and the next six days of appointments, and who works when.

Cars that came in earlier this week arrived on appointment (each linked to
the work order it opened); a few did not come or cancelled. From today on
the bays fill as a shop's would: most days comfortably, one day over
capacity with its reason. Two technicians keep weeks of their own, one has
a day off, and the shop is closed one day next week for training.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.db.models import Vehicle
from app.db.models_bays import ServiceBay
from app.db.models_schedule import Appointment, ShopClosedDay, TechnicianDayOff, TechnicianHours
from app.db.models_work_orders import Job, WorkOrder
from app.db.types import now_utc
from app.domain.money import to_thousandths
from app.domain.permissions import Actor
from app.domain.schedule import end_of, peak_overlap
from app.services.base import Service
from app.services.bays.board import shop_zone
from app.services.uow import UnitOfWork

AHEAD_DAYS = 6
OPENS, CLOSES = time(8), time(17)
CONCERNS = (
    ("Brakes squeal when stopping", "1.5"),
    ("Check engine light is on", "1"),
    ("Oil change and tire rotation", "0.75"),
    ("A/C blows warm air", "1.5"),
    ("Pulls to the right at highway speed", "1"),
    ("30,000-mile service", "2.5"),
    ("Battery dies overnight", "1"),
    ("Clunk from the rear over bumps", "2"),
    ("Replace wipers and cabin air filter", "0.5"),
    ("Coolant leak under the front of the car", "2"),
    ("Transmission shifts hard from 2nd to 3rd", "3"),
    ("Timing belt due (customer asked for a quote)", "4"),
)


@dataclass
class _Lane:
    """What one bay or technician already holds on one day."""

    spans: list[tuple[datetime, datetime]] = field(default_factory=list)
    hours: Decimal = Decimal(0)


@dataclass
class _Day:
    lanes: dict[uuid.UUID, _Lane] = field(default_factory=dict)

    def lane(self, key: uuid.UUID) -> _Lane:
        return self.lanes.setdefault(key, _Lane())

    def fits(self, key: uuid.UUID, start: datetime, end: datetime, at_once: int, available: Decimal) -> bool:
        lane = self.lane(key)
        hours = Decimal((end - start).total_seconds()) / 3600
        return lane.hours + hours <= available and peak_overlap(lane.spans, start, end) < at_once

    def take(self, key: uuid.UUID, start: datetime, end: datetime) -> None:
        lane = self.lane(key)
        lane.spans.append((start, end))
        lane.hours += Decimal((end - start).total_seconds()) / 3600


class DemoScheduleService(Service):
    def create(self, owner: Actor, technicians: tuple[uuid.UUID, ...], seed: int) -> int:
        """Working weeks, a day off, a closed day and appointments; the number of appointments made."""
        rng = random.Random(seed + 18)

        def work(uow: UnitOfWork) -> int:
            zone = shop_zone(uow, owner.shop_id)
            today = now_utc().astimezone(zone).date()
            staffing = _hours(uow, owner, technicians, today)
            maker = _Maker(uow, owner, rng, zone, technicians, staffing)
            monday = today - timedelta(days=today.weekday())
            for offset in range((today - monday).days + AHEAD_DAYS + 1):
                maker.day(monday + timedelta(days=offset), today)
            uow.session.add_all(maker.rows)
            uow.record(
                owner,
                owner.shop_id,
                "appointments",
                owner.shop_id,
                "demo_schedule",
                None,
                {"appointments": len(maker.rows), "closed_day": next(iter(staffing.closed), None)},
            )
            uow.commit()
            return len(maker.rows)

        return self._write(work)


@dataclass(frozen=True)
class _Staffing:
    """Who works when, as the demo set it up: the bookings respect it as the service would."""

    weeks: dict[uuid.UUID, dict[int, tuple[time, time]]]
    days_off: set[tuple[uuid.UUID, date]]
    closed: dict[date, str]

    def window(self, tech: uuid.UUID, day: date) -> tuple[time, time] | None:
        if day in self.closed or (tech, day) in self.days_off:
            return None
        return self.weeks.get(tech, {d: (OPENS, CLOSES) for d in range(6)}).get(day.weekday())

    def hours(self, techs: tuple[uuid.UUID, ...], day: date) -> Decimal:
        total = Decimal(0)
        for tech in techs:
            span = self.window(tech, day)
            if span is not None:
                total += (
                    Decimal((span[1].hour * 60 + span[1].minute) - (span[0].hour * 60 + span[0].minute)) / 60
                )
        return total


def _hours(uow: UnitOfWork, owner: Actor, technicians: tuple[uuid.UUID, ...], today: date) -> _Staffing:
    """Two technicians' own weeks, one's day off the day after tomorrow, a closed day next week."""
    early, late = technicians[1 % len(technicians)], technicians[-1]
    weeks = {
        early: {d: (time(7), time(15, 30)) for d in range(5)},
        late: {d: (time(9), time(18)) for d in range(1, 6)},
    }
    rows: list[Any] = [
        TechnicianHours(shop_id=owner.shop_id, user_id=tech, weekday=d, starts=start, ends=end)
        for tech, week in weeks.items()
        for d, (start, end) in week.items()
    ]
    off = today + timedelta(days=2 if (today + timedelta(days=2)).weekday() != 6 else 3)
    away = technicians[2 % len(technicians)]
    rows.append(
        TechnicianDayOff(
            shop_id=owner.shop_id, user_id=away, day=off, reason="Dentist", created_by=owner.user_id
        )
    )
    closed = today + timedelta(days=8)
    while closed.weekday() >= 5:
        closed += timedelta(days=1)
    rows.append(
        ShopClosedDay(shop_id=owner.shop_id, day=closed, reason="Staff training", created_by=owner.user_id)
    )
    uow.session.add_all(rows)
    uow.session.flush()
    return _Staffing(weeks, {(away, off)}, {closed: "Staff training"})


class _Maker:
    """Places appointments day by day where a bay (and a technician) has room."""

    def __init__(
        self,
        uow: UnitOfWork,
        owner: Actor,
        rng: random.Random,
        zone: ZoneInfo,
        technicians: tuple[uuid.UUID, ...],
        staffing: _Staffing,
    ) -> None:
        self.uow, self.owner, self.rng, self.zone, self.staffing = uow, owner, rng, zone, staffing
        self.technicians = technicians
        session = uow.session
        self.bays = [
            (b.id, b.capacity)
            for b in session.execute(
                select(ServiceBay.id, ServiceBay.capacity)
                .where(ServiceBay.shop_id == owner.shop_id, ServiceBay.status == "active")
                .order_by(ServiceBay.position)
            )
        ]
        self.cars = list(
            session.execute(
                select(Vehicle.id, Vehicle.customer_id).where(Vehicle.shop_id == owner.shop_id).limit(600)
            )
        )
        self.rows: list[Appointment] = []
        self.budget = self.booked = Decimal(0)

    def day(self, day: date, today: date) -> None:
        if day.weekday() == 6 or day in self.staffing.closed:
            return
        taken = _Day()
        self.budget = self.staffing.hours(self.technicians, day) * Decimal("0.85")
        self.booked = Decimal(0)
        if day <= today:
            self._arrivals(day, taken)
        if day >= today:
            count = self.rng.randint(10, 14) if day > today else self.rng.randint(3, 5)
            for _ in range(count):
                self._booking(day, taken, today)
            if day == today + timedelta(days=3 if (today + timedelta(days=3)).weekday() != 6 else 4):
                self._over_capacity(day, taken)

    def _arrivals(self, day: date, taken: _Day) -> None:
        """The work orders opened that day came in on appointment (a few by walking in)."""
        for order in self._opened_on(day):
            local = order.created_at.astimezone(self.zone)
            start = local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)
            hours = Decimal(self.rng.choice(("1", "1.5", "2", "3")))
            bay = self._free_bay(taken, start, end_of(start, hours))
            source = "walk_in" if self.rng.random() < 0.2 else "phone"
            concern = order.concern or order.title
            self._add(
                order.vehicle_id,
                order.customer_id,
                start,
                hours,
                concern,
                bay,
                order.technician_id,
                status="arrived",
                work_order_id=order.id,
                source=source,
            )
            if bay is not None:
                taken.take(bay, start, end_of(start, hours))
        if self.rng.random() < 0.6:
            vehicle, customer = self.rng.choice(self.cars)
            start = datetime.combine(day, time(self.rng.choice((9, 10, 13))), self.zone)
            status, note = self.rng.choice((("no_show", "No answer on the phone"), ("cancelled", "Car sold")))
            concern = "Oil change and tire rotation"
            self._add(vehicle, customer, start, Decimal(1), concern, None, None, status=status, note=note)

    def _opened_on(self, day: date) -> list[Any]:
        """The first work orders opened on ``day`` (shop calendar), with their first job."""
        lo = datetime.combine(day, time(0), self.zone)
        hi = lo + timedelta(days=1)
        stmt = (
            select(
                WorkOrder.id,
                WorkOrder.vehicle_id,
                WorkOrder.customer_id,
                WorkOrder.created_at,
                Job.concern,
                Job.title,
                Job.technician_id,
            )
            .join(Job, (Job.work_order_id == WorkOrder.id) & (Job.position == 1))
            .where(
                WorkOrder.shop_id == self.owner.shop_id, WorkOrder.created_at >= lo, WorkOrder.created_at < hi
            )
            .order_by(WorkOrder.created_at)
            .limit(8)
        )
        return list(self.uow.session.execute(stmt))

    def _booking(self, day: date, taken: _Day, today: date) -> None:
        concern, hours_text = self.rng.choice(CONCERNS)
        hours = Decimal(hours_text)
        if self.booked + hours > self.budget:
            return  # the shop's hours for the day are nearly all booked: the desk offers another day
        not_before = datetime.combine(day, OPENS, self.zone)
        if day == today:
            not_before = max(not_before, now_utc().astimezone(self.zone) + timedelta(minutes=30))
        for start in self._starts(day, not_before, hours):
            end = end_of(start, hours)
            bay = self._free_bay(taken, start, end)
            if bay is None:
                continue
            tech = self._free_technician(taken, day, start, end)
            taken.take(bay, start, end)
            if tech is not None:
                taken.take(tech, start, end)
            vehicle, customer = self.rng.choice(self.cars)
            source = self.rng.choices(("phone", "walk_in", "reminder"), (6, 1, 2))[0]
            self._add(vehicle, customer, start, hours, concern, bay, tech, source=source, waiting=hours <= 1)
            return

    def _starts(self, day: date, not_before: datetime, hours: Decimal) -> list[datetime]:
        first = datetime.combine(day, OPENS, self.zone)
        last = datetime.combine(day, CLOSES, self.zone) - timedelta(hours=float(hours))
        slots = []
        at = first
        while at <= last:
            if at >= not_before:
                slots.append(at)
            at += timedelta(minutes=30)
        self.rng.shuffle(slots)
        return slots

    def _free_bay(self, taken: _Day, start: datetime, end: datetime) -> uuid.UUID | None:
        open_hours = Decimal(CLOSES.hour - OPENS.hour)
        for bay, capacity in self.rng.sample(self.bays, len(self.bays)):
            if taken.fits(bay, start, end, capacity, open_hours * capacity):
                return bay
        return None

    def _free_technician(self, taken: _Day, day: date, start: datetime, end: datetime) -> uuid.UUID | None:
        for tech in self.rng.sample(self.technicians, len(self.technicians)):
            span = self.staffing.window(tech, day)
            if span is None or start.time() < span[0] or end.time() > span[1]:
                continue
            if taken.fits(tech, start, end, 1, self.staffing.hours((tech,), day)):
                return tech
        return None

    def _over_capacity(self, day: date, taken: _Day) -> None:
        """A fleet's van squeezed into the fullest bay: its day shows red, with the reason.

        The fullest, not the first: how much the day's bookings left in a given bay depends
        on the hour the demo is made (today's bookings start after it), and a van of at most
        a day's length must go over what the bay still has, whatever that is.
        """
        if not self.bays:
            return
        day_hours = Decimal(CLOSES.hour - OPENS.hour)

        def room(bay: tuple[uuid.UUID, int]) -> Decimal:
            return day_hours * bay[1] - taken.lane(bay[0]).hours

        fullest = min(self.bays, key=room)
        bay = fullest[0]
        hours = min(day_hours, max(Decimal(3), room(fullest) + Decimal("1.5")))
        start = max(
            datetime.combine(day, OPENS, self.zone),
            datetime.combine(day, CLOSES, self.zone) - timedelta(hours=float(hours)),
        )
        vehicle, customer = self.rng.choice(self.cars)
        self._add(
            vehicle,
            customer,
            start,
            hours,
            "Fleet van: brakes, fluids and inspection",
            bay,
            None,
            override="Fleet contract: three vans this week",
        )

    def _add(
        self,
        vehicle: uuid.UUID,
        customer: uuid.UUID,
        start: datetime,
        hours: Decimal,
        concern: str,
        bay: uuid.UUID | None,
        tech: uuid.UUID | None,
        *,
        status: str = "booked",
        source: str = "phone",
        waiting: bool = False,
        work_order_id: uuid.UUID | None = None,
        note: str = "",
        override: str = "",
    ) -> None:
        end = end_of(start, hours)
        if status in ("booked", "arrived"):
            self.booked += hours
        promised = end if waiting else max(end, start.replace(hour=17, minute=0))
        self.rows.append(
            Appointment(
                shop_id=self.owner.shop_id,
                customer_id=customer,
                vehicle_id=vehicle,
                concern=concern[:4000],
                day=start.date(),
                drop_off_at=start,
                promised_at=promised,
                expected_hours=to_thousandths(hours),
                bay_id=bay,
                technician_id=tech,
                waiting=waiting,
                source=source,
                status=status,
                status_note=note,
                override_reason=override,
                work_order_id=work_order_id,
                arrived_at=start if status == "arrived" else None,
                created_by=self.owner.user_id,
                updated_by=self.owner.user_id,
            )
        )
