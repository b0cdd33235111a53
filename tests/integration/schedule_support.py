"""Plain helpers for the schedule tests (no pytest: spawned children import this module by name)."""

from __future__ import annotations

import traceback
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from app.db.engine import Database, open_database
from app.domain.errors import BayDeskError
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.schedule.appointments import AppointmentChange, Booking
from app.services.schedule.dto import AppointmentView

ZONE = ZoneInfo("America/Los_Angeles")  # the test shop's (tests/conftest.py)


def next_weekday(weekday: int, after_days: int = 2) -> date:
    """The first ``weekday`` (0 = Monday) at least ``after_days`` from today on the shop's calendar."""
    day = datetime.now(ZONE).date() + timedelta(days=after_days)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE)


def book(
    services: Services,
    actor: Actor,
    vehicle_id: uuid.UUID,
    start: datetime,
    hours: str,
    *,
    bay_id: uuid.UUID | None = None,
    technician_id: uuid.UUID | None = None,
    concern: str = "Brakes squeal",
    reason: str = "",
) -> AppointmentView:
    change = AppointmentChange(
        start, Decimal(hours), concern, bay_id=bay_id, technician_id=technician_id, waiting=False
    )
    return services.appointments.book(actor, Booking(change, vehicle_id=vehicle_id), reason)


def appointment_count(db: Database, status: str = "booked") -> int:
    """Appointments in ``status``, counted on a fresh connection (what another terminal sees)."""
    with db.engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM appointments WHERE status = :s"), {"s": status}
            ).scalar_one()
        )


def booking_worker(
    url: str,
    actor: Actor,
    vehicle_id: uuid.UUID,
    start: datetime,
    hours: str,
    bay_id: uuid.UUID | None,
    technician_id: uuid.UUID | None,
    barrier: Any,
    results: Any,
) -> None:
    """One terminal in its own process: book at the same moment as the others; report what happened."""
    db: Database | None = None
    try:
        db = open_database(url, terminal_name=f"Worker {start:%H%M}")
        services = Services.build(db)
        barrier.wait(timeout=60)
        try:
            book(services, actor, vehicle_id, start, hours, bay_id=bay_id, technician_id=technician_id)
            results.put(("booked", f"{start:%H:%M}"))
        except BayDeskError as exc:
            results.put(("refused", exc.message))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        if db is not None:
            db.dispose()


def add_reminder(db: Database, actor: Actor, vehicle_id: uuid.UUID, title: str, due: date) -> uuid.UUID:
    """A service reminder falling due on ``due``, as completing an oil change leaves one."""
    from app.db.models_work_orders import ServiceReminder
    from app.services.uow import run_write

    def work(uow: Any) -> uuid.UUID:
        row = ServiceReminder(shop_id=actor.shop_id, vehicle_id=vehicle_id, title=title, due_date=due)
        uow.reminders.add(row)
        uow.commit()
        return row.id

    return run_write(db, work)
