"""An appointment's life on both databases: arrival opens the work order; no-shows, cancellations, reminders."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.errors import ValidationError
from app.domain.permissions import Actor
from app.domain.work_orders import Status
from app.services.bays.dto import BayView
from app.services.container import Services
from tests.integration.integration_support import audit_rows
from tests.integration.schedule_support import ZONE, add_reminder, appointment_count, at, book, next_weekday
from tests.integration.work_order_helpers import Car


def test_arrival_opens_a_work_order_with_the_concern_as_its_first_job(
    services: Services, desk: Actor, db: Database, bays: list[BayView], techs: dict[str, uuid.UUID], car: Car
) -> None:
    day = next_weekday(2)
    concern = "Grinding noise from the front left when braking, worse in the morning"
    booked = book(
        services, desk, car.vehicle_id, at(day, 9), "1.5", bay_id=bays[0].id,
        technician_id=techs["Ken Nakamura"], concern=concern,
    )  # fmt: skip
    arrival = services.appointments.arrive(desk, booked.id, odometer_in=42_500)

    order = services.work_orders.get(desk, arrival.work_order_id)
    assert (order.number, order.status, order.odometer_in) == (
        arrival.work_order_number,
        Status.ESTIMATE,
        42_500,
    )
    [job] = order.jobs
    assert (job.title, job.concern) == (concern, concern)
    assert job.technician_name == "Ken Nakamura"
    assert arrival.appointment.status_label == "Arrived"
    assert arrival.appointment.work_order_number == order.number
    shown = services.schedule.calendar(desk, day, day)
    assert shown.days[0].booked == Decimal("1.5")  # an arrived car still holds its hours
    with pytest.raises(ValidationError, match="arrived already"):
        services.appointments.arrive(desk, booked.id)
    actions = [(r["table_name"], r["action"]) for r in audit_rows(db)[-4:]]
    assert actions == [  # one transaction, every write audited
        ("odometer_readings", "record"),
        ("work_orders", "create"),
        ("jobs", "create"),
        ("appointments", "arrived"),
    ]


def test_a_long_concern_names_the_job_by_its_first_words(services: Services, desk: Actor, car: Car) -> None:
    concern = "Customer says the car pulls to the right at highway speed and the steering wheel shakes " * 2
    booked = book(services, desk, car.vehicle_id, at(next_weekday(2), 9), "1", concern=concern)
    arrival = services.appointments.arrive(desk, booked.id)
    [job] = services.work_orders.get(desk, arrival.work_order_id).jobs
    assert job.title.endswith("…") and len(job.title) <= 81
    assert concern.startswith(job.title[:-1])
    assert job.concern == concern.strip()


def test_a_no_show_is_recorded_after_its_time_and_frees_the_hours(
    services: Services, desk: Actor, db: Database, bays: list[BayView], car: Car
) -> None:
    later = book(services, desk, car.vehicle_id, at(next_weekday(2), 9), "2", bay_id=bays[0].id)
    with pytest.raises(ValidationError, match="has not come yet"):
        services.appointments.no_show(desk, later.id)

    earlier = datetime.now(ZONE).replace(second=0, microsecond=0) - timedelta(hours=3)
    missed = book(services, desk, car.vehicle_id, earlier, "1", reason="booked after the fact")
    assert [a.id for a in services.schedule.not_arrived(desk)] == [missed.id]  # 30 min late and more
    recorded = services.appointments.no_show(desk, missed.id, "No answer on the phone")
    assert (recorded.status_label, recorded.status_note) == ("No-show", "No answer on the phone")
    assert services.schedule.not_arrived(desk) == []
    assert appointment_count(db, "no_show") == 1
    held = services.schedule.calendar(desk, recorded.day, recorded.day).days[0].booked
    assert held == Decimal(0)


def test_a_cancellation_frees_the_bay_and_stays_on_record(
    services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(2)
    first = book(services, desk, car.vehicle_id, at(day, 8), "9", bay_id=bays[0].id)
    with pytest.raises(ValidationError):
        book(services, desk, car.vehicle_id, at(day, 8), "1", bay_id=bays[0].id)
    cancelled = services.appointments.cancel(desk, first.id, "Customer sold the car")
    assert (cancelled.status_label, cancelled.status_note) == ("Cancelled", "Customer sold the car")
    book(services, desk, car.vehicle_id, at(day, 8), "1", bay_id=bays[0].id)  # the bay is free again
    with pytest.raises(ValidationError, match="cancelled already"):
        services.appointments.arrive(desk, first.id)
    statuses = sorted(a.status for a in services.schedule.calendar(desk, day, day).appointments)
    assert statuses == ["booked", "cancelled"]


def test_a_reminder_becomes_an_appointment_at_the_first_free_time_from_tomorrow(
    services: Services, desk: Actor, db: Database, bays: list[BayView], car: Car
) -> None:
    tomorrow = datetime.now(ZONE).date() + timedelta(days=1)
    reminder = add_reminder(db, desk, car.vehicle_id, "Oil change (6 months / 5,000 mi)", tomorrow)
    booked = services.appointments.book_reminder(desk, reminder)

    opening = next(
        tomorrow + timedelta(days=n) for n in range(3) if (tomorrow + timedelta(days=n)).weekday() != 6
    )
    assert booked.drop_off_at == at(opening, 8)
    assert (booked.bay, booked.source_label, booked.concern) == (
        "Bay 1",
        "Reminder",
        "Oil change (6 months / 5,000 mi)",
    )
    assert booked.reminder_id == reminder
    with pytest.raises(
        ValidationError, match=f"booked already, for {opening:%a, %b} {opening.day} at 8:00 AM"
    ):
        services.appointments.book_reminder(desk, reminder)


def test_a_reminder_goes_to_the_next_day_with_room(
    services: Services, desk: Actor, owner: Actor, db: Database, bays: list[BayView], car: Car
) -> None:
    tomorrow = datetime.now(ZONE).date() + timedelta(days=1)
    days = [tomorrow + timedelta(days=n) for n in range(4) if (tomorrow + timedelta(days=n)).weekday() != 6]
    services.working_hours.add_closed_day(owner, days[0], "Inventory")
    book(services, desk, car.vehicle_id, at(days[1], 8), "9", bay_id=bays[0].id)
    book(services, desk, car.vehicle_id, at(days[1], 8), "9", bay_id=bays[1].id)
    book(services, desk, car.vehicle_id, at(days[1], 9), "8", bay_id=bays[1].id)  # Bay 2 has 1 h left, 8:00
    reminder = add_reminder(db, desk, car.vehicle_id, "Tire rotation", tomorrow)
    booked = services.appointments.book_reminder(desk, reminder, expected_hours=Decimal("1.5"))
    assert (booked.day, booked.drop_off_at, booked.bay) == (days[2], at(days[2], 8), "Bay 1")

    second = add_reminder(db, desk, car.vehicle_id, "Wipers", tomorrow)
    short = services.appointments.book_reminder(desk, second, expected_hours=Decimal("1"))
    assert (short.day, short.drop_off_at, short.bay) == (days[1], at(days[1], 8), "Bay 2")
