"""Setting or clearing a work order's second payer from the editor (Ctrl+Shift+Y).

The current payer and the shop's account customers are read off the GUI
thread; the dialog stays open, busy, while a save runs, and shows why a save
was refused with what was typed still in place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.work_orders.dto import WorkOrderView
from app.ui.errors import error_message
from app.ui.formatting import money
from app.ui.tasks import TaskRunner
from app.ui.work_orders.payer_dialog import PayerDialog


class SecondPayerEditing(QObject):
    dialog_opened = Signal(object)  # the dialog, for whoever wants to drive it (tests)
    message = Signal(str, str)  # level, text

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.actor = actor
        self.runner = runner
        self.parent_widget = parent_widget

    def open(self, order: WorkOrderView) -> None:
        """Read the payer as it is and who may pay, then show the dialog."""
        payers = self.services.payers
        self.runner.run(
            lambda: (payers.get(self.actor, order.id), payers.candidates(self.actor)),
            lambda found: self._show(order, *found),
            lambda exc: self.message.emit("error", error_message(exc)),
        )

    def _show(self, order: WorkOrderView, current: Any, candidates: Any) -> None:
        dialog = PayerDialog(order, candidates, current, self.parent_widget)
        dialog.payer_submitted.connect(lambda fields: self._save(dialog, order, fields))
        dialog.clear_requested.connect(lambda: self._clear(dialog, order))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _save(self, dialog: PayerDialog, order: WorkOrderView, fields: dict[str, Any]) -> None:
        payer_id = fields.pop("payer_id")

        def saved(view: Any) -> None:
            dialog.set_busy(False)
            dialog.accept()
            cap = f", approved up to {money(view.approval)}" if view.approval is not None else ""
            self.message.emit(
                "ok",
                f"{view.payer_name} pays the covered work of work order {order.number}: "
                f"deductible {money(view.deductible)}{cap}.",
            )

        self.runner.run(
            lambda: self.services.payers.set(self.actor, order.id, payer_id, **fields),
            saved,
            dialog.show_error,
        )

    def _clear(self, dialog: PayerDialog, order: WorkOrderView) -> None:
        def cleared(_none: object) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.message.emit("ok", f"The customer pays all of work order {order.number} again.")

        dialog.set_busy(True)
        self.runner.run(lambda: self.services.payers.clear(self.actor, order.id), cleared, dialog.show_error)
