"""Service reminders: due by date or by mileage, whichever comes first."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.db.types import now_utc
from app.domain.permissions import Action, Actor, require
from app.services.base import Service
from app.services.customers.dto import describe_vehicle
from app.services.uow import UnitOfWork
from app.services.work_orders.dto import ReminderView

SOON_DAYS = 30
SOON_MILES = 500


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def next_due(
    done_on: date, miles: int | None, months: int | None, interval_miles: int | None
) -> tuple[date | None, int | None]:
    due_date = add_months(done_on, months) if months else None
    due_miles = miles + interval_miles if miles is not None and interval_miles else None
    return due_date, due_miles


def is_due_soon(due_date: date | None, due_miles: int | None, odometer: int | None, today: date) -> bool:
    """Whichever comes first: the date within 30 days or the miles within 500."""
    by_date = due_date is not None and due_date <= today + timedelta(days=SOON_DAYS)
    by_miles = due_miles is not None and odometer is not None and odometer >= due_miles - SOON_MILES
    return by_date or by_miles


def shop_today(uow: UnitOfWork, actor: Actor) -> date:
    """Today where the shop is: a reminder falls due on the shop's calendar, not UTC's."""
    shop = uow.shops.get(actor.shop_id)
    return now_utc().astimezone(ZoneInfo(shop.timezone if shop else "UTC")).date()


class ReminderService(Service):
    def due_soon(self, actor: Actor) -> list[ReminderView]:
        require(actor, Action.VIEW_WORK_ORDERS)

        def work(uow: UnitOfWork) -> list[ReminderView]:
            today = shop_today(uow, actor)
            out = []
            rows: list[Any] = uow.reminders.due_rows(actor.shop_id, today)
            for reminder, odometer, year, make, model, plate in rows:
                if not is_due_soon(reminder.due_date, reminder.due_miles, odometer, today):
                    continue
                overdue = (reminder.due_date is not None and reminder.due_date < today) or (
                    reminder.due_miles is not None and odometer is not None and odometer >= reminder.due_miles
                )
                out.append(
                    ReminderView(
                        reminder.id,
                        reminder.vehicle_id,
                        describe_vehicle(year, make, model),
                        plate,
                        reminder.title,
                        reminder.due_date,
                        reminder.due_miles,
                        odometer,
                        overdue,
                    )
                )
            return out

        return self._read(work)

    def for_vehicle(self, actor: Actor, vehicle_id) -> list[ReminderView]:  # type: ignore[no-untyped-def]
        require(actor, Action.VIEW_CUSTOMERS)

        def work(uow: UnitOfWork) -> list[ReminderView]:
            today = shop_today(uow, actor)
            vehicle = uow.vehicles.get_any(vehicle_id)
            return [
                ReminderView(
                    r.id,
                    r.vehicle_id,
                    describe_vehicle(vehicle.year, vehicle.make, vehicle.model),
                    vehicle.plate,
                    r.title,
                    r.due_date,
                    r.due_miles,
                    vehicle.odometer,
                    (r.due_date is not None and r.due_date < today)
                    or (
                        r.due_miles is not None
                        and vehicle.odometer is not None
                        and vehicle.odometer >= r.due_miles
                    ),
                )
                for r in uow.reminders.for_vehicle(actor.shop_id, vehicle_id)
            ]

        return self._read(work)
