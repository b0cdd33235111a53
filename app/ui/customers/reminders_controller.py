"""Behaviour of the Reminders area: the "due soon" list, kept current as work is done.

Completing a work order resets its job's reminder, and a new odometer
reading can bring a reminder due by miles: either, from this terminal or
another, refreshes the list.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction

from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.services.schedule.dto import AppointmentView
from app.services.work_orders.dto import ReminderView
from app.ui import shortcuts
from app.ui.changes import ChangeBridge
from app.ui.customers.reminders_table import RemindersModel
from app.ui.customers.reminders_view import RemindersView
from app.ui.errors import error_message
from app.ui.formatting import time_text, weekday_day_text
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

WATCHED_TABLES = frozenset({"service_reminders", "work_orders", "vehicles", "odometer_readings"})


class RemindersController(QObject):
    reminders_shown = Signal(int)
    vehicle_open_requested = Signal(object)  # vehicle id
    appointment_booked = Signal(object)  # AppointmentView

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: RemindersView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo | None = None,
    ) -> None:
        super().__init__(view)
        self.zone = zone or ZoneInfo("UTC")
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.model = RemindersModel(self)
        self.proxy = SortProxy(self.model, self)
        configure_table(view.table, self.proxy, "reminders")
        self.refresh_action = QAction("&Refresh", view)
        self.refresh_action.setObjectName("refresh_reminders")
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts.assign(self.refresh_action, "reminders", "Look again now")
        self.refresh_action.triggered.connect(self.load)
        view.addAction(self.refresh_action)
        view.refresh_button.setDefaultAction(self.refresh_action)
        self.book_action = QAction("&Book appointment", view)
        self.book_action.setObjectName("book_reminder")
        self.book_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts.assign(
            self.book_action, "reminders", "Book the chosen service at the first free time from tomorrow"
        )
        self.book_action.setEnabled(actor.can(Action.BOOK_APPOINTMENTS))
        self.book_action.triggered.connect(self.book)
        view.addAction(self.book_action)
        view.book_button.setDefaultAction(self.book_action)
        self._refresh_timer = QTimer(self, singleShot=True, interval=50)
        self._refresh_timer.timeout.connect(self.load)
        view.table.activated.connect(self._activated)
        changes.records_changed.connect(self._records_changed)

    def start(self) -> None:
        self.load()

    def is_settled(self) -> bool:
        return not self._refresh_timer.isActive()

    def load(self) -> None:
        self.runner.run(
            lambda: self.services.reminders.due_soon(self.actor),
            self._show,
            self._failed,
            channel="reminders",
        )

    def _show(self, reminders: list[ReminderView]) -> None:
        current = self.view.table.currentIndex()
        chosen = self.proxy.row_at(current.row()) if current.isValid() else None
        self.model.set_rows(reminders)
        if chosen is not None:
            row = self.proxy.proxy_row_where(lambda r: r.id == chosen.id)
            if row >= 0:
                self.view.table.selectRow(row)
        self.view.summary_label.setText(_summary(reminders))
        self.reminders_shown.emit(len(reminders))

    def _failed(self, exc: BaseException) -> None:
        self.model.set_rows([])
        self.view.summary_label.setText(error_message(exc))
        self.reminders_shown.emit(0)

    def _activated(self, index: object) -> None:
        current = self.view.table.currentIndex()
        reminder = self.proxy.row_at(current.row()) if current.isValid() else None
        if isinstance(reminder, ReminderView):
            self.vehicle_open_requested.emit(reminder.vehicle_id)

    def book(self) -> None:
        """The chosen reminder becomes an appointment in one step, at the first free time from tomorrow."""
        current = self.view.table.currentIndex()
        reminder = self.proxy.row_at(current.row()) if current.isValid() else None
        if not isinstance(reminder, ReminderView):
            set_level(self.view.message_label, "warning", "Choose the reminder to book first.")
            return
        self.runner.run(
            lambda: self.services.appointments.book_reminder(self.actor, reminder.id),
            self._booked,
            lambda exc: set_level(self.view.message_label, "error", error_message(exc)),
        )

    def _booked(self, booked: AppointmentView) -> None:
        start = booked.drop_off_at.astimezone(self.zone)
        where = f" in {booked.bay}" if booked.bay else ""
        text = f"{booked.concern} for {booked.customer}: booked {weekday_day_text(start)} at {time_text(start)}{where}."
        set_level(self.view.message_label, "ok", text)
        self.appointment_booked.emit(booked)

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._refresh_timer.start()  # a burst of commits refreshes once


def _summary(reminders: list[ReminderView]) -> str:
    if not reminders:
        return "Nothing falls due soon."
    overdue = sum(1 for r in reminders if r.overdue)
    text = f"{len(reminders)} due soon"
    return text + (f", {overdue} of them overdue." if overdue else ".")
