"""Behaviour of the Requests tab: the queue of parts asked for from the bays.

The queue reloads when a request is made or closed on any terminal. Select a
request, scan or type the part (the same exact look-up as a scan at the
counter) and Enter: the part is allocated to the request's job and the
request leaves the queue. A request the counter will not fill is cancelled
with a reason.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.errors import NotFoundError
from app.domain.permissions import Action, Actor
from app.services.bays.dto import PartsRequestView
from app.services.container import Services
from app.services.parts.allocation import Allocated
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.parts.stock_controller import add_action
from app.ui.parts.tables import RequestsModel, qty_text
from app.ui.parts.view import RequestsPage
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

WATCHED = frozenset({"parts_requests", "work_orders"})


class RequestsController(QObject):
    loaded = Signal()
    request_closed = Signal(str)  # "filled" or "cancelled"

    def __init__(
        self, services: Services, actor: Actor, page: RequestsPage, runner: TaskRunner, changes: ChangeBridge
    ) -> None:
        super().__init__(page)
        self.services, self.actor, self.page, self.runner = services, actor, page, runner
        self.model = RequestsModel(self)
        self.proxy = SortProxy(self.model, self)
        configure_table(page.table, self.proxy, "parts_requests")
        self._pending = 0
        self._timer = QTimer(self, singleShot=True, interval=80)
        self._timer.timeout.connect(self.load)
        page.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        page.code_edit.returnPressed.connect(self.fill)
        page.quantity_edit.returnPressed.connect(self.fill)
        page.fill_button.clicked.connect(self.fill)
        page.reason_edit.returnPressed.connect(self.cancel)
        page.cancel_button.clicked.connect(self.cancel)
        add_action(page, "parts.requests", "fill_request", "Fill the selected request", self.fill)
        allowed = actor.can(Action.ALLOCATE_PARTS)
        for widget in (
            page.code_edit,
            page.quantity_edit,
            page.fill_button,
            page.reason_edit,
            page.cancel_button,
        ):
            widget.setEnabled(allowed)
        changes.records_changed.connect(lambda changed: self._timer.start() if changed & WATCHED else None)

    def is_settled(self) -> bool:
        return not self._pending and not self._timer.isActive()

    def load(self) -> None:
        self._pending += 1
        self.runner.run(
            lambda: self.services.inspections.parts_requests(self.actor),
            self._show,
            self._failed,
            channel="parts_requests",
        )

    def _show(self, rows: list[PartsRequestView]) -> None:
        self._pending -= 1
        self.model.set_rows(rows)
        if rows and not self.page.table.currentIndex().isValid():
            self.page.table.selectRow(0)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._pending -= 1
        set_level(self.page.message, "error", error_message(exc))

    def selected(self) -> PartsRequestView | None:
        current = self.page.table.currentIndex()
        row = self.proxy.row_at(current.row()) if current.isValid() else None
        return row if isinstance(row, PartsRequestView) else None

    def _selected(self) -> None:
        request = self.selected()
        if request is not None:
            self.page.quantity_edit.setText(qty_text(request.quantity))

    def fill(self) -> None:
        request, code = self.selected(), self.page.code_edit.text().strip()
        if request is None or not code:
            set_level(self.page.message, "hint", "Select a request, then scan or type the part to give.")
            return
        quantity = self.page.quantity_edit.text().strip() or qty_text(request.quantity)

        def work() -> Allocated:
            part = self.services.parts.find_code(self.actor, code)
            if part is None:
                raise NotFoundError(f"No part has the code {code}; add it at the counter first.")
            return self.services.parts_requests.fill(self.actor, request.id, part.id, quantity)

        def done(result: Allocated) -> None:
            self.page.code_edit.clear()
            warnings = "; ".join(result.warnings)
            text = f"Filled: allocated to work order {result.view.number}." + (
                f" {warnings}" if warnings else ""
            )
            set_level(self.page.message, "warning" if warnings else "ok", text)
            self.request_closed.emit("filled")
            self.load()

        self.runner.run(work, done, lambda exc: set_level(self.page.message, "error", error_message(exc)))

    def cancel(self) -> None:
        request, reason = self.selected(), self.page.reason_edit.text()
        if request is None:
            set_level(self.page.message, "hint", "Select the request to cancel.")
            return

        def done(_result: object) -> None:
            self.page.reason_edit.clear()
            set_level(self.page.message, "ok", f"Request for {request.description} cancelled.")
            self.request_closed.emit("cancelled")
            self.load()

        self.runner.run(
            lambda: self.services.parts_requests.cancel(self.actor, request.id, reason),
            done,
            lambda exc: set_level(self.page.message, "error", error_message(exc)),
        )
