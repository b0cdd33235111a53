"""Behaviour of the Reminders area: the "due soon" list, kept current as work is done.

Completing a work order resets its job's reminder, and a new odometer
reading can bring a reminder due by miles: either, from this terminal or
another, refreshes the list.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.work_orders.dto import ReminderView
from app.ui import shortcuts
from app.ui.changes import ChangeBridge
from app.ui.customers.reminders_table import RemindersModel
from app.ui.customers.reminders_view import RemindersView
from app.ui.errors import error_message
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table

WATCHED_TABLES = frozenset({"service_reminders", "work_orders", "vehicles", "odometer_readings"})


class RemindersController(QObject):
    reminders_shown = Signal(int)
    vehicle_open_requested = Signal(object)  # vehicle id

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: RemindersView,
        runner: TaskRunner,
        changes: ChangeBridge,
    ) -> None:
        super().__init__(view)
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

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._refresh_timer.start()  # a burst of commits refreshes once


def _summary(reminders: list[ReminderView]) -> str:
    if not reminders:
        return "Nothing falls due soon."
    overdue = sum(1 for r in reminders if r.overdue)
    text = f"{len(reminders)} due soon"
    return text + (f", {overdue} of them overdue." if overdue else ".")
