"""The selected job's type, in the editor's job card (Ctrl+Shift+J).

The price sheet names job types (diagnostic, warranty...) and the labor rate
each one bills; choosing a job's type re-prices the job's labor lines the
sheet priced, on an open estimate only. The empty choice is the shop's
default rate (or the customer's own).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QWidget

from app.domain.permissions import Action, Actor
from app.domain.price_sheet import PriceSheet
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.work_orders.dto import JobView, WorkOrderView
from app.ui import shortcuts
from app.ui.errors import error_message
from app.ui.formatting import money
from app.ui.tasks import TaskRunner
from app.ui.widgets import named

Current = Callable[[], tuple[WorkOrderView | None, JobView | None]]
DEFAULT_TEXT = "Default rate"


def job_type_items(sheet: PriceSheet | None) -> list[tuple[str, str]]:
    """(text shown, job type) of each choice: the default first, then the sheet's types in its order."""
    items = [(DEFAULT_TEXT, "")]
    if sheet is None:
        return items
    rates = {r.code: r for r in sheet.labor_rates}
    for job_type, code in sheet.job_type_rates:
        rate = rates.get(code)
        items.append((f"{job_type} — {rate.name} {money(rate.rate)}/h" if rate else job_type, job_type))
    return items


class JobTypeChoice(QObject):
    saved = Signal(object)  # WorkOrderView
    message = Signal(str, str)  # level, text

    def __init__(
        self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget, current: Current
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner, self.current = services, actor, runner, current
        self.combo = named(QComboBox(), "job_type")
        self.combo.setAccessibleName("Job type")
        self.combo.setToolTip("The job's type sets the labor rate of its labor lines")
        self.combo.activated.connect(self._chosen)
        self.action = QAction("Job type", parent)
        self.action.setObjectName("job_type")
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts.assign(self.action, "work_orders.editor", "Choose the selected job's type")
        self.action.triggered.connect(self._focus)
        parent.addAction(self.action)
        self._fill(job_type_items(None))
        self.refresh()

    def load(self) -> None:
        """The sheet's job types (asked once when the editor starts; the sheet rarely changes)."""
        self.runner.run(
            lambda: self.services.price_sheet.sheet(self.actor),
            lambda sheet: self._loaded(job_type_items(sheet)),
            lambda exc: self.message.emit("error", error_message(exc)),
        )

    def _loaded(self, items: list[tuple[str, str]]) -> None:
        self._fill(items)
        self.refresh()

    def _fill(self, items: list[tuple[str, str]]) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for text, job_type in items:
            self.combo.addItem(text, job_type)
        self.combo.blockSignals(False)

    def refresh(self) -> None:
        """Show the selected job's type; choosing is open on an estimate to those who write them."""
        order, job = self.current()
        self.combo.blockSignals(True)
        if job is not None:
            index = self.combo.findData(job.job_type)
            if index < 0:  # a type the sheet no longer lists: shown as it is
                self.combo.addItem(job.job_type, job.job_type)
                index = self.combo.count() - 1
            self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        writable = (
            order is not None
            and job is not None
            and Status(order.status) == Status.ESTIMATE
            and self.actor.can(Action.WRITE_ESTIMATES)
        )
        self.combo.setEnabled(writable)
        self.action.setEnabled(writable)

    def _focus(self) -> None:
        if self.combo.isEnabled():
            self.combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.combo.showPopup()

    def _chosen(self, index: int) -> None:
        order, job = self.current()
        job_type = str(self.combo.itemData(index) or "")
        if order is None or job is None or job_type == job.job_type:
            return

        def failed(exc: BaseException) -> None:
            self.refresh()  # back to what the job has
            self.message.emit("error", error_message(exc))

        self.runner.run(
            lambda: self.services.estimates.set_job_type(
                self.actor, order.id, job.id, job_type, order.version
            ),
            self.saved.emit,
            failed,
        )
