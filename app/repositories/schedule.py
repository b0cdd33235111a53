"""Appointments, the day-lock rows bookings take, working hours, days off and closed days.

Calendar reads are Core statements mapped straight into rows (a week of a
busy shop is a few hundred appointments); writes use the ORM rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from app.db.models import Customer, User, Vehicle
from app.db.models_bays import ServiceBay
from app.db.models_schedule import (
    Appointment,
    ScheduleDayLock,
    ShopClosedDay,
    TechnicianDayOff,
    TechnicianHours,
)
from app.db.models_work_orders import ServiceReminder, WorkOrder
from app.domain.schedule import HOLDING
from app.repositories.base import Repository

# The order every booking takes its locks in: by day, then the shop before bays before
# technicians, then by id. Two terminals booking overlapping days never deadlock.
KIND_ORDER = {"shop": 0, "bay": 1, "technician": 2}
LockKey = tuple[date, str, uuid.UUID]

_TECH = aliased(User)
_CALENDAR_COLUMNS = (
    Appointment,
    Customer.first_name,
    Customer.last_name,
    Customer.company_name,
    Customer.kind,
    Customer.phone,
    Vehicle.year,
    Vehicle.make,
    Vehicle.model,
    Vehicle.plate,
    ServiceBay.name.label("bay_name"),
    _TECH.display_name.label("technician_name"),
    WorkOrder.number.label("work_order_number"),
)


def _calendar() -> Any:
    return (
        select(*_CALENDAR_COLUMNS)
        .join(Customer, Customer.id == Appointment.customer_id)
        .join(Vehicle, Vehicle.id == Appointment.vehicle_id)
        .outerjoin(ServiceBay, ServiceBay.id == Appointment.bay_id)
        .outerjoin(_TECH, _TECH.id == Appointment.technician_id)
        .outerjoin(WorkOrder, WorkOrder.id == Appointment.work_order_id)
    )


class ScheduleRepository(Repository):
    # --- appointments ------------------------------------------------------------------------
    def add(self, row: Any) -> None:
        self.session.add(row)
        self.session.flush()

    def appointment(
        self, shop_id: uuid.UUID, appointment_id: uuid.UUID, *, for_update: bool = False
    ) -> Appointment | None:
        stmt = select(Appointment).where(Appointment.id == appointment_id, Appointment.shop_id == shop_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def calendar_rows(self, shop_id: uuid.UUID, first: date, last: date) -> list[Row[Any]]:
        """Every appointment from ``first`` to ``last`` with its customer, car, bay and technician."""
        stmt = (
            _calendar()
            .where(Appointment.shop_id == shop_id, Appointment.day >= first, Appointment.day <= last)
            .order_by(Appointment.drop_off_at, Appointment.created_at)
        )
        return list(self.session.execute(stmt))

    def calendar_row(self, shop_id: uuid.UUID, appointment_id: uuid.UUID) -> Row[Any] | None:
        stmt = _calendar().where(Appointment.shop_id == shop_id, Appointment.id == appointment_id)
        return self.session.execute(stmt).first()

    def not_arrived_rows(self, shop_id: uuid.UUID, dropped_off_before: datetime) -> list[Row[Any]]:
        """Booked appointments whose drop-off time is before ``dropped_off_before``."""
        stmt = (
            _calendar()
            .where(
                Appointment.shop_id == shop_id,
                Appointment.status == "booked",
                # the shop's day can be a day ahead of UTC's: the drop-off time decides
                Appointment.day <= dropped_off_before.date() + timedelta(days=1),
                Appointment.drop_off_at < dropped_off_before,
            )
            .order_by(Appointment.drop_off_at)
        )
        return list(self.session.execute(stmt))

    def holding(self, shop_id: uuid.UUID, days: Iterable[date]) -> list[Row[Any]]:
        """What holds a bay or technician on these days: booked and arrived appointments."""
        stmt = select(
            Appointment.id,
            Appointment.day,
            Appointment.drop_off_at,
            Appointment.expected_hours,
            Appointment.bay_id,
            Appointment.technician_id,
        ).where(
            Appointment.shop_id == shop_id,
            Appointment.day.in_(sorted(set(days))),
            Appointment.status.in_(HOLDING),
        )
        return list(self.session.execute(stmt))

    def booked_for_reminder(self, shop_id: uuid.UUID, reminder_id: uuid.UUID) -> Appointment | None:
        return self.session.scalar(
            select(Appointment).where(
                Appointment.shop_id == shop_id,
                Appointment.reminder_id == reminder_id,
                Appointment.status == "booked",
            )
        )

    def reminder(
        self, shop_id: uuid.UUID, reminder_id: uuid.UUID, *, for_update: bool = False
    ) -> ServiceReminder | None:
        stmt = select(ServiceReminder).where(
            ServiceReminder.id == reminder_id,
            ServiceReminder.shop_id == shop_id,
            ServiceReminder.active.is_(True),
        )
        return self.session.scalar(stmt.with_for_update() if for_update else stmt)

    # --- the lock rows -----------------------------------------------------------------------
    def lock_days(self, shop_id: uuid.UUID, keys: Iterable[LockKey]) -> None:
        """Lock the rows of these (day, kind, resource) in the one fixed order, making missing ones.

        A row made by another terminal at the same moment is not an error: the
        insert does nothing and the lock then waits for that terminal's commit.
        """
        ordered = sorted(set(keys), key=lambda k: (k[0], KIND_ORDER[k[1]], k[2]))
        dialect = self.session.get_bind().dialect.name
        for day, kind, resource_id in ordered:
            values = {
                "id": uuid.uuid4(),
                "shop_id": shop_id,
                "day": day,
                "resource_kind": kind,
                "resource_id": resource_id,
            }
            insert: Any = pg_insert if dialect == "postgresql" else sqlite_insert
            self.session.execute(insert(ScheduleDayLock).values(values).on_conflict_do_nothing())
            self.session.execute(
                select(ScheduleDayLock.id)
                .where(
                    ScheduleDayLock.shop_id == shop_id,
                    ScheduleDayLock.day == day,
                    ScheduleDayLock.resource_kind == kind,
                    ScheduleDayLock.resource_id == resource_id,
                )
                .with_for_update()
            ).scalar_one()

    # --- who works when ----------------------------------------------------------------------
    def technicians(self, shop_id: uuid.UUID) -> list[Row[Any]]:
        stmt = (
            select(User.id, User.display_name)
            .where(User.shop_id == shop_id, User.role == "technician", User.active.is_(True))
            .order_by(User.display_name)
        )
        return list(self.session.execute(stmt))

    def technician(self, shop_id: uuid.UUID, user_id: uuid.UUID) -> User | None:
        return self.session.scalar(
            select(User).where(User.id == user_id, User.shop_id == shop_id, User.role == "technician")
        )

    def week_hours(self, shop_id: uuid.UUID) -> list[TechnicianHours]:
        stmt = select(TechnicianHours).where(TechnicianHours.shop_id == shop_id)
        return list(self.session.scalars(stmt.order_by(TechnicianHours.user_id, TechnicianHours.weekday)))

    def replace_week_hours(self, shop_id: uuid.UUID, user_id: uuid.UUID, rows: list[TechnicianHours]) -> None:
        self.session.execute(
            delete(TechnicianHours).where(
                TechnicianHours.shop_id == shop_id, TechnicianHours.user_id == user_id
            )
        )
        self.session.add_all(rows)
        self.session.flush()

    def days_off(self, shop_id: uuid.UUID, first: date, last: date) -> list[Row[Any]]:
        stmt = (
            select(TechnicianDayOff, User.display_name)
            .join(User, User.id == TechnicianDayOff.user_id)
            .where(
                TechnicianDayOff.shop_id == shop_id,
                TechnicianDayOff.day >= first,
                TechnicianDayOff.day <= last,
            )
            .order_by(TechnicianDayOff.day, User.display_name)
        )
        return list(self.session.execute(stmt))

    def day_off(self, shop_id: uuid.UUID, row_id: uuid.UUID) -> TechnicianDayOff | None:
        return self.session.scalar(
            select(TechnicianDayOff).where(TechnicianDayOff.id == row_id, TechnicianDayOff.shop_id == shop_id)
        )

    def closed_days(self, shop_id: uuid.UUID, first: date, last: date) -> list[ShopClosedDay]:
        stmt = select(ShopClosedDay).where(
            ShopClosedDay.shop_id == shop_id, ShopClosedDay.day >= first, ShopClosedDay.day <= last
        )
        return list(self.session.scalars(stmt.order_by(ShopClosedDay.day)))

    def closed_day(self, shop_id: uuid.UUID, row_id: uuid.UUID) -> ShopClosedDay | None:
        return self.session.scalar(
            select(ShopClosedDay).where(ShopClosedDay.id == row_id, ShopClosedDay.shop_id == shop_id)
        )

    def remove(self, row: Any) -> None:
        self.session.delete(row)
        self.session.flush()

    def bays(self, shop_id: uuid.UUID) -> list[Row[Any]]:
        """The bays a car can be booked into (not those taken out of use), in board order."""
        stmt = (
            select(
                ServiceBay.id, ServiceBay.name, ServiceBay.capacity, ServiceBay.status, ServiceBay.status_note
            )
            .where(ServiceBay.shop_id == shop_id, ServiceBay.status != "inactive")
            .order_by(ServiceBay.position, ServiceBay.name)
        )
        return list(self.session.execute(stmt))
