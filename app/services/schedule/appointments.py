"""Booking, moving, cancelling appointments; a no-show; the arrival that opens the work order.

Every booking and every move takes the day's lock rows (the shop's, then the
bay's, then the technician's, in one fixed order) before it adds up what is
booked, so capacity holds when several terminals book at once; going over
needs a reason, which is kept on the appointment and in the audit log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError

from app.db.models import Vehicle
from app.db.models_schedule import Appointment
from app.db.types import now_utc
from app.domain.customers import (
    CleanVehicle,
    CustomerInput,
    VehicleInput,
    validate_customer,
    validate_vehicle,
)
from app.domain.errors import ConflictError, NotFoundError, StaleEditError, ValidationError
from app.domain.money import to_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.schedule import (
    AppointmentStatus,
    Source,
    check_hours,
    check_movable,
    check_times,
    check_transition,
)
from app.services.base import Service
from app.services.bays.board import checked_text, shop_zone
from app.services.customers.records import insert_customer, insert_vehicle
from app.services.schedule import alert_kinds as _alert_kinds  # noqa: F401  (registers the schedule's rule)
from app.services.schedule.calendar import read_appointment
from app.services.schedule.capacity import (
    Slot,
    check_slot,
    first_free,
    held_on,
    load_resources,
    lock_slot,
    schedule_repo,
)
from app.services.schedule.dto import AppointmentView, Arrival
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork
from app.services.work_orders.estimates import JobInput, insert_job
from app.services.work_orders.orders import open_work_order

CONCERN_LIMIT = 4000
REASON_LIMIT = 200


@dataclass(frozen=True)
class AppointmentChange:
    """What a booking says, and what a move or an edit may change."""

    drop_off_at: datetime
    expected_hours: Decimal
    concern: str = ""
    promised_at: datetime | None = None
    bay_id: uuid.UUID | None = None
    technician_id: uuid.UUID | None = None
    waiting: bool = False
    source: Source = Source.PHONE

    @classmethod
    def of(cls, view: AppointmentView) -> AppointmentChange:
        """The appointment as it stands, to change a field or two (a drag moves only the time)."""
        return cls(
            view.drop_off_at,
            view.expected_hours,
            view.concern,
            view.promised_at,
            view.bay_id,
            view.technician_id,
            view.waiting,
            Source(view.source),
        )


@dataclass(frozen=True)
class Booking:
    """A new appointment: the car (known, or typed in now with its owner) and the change it books."""

    change: AppointmentChange
    vehicle_id: uuid.UUID | None = None
    customer_id: uuid.UUID | None = None  # the owner of a vehicle typed in now
    new_customer: CustomerInput | None = None
    new_vehicle: VehicleInput | None = None


class AppointmentService(Service):
    def book(self, actor: Actor, booking: Booking, override_reason: str = "") -> AppointmentView:
        """Book a car in; over the day's capacity only with ``override_reason``."""
        require(actor, Action.BOOK_APPOINTMENTS)
        change = _clean(booking.change)
        reason = checked_text(override_reason, "override_reason", REASON_LIMIT)
        new_customer, new_vehicle = _typed_in(actor, booking)

        def work(uow: UnitOfWork) -> AppointmentView:
            vehicle = _the_car(uow, actor, booking, new_customer, new_vehicle)
            slot = _slot(uow, actor, change)
            lock_slot(uow, actor.shop_id, slot)
            resources = load_resources(uow, actor.shop_id, slot.day, slot.day)
            overridden = check_slot(resources, slot, held_on(uow, actor.shop_id, [slot.day]), reason)
            return _insert(uow, actor, vehicle, change, slot, reason if overridden else "", None)

        try:
            return self._write(work)
        except IntegrityError as exc:
            if "vin" in str(exc.orig).lower():
                raise ConflictError("Another terminal just saved a vehicle with this VIN.") from exc
            raise

    def book_reminder(
        self,
        actor: Actor,
        reminder_id: uuid.UUID,
        drop_off_at: datetime | None = None,
        expected_hours: Decimal = Decimal(1),
    ) -> AppointmentView:
        """A service reminder becomes an appointment: at ``drop_off_at``, or the first free time from tomorrow."""
        require(actor, Action.BOOK_APPOINTMENTS)
        hours = check_hours(expected_hours)

        def work(uow: UnitOfWork) -> AppointmentView:
            repo = schedule_repo(uow)
            reminder = repo.reminder(actor.shop_id, reminder_id, for_update=True)
            if reminder is None:
                raise NotFoundError("That reminder no longer exists.")
            booked = repo.booked_for_reminder(actor.shop_id, reminder.id)
            if booked is not None:
                shop = shop_locale(uow.shops.get(actor.shop_id))
                when = f"{shop.weekday_day(booked.drop_off_at)} at {shop.time(booked.drop_off_at)}"
                raise ValidationError({"reminder": f"it is booked already, for {when}"})
            vehicle = uow.vehicles.get(actor.shop_id, reminder.vehicle_id)
            if vehicle is None:
                raise NotFoundError("The reminder's vehicle no longer exists.")
            change = AppointmentChange(
                drop_off_at or now_utc(), hours, reminder.title, source=Source.REMINDER
            )
            if drop_off_at is None:
                zone = shop_zone(uow, actor.shop_id)
                tomorrow = now_utc().astimezone(zone).date() + timedelta(days=1)
                slot = first_free(uow, actor.shop_id, hours, datetime.combine(tomorrow, time(0), zone))
                if slot is None:
                    raise ValidationError(
                        {"drop_off_at": "no free time in the next two months; book it by hand"}
                    )
                change = AppointmentChange(
                    slot.start, hours, reminder.title, bay_id=slot.bay_id, source=Source.REMINDER
                )
            else:
                slot = _slot(uow, actor, change)
                lock_slot(uow, actor.shop_id, slot)
                resources = load_resources(uow, actor.shop_id, slot.day, slot.day)
                check_slot(resources, slot, held_on(uow, actor.shop_id, [slot.day]), "")
            return _insert(uow, actor, vehicle, change, slot, "", reminder.id)

        return self._write(work)

    def update(
        self,
        actor: Actor,
        appointment_id: uuid.UUID,
        change: AppointmentChange,
        expected_version: int,
        override_reason: str = "",
    ) -> AppointmentView:
        """Move, resize or edit a booked appointment; a new time or place is checked like a booking."""
        require(actor, Action.BOOK_APPOINTMENTS)
        change = _clean(change)
        reason = checked_text(override_reason, "override_reason", REASON_LIMIT)

        def work(uow: UnitOfWork) -> AppointmentView:
            row = _locked(uow, actor, appointment_id)
            _refuse_stale(uow, actor, row, expected_version)
            check_movable(row.status)
            before = _fields(row)
            slot = _slot(uow, actor, change)
            if _moves(row, slot):
                lock_slot(uow, actor.shop_id, slot)
                resources = load_resources(uow, actor.shop_id, slot.day, slot.day)
                held = held_on(uow, actor.shop_id, [slot.day], without=row.id)
                row.override_reason = reason if check_slot(resources, slot, held, reason) else ""
            _apply(row, change, slot)
            _touch(row, actor)
            uow.record(actor, actor.shop_id, "appointments", row.id, "update", before, _fields(row))
            view = read_appointment(uow, actor, row.id)
            uow.commit()
            return view

        return self._write(work)

    def cancel(self, actor: Actor, appointment_id: uuid.UUID, reason: str = "") -> AppointmentView:
        """The customer called it off: the hours are free again; the appointment stays on record."""
        require(actor, Action.BOOK_APPOINTMENTS)
        note = checked_text(reason, "reason", REASON_LIMIT)
        return self._close(actor, appointment_id, AppointmentStatus.CANCELLED, note)

    def no_show(self, actor: Actor, appointment_id: uuid.UUID, note: str = "") -> AppointmentView:
        """The car did not come; recorded once its drop-off time has passed."""
        require(actor, Action.BOOK_APPOINTMENTS)
        note = checked_text(note, "note", REASON_LIMIT)
        return self._close(actor, appointment_id, AppointmentStatus.NO_SHOW, note)

    def _close(
        self, actor: Actor, appointment_id: uuid.UUID, status: AppointmentStatus, note: str
    ) -> AppointmentView:
        def work(uow: UnitOfWork) -> AppointmentView:
            row = _locked(uow, actor, appointment_id)
            check_transition(row.status, status)
            if status == AppointmentStatus.NO_SHOW and row.drop_off_at > now_utc():
                raise ValidationError({"status": "its drop-off time has not come yet"})
            old = row.status
            row.status, row.status_note = status.value, note
            _touch(row, actor)
            uow.record(
                actor,
                actor.shop_id,
                "appointments",
                row.id,
                status.value,
                {"status": old},
                {"status": status, "note": note},
            )
            view = read_appointment(uow, actor, row.id)
            uow.commit()
            return view

        return self._write(work)

    def arrive(
        self,
        actor: Actor,
        appointment_id: uuid.UUID,
        odometer_in: int | None = None,
        odometer_reason: str = "",
    ) -> Arrival:
        """The car is here: a work order opens with the appointment's concern as its first job."""
        require(actor, Action.BOOK_APPOINTMENTS)
        require(actor, Action.WRITE_ESTIMATES)
        if odometer_in is not None and not 0 <= odometer_in <= 9_999_999:
            raise ValidationError({"odometer_in": "must be between 0 and 9,999,999"})

        def work(uow: UnitOfWork) -> Arrival:
            row = _locked(uow, actor, appointment_id)
            check_transition(row.status, AppointmentStatus.ARRIVED)
            notes = "Booked appointment: " + (
                "the customer waits." if row.waiting else "the car was dropped off."
            )
            order = open_work_order(
                uow, actor, row.vehicle_id, odometer_in, row.promised_at, notes, odometer_reason
            )
            job = JobInput(_job_title(row.concern), row.concern, technician_id=row.technician_id)
            insert_job(uow, actor, order, job, [], None)
            row.status = AppointmentStatus.ARRIVED.value
            row.arrived_at = now_utc()
            row.work_order_id = order.id
            _touch(row, actor)
            uow.record(
                actor,
                actor.shop_id,
                "appointments",
                row.id,
                "arrived",
                {"status": AppointmentStatus.BOOKED},
                {"status": AppointmentStatus.ARRIVED, "work_order": order.number},
            )
            view = read_appointment(uow, actor, row.id)
            uow.commit()
            return Arrival(view, order.id, order.number)

        return self._write(work)


