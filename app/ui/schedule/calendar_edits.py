"""Changing the calendar: a drag moves or resizes an appointment; arrival, no-show and cancellation.

Each change is one service call off the GUI thread. A move the day cannot
take comes back refused with the service's reason; the person is asked for
a reason to book over capacity, and the move is sent again with it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject

from app.domain.errors import BayDeskError, StaleEditError, ValidationError
from app.services.schedule.appointments import AppointmentChange
from app.services.schedule.dto import AppointmentView, Arrival
from app.ui.errors import error_message
from app.ui.formatting import weekday_day_text
from app.ui.schedule.grid_layout import BY_BAY, WallClock, resource_of
from app.ui.schedule.look import clock

if TYPE_CHECKING:
    from app.ui.schedule.calendar_controller import CalendarController

T = TypeVar("T")


class CalendarEdits(QObject):
    def __init__(self, calendar: CalendarController) -> None:
        super().__init__(calendar)
        self.calendar = calendar
        view, actions = calendar.view, calendar.actions
        view.day_grid.appointment_moved.connect(self.moved_in_day)
        view.day_grid.appointment_resized.connect(self.resized)
        view.week_grid.appointment_moved.connect(self.moved_in_week)
        actions["arrived"].triggered.connect(self.arrived)
        actions["no_show"].triggered.connect(self.no_show)
        actions["cancel_appointment"].triggered.connect(self.cancel)
        actions["print_day"].triggered.connect(self.print_day)

    # --- drags ---------------------------------------------------------------------------------
    def moved_in_day(self, appointment_id: uuid.UUID, key: str, start_hours: float) -> None:
        found = self._appointment(appointment_id)
        if found is not None:
            start = WallClock(self.calendar.day, self.calendar.zone).at(start_hours)
            self._move(found, key, start)

    def moved_in_week(self, appointment_id: uuid.UUID, key: str, day: date) -> None:
        found = self._appointment(appointment_id)
        if found is not None:
            local = found.drop_off_at.astimezone(self.calendar.zone)
            self._move(found, key, datetime.combine(day, local.time(), self.calendar.zone))

    def _move(self, found: AppointmentView, key: str, start: datetime) -> None:
        """To ``start`` in ``key``'s column; a promise moves by as much as the drop-off did."""
        delta = start - found.drop_off_at
        change = replace(
            AppointmentChange.of(found),
            drop_off_at=start,
            promised_at=found.promised_at + delta if found.promised_at is not None else None,
        )
        resource = resource_of(key)
        change = (
            replace(change, bay_id=resource)
            if self.calendar.by == BY_BAY
            else replace(change, technician_id=resource)
        )
        self.update(found, change)

    def resized(self, appointment_id: uuid.UUID, length: float) -> None:
        found = self._appointment(appointment_id)
        if found is None:
            return
        hours = Decimal(str(round(length * 4) / 4))
        change = replace(AppointmentChange.of(found), expected_hours=hours)
        end = found.drop_off_at + timedelta(hours=float(hours))
        if change.promised_at is not None and change.promised_at < end and found.waiting:
            change = replace(change, promised_at=end)  # a waiting customer is promised the end of the work
        self.update(found, change)

    def update(self, found: AppointmentView, change: AppointmentChange, reason: str = "") -> None:
        calendar = self.calendar
        calendar.selected = found.id
        calendar.busy = True

        def work() -> AppointmentView:
            return calendar.services.appointments.update(
                calendar.actor, found.id, change, found.version, reason
            )

        calendar.runner.run(work, self._updated, lambda exc: self._refused(exc, found, change, reason))

    def _updated(self, moved: AppointmentView) -> None:
        start = moved.drop_off_at.astimezone(self.calendar.zone)
        where = moved.bay if self.calendar.by == BY_BAY else moved.technician
        self.calendar.say(
            "ok",
            f"{moved.customer}: {weekday_day_text(start)}, {clock(start)}, {moved.expected_hours.normalize():f} h, {where or 'unassigned'}.",
        )
        self.calendar.load()

    def _refused(
        self, exc: BaseException, found: AppointmentView, change: AppointmentChange, reason: str
    ) -> None:
        calendar = self.calendar
        calendar.busy = False
        if isinstance(exc, ValidationError) and "capacity" in exc.errors and not reason:
            answer = calendar.dialogs.ask_text(
                calendar.view, "Over capacity", f"{exc.errors['capacity']}.\n\nReason to book over capacity:"
            )
            if answer:
                self.update(found, change, answer)
                return
            calendar.say("warning", "Not moved: " + exc.errors["capacity"] + ".")
        else:
            calendar.say("error", error_message(exc))
        if isinstance(exc, StaleEditError | BayDeskError):
            calendar.load()  # show what is really there (the drag left a picture of the move)

    # --- the appointment's life ----------------------------------------------------------------
    def arrived(self) -> None:
        calendar = self.calendar
        found = calendar.current()
        if found is None:
            return calendar.say("warning", "Choose the appointment of the car that arrived.")
        answer = calendar.dialogs.ask_text(
            calendar.view,
            "Car arrived",
            f"{found.vehicle} of {found.customer}.\nOdometer in (miles; may be empty):",
        )
        if answer is None:
            return
        digits = answer.replace(",", "").strip()
        if digits and not digits.isdigit():
            return calendar.say("error", "Type the odometer as digits only; the car was not checked in.")
        odometer = int(digits) if digits else None
        self._run(
            lambda: calendar.services.appointments.arrive(calendar.actor, found.id, odometer), self._arrived
        )

    def _arrived(self, arrival: Arrival) -> None:
        a = arrival.appointment
        self.calendar.say(
            "ok",
            f"Work order {arrival.work_order_number} is open for {a.customer}'s {a.vehicle}, with the concern as its first job.",
        )
        self.calendar.load()

    def no_show(self) -> None:
        calendar = self.calendar
        found = calendar.current()
        if found is None:
            return calendar.say("warning", "Choose the appointment that was missed.")
        note = calendar.dialogs.ask_text(
            calendar.view, "No-show", f"{found.customer} did not come. Note (may be empty):"
        )
        if note is not None:
            self._run(
                lambda: calendar.services.appointments.no_show(calendar.actor, found.id, note), self._closed
            )

    def cancel(self) -> None:
        calendar = self.calendar
        found = calendar.current()
        if found is None:
            return calendar.say("warning", "Choose the appointment to cancel.")
        reason = calendar.dialogs.ask_text(
            calendar.view, "Cancel appointment", f"Why does {found.customer} cancel?"
        )
        if reason is not None:
            self._run(
                lambda: calendar.services.appointments.cancel(calendar.actor, found.id, reason), self._closed
            )

    def _closed(self, closed: AppointmentView) -> None:
        self.calendar.say(
            "ok", f"{closed.customer}'s appointment: {closed.status_label.lower()}; its hours are free again."
        )
        self.calendar.load()

    def print_day(self) -> None:
        calendar = self.calendar
        day = calendar.day
        path = calendar.dialogs.pdf_path(calendar.view, f"schedule-{day.isoformat()}.pdf")
        if path is None:
            return

        def work() -> Path:
            from app.reports.day_schedule import day_schedule_pdf  # ReportLab loads at the first print

            data = day_schedule_pdf(calendar.services.schedule.day_sheet(calendar.actor, day))
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise BayDeskError(f"BayDesk could not write {path}: {exc.strerror or exc}.") from exc
            return path

        def saved(written: Path) -> None:
            calendar.say("ok", f"Day schedule saved to {written}")
            calendar.dialogs.show_pdf(written)

        self._run(work, saved)

    # --- helpers -------------------------------------------------------------------------------
    def _appointment(self, appointment_id: uuid.UUID) -> AppointmentView | None:
        found = self.calendar.schedule.appointment(appointment_id) if self.calendar.schedule else None
        if found is None:
            self.calendar.say("warning", "That appointment is no longer on the calendar; it was reloaded.")
            self.calendar.load()
        return found

    def _run(self, work: Callable[[], T], done: Callable[[T], None]) -> None:
        calendar = self.calendar
        calendar.busy = True

        def finished(result: T) -> None:
            calendar.busy = False
            done(result)

        def failed(exc: BaseException) -> None:
            calendar.busy = False
            calendar.say("error", error_message(exc))

        calendar.runner.run(work, finished, failed)
