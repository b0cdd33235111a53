"""Behaviour of the bays tab: add and change bays, their status, and the floor's rules."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTime
from PySide6.QtGui import QAction

from app.domain.bays import BayStatus
from app.domain.permissions import Actor
from app.services.bays.dto import BayLogView, BaySettings, BayView
from app.services.container import Services
from app.ui import shortcuts
from app.ui.bays.board_model import BAY_COLUMNS
from app.ui.bays.dialogs import BayDialogs
from app.ui.bays.settings_view import BaySettingsView
from app.ui.changes import ChangeBridge, concerns
from app.ui.errors import error_message
from app.ui.formatting import local_time_text
from app.ui.shared.table_model import RowTableModel, SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WATCHED_TABLES = frozenset({"service_bays", "bay_assignments", "settings"})


class BaySettingsController(QObject):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: BaySettingsView,
        runner: TaskRunner,
        changes: ChangeBridge,
        dialogs: BayDialogs,
    ) -> None:
        super().__init__(view)
        self.services, self.actor, self.view, self.runner, self.dialogs = (
            services,
            actor,
            view,
            runner,
            dialogs,
        )
        self.model = RowTableModel(BAY_COLUMNS, self)
        self.proxy = SortProxy(self.model, self)
        configure_table(view.table, self.proxy, "bays_table")
        view.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_history())
        self._busy = False
        self.add_action = self._action("bays_add", "&New bay…", self.add_bay, view.add_button)
        self.edit_action = self._action("bays_edit", "&Change bay…", self.edit_bay, view.edit_button)
        self.status_action = self._action(
            "bays_status", "Bay &status…", self.change_status, view.status_button
        )
        self.save_action = self._action("bays_save", "Save &rules", self.save_settings, view.save_button)
        changes.records_changed.connect(lambda c: self.load() if concerns(c, WATCHED_TABLES) else None)

    def _action(self, name: str, text: str, slot: object, button: object) -> QAction:
        action = QAction(text, self.view)
        action.setObjectName(name)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts.assign(action, "bays.settings")
        action.triggered.connect(slot)  # type: ignore[arg-type]
        self.view.addAction(action)
        button.setDefaultAction(action)  # type: ignore[attr-defined]
        return action

    def all(self) -> list[QAction]:
        return [self.add_action, self.edit_action, self.status_action, self.save_action]

    def start(self) -> None:
        self.load()
        self._busy = True
        self.runner.run(lambda: self.services.bays.settings(self.actor), self._show_settings, self._failed)

    def is_settled(self) -> bool:
        return not self._busy

    def load(self) -> None:
        self.runner.run(
            lambda: self.services.bays.bays(self.actor), self._show, self._failed, channel="bays_tab"
        )

    def _show(self, bays: list[BayView]) -> None:
        chosen = self.current()
        self.model.set_rows(bays)
        row = self.proxy.proxy_row_where(lambda b: chosen is not None and b.id == chosen.id)
        self.view.table.selectRow(max(0, row))

    def _show_settings(self, settings: BaySettings) -> None:
        self._busy = False
        self.view.opens_edit.setTime(QTime.fromString(settings.opens, "HH:mm"))
        self.view.closes_edit.setTime(QTime.fromString(settings.closes, "HH:mm"))
        self.view.weekdays_edit.setText(" ".join(DAYS[d] for d in settings.weekdays))
        self.view.multiple_check.setChecked(settings.multiple_job_clocks)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        set_level(self.view.message_label, "error", error_message(exc))

    def _saved(self, text: str) -> Callable[[object], None]:
        def done(_result: object) -> None:
            set_level(self.view.message_label, "ok", text)
            self.load()

        return done

    def _settings_saved(self, settings: BaySettings) -> None:
        self._show_settings(settings)
        set_level(self.view.message_label, "ok", "Rules saved.")

    def current(self) -> BayView | None:
        index = self.view.table.currentIndex()
        bay = self.proxy.row_at(index.row()) if index.isValid() else None
        return bay if isinstance(bay, BayView) else None

    def _show_history(self) -> None:
        bay = self.current()
        if bay is None:
            self.view.history_label.setText("")
            return

        def shown(entries: list[BayLogView]) -> None:
            lines = [f"{local_time_text(e.at)}  {e.user}: {_event_text(e)}" for e in entries[:12]]
            self.view.history_label.setText("\n".join(lines) or "Nothing yet.")

        self.runner.run(
            lambda: self.services.bays.history(self.actor, bay.id), shown, self._failed, channel="bay_log"
        )

    def add_bay(self) -> None:
        data = self.dialogs.bay_form(self.view, None, self.model.rowCount() + 1)
        if data is not None:
            self.runner.run(
                lambda: self.services.bays.save_bay(self.actor, data),
                self._saved(f"{data.name} added."),
                self._failed,
            )

    def edit_bay(self) -> None:
        bay = self.current()
        if bay is None:
            return
        data = self.dialogs.bay_form(self.view, bay, bay.position)
        if data is not None:
            self.runner.run(
                lambda: self.services.bays.save_bay(self.actor, data, bay.id, bay.version),
                self._saved(f"{data.name} saved."),
                self._failed,
            )

    def change_status(self) -> None:
        bay = self.current()
        if bay is None:
            return
        statuses = list(BayStatus)
        chosen = self.dialogs.pick(
            self.view, "Bay status", f"{bay.name} is now:", [s.value.capitalize() for s in statuses]
        )
        if chosen is None:
            return
        note = self.dialogs.ask_text(self.view, "Bay status", "Note (e.g. 'Lift inspection until Friday'):")
        if note is None:
            return
        status = statuses[chosen]
        self.runner.run(
            lambda: self.services.bays.set_status(self.actor, bay.id, status, note),
            self._saved(f"{bay.name}: {status.value}."),
            self._failed,
        )

    def save_settings(self) -> None:
        words = self.view.weekdays_edit.text().replace(",", " ").split()
        days = tuple(sorted({DAYS.index(w[:3].capitalize()) for w in words if w[:3].capitalize() in DAYS}))
        settings = BaySettings(
            self.view.multiple_check.isChecked(),
            self.view.opens_edit.time().toString("HH:mm"),
            self.view.closes_edit.time().toString("HH:mm"),
            days,
        )
        self.runner.run(
            lambda: self.services.bays.save_settings(self.actor, settings),
            self._settings_saved,
            self._failed,
        )


def _event_text(entry: BayLogView) -> str:
    order = f" work order {entry.work_order_number}" if entry.work_order_number else ""
    if entry.event == "status":
        change = f"{entry.old_status or 'new'} → {entry.new_status}"
        return change + (f" ({entry.details})" if entry.details else "")
    return f"{entry.event.replace('_', ' ')}{order}" + (f" ({entry.details})" if entry.details else "")
