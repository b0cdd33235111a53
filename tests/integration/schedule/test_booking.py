"""Booking on both databases: the calendar shows it, capacity holds, over capacity needs a reason."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest

from app.domain.customers import CustomerInput, VehicleInput
from app.domain.errors import NotFoundError, PermissionDeniedError, StaleEditError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.schedule import Level
from app.services.bays.dto import BayView
from app.services.container import Services
from app.services.schedule.appointments import AppointmentChange, Booking
from tests.integration.integration_support import audit_rows
from tests.integration.schedule_support import at, book, next_weekday
from tests.integration.work_order_helpers import Car, add_car

TUESDAY = 1


def test_a_booked_car_shows_on_its_day_with_the_load_it_adds(
    services: Services, desk: Actor, db, bays: list[BayView], techs: dict[str, uuid.UUID], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    maria = techs["Maria Alvarez"]
    booked = book(services, desk, car.vehicle_id, at(day, 9), "2.5", bay_id=bays[0].id, technician_id=maria)

    view = services.schedule.calendar(desk, day, day)
    [shown] = view.appointments
    assert (shown.customer, shown.vehicle, shown.plate) == ("Maria Lopez", "2016 Honda Civic", "7ABC123")
    assert (shown.bay, shown.technician, shown.expected_hours) == ("Bay 1", "Maria Alvarez", Decimal("2.5"))
    assert shown.ends_at - shown.drop_off_at == timedelta(hours=2, minutes=30)
    assert (shown.status_label, shown.source_label, shown.concern) == ("Booked", "Phone", "Brakes squeal")
    load = view.days[0]
    assert load.bay(bays[0].id).available == Decimal(9)  # 8:00 to 17:00
    assert load.bay(bays[1].id).available == Decimal(18)  # two cars at once
    assert load.technician(maria).booked == Decimal("2.5")
    assert (load.bay_hours, load.technician_hours, load.capacity) == (Decimal(27), Decimal(18), Decimal(18))
    assert load.booked == Decimal("2.5") and load.level == Level.OK
    book_entry = [r for r in audit_rows(db) if r["table_name"] == "appointments"]
    assert [(r["action"], r["record_id"]) for r in book_entry] == [("book", str(booked.id))]


def test_a_new_customer_and_car_are_typed_in_with_the_booking(
    services: Services, desk: Actor, bays: list[BayView]
) -> None:
    day = next_weekday(TUESDAY)
    change = AppointmentChange(at(day, 10), Decimal(1), "Check engine light", waiting=True)
    booking = Booking(
        change,
        new_customer=CustomerInput(first_name="Ngozi", last_name="Okafor", phone="510 555 0188"),
        new_vehicle=VehicleInput(year="2018", make="Toyota", model="RAV4", plate="8XYZ321"),
    )
    shown = services.appointments.book(desk, booking)

    assert (shown.customer, shown.vehicle, shown.waiting) == ("Ngozi Okafor", "2018 Toyota RAV4", True)
    [hit] = services.customers.search(desk, "8XYZ321")
    assert hit.vehicle_id == shown.vehicle_id


def test_a_new_car_for_a_customer_already_on_file(services: Services, desk: Actor, car: Car) -> None:
    change = AppointmentChange(at(next_weekday(TUESDAY), 11), Decimal("0.5"), "Wipers")
    booking = Booking(
        change,
        customer_id=car.customer_id,
        new_vehicle=VehicleInput(make="Ford", model="Transit", plate="FLEET7"),
    )
    shown = services.appointments.book(desk, booking)
    assert (shown.customer, shown.vehicle) == ("Maria Lopez", "Ford Transit")
    assert len(services.customers.get(desk, car.customer_id).vehicles) == 2


def test_a_booking_without_a_car_says_what_is_missing(services: Services, desk: Actor) -> None:
    change = AppointmentChange(at(next_weekday(TUESDAY), 10), Decimal(1))
    with pytest.raises(ValidationError) as refused:
        services.appointments.book(desk, Booking(change))
    assert "vehicle" in refused.value.errors


def test_the_last_hours_of_a_bay_take_a_reason_and_the_day_shows_over(
    services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    book(services, desk, car.vehicle_id, at(day, 8), "8", bay_id=bays[0].id)
    with pytest.raises(ValidationError) as refused:
        book(services, desk, car.vehicle_id, at(day, 16), "2", bay_id=bays[0].id)
    assert "Bay 1 has 9 h, 8 h booked; 2 h more is over" in refused.value.message
    assert "give a reason" in refused.value.message.lower()

    over = book(services, desk, car.vehicle_id, at(day, 16), "2", bay_id=bays[0].id, reason="Fleet rush job")
    assert over.override_reason == "Fleet rush job"
    load = services.schedule.calendar(desk, day, day).days[0]
    assert load.bay(bays[0].id).booked == Decimal(10)
    assert load.bay(bays[0].id).level == Level.OVER


def test_a_bay_takes_no_more_cars_at_one_time_than_it_holds(
    services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    book(services, desk, car.vehicle_id, at(day, 9), "2", bay_id=bays[0].id)
    with pytest.raises(ValidationError, match="Bay 1 takes 1 car at a time and has 1 then"):
        book(services, desk, car.vehicle_id, at(day, 10), "1", bay_id=bays[0].id)
    book(services, desk, car.vehicle_id, at(day, 11), "1", bay_id=bays[0].id)  # right after: fits

    book(services, desk, car.vehicle_id, at(day, 9), "2", bay_id=bays[1].id)
    book(services, desk, car.vehicle_id, at(day, 9), "2", bay_id=bays[1].id)  # the second car fits
    with pytest.raises(ValidationError, match="Bay 2 takes 2 cars at a time and has 2 then"):
        book(services, desk, car.vehicle_id, at(day, 10), "1", bay_id=bays[1].id)


def test_a_technician_is_not_double_booked_nor_booked_on_a_day_off(
    services: Services, owner: Actor, desk: Actor, bays: list[BayView], techs: dict[str, uuid.UUID], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    maria = techs["Maria Alvarez"]
    book(services, desk, car.vehicle_id, at(day, 9), "2", technician_id=maria)
    with pytest.raises(ValidationError, match="Maria Alvarez has another appointment then"):
        book(services, desk, car.vehicle_id, at(day, 10), "1", technician_id=maria)

    assert services.working_hours.add_days_off(owner, maria, day, day, "Dentist") == 1  # one booked then
    with pytest.raises(ValidationError, match=r"Maria Alvarez has 0 h \(day off: Dentist\)"):
        book(services, desk, car.vehicle_id, at(day, 14), "1", technician_id=maria)
    load = services.schedule.calendar(desk, day, day).days[0]
    assert load.technician(maria).note == "day off: Dentist"
    assert load.technician(maria).level == Level.OVER  # 2 h booked on a day with none


def test_a_technician_with_a_week_of_their_own_offers_those_hours(
    services: Services, owner: Actor, desk: Actor, techs: dict[str, uuid.UUID], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    ken = techs["Ken Nakamura"]
    services.working_hours.set_week(owner, ken, {TUESDAY: (time(10), time(14)), 4: (time(7), time(15))})
    load = services.schedule.calendar(desk, day, day + timedelta(days=1)).days
    assert [t.available for t in load[0].technicians if t.id == ken] == [Decimal(4)]
    assert [t.note for t in load[1].technicians if t.id == ken] == ["not working"]  # Wednesday
    book(services, desk, car.vehicle_id, at(day, 10), "4", technician_id=ken)
    with pytest.raises(ValidationError, match="Ken Nakamura has 4 h, 4 h booked"):
        book(services, desk, car.vehicle_id, at(day, 15), "1", technician_id=ken)

    services.working_hours.set_week(owner, ken, None)  # back to the bays' hours
    assert [w.own for w in services.working_hours.weeks(owner) if w.id == ken] == [False]
    book(services, desk, car.vehicle_id, at(day, 15), "1", technician_id=ken)


def test_a_day_the_shop_is_closed_has_no_hours_to_book(
    services: Services, owner: Actor, desk: Actor, bays: list[BayView], techs: dict[str, uuid.UUID], car: Car
) -> None:
    day = next_weekday(3)
    assert services.working_hours.add_closed_day(owner, day, "Staff training") == 0
    load = services.schedule.calendar(desk, day, day).days[0]
    assert (load.closed_reason, load.capacity, load.window) == ("Staff training", Decimal(0), None)
    with pytest.raises(ValidationError, match=r"The shop has 0 h \(shop closed: Staff training\)"):
        book(services, desk, car.vehicle_id, at(day, 9), "1")
    book(services, desk, car.vehicle_id, at(day, 9), "1", reason="Owner's own car")
    sunday = next_weekday(6)
    assert services.schedule.calendar(desk, sunday, sunday).days[0].capacity == Decimal(0)


def test_moving_is_checked_like_booking_and_a_stale_move_is_refused(
    services: Services, desk: Actor, owner: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    first = book(services, desk, car.vehicle_id, at(day, 8), "3", bay_id=bays[0].id)
    second = book(services, desk, car.vehicle_id, at(day, 13), "2", bay_id=bays[0].id)

    into = AppointmentChange.of(second)
    with pytest.raises(ValidationError, match="Bay 1 takes 1 car at a time"):
        services.appointments.update(desk, second.id, _at(into, at(day, 9)), second.version)
    moved = services.appointments.update(desk, second.id, _at(into, at(day, 11)), second.version)
    assert (moved.drop_off_at, moved.version) == (at(day, 11), second.version + 1)

    with pytest.raises(StaleEditError):
        services.appointments.update(owner, second.id, _at(into, at(day, 12)), second.version)
    longer = replace(AppointmentChange.of(first), expected_hours=Decimal(4))
    with pytest.raises(ValidationError, match="Bay 1 takes 1 car at a time"):  # 8:00-12:00 meets 11:00
        services.appointments.update(desk, first.id, longer, first.version)
    grown = services.appointments.update(desk, first.id, longer, first.version, "Long diagnosis")
    assert (grown.expected_hours, grown.override_reason) == (Decimal(4), "Long diagnosis")


def _at(change: AppointmentChange, start: datetime) -> AppointmentChange:
    return replace(change, drop_off_at=start)


def test_a_technician_sees_the_schedule_but_may_not_book(services: Services, owner: Actor, car: Car) -> None:
    services.setup.add_user(owner, "tech", "Tony Tech", Role.TECHNICIAN, "tech password 12")
    tech = services.setup.sign_in("tech", "tech password 12", "Bay terminal")
    day = next_weekday(TUESDAY)
    assert services.schedule.calendar(tech, day, day).appointments == ()
    with pytest.raises(PermissionDeniedError):
        book(services, tech, car.vehicle_id, at(day, 9), "1")
    with pytest.raises(PermissionDeniedError):
        services.working_hours.add_closed_day(tech, day)


def test_an_unknown_car_is_refused(services: Services, desk: Actor) -> None:
    other = add_car(services, desk, last_name="Gone", plate="GONE1")
    services.customers.delete_vehicle(desk, other.vehicle_id, 1)
    with pytest.raises(NotFoundError):
        book(services, desk, other.vehicle_id, at(next_weekday(TUESDAY), 9), "1")
