"""Changing an open work order: jobs, lines, canned jobs, declined work, authorization, status.

Every save runs off the GUI thread and carries the version the person was
looking at (optimistic lock). A dialog stays open, busy, until the service
answers: on success it closes and the editor shows the work order the
service returned; on a stale save the work order is reloaded and the dialog
keeps the typing and says who changed what (``WorkOrderFormDialog.show_stale``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.errors import StaleEditError
from app.domain.permissions import Action, Actor
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.work_orders.dto import (
    CannedJobView,
    DeclinedJob,
    JobView,
    LineView,
    TechnicianView,
    WorkOrderView,
)
from app.services.work_orders.estimates import JobInput, LineInput
from app.services.work_orders.orders import AuthorizationInput
from app.ui.errors import error_message
from app.ui.formatting import money
from app.ui.shared.pick_dialog import Choice, PickDialog
from app.ui.tasks import TaskRunner
from app.ui.work_orders.dialogs import WorkOrderDialogs
from app.ui.work_orders.form import WorkOrderFormDialog
from app.ui.work_orders.line_dialog import LineDialog
from app.ui.work_orders.part_lookup import PartLookup
from app.ui.work_orders.text import KIND_LABELS

Save = Callable[[int], WorkOrderView]  # the service call, given the expected version


class WorkOrderEditing(QObject):
    work_order_saved = Signal(object)  # WorkOrderView, after a save or a reload
    dialog_opened = Signal(object)  # the dialog, for whoever wants to drive it (tests)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        dialogs: WorkOrderDialogs,
        parent_widget: QWidget,
    ) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.actor = actor
        self.runner = runner
        self.dialogs = dialogs
        self.parent_widget = parent_widget
        self.technicians: list[TechnicianView] = []

    # --- jobs ------------------------------------------------------------------------------
    def add_job(self, view: WorkOrderView) -> None:
        dialog = self.dialogs.job(self.parent_widget, view, None, self.technicians)
        estimates = self.services.estimates

        def save(data: JobInput) -> None:
            self._save(dialog, view.id, lambda v: estimates.add_job(self.actor, view.id, data, v))

        dialog.job_submitted.connect(save)
        self._open(dialog)

    def edit_job(self, view: WorkOrderView, job: JobView) -> None:
        findings_only = not self.actor.can(Action.WRITE_ESTIMATES)
        dialog = self.dialogs.job(self.parent_widget, view, job, self.technicians, findings_only)
        estimates = self.services.estimates

        def save(data: JobInput) -> None:
            self._save(dialog, view.id, lambda v: estimates.update_job(self.actor, view.id, job.id, data, v))

        dialog.job_submitted.connect(save)
        self._open(dialog)

    # --- lines -----------------------------------------------------------------------------
    def add_line(self, view: WorkOrderView, job: JobView, kind: LineKind) -> None:
        dialog = self.dialogs.line(self.parent_widget, view, job, kind, None)
        self._look_up_parts(dialog)
        self._ask_labor_rate(dialog, view, job)
        estimates = self.services.estimates

        def save(data: LineInput) -> None:
            self._save(dialog, view.id, lambda v: estimates.add_line(self.actor, view.id, job.id, data, v))

        dialog.line_submitted.connect(save)
        self._open(dialog)

    def edit_line(self, view: WorkOrderView, job: JobView, line: LineView) -> None:
        dialog = self.dialogs.line(self.parent_widget, view, job, LineKind(line.kind), line)
        self._look_up_parts(dialog)
        self._ask_labor_rate(dialog, view, job)
        estimates = self.services.estimates

        def save(data: LineInput) -> None:
            self._save(
                dialog, view.id, lambda v: estimates.update_line(self.actor, view.id, line.id, data, v)
            )

        dialog.line_submitted.connect(save)
        self._open(dialog)

    def _look_up_parts(self, dialog: LineDialog) -> None:
        """A part line's number is looked up in the catalog as it is typed."""
        if dialog.kind == LineKind.PART:
            dialog.lookup = PartLookup(self.services, self.actor, self.runner, dialog)

    def _ask_labor_rate(self, dialog: LineDialog, view: WorkOrderView, job: JobView) -> None:
        """A labor line's hint quotes the rate the save gives it (the job type's on the price sheet,
        the customer's...), asked off the GUI thread; an answer after the dialog closed is dropped."""
        if dialog.kind != LineKind.LABOR:
            return
        closed: list[int] = []
        dialog.finished.connect(closed.append)
        self.runner.run(
            lambda: self.services.estimates.labor_rate(self.actor, view.id, job.id),
            lambda rate: None if closed else dialog.show_labor_rate(rate),
            lambda exc: None if closed else dialog.show_error(exc),
        )

    def remove(self, view: WorkOrderView, job: JobView, line: LineView | None) -> None:
        estimates = self.services.estimates
        if line is None:
            text = f"Remove the job “{job.title}” and its {len(job.lines)} line(s) from the estimate?"
            work: Save = lambda v: estimates.remove_job(self.actor, view.id, job.id, v)  # noqa: E731
        else:
            kind = KIND_LABELS.get(line.kind, line.kind).lower()
            text = f"Remove the {kind} line “{line.description}” ({money(line.amount)}) from “{job.title}”?"
            work = lambda v: estimates.remove_line(self.actor, view.id, line.id, v)  # noqa: E731
        if self.dialogs.confirm(self.parent_widget, "Remove", text, "Remove"):
            self._direct(view, work)

    # --- canned jobs and declined work -------------------------------------------------------
    def canned_job(self, view: WorkOrderView) -> None:
        self.runner.run(
            lambda: self.services.settings.canned_jobs(self.actor),
            lambda canned: self._pick_canned(view, canned),
            self._inform,
        )

    def _pick_canned(self, view: WorkOrderView, canned: Sequence[CannedJobView]) -> None:
        if not canned:
            self.dialogs.inform(self.parent_widget, "Canned jobs", "The shop has no canned jobs yet.")
            return
        choices = [
            Choice(
                c.name,
                c.id,
                f"{c.concern} · {len(c.lines)} line(s)" if c.concern else f"{len(c.lines)} line(s)",
            )
            for c in canned
        ]
        dialog = self.dialogs.pick(
            self.parent_widget, "Canned job", "Insert a saved job with its lines:", choices
        )
        estimates = self.services.estimates
        dialog.picked.connect(
            lambda ids: self._direct(view, lambda v: estimates.add_canned_job(self.actor, view.id, ids[0], v))
        )
        self._open_pick(dialog)

    def declined_work(self, view: WorkOrderView) -> None:
        self.runner.run(
            lambda: self.services.work_orders.declined_work(self.actor, view.vehicle_id),
            lambda jobs: self._pick_declined(view, jobs),
            self._inform,
        )

    def _pick_declined(self, view: WorkOrderView, jobs: Sequence[DeclinedJob]) -> None:
        if not jobs:
            self.dialogs.inform(
                self.parent_widget, "Declined work", "This vehicle has no declined work to follow up."
            )
            return
        choices = [
            Choice(f"{j.title} — {money(j.subtotal)} (work order {j.work_order_number})", j.job_id, j.concern)
            for j in jobs
        ]
        dialog = self.dialogs.pick(
            self.parent_widget,
            "Declined work",
            "Declined on earlier visits. Check (Space) what to add to this estimate, then Enter:",
            choices,
            checkable=True,
        )
        dialog.picked.connect(lambda ids: self.copy_declined(view, list(ids)))
        self._open_pick(dialog)

    def copy_declined(self, view: WorkOrderView, job_ids: list[uuid.UUID]) -> None:
        estimates = self.services.estimates
        self._direct(view, lambda v: estimates.copy_declined(self.actor, view.id, job_ids, v))

    # --- authorization and status ---------------------------------------------------------------
    def authorize(self, view: WorkOrderView) -> None:
        dialog = self.dialogs.authorization(self.parent_widget, view)
        work_orders = self.services.work_orders

        def save(data: AuthorizationInput) -> None:
            self._save(dialog, view.id, lambda v: work_orders.authorize(self.actor, view.id, data, v))

        dialog.authorization_submitted.connect(save)
        self._open(dialog)

    def change_status(self, view: WorkOrderView, target: Status) -> None:
        work_orders = self.services.work_orders
        if target in (Status.ON_HOLD, Status.COMPLETED):
            dialog = self.dialogs.status(self.parent_widget, view, target)
            dialog.status_submitted.connect(
                lambda reason, odometer: self._save(
                    dialog,
                    view.id,
                    lambda v: work_orders.change_status(self.actor, view.id, target, v, reason, odometer),
                )
            )
            self._open(dialog)
            return
        if target == Status.CANCELLED and not self.dialogs.confirm(
            self.parent_widget,
            "Cancel work order",
            f"Cancel work order {view.number}? It leaves the open list and cannot be reopened.",
            "Cancel work order",
        ):
            return
        self._direct(view, lambda v: work_orders.change_status(self.actor, view.id, target, v))

    # --- shared ------------------------------------------------------------------------------------
    def _open(self, dialog: WorkOrderFormDialog) -> None:
        """Window-modal but not blocking: the event loop (and any test) keeps running."""
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _open_pick(self, dialog: PickDialog) -> None:
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _save(self, dialog: WorkOrderFormDialog, work_order_id: uuid.UUID, work: Save) -> None:
        version = dialog.version  # read now: a stale save moved it on

        def saved(view: WorkOrderView) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.work_order_saved.emit(view)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, StaleEditError):
                self._reload_for(dialog, work_order_id, exc)
            else:
                dialog.show_error(exc)

        self.runner.run(lambda: work(version), saved, failed)

    def _reload_for(self, dialog: WorkOrderFormDialog, work_order_id: uuid.UUID, exc: StaleEditError) -> None:
        """Someone saved first: show their version behind the dialog, keep the dialog's typing."""

        def loaded(fresh: WorkOrderView) -> None:
            self.work_order_saved.emit(fresh)
            dialog.show_stale(exc, fresh)

        dialog.set_busy(True)  # keeps the dialog open until the answer lands
        self.runner.run(
            lambda: self.services.work_orders.get(self.actor, work_order_id), loaded, dialog.show_error
        )

    def _direct(self, view: WorkOrderView, work: Save) -> None:
        """A change with nothing typed (remove, status, canned job): refusals become a message."""

        def failed(exc: BaseException) -> None:
            self._inform(exc)
            if isinstance(exc, StaleEditError):
                self.reload(view.id)

        self.runner.run(lambda: work(view.version), self.work_order_saved.emit, failed)

    def reload(self, work_order_id: uuid.UUID) -> None:
        self.runner.run(
            lambda: self.services.work_orders.get(self.actor, work_order_id),
            self.work_order_saved.emit,
            self._inform,
        )

    def _inform(self, exc: BaseException) -> None:
        self.dialogs.inform(self.parent_widget, "Work order", error_message(exc))