# --- helpers ------------------------------------------------------------------------------------


def _typed_in(actor: Actor, booking: Booking) -> tuple[CustomerInput | None, CleanVehicle | None]:
    """The customer and car typed in with the booking, checked before any transaction starts."""
    if booking.vehicle_id is not None:
        return None, None
    if booking.new_vehicle is None:
        raise ValidationError({"vehicle": "choose the car, or type in a new one"})
    require(actor, Action.EDIT_VEHICLES)
    vehicle = validate_vehicle(booking.new_vehicle, now_utc().year)
    if booking.customer_id is not None:
        return None, vehicle
    if booking.new_customer is None:
        raise ValidationError({"customer": "choose the customer, or type in a new one"})
    require(actor, Action.EDIT_CUSTOMERS)
    return validate_customer(booking.new_customer), vehicle


def _the_car(
    uow: UnitOfWork,
    actor: Actor,
    booking: Booking,
    new_customer: CustomerInput | None,
    new_vehicle: CleanVehicle | None,
) -> Vehicle:
    """The booked car: the one chosen, or the one typed in (with its new owner), added now."""
    if new_vehicle is None:
        found = uow.vehicles.get(actor.shop_id, booking.vehicle_id) if booking.vehicle_id else None
        if found is None:
            raise NotFoundError("That vehicle no longer exists (deleted on another terminal?).")
        return found
    owner = booking.customer_id
    if owner is None:
        assert new_customer is not None  # _typed_in asked for one
        owner = insert_customer(uow, actor, new_customer).id
    return insert_vehicle(uow, actor, owner, new_vehicle)


