"""Job and ticket discounts from the work order editor (Ctrl+D on the selected job, Ctrl+Shift+O
on the whole ticket).

The dialog's previews and saves run off the GUI thread. Above the person's
limit the owner types their user name and password in the dialog: they are
checked by signing the owner in at this terminal (the sign-in's lockout and
audit apply), and the owner so signed in is handed to the service as the
approver.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.config import load_settings
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.work_orders.discounts import DiscountInput
from app.services.work_orders.dto import JobView, OrderDiscountView, WorkOrderView
from app.ui.formatting import money
from app.ui.tasks import TaskRunner
from app.ui.work_orders.discount_dialog import DiscountDialog


class OrderDiscountEditing(QObject):
    dialog_opened = Signal(object)  # the dialog, for whoever wants to drive it (tests)
    saved = Signal(object)  # WorkOrderView

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.actor = actor
        self.runner = runner
        self.parent_widget = parent_widget

    def open(self, order: WorkOrderView, job: JobView | None) -> None:
        """The dialog for ``job``'s discount (None: the ticket's), with the current one filled in."""
        job_id = job.id if job is not None else None
        current = next((d for d in order.discounts if d.job_id == job_id), None)
        dialog = DiscountDialog(order, job, current, self.parent_widget)
        dialog.preview_wanted.connect(lambda kind, value: self._preview(dialog, order, job, kind, value))
        dialog.discount_submitted.connect(lambda fields: self._save(dialog, order, job, fields))
        dialog.remove_requested.connect(lambda: self._remove(dialog, order, job))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()
        if current is not None:
            dialog.preview_wanted.emit(current.kind, str(current.value))

    def _preview(
        self, dialog: DiscountDialog, order: WorkOrderView, job: JobView | None, kind: str, value: str
    ) -> None:
        typed = DiscountInput(kind, value, "preview")
        self.runner.run(
            lambda: self.services.order_discounts.preview(self.actor, order.id, _id(job), typed),
            dialog.show_preview,
            dialog.show_preview_error,
        )

    def _save(
        self, dialog: DiscountDialog, order: WorkOrderView, job: JobView | None, fields: dict[str, Any]
    ) -> None:
        typed = DiscountInput(fields["kind"], fields["value"], fields["reason"])
        owner, password = fields["owner"], fields["password"]
        discounts, setup = self.services.order_discounts, self.services.setup

        def work() -> WorkOrderView:
            approver = None
            if owner:
                approver = setup.sign_in(owner, password, load_settings().effective_terminal_name)
            return discounts.set_discount(self.actor, order.id, _id(job), typed, order.version, approver)

        self.runner.run(work, lambda view: self._done(dialog, view), dialog.show_error)

    def _remove(self, dialog: DiscountDialog, order: WorkOrderView, job: JobView | None) -> None:
        dialog.set_busy(True)
        self.runner.run(
            lambda: self.services.order_discounts.remove_discount(
                self.actor, order.id, _id(job), order.version
            ),
            lambda view: self._done(dialog, view),
            dialog.show_error,
        )

    def _done(self, dialog: DiscountDialog, view: WorkOrderView) -> None:
        dialog.set_busy(False)
        dialog.accept()
        self.saved.emit(view)


def _id(job: JobView | None) -> Any:
    return job.id if job is not None else None


def discounts_text(discounts: tuple[OrderDiscountView, ...]) -> str:
    """The editor's lines under the totals: what each discount takes off, why, who gave it."""
    out = []
    for d in discounts:
        line = f"{d.label} discount: −{money(d.amount)} ({d.reason}), by {d.given_by}"
        if d.approved_by:
            line += f", approved by {d.approved_by}"
        if d.note:
            line += f" — {d.note}"
        out.append(line)
    return "\n".join(out)
