"""The shop's list of canned jobs: show it, add, edit and remove through the canned job dialog.

Saves run off the GUI thread; the dialog stays open and busy until the
service answers, and shows a refusal beside the field (or the line) it
concerns, with everything typed still in place.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Action, Actor
from app.domain.price_sheet import PriceSheet
from app.services.container import Services
from app.services.work_orders.dto import CannedJobView
from app.ui import shortcuts
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.settings.canned_job_dialog import CannedJobDialog, CannedJobInput
from app.ui.settings.tables import CannedJobsModel
from app.ui.settings.view import CannedJobsPanel
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table
from app.ui.work_orders.job_type import job_type_items

WATCHED_TABLES = frozenset({"canned_jobs"})
MakeDialog = Callable[[CannedJobView | None, QWidget], CannedJobDialog]


class CannedJobsController(QObject):
    dialog_opened = Signal(object)  # the CannedJobDialog, for whoever drives it (tests)
    jobs_shown = Signal(int)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        panel: CannedJobsPanel,
        runner: TaskRunner,
        changes: ChangeBridge,
        dialogs: DialogFactory,
        make_dialog: MakeDialog = CannedJobDialog,
    ) -> None:
        super().__init__(panel)
        self.services = services
        self.actor = actor
        self.panel = panel
        self.runner = runner
        self._dialogs = dialogs
        self._make_dialog = make_dialog
        self._select_id: uuid.UUID | None = None
        self.model = CannedJobsModel(self)
        self.proxy = SortProxy(self.model, self)
        configure_table(panel.table, self.proxy, "canned_jobs")
        self.actions = self._build_actions()
        self._refresh_timer = QTimer(self, singleShot=True, interval=50)
        self._refresh_timer.timeout.connect(self.load)
        panel.table.activated.connect(lambda _i: self.actions["edit"].trigger())
        panel.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_actions())
        changes.records_changed.connect(self._records_changed)
        self._update_actions()

    def _build_actions(self) -> dict[str, QAction]:
        spec = {
            "new": ("&New canned job…", self.new_job, self.panel.new_button),
            "edit": ("&Edit…", self.edit_job, self.panel.edit_button),  # Enter on the list
            "remove": ("Re&move", self.remove_job, self.panel.remove_button),
        }
        actions: dict[str, QAction] = {}
        for name, (text, slot, button) in spec.items():
            action = QAction(text, self.panel)
            action.setObjectName(f"{name}_canned_job")
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if name == "edit":
                action.setToolTip("Edit… (Enter)")
            else:
                shortcuts.assign(action, "settings.canned_jobs")
            action.triggered.connect(slot)
            self.panel.addAction(action)
            button.setDefaultAction(action)
            actions[name] = action
        return actions

    def start(self) -> None:
        self.load()

    def is_settled(self) -> bool:
        return not self._refresh_timer.isActive()

    def load(self) -> None:
        self.runner.run(
            lambda: self.services.settings.canned_jobs(self.actor),
            self._show,
            lambda exc: self.panel.summary_label.setText(error_message(exc)),
            channel="canned_jobs",
        )

    def _show(self, jobs: list[CannedJobView]) -> None:
        chosen = self.selected()
        keep = self._select_id or (chosen.id if chosen else None)
        self._select_id = None
        self.model.set_rows(jobs)
        row = self.proxy.proxy_row_where(lambda j: j.id == keep)
        if row >= 0:
            self.panel.table.selectRow(row)
        self.panel.summary_label.setText(_summary(len(jobs), self._allowed()))
        self._update_actions()
        self.jobs_shown.emit(len(jobs))

    def selected(self) -> CannedJobView | None:
        current = self.panel.table.currentIndex()
        job = self.proxy.row_at(current.row()) if current.isValid() else None
        return job if isinstance(job, CannedJobView) else None

    # --- actions ---------------------------------------------------------------------------
    def new_job(self) -> None:
        if self._allowed():
            self._open(self._make_dialog(None, self.panel), None)

    def edit_job(self) -> None:
        job = self.selected()
        if job is not None and self._allowed():
            self._open(self._make_dialog(job, self.panel), job.id)

    def remove_job(self) -> None:
        job = self.selected()
        if job is None or not self._allowed():
            return
        text = f"Remove the canned job “{job.name}”?\n\nWork orders it was inserted into keep their lines."
        if not self._dialogs.confirm(self.panel, "Remove canned job", text, "Remove"):
            return
        self.runner.run(
            lambda: self.services.settings.remove_canned_job(self.actor, job.id),
            lambda _none: self.load(),
            lambda exc: self._dialogs.inform(self.panel, "BayDesk", error_message(exc)),
        )

    def _open(self, dialog: CannedJobDialog, canned_id: uuid.UUID | None) -> None:
        dialog.canned_submitted.connect(lambda data: self._save(dialog, data, canned_id))
        dialog.finished.connect(dialog.deleteLater)
        self._offer_job_types(dialog)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _offer_job_types(self, dialog: CannedJobDialog) -> None:
        """The sheet's job types into the dialog, unless it was closed before they came."""
        open_ = [True]
        dialog.destroyed.connect(lambda *_: open_.clear())

        def show(sheet: PriceSheet | None) -> None:
            if open_:
                dialog.set_job_types(job_type_items(sheet))

        def failed(exc: BaseException) -> None:
            if open_:
                dialog.show_error(exc)

        self.runner.run(lambda: self.services.price_sheet.sheet(self.actor), show, failed)

    def _save(self, dialog: CannedJobDialog, data: CannedJobInput, canned_id: uuid.UUID | None) -> None:
        def saved(job: CannedJobView) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self._select_id = job.id
            self.load()

        self.runner.run(
            lambda: self.services.settings.save_canned_job(
                self.actor,
                data.name,
                data.concern,
                data.lines,
                data.reminder_months,
                data.reminder_miles,
                canned_id,
                data.job_type,
            ),
            saved,
            dialog.show_error,
        )

    # --- helpers ---------------------------------------------------------------------------
    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._refresh_timer.start()

    def _allowed(self) -> bool:
        return self.actor.can(Action.MANAGE_CANNED_JOBS)

    def _update_actions(self) -> None:
        allowed, chosen = self._allowed(), self.selected() is not None
        self.actions["new"].setEnabled(allowed)
        self.actions["edit"].setEnabled(allowed and chosen)
        self.actions["remove"].setEnabled(allowed and chosen)


def _summary(count: int, allowed: bool) -> str:
    if count == 0:
        return "No canned jobs yet." + (" Insert (or New) adds one." if allowed else "")
    return f"{count} canned job{'s' if count != 1 else ''}." + (
        " Enter edits the selected one, Delete removes it." if allowed else ""
    )