def _clean(change: AppointmentChange) -> AppointmentChange:
    check_times(change.drop_off_at, change.promised_at)
    return AppointmentChange(
        change.drop_off_at,
        check_hours(change.expected_hours),
        checked_text(change.concern, "concern", CONCERN_LIMIT),
        change.promised_at,
        change.bay_id,
        change.technician_id,
        change.waiting,
        Source(change.source),
    )


def _slot(uow: UnitOfWork, actor: Actor, change: AppointmentChange) -> Slot:
    day = change.drop_off_at.astimezone(shop_zone(uow, actor.shop_id)).date()
    return Slot(day, change.drop_off_at, change.expected_hours, change.bay_id, change.technician_id)


def _moves(row: Appointment, slot: Slot) -> bool:
    """Does the change touch what capacity counts: the time, the hours, the bay or the technician?"""
    return (
        row.drop_off_at != slot.start
        or row.expected_hours != to_thousandths(slot.hours)
        or row.bay_id != slot.bay_id
        or row.technician_id != slot.technician_id
    )


def _insert(
    uow: UnitOfWork,
    actor: Actor,
    vehicle: Vehicle,
    change: AppointmentChange,
    slot: Slot,
    override_reason: str,
    reminder_id: uuid.UUID | None,
) -> AppointmentView:
    row = Appointment(
        shop_id=actor.shop_id,
        customer_id=vehicle.customer_id,
        vehicle_id=vehicle.id,
        status=AppointmentStatus.BOOKED.value,
        override_reason=override_reason,
        reminder_id=reminder_id,
        created_by=actor.user_id,
        updated_by=actor.user_id,
    )
    _apply(row, change, slot)
    schedule_repo(uow).add(row)
    uow.record(actor, actor.shop_id, "appointments", row.id, "book", None, _fields(row))
    view = read_appointment(uow, actor, row.id)
    uow.commit()
    return view


