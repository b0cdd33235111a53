"""A vehicle's work orders, newest first, on the vehicle panel of the Customers area.

Fed by the customers area's ``history_shown`` (a vehicle was chosen); Enter
on a row asks the window to open that work order in the Work orders area.
"""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import VehicleHistory
from app.services.work_orders.dto import HistoryEntry
from app.ui.changes import ChangeBridge
from app.ui.customers.vehicle_history_view import VehicleHistoryView
from app.ui.errors import error_message
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table
from app.ui.work_orders.tables import VehicleWorkOrdersModel

WATCHED_TABLES = frozenset({"work_orders", "jobs", "work_order_lines", "authorizations"})


class VehicleWorkOrders(QObject):
    open_requested = Signal(object)  # work order id

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: VehicleHistoryView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.vehicle_id: uuid.UUID | None = None
        self.model = VehicleWorkOrdersModel(zone, self)
        self.proxy = SortProxy(self.model, self)
        configure_table(view.work_orders_table, self.proxy, "vehicle_work_orders")
        view.work_orders_table.activated.connect(self._activated)
        changes.records_changed.connect(self._records_changed)

    def show_for(self, history: VehicleHistory) -> None:
        """The chosen vehicle's work orders (asked for off the GUI thread)."""
        self.vehicle_id = history.vehicle.id
        self._load()

    def _load(self) -> None:
        vehicle_id = self.vehicle_id
        if vehicle_id is None:
            return
        self.runner.run(
            lambda: self.services.work_orders.vehicle_history(self.actor, vehicle_id),
            lambda entries: self._loaded(vehicle_id, entries),
            lambda exc: self.view.show_work_orders_message(error_message(exc)),
            channel="vehicle_work_orders",
        )

    def _loaded(self, vehicle_id: uuid.UUID, entries: list[HistoryEntry]) -> None:
        if vehicle_id != self.vehicle_id:
            return
        table = self.view.work_orders_table
        current = self.proxy.row_at(table.currentIndex().row()) if table.currentIndex().isValid() else None
        self.model.set_rows(entries)
        self.view.show_work_orders(len(entries))
        if isinstance(current, HistoryEntry):  # a refresh keeps the highlighted work order
            row = self.proxy.proxy_row_where(lambda e: e.work_order_id == current.work_order_id)
            if row >= 0:
                table.selectRow(row)

    def _activated(self) -> None:
        index = self.view.work_orders_table.currentIndex()
        entry = self.proxy.row_at(index.row()) if index.isValid() else None
        if isinstance(entry, HistoryEntry):
            self.open_requested.emit(entry.work_order_id)

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._load()
