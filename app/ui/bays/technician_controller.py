"""Behaviour of the technician terminal: clocks, findings, recommendations and parts asked for.

Every button is a service call off the GUI thread; the jobs list comes back
with each answer, so the hours shown are the ones just saved. Another
terminal's change to this technician's jobs or clocks refreshes the list.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction

from app.domain.bays import PHOTO_LIMIT_BYTES, Condition
from app.domain.permissions import Action, Actor
from app.services.bays.dto import TechnicianBoard, TechnicianJob
from app.services.bays.inspections import InspectionInput, Recommendation
from app.services.container import Services
from app.ui import shortcuts
from app.ui.bays.board_model import TechnicianJobsModel
from app.ui.bays.dialogs import BayDialogs
from app.ui.bays.technician_view import TechnicianView
from app.ui.changes import ChangeBridge, concerns
from app.ui.errors import error_message
from app.ui.formatting import hours_text, parse_number, plain, quantity_text, time_text
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

WATCHED_TABLES = frozenset({"time_entries", "jobs", "work_orders", "bay_assignments", "authorizations"})


class TechnicianController(QObject):
    board_shown = Signal(object)  # TechnicianBoard

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: TechnicianView,
        runner: TaskRunner,
        changes: ChangeBridge,
        dialogs: BayDialogs | None = None,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.dialogs = dialogs or BayDialogs()
        self.board: TechnicianBoard | None = None
        self.photo_path: str | None = None
        self._busy = False
        self.model = TechnicianJobsModel(self)
        self.proxy = SortProxy(self.model, self)
        configure_table(view.jobs_table, self.proxy, "technician_jobs")
        view.jobs_table.selectionModel().currentRowChanged.connect(lambda *_: self._job_changed())
        self._actions: list[QAction] = []
        bind = self._bind
        self.clock_action = bind("clock_shift", "Clock in / out", self.toggle_shift, view.clock_button)
        self.start_action = bind("start_job", "Start / resume job", self.start_job, view.start_button)
        self.pause_action = bind("pause_job", "Pause job", self.pause_job, view.pause_button)
        self.switch_action = bind("switch_job", "Switch to this job", self.switch_job, view.switch_button)
        self.finish_action = bind("finish_job", "Finish job", self.finish_job, view.finish_button)
        bind("save_findings", "Save cause and correction", self.save_findings, view.save_findings_button)
        bind("add_inspection", "Add finding", self.add_inspection, view.add_inspection_button)
        bind("recommend", "Recommend work", self.recommend, view.recommend_button)
        bind("request_part", "Ask for a part", self.request_part, view.request_part_button)
        bind("refresh_jobs", "Refresh", self.load, None)
        view.photo_button.clicked.connect(self.choose_photo)
        self._refresh_timer = QTimer(self, singleShot=True, interval=50)
        self._refresh_timer.timeout.connect(self.load)
        changes.records_changed.connect(self._records_changed)

    def _bind(self, name: str, text: str, slot: object, button: object) -> QAction:
        action = QAction(text, self.view)
        action.setObjectName(name)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts.assign(action, "bays.technician")
        action.triggered.connect(slot)  # type: ignore[arg-type]
        self.view.addAction(action)
        if button is not None:
            button.clicked.connect(action.trigger)  # type: ignore[attr-defined]
        self._actions.append(action)
        return action

    def all(self) -> list[QAction]:
        return list(self._actions)

    # --- loading -----------------------------------------------------------------------------
    def start(self) -> None:
        self.load()

    def is_settled(self) -> bool:
        return not self._refresh_timer.isActive() and not self._busy

    def load(self) -> None:
        self._call(lambda: self.services.clocks.board(self.actor), channel="technician")

    def _call(
        self, work: Callable[[], Any], done: Callable[[Any], None] | None = None, channel: str | None = None
    ) -> None:
        self._busy = True
        self.runner.run(work, done or self._show, self._failed, channel=channel)

    def _show(self, board: TechnicianBoard) -> None:
        self._busy = False
        chosen = self.current_job()
        self.board = board
        self.model.set_rows(board.jobs)
        if chosen is not None:
            self.select_job(chosen.job_id)
        elif board.jobs:
            self.view.jobs_table.selectRow(0)
        if board.on_shift and board.shift_since is not None:
            since = time_text(board.shift_since)  # the shop's clock, not this terminal's zone
            self.view.shift_label.setText(
                f"On the clock since {since} · {hours_text(board.shift_hours_today)} today"
            )
            self.view.clock_button.setText("Clock out (F2)")
        else:
            self.view.shift_label.setText(f"Off the clock · {hours_text(board.shift_hours_today)} today")
            self.view.clock_button.setText("Clock in (F2)")
        self._job_changed()
        self.board_shown.emit(board)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        set_level(self.view.message_label, "error", error_message(exc))

    def _done(self, text: str) -> Callable[[TechnicianBoard], None]:
        def show(board: TechnicianBoard) -> None:
            self._show(board)
            set_level(self.view.message_label, "ok", text)

        return show

    # --- the selected job --------------------------------------------------------------------
    def current_job(self) -> TechnicianJob | None:
        index = self.view.jobs_table.currentIndex()
        job = self.proxy.row_at(index.row()) if index.isValid() else None
        return job if isinstance(job, TechnicianJob) else None

    def select_job(self, job_id: uuid.UUID) -> bool:
        row = self.proxy.proxy_row_where(lambda j: j.job_id == job_id)
        if row >= 0:
            self.view.jobs_table.selectRow(row)
        return row >= 0

    def _job_changed(self) -> None:
        job = self.current_job()
        if job is None:
            self.view.job_label.setText("No job selected.")
            return
        self.view.job_label.setText(
            f"WO {job.number} · {job.vehicle} · {job.title}\nConcern: {job.concern or '—'}"
        )
        if not self.view.cause_edit.hasFocus():
            self.view.cause_edit.setPlainText(job.cause)
        if not self.view.correction_edit.hasFocus():
            self.view.correction_edit.setPlainText(job.correction)
        self.start_action.setEnabled(job.clock_state != "running")
        self.pause_action.setEnabled(job.clock_state == "running")
        self.finish_action.setEnabled(job.clock_state != "finished")
        self._load_lists(job)

    def _load_lists(self, job: TechnicianJob) -> None:
        def work() -> tuple[list[str], list[str]]:
            inspections = self.services.inspections.inspections(self.actor, job.work_order_id)
            parts = self.services.inspections.parts_requests(self.actor, job.work_order_id)
            return (
                [f"{i.item}: {i.condition_label}" + (" (photo)" if i.has_photo else "") for i in inspections],
                [f"{quantity_text(p.quantity)} × {p.description} — {p.status}" for p in parts],
            )

        def show(lists: tuple[list[str], list[str]]) -> None:
            self.view.inspections_label.setText("\n".join(lists[0]) or "No findings yet.")
            self.view.parts_label.setText("\n".join(lists[1]) or "No parts asked for yet.")

        self.runner.run(work, show, self._failed, channel="technician_lists")

    # --- clocks ------------------------------------------------------------------------------
    def toggle_shift(self) -> None:
        on = self.board is not None and self.board.on_shift
        clocks = self.services.clocks
        if on:
            self._call(
                lambda: clocks.clock_out(self.actor),
                self._done("Clocked out. Any running job clock stopped."),
            )
        else:
            self._call(lambda: clocks.clock_in(self.actor), self._done("Clocked in."))

    def start_job(self) -> None:
        job = self._need_job()
        if job is not None:
            self._call(
                lambda: self.services.clocks.start_job(self.actor, job.job_id),
                self._done(f"Clock running on {job.title}."),
            )

    def pause_job(self) -> None:
        job = self._need_job()
        if job is not None:
            self._call(
                lambda: self.services.clocks.pause_job(self.actor, job.job_id),
                self._done(f"{job.title} paused."),
            )

    def finish_job(self) -> None:
        job = self._need_job()
        if job is not None:
            self._call(
                lambda: self.services.clocks.finish_job(self.actor, job.job_id),
                self._done(f"{job.title} finished."),
            )

    def switch_job(self) -> None:
        job = self._need_job()
        if job is None:
            return
        note = self.dialogs.ask_text(
            self.view, "Switch jobs", f"Why switch to {job.title}? (e.g. waiting for parts)"
        )
        if note is None:
            return
        self._call(
            lambda: self.services.clocks.switch_job(self.actor, job.job_id, note),
            self._done(f"Switched to {job.title}."),
        )

    # --- findings ----------------------------------------------------------------------------
    def save_findings(self) -> None:
        job = self._need_job()
        if job is None:
            return
        cause, correction = self.view.cause_edit.toPlainText(), self.view.correction_edit.toPlainText()

        def work() -> TechnicianBoard:
            self.services.inspections.record_findings(self.actor, job.job_id, cause, correction)
            return self.services.clocks.board(self.actor)

        self._call(work, self._done("Cause and correction saved."))

    def choose_photo(self) -> None:
        self.photo_path = self.dialogs.open_photo(self.view)
        self.view.photo_label.setText(Path(self.photo_path).name if self.photo_path else "No photo")

    def add_inspection(self) -> None:
        job = self._need_job()
        if job is None:
            return
        path = self.photo_path
        data = InspectionInput(
            self.view.item_edit.text(),
            Condition(self.view.condition_combo.currentData()),
            self.view.inspection_note_edit.text(),
            job_id=job.job_id,
        )

        def work() -> TechnicianBoard:
            photo = None
            if path:
                with open(path, "rb") as handle:  # one byte past the limit is enough to refuse it
                    photo = handle.read(PHOTO_LIMIT_BYTES + 1)
            entry = InspectionInput(
                data.item, data.condition, data.note, photo, Path(path).name if path else "", data.job_id
            )
            self.services.inspections.add_inspection(self.actor, job.work_order_id, entry)
            return self.services.clocks.board(self.actor)

        def saved(board: TechnicianBoard) -> None:
            self.view.item_edit.clear()
            self.view.inspection_note_edit.clear()
            self.photo_path = None
            self.view.photo_label.setText("No photo")
            self._done("Finding added.")(board)

        self._call(work, saved)

    def recommend(self) -> None:
        job = self._need_job()
        if job is None:
            return
        title, concern = self.view.recommend_title_edit.text(), self.view.recommend_concern_edit.text()
        hours = self.view.recommend_hours_edit.text()

        def work() -> TechnicianBoard:
            typed = plain(parse_number(hours, "labor_hours")) if hours.strip() else ""  # '1,5' h in Germany
            rec = Recommendation(title, concern, typed)
            self.services.inspections.recommend(self.actor, job.work_order_id, rec)
            return self.services.clocks.board(self.actor)

        def saved(board: TechnicianBoard) -> None:
            for edit in (
                self.view.recommend_title_edit,
                self.view.recommend_concern_edit,
                self.view.recommend_hours_edit,
            ):
                edit.clear()
            self._done("Recommended: the front desk will ask the customer.")(board)

        self._call(work, saved)

    def request_part(self) -> None:
        job = self._need_job()
        if job is None:
            return
        description, quantity = self.view.part_edit.text(), self.view.part_quantity_edit.text()

        def work() -> TechnicianBoard:
            amount = plain(parse_number(quantity, "quantity")) if quantity.strip() else quantity
            self.services.inspections.request_part(
                self.actor, job.work_order_id, description, amount, job_id=job.job_id
            )
            return self.services.clocks.board(self.actor)

        def saved(board: TechnicianBoard) -> None:
            self.view.part_edit.clear()
            self._done("Part asked for.")(board)

        self._call(work, saved)

    def _need_job(self) -> TechnicianJob | None:
        job = self.current_job()
        if job is None:
            set_level(self.view.message_label, "warning", "Select a job first.")
        return job

    def _records_changed(self, changed: frozenset[str]) -> None:
        if concerns(changed, WATCHED_TABLES) and self.actor.can(Action.CLOCK_TIME):
            self._refresh_timer.start()