def _apply(row: Appointment, change: AppointmentChange, slot: Slot) -> None:
    row.day = slot.day
    row.drop_off_at = change.drop_off_at
    row.promised_at = change.promised_at
    row.expected_hours = to_thousandths(change.expected_hours)
    row.concern = change.concern
    row.bay_id = change.bay_id
    row.technician_id = change.technician_id
    row.waiting = change.waiting
    row.source = change.source.value


def _fields(row: Appointment) -> dict[str, Any]:
    return {
        "vehicle_id": row.vehicle_id,
        "drop_off_at": row.drop_off_at,
        "promised_at": row.promised_at,
        "expected_hours": row.expected_hours,
        "concern": row.concern,
        "bay_id": row.bay_id,
        "technician_id": row.technician_id,
        "waiting": row.waiting,
        "source": row.source,
        "override_reason": row.override_reason,
    }


def _locked(uow: UnitOfWork, actor: Actor, appointment_id: uuid.UUID) -> Appointment:
    row = schedule_repo(uow).appointment(actor.shop_id, appointment_id, for_update=True)
    if row is None:
        raise NotFoundError("That appointment no longer exists.")
    return row


def _refuse_stale(uow: UnitOfWork, actor: Actor, row: Appointment, expected: int) -> None:
    if row.version == expected:
        return
    who = (
        uow.users.names({row.updated_by}).get(row.updated_by, "another user")
        if row.updated_by
        else "another user"
    )
    when = shop_locale(uow.shops.get(actor.shop_id)).date_time(row.updated_at)
    raise StaleEditError("The appointment", who, when)


def _touch(row: Appointment, actor: Actor) -> None:
    row.version += 1
    row.updated_at = now_utc()
    row.updated_by = actor.user_id


def _job_title(concern: str) -> str:
    """The first line of the concern, cut at a word, names the job the work order opens with."""
    first = concern.strip().splitlines()[0].strip() if concern.strip() else ""
    if not first:
        return "Customer concern"
    if len(first) <= 80:
        return first
    return first[:80].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
