"""Behaviour of the owner's clock corrections: list a technician's day, correct an entry with a reason."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction

from app.domain.permissions import Actor
from app.services.bays.dto import ClockEntryView
from app.services.container import Services
from app.services.work_orders.dto import TechnicianView
from app.ui import shortcuts
from app.ui.bays.correction_dialog import CorrectionDialog
from app.ui.bays.corrections_view import ClockCorrectionsView
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.formatting import clock_text, hours_text
from app.ui.shared.table_model import Column, RowTableModel, SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

T = TypeVar("T")
KINDS = {"shift": "Shift", "job": "Job"}


def entry_columns(zone: ZoneInfo) -> tuple[Column[ClockEntryView], ...]:
    def when(moment: datetime | None) -> str:
        return clock_text(moment.astimezone(zone)) if moment is not None else "running"

    return (
        Column("Clock", lambda e: KINDS.get(e.kind, e.kind), width=70),
        Column(
            "Job",
            lambda e: f"{e.work_order_number} · {e.job_title}" if e.work_order_number is not None else "",
            width=220,
        ),
        Column("Start", lambda e: when(e.started_at), lambda e: e.started_at, width=90),
        Column(
            "End",
            lambda e: when(e.ended_at),
            lambda e: e.ended_at or datetime.max.replace(tzinfo=zone),
            width=90,
        ),
        Column("Hours", lambda e: hours_text(e.hours), lambda e: e.hours, width=70),
        Column("Note", lambda e: e.note, width=300),
    )


class ClockCorrectionsController(QObject):
    dialog_opened = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: ClockCorrectionsView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
    ) -> None:
        super().__init__(view)
        self.services, self.actor, self.view, self.runner, self.zone = services, actor, view, runner, zone
        self._pending = 0
        self.entries = RowTableModel(entry_columns(zone), self)
        self.proxy = SortProxy(self.entries, self)
        configure_table(view.entries_table, self.proxy, "clock_entries")
        self.correct_action = QAction("&Correct…", view)
        self.correct_action.setObjectName("correct_clock")
        self.correct_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts.assign(self.correct_action, "bays.corrections", "Correct the chosen clock entry")
        self.correct_action.triggered.connect(self.correct)
        view.addAction(self.correct_action)
        view.correct_button.setDefaultAction(self.correct_action)
        view.technician_box.currentIndexChanged.connect(lambda _i: self.load())
        view.day_edit.dateChanged.connect(lambda _d: self.load())
        view.entries_table.activated.connect(lambda _i: self.correct())
        changes.records_changed.connect(lambda changed: self.load() if "time_entries" in changed else None)

    def all(self) -> list[QAction]:
        return [self.correct_action]

    def start(self) -> None:
        self._call(lambda: self.services.work_orders.technicians(self.actor), self._show_technicians)

    def is_settled(self) -> bool:
        return self._pending == 0

    def _show_technicians(self, technicians: list[TechnicianView]) -> None:
        box = self.view.technician_box
        box.blockSignals(True)
        box.clear()
        for person in technicians:
            box.addItem(person.name, person.id)
        box.blockSignals(False)
        self.load()

    def technician(self) -> uuid.UUID | None:
        value = self.view.technician_box.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def day(self) -> date:
        return self.view.day_edit.date().toPython()  # type: ignore[return-value]

    def load(self) -> None:
        technician, day = self.technician(), self.day()
        if technician is None:
            self.entries.set_rows([])
            return
        self._call(
            lambda: self.services.clock_corrections.entries(self.actor, technician, day),
            self.entries.set_rows,
        )

    def selected(self) -> ClockEntryView | None:
        index = self.view.entries_table.currentIndex()
        row = self.proxy.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, ClockEntryView) else None

    def correct(self) -> None:
        entry = self.selected()
        if entry is None:
            set_level(self.view.message_label, "warning", "Choose the clock entry to correct first.")
            return
        dialog = CorrectionDialog(entry, self.zone, self.view)

        def submitted(start: datetime, end: datetime, reason: str) -> None:
            self._call(
                lambda: self.services.clock_corrections.correct(self.actor, entry.id, start, end, reason),
                lambda fixed: self._corrected(dialog, fixed),
                dialog.show_error,
            )

        dialog.correction_submitted.connect(submitted)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _corrected(self, dialog: CorrectionDialog, fixed: ClockEntryView) -> None:
        dialog.set_busy(False)
        dialog.accept()
        set_level(self.view.message_label, "ok", f"Clock entry corrected: {hours_text(fixed.hours)}.")
        self.load()

    def _call(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._pending += 1

        def finish(result: T) -> None:
            self._pending -= 1
            done(result)

        def fail(exc: BaseException) -> None:
            self._pending -= 1
            (failed or self._failed)(exc)

        self.runner.run(work, finish, fail)

    def _failed(self, exc: BaseException) -> None:
        set_level(self.view.message_label, "error", error_message(exc))
