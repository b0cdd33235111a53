"""Behaviour of the calendar: which days it shows and how, loading them, the chosen appointment.

Any commit touching appointments, bays, working hours or closed days, here
or on another terminal (through the change bridge), reloads the shown days
off the GUI thread; the chosen appointment stays chosen. Changing things
(drags, arrival, no-show, cancel) is in calendar_edits.py.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.permissions import Action, Actor
from app.domain.schedule import load_level
from app.services.container import Services
from app.services.schedule.dto import AppointmentView, ScheduleView
from app.ui.changes import ChangeBridge, concerns
from app.ui.errors import error_message
from app.ui.formatting import weekday_day_text
from app.ui.schedule.actions import BUTTONS, DETAIL_BUTTONS, ScheduleActions
from app.ui.schedule.appointment_dialog import Proposal
from app.ui.schedule.booking import BookingFlow
from app.ui.schedule.calendar_edits import CalendarEdits
from app.ui.schedule.calendar_view import CalendarView
from app.ui.schedule.dialogs import ScheduleDialogs
from app.ui.schedule.grid_layout import (
    BY_BAY,
    BY_TECHNICIAN,
    WallClock,
    blocks_for,
    columns_for,
    hour_range,
    open_span,
    resource_of,
    week_cells,
    week_days,
)
from app.ui.schedule.look import LABEL_LEVEL, booked_of, clock, day_summary, day_title, hours, week_title
from app.ui.tasks import TaskRunner
from app.ui.widgets import set_level

WATCHED_TABLES = frozenset(
    {
        "appointments",
        "service_bays",
        "technician_hours",
        "technician_days_off",
        "shop_closed_days",
        "settings",
        "users",
        "work_orders",
    }
)


class CalendarController(QObject):
    schedule_shown = Signal(object)  # ScheduleView

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: CalendarView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: ScheduleDialogs,
    ) -> None:
        super().__init__(view)
        self.services, self.actor, self.view, self.runner, self.zone = services, actor, view, runner, zone
        self.dialogs = dialogs
        self.day = datetime.now(zone).date()
        self.week = False
        self.by = BY_BAY
        self.schedule: ScheduleView | None = None
        self.selected: uuid.UUID | None = None
        self.busy = False
        self.actions = ScheduleActions(view, actor)
        self.booking = BookingFlow(services, actor, runner, dialogs, zone, view)
        self.booking.appointment_saved.connect(self._saved)
        self._wire()
        self._refresh_timer = QTimer(self, singleShot=True, interval=50)
        self._refresh_timer.timeout.connect(self.load)
        changes.records_changed.connect(self._records_changed)
        changes.live_status_changed.connect(self._live_status)
        self.edits = CalendarEdits(self)

    def _wire(self) -> None:
        view, actions = self.view, self.actions
        for button, name in {**BUTTONS, **DETAIL_BUTTONS}.items():
            target = view.buttons.get(button) or view.action_buttons[button]
            target.setDefaultAction(actions[name])
        actions["day_view"].setChecked(True)
        actions["by_bay"].setChecked(True)
        actions["previous"].triggered.connect(lambda: self.step(-1))
        actions["next"].triggered.connect(lambda: self.step(1))
        actions["today"].triggered.connect(self.go_today)
        actions["day_view"].triggered.connect(lambda: self.set_week(False))
        actions["week_view"].triggered.connect(lambda: self.set_week(True))
        actions["by_bay"].triggered.connect(lambda: self.set_by(BY_BAY))
        actions["by_technician"].triggered.connect(lambda: self.set_by(BY_TECHNICIAN))
        actions["refresh"].triggered.connect(self.load)
        actions["new_appointment"].triggered.connect(lambda: self.new_appointment())
        actions["edit_appointment"].triggered.connect(self.edit_selected)
        editable = self.actor.can(Action.BOOK_APPOINTMENTS)
        for grid in (view.day_grid, view.week_grid):
            grid.editable = editable
            grid.appointment_selected.connect(self._selected)
            grid.appointment_activated.connect(self._activated)
        view.day_grid.slot_requested.connect(self._day_slot)
        view.week_grid.slot_requested.connect(self._week_slot)
        view.week_grid.day_requested.connect(self.open_day)

    # --- loading -------------------------------------------------------------------------------
    def start(self) -> None:
        self.load()

    def is_settled(self) -> bool:
        return not self.busy and not self._refresh_timer.isActive()

    def shown_days(self) -> tuple[date, date]:
        if not self.week:
            return self.day, self.day
        days = week_days(self.day)
        return days[0], days[-1]

    def load(self) -> None:
        first, last = self.shown_days()
        self.busy = True
        self.runner.run(
            lambda: self.services.schedule.calendar(self.actor, first, last),
            self._show,
            self._failed,
            channel="schedule",
        )

    def _show(self, schedule: ScheduleView) -> None:
        self.busy = False
        if (schedule.first, schedule.last) != self.shown_days():
            return  # the person moved on while it loaded; that load is on its way
        self.schedule = schedule
        self.view.show_week(self.week)
        if self.week:
            self._fill_week(schedule)
        else:
            self._fill_day(schedule)
        self._show_details()
        self.schedule_shown.emit(schedule)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.say("error", error_message(exc))

    def _fill_day(self, schedule: ScheduleView) -> None:
        load = schedule.day(self.day)
        clock_ = WallClock(self.day, self.zone)
        blocks = blocks_for(schedule, self.day, self.by, self.zone)
        closed = ""
        if load is not None and load.closed_reason is not None:
            closed = (
                f"The shop is closed: {load.closed_reason}" if load.closed_reason else "The shop is closed"
            )
        columns = columns_for(schedule, self.day, self.by)
        self.view.day_grid.set_day(
            columns,
            blocks,
            hour_range(load, blocks, columns),
            open_span(load),
            closed,
            clock_,
        )
        self.view.day_grid.select(self.selected)
        self.view.title_label.setText(day_title(self.day, schedule.today))
        if load is not None:
            set_level(self.view.summary_label, LABEL_LEVEL[load.level] or "hint", day_summary(load))

    def _fill_week(self, schedule: ScheduleView) -> None:
        rows, cells = week_cells(schedule, self.by)
        times = {
            a.id: (a.drop_off_at.astimezone(self.zone), a.ends_at.astimezone(self.zone))
            for a in schedule.appointments
        }
        loads = {d.day: d for d in schedule.days}
        days = [d.day for d in schedule.days]
        self.view.week_grid.set_week(rows, days, cells, loads, schedule.today, times)
        self.view.week_grid.select(self.selected)
        self.view.title_label.setText(week_title(schedule.first, schedule.last))
        booked = sum((d.booked for d in schedule.days), Decimal(0))
        known = [d.capacity for d in schedule.days if d.capacity is not None]
        capacity = sum(known, Decimal(0)) if known else None
        over = [weekday_day_text(d.day) for d in schedule.days if d.level == "over"]
        text = f"The week: booked {booked_of(booked, capacity)}" + (
            f" · over on {'; '.join(over)}" if over else ""
        )
        level = "error" if over else LABEL_LEVEL[load_level(booked, capacity)] or "hint"
        set_level(self.view.summary_label, level, text)

    # --- which days, and how -------------------------------------------------------------------
    def step(self, direction: int) -> None:
        """A day back or on in the day view; a week in the week view."""
        self.day += timedelta(days=direction * (7 if self.week else 1))
        self.load()

    def go_today(self) -> None:
        self.day = datetime.now(self.zone).date()
        self.load()

    def open_day(self, day: date) -> None:
        self.day = day
        self.set_week(False)

    def open_appointment(self, appointment_id: uuid.UUID) -> None:
        """Show the appointment's day in the day view with the appointment chosen."""

        def found(appointment: AppointmentView) -> None:
            self.selected, self.day = appointment.id, appointment.day
            self.set_week(False)

        self.runner.run(
            lambda: self.services.schedule.appointment(self.actor, appointment_id),
            found,
            self._failed,
            channel="schedule_open",
        )

    def set_week(self, week: bool) -> None:
        self.week = week
        self.actions["week_view" if week else "day_view"].setChecked(True)
        self.load()

    def set_by(self, by: str) -> None:
        self.by = by
        self.actions["by_bay" if by == BY_BAY else "by_technician"].setChecked(True)
        if self.schedule is not None and (self.schedule.first, self.schedule.last) == self.shown_days():
            self._show(self.schedule)
        else:
            self.load()

    # --- the chosen appointment ----------------------------------------------------------------
    def current(self) -> AppointmentView | None:
        if self.schedule is None or self.selected is None:
            return None
        return self.schedule.appointment(self.selected)

    def select(self, appointment_id: uuid.UUID | None) -> None:
        grid = self.view.week_grid if self.week else self.view.day_grid
        grid.select(appointment_id)
        self._selected(appointment_id)

    def _selected(self, appointment_id: uuid.UUID | None) -> None:
        self.selected = appointment_id
        self._show_details()

    def _activated(self, appointment_id: uuid.UUID) -> None:
        self._selected(appointment_id)
        self.edit_selected()

    def _show_details(self) -> None:
        chosen = self.current()
        booked = chosen is not None and chosen.status == "booked"
        can_book = self.actor.can(Action.BOOK_APPOINTMENTS)
        for name in ("edit_appointment", "no_show", "cancel_appointment"):
            self.actions[name].setEnabled(booked and can_book)
        self.actions["arrived"].setEnabled(booked and can_book and self.actor.can(Action.WRITE_ESTIMATES))
        if chosen is None:
            self.view.details_title.setText("No appointment chosen")
            self.view.details_text.setText("Click an appointment, or walk them with the arrow keys.")
            return
        self.view.details_title.setText(f"{chosen.customer} — {chosen.status_label}")
        self.view.details_text.setText(self.details(chosen))

    def details(self, a: AppointmentView) -> str:
        start, end = a.drop_off_at.astimezone(self.zone), a.ends_at.astimezone(self.zone)
        rows = [
            a.phone,
            f"{a.vehicle} · {a.plate}".strip(" ·"),
            f"{weekday_day_text(start)}, {clock(start)}–{clock(end)} ({hours(a.expected_hours)})",
        ]
        if a.promised_at is not None:
            promised = a.promised_at.astimezone(self.zone)
            rows.append(f"Promised {weekday_day_text(promised)}, {clock(promised)}")
        rows.append(f"{a.bay or 'Any bay'} · {a.technician or 'any technician'}")
        rows.append(
            ("Waits at the shop" if a.waiting else "Drops the car off") + f" · {a.source_label.lower()}"
        )
        if a.work_order_number:
            rows.append(f"Work order {a.work_order_number}")
        if a.status_note:
            rows.append(f"{a.status_label}: {a.status_note}")
        if a.override_reason:
            rows.append(f"Over capacity: {a.override_reason}")
        if a.concern:
            rows.append(f"\n{a.concern}")
        return "\n".join(r for r in rows if r)

    # --- booking -------------------------------------------------------------------------------
    def new_appointment(self, proposal: Proposal | None = None) -> None:
        if not self.actor.can(Action.BOOK_APPOINTMENTS):
            return self.say("warning", "Your role may not book appointments.")
        schedule = self.schedule
        self.booking.open(
            schedule.bays if schedule else (),
            schedule.technicians if schedule else (),
            proposal or self._proposal(),
        )

    def _proposal(self) -> Proposal:
        """The shown day at opening time; today, the next quarter hour from now if later."""
        load = self.schedule.day(self.day) if self.schedule else None
        opens = load.window[0] if load is not None and load.window else time(8)
        start = datetime.combine(self.day, opens, self.zone)
        now = datetime.now(self.zone)
        if self.day == now.date() and now > start:
            start = now.replace(second=0, microsecond=0) + timedelta(minutes=15 - now.minute % 15)
        return Proposal(start)

    def _day_slot(self, key: str, start_hours: float) -> None:
        resource = resource_of(key)
        start = WallClock(self.day, self.zone).at(start_hours)
        by_bay = self.by == BY_BAY
        self.new_appointment(
            Proposal(start, Decimal(1), resource if by_bay else None, None if by_bay else resource)
        )

    def _week_slot(self, key: str, day: date) -> None:
        self.day = day
        resource = resource_of(key)
        proposal = self._proposal()
        by_bay = self.by == BY_BAY
        self.new_appointment(
            Proposal(proposal.start, Decimal(1), resource if by_bay else None, None if by_bay else resource)
        )

    def edit_selected(self) -> None:
        chosen = self.current()
        if chosen is None or self.schedule is None:
            return self.say("warning", "Choose an appointment first (click it, or use the arrow keys).")
        if chosen.status != "booked":
            return self.say(
                "warning", f"That appointment is {chosen.status_label.lower()}; it is not changed."
            )
        self.booking.open(self.schedule.bays, self.schedule.technicians, Proposal(chosen.drop_off_at), chosen)

    def _saved(self, appointment: AppointmentView) -> None:
        self.selected = appointment.id
        start = appointment.drop_off_at.astimezone(self.zone)
        self.say("ok", f"{appointment.customer} is booked for {weekday_day_text(start)} at {clock(start)}.")
        if not (self.shown_days()[0] <= appointment.day <= self.shown_days()[1]):
            self.day = appointment.day
        self.load()

    # --- messages and other terminals ----------------------------------------------------------
    def say(self, level: str, text: str) -> None:
        set_level(self.view.message_label, level, text)

    def _records_changed(self, changed: frozenset[str]) -> None:
        if concerns(changed, WATCHED_TABLES):
            self._refresh_timer.start()  # a burst of commits refreshes once

    def _live_status(self, connected: bool, message: str) -> None:
        set_level(self.view.live_label, "" if connected else "error", "" if connected else message)
        if connected:
            self._refresh_timer.start()
