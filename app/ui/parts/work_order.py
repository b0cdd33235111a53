"""Allocating a part from stock to the selected job, from the work order editor (Ctrl+Shift+K).

The person scans or types the part's code and the quantity; the part leaves
stock and lands on the selected job in one transaction, against the version
of the work order on screen (another terminal's change is refused, not
overwritten).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QWidget

from app.domain.errors import NotFoundError
from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.services.parts.allocation import Allocated
from app.services.work_orders.dto import JobView, WorkOrderView
from app.ui import shortcuts
from app.ui.errors import error_message
from app.ui.formatting import parse_number, plain
from app.ui.tasks import TaskRunner

Ask = Callable[[QWidget], tuple[str, str] | None]


def ask_part(parent: QWidget) -> tuple[str, str] | None:
    """The code (scanned or typed) and the quantity; None when the person cancels."""
    code, ok = QInputDialog.getText(parent, "Allocate from stock", "Scan or type the part's barcode or SKU:")
    if not ok or not code.strip():
        return None
    quantity, ok = QInputDialog.getText(
        parent, "Allocate from stock", f"How many of {code.strip()}?", text="1"
    )
    return (code.strip(), quantity) if ok else None


class AllocateFromStock(QObject):
    saved = Signal(object)  # WorkOrderView
    message = Signal(str, str)  # level, text

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget,
        current: Callable[[], tuple[WorkOrderView | None, JobView | None]],
        ask: Ask = ask_part,
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner, self.parent_widget = services, actor, runner, parent
        self.current, self.ask = current, ask
        self.action = QAction("Allocate part from stock…", parent)
        self.action.setObjectName("allocate_from_stock")
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts.assign(self.action, "work_orders.editor", "Take a part off the shelf for the selected job")
        self.action.setEnabled(actor.can(Action.ALLOCATE_PARTS))
        self.action.triggered.connect(self.allocate)
        parent.addAction(self.action)

    def allocate(self) -> None:
        order, job = self.current()
        if order is None or job is None:
            self.message.emit("hint", "Select the job the part is for.")
            return
        if job.decision != "approved":
            self.message.emit("warning", f"'{job.title}' is not authorized yet; parts go to authorized jobs.")
            return
        answer = self.ask(self.parent_widget)
        if answer is None:
            return
        code, quantity = answer

        def work() -> Allocated:
            part = self.services.parts.find_code(self.actor, code)
            if part is None:
                raise NotFoundError(f"No part has the code {code}; add it at the parts counter first.")
            amount = plain(parse_number(quantity, "quantity"))  # '1,5' litres in a comma-decimal shop
            return self.services.allocation.allocate(
                self.actor, order.id, job.id, part.id, amount, order.version
            )

        self.runner.run(work, self._done, lambda exc: self.message.emit("error", error_message(exc)))

    def _done(self, result: Allocated) -> None:
        self.saved.emit(result.view)
        if result.warnings:
            self.message.emit("warning", "Allocated. " + "; ".join(result.warnings))
        else:
            self.message.emit("ok", "Allocated from stock.")
