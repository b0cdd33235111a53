"""Behaviour of the Work orders area: the filtered list, its counts, opening and starting work orders.

Holds the services and actor it was handed; every service call goes through
the task runner. The list refreshes itself when a committed change-set names
work orders, jobs, lines or authorizations (from this terminal or another).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import VehicleView
from app.services.work_orders.dto import TechnicianView, WorkOrderList, WorkOrderView
from app.services.work_orders.orders import WorkOrderFilter
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, focus_first_row
from app.ui.work_orders.actions import LIST_SPEC, AreaActions
from app.ui.work_orders.creation import WorkOrderCreation
from app.ui.work_orders.dialogs import WorkOrderDialogs
from app.ui.work_orders.editor_controller import WorkOrderEditorController
from app.ui.work_orders.list_view import ALL_OPEN, WorkOrdersView
from app.ui.work_orders.tables import WorkOrdersModel

SEARCH_DELAY_MS = 150
WATCHED_TABLES = frozenset(
    {
        "work_orders",
        "jobs",
        "work_order_lines",
        "work_order_discounts",
        "authorizations",
        "customers",
        "vehicles",
    }
)
ANY_TECHNICIAN = "Any technician"


class WorkOrdersController(QObject):
    list_shown = Signal(int)  # rows now in the list
    work_order_opened = Signal(object)  # work order id, when the editor takes over

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: WorkOrdersView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: WorkOrderDialogs | None = None,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        dialogs = dialogs or WorkOrderDialogs()
        self.started = False
        self._open_first_when_loaded = False
        self._focus_editor = False
        self.model = WorkOrdersModel(zone, parent=self)
        self.proxy = SortProxy(self.model, self)
        configure_table(view.table, self.proxy, "work_orders")
        self.actions = AreaActions(LIST_SPEC, actor, view.list_page, "work_orders.list")
        self.creation = WorkOrderCreation(services, actor, runner, dialogs, zone, view)
        self.editor = WorkOrderEditorController(services, actor, view.editor, runner, changes, zone, dialogs)
        self._search_timer = _single_shot(self, SEARCH_DELAY_MS, self.refresh)
        self._refresh_timer = _single_shot(self, 50, self.refresh)
        self._connect(changes)

    def _connect(self, changes: ChangeBridge) -> None:
        view, actions = self.view, self.actions
        view.new_button.setDefaultAction(actions["new_work_order"])
        view.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        view.search_edit.returnPressed.connect(self.open_current)
        view.table.activated.connect(lambda _i: self.open_current())
        view.technician_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        view.promised_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        view.waiting_parts_check.toggled.connect(lambda _on: self.refresh())
        view.chip_group.buttonToggled.connect(lambda _b, on: self.refresh() if on else None)
        actions["find"].triggered.connect(view.focus_search)
        actions["new_work_order"].triggered.connect(lambda: self.new_work_order())
        actions["refresh"].triggered.connect(self.refresh)
        self.creation.work_order_created.connect(self._created)
        self.creation.work_order_updated.connect(self.editor.show)
        self.creation.copy_failed.connect(lambda text: self.editor.show_message("error", text))
        self.editor.back_requested.connect(self.back_to_list)
        self.editor.work_order_shown.connect(self._editor_shown)
        changes.records_changed.connect(self._records_changed)

    def start(self) -> None:
        """Fill the technician filter and the list (once; later the change-sets keep it fresh)."""
        if self.started:
            return
        self.started = True
        self.view.technician_combo.addItem(ANY_TECHNICIAN, None)
        self.runner.run(
            lambda: self.services.work_orders.technicians(self.actor),
            self._technicians_loaded,
            self._failed,
        )
        self.editor.start()
        self.refresh()

    def focus_entry(self) -> None:
        """Entering the area: back in the open work order's lines, else in the search box."""
        if self.view.showing_editor():
            self.view.editor.focus_estimate()
        else:
            self.view.focus_search()

    def is_settled(self) -> bool:
        """No search waiting for the typing pause, and no refresh about to start."""
        return not (self._search_timer.isActive() or self._refresh_timer.isActive())

    def _technicians_loaded(self, technicians: list[TechnicianView]) -> None:
        combo = self.view.technician_combo
        combo.blockSignals(True)
        for tech in technicians:
            combo.addItem(tech.name, tech.id)
        combo.blockSignals(False)

    # --- the list ------------------------------------------------------------------------------------
    def current_filter(self) -> WorkOrderFilter:
        view = self.view
        technician = view.technician_combo.currentData()
        chosen = dict(
            technician_id=technician if isinstance(technician, uuid.UUID) else None,
            promised=str(view.promised_combo.currentData() or ""),
            waiting_parts=view.waiting_parts_check.isChecked(),
            text=view.search_edit.text(),
        )
        status = view.chosen_status()
        if status == ALL_OPEN:
            return WorkOrderFilter(**chosen)  # type: ignore[arg-type]
        return WorkOrderFilter(statuses=(status,), **chosen)  # type: ignore[arg-type]

    def refresh(self) -> None:
        self._search_timer.stop()
        flt = self.current_filter()
        self.runner.run(
            lambda: self.services.work_orders.list(self.actor, flt),
            self._list_loaded,
            self._failed,
            channel="work_orders_list",
        )

    def _list_loaded(self, result: WorkOrderList) -> None:
        selected = self._selected_id()
        self.model.set_rows(result.rows)
        self.view.set_counts(result.counts)
        self.view.summary.setText(_summary(result, self.view.search_edit.text()))
        row = self.proxy.proxy_row_where(lambda r: r.id == selected) if selected else -1
        if row < 0 and result.rows:
            row = 0
        if row >= 0:
            self.view.table.selectRow(row)
        if self._open_first_when_loaded:
            self._open_first_when_loaded = False
            self.open_current()
        self.list_shown.emit(len(result.rows))

    def _failed(self, exc: BaseException) -> None:
        self.view.summary.setText(error_message(exc))

    def _selected_id(self) -> uuid.UUID | None:
        index = self.view.table.currentIndex()
        row = self.proxy.row_at(index.row()) if index.isValid() else None
        return row.id if row is not None else None

    def _records_changed(self, changed: frozenset[str]) -> None:
        if self.started and changed & WATCHED_TABLES:
            self._refresh_timer.start()  # a burst of commits refreshes once

    # --- opening ---------------------------------------------------------------------------------------
    def open_current(self) -> None:
        """Enter: a typed number opens that work order (open or not), else the highlighted row."""
        text = self.view.search_edit.text().strip()
        if self._search_timer.isActive():  # typed (or scanned) faster than the pause
            self._open_first_when_loaded = True
            self.refresh()
            return
        if text.isdigit() and len(text) <= 9:
            self.runner.run(
                lambda: self.services.work_orders.find_number(self.actor, int(text)),
                lambda found: self._open_number(found, text),
                self._failed,
            )
            return
        work_order_id = self._selected_id()
        if work_order_id is None and self.model.rowCount() > 0:
            work_order_id = self.proxy.row_at(0).id
        if work_order_id is not None:
            self.open_work_order(work_order_id)

    def _open_number(self, found: uuid.UUID | None, text: str) -> None:
        if found is None:
            self.view.summary.setText(f"There is no work order {text}.")
        else:
            self.open_work_order(found)

    def open_work_order(self, work_order_id: uuid.UUID) -> None:
        self._focus_editor = True
        self.view.show_editor()
        self.editor.open(work_order_id)
        self.work_order_opened.emit(work_order_id)

    def _editor_shown(self, _view: WorkOrderView) -> None:
        if self._focus_editor:
            self._focus_editor = False
            self.view.editor.focus_estimate()

    def back_to_list(self) -> None:
        self.editor.close()
        self.view.show_list()
        if not focus_first_row(self.view.table):
            self.view.focus_search()

    # --- new work orders ------------------------------------------------------------------------------
    def new_work_order(self, vehicle: VehicleView | None = None) -> None:
        self.creation.new_work_order(vehicle)

    def _created(self, view: WorkOrderView) -> None:
        self.open_work_order(view.id)
        self.editor.show(view)


def _single_shot(parent: QObject, msecs: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer


def _summary(result: WorkOrderList, text: str) -> str:
    count = len(result.rows)
    if count == 0:
        return (
            f"No work order matches “{text.strip()}”."
            if text.strip()
            else "No work order here. Ctrl+N opens one."
        )
    late = sum(1 for row in result.rows if row.late)
    late_text = f" {late} late." if late else ""
    return f"{count} work order(s).{late_text} Enter opens the highlighted one; Ctrl+N opens a new one."
