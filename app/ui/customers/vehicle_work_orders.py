"""A vehicle's work orders and readings on one time line, newest first, on the vehicle panel.

Fed by the customers area's ``history_shown`` (a vehicle was chosen); Enter
on a work order asks the window to open it in the Work orders area.
"""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.services.customers.dto import VehicleHistory
from app.services.readings.dto import ReadingView
from app.ui.changes import ChangeBridge
from app.ui.customers.vehicle_history_view import VehicleHistoryView
from app.ui.customers.vehicle_timeline import TimelineRow, VehicleTimelineModel, timeline
from app.ui.errors import error_message
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table

WATCHED_TABLES = frozenset({"work_orders", "jobs", "work_order_lines", "authorizations", "vehicle_readings"})
READINGS_ON_TIMELINE = 200


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
        self.zone = zone
        self.model = VehicleTimelineModel(zone, self)
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

        def work() -> list[TimelineRow]:
            entries = self.services.work_orders.vehicle_history(self.actor, vehicle_id)
            return timeline(entries, self._readings(vehicle_id), self.zone)

        self.runner.run(
            work,
            lambda rows: self._loaded(vehicle_id, rows),
            lambda exc: self.view.show_work_orders_message(error_message(exc)),
            channel="vehicle_work_orders",
        )

    def _readings(self, vehicle_id: uuid.UUID) -> list[ReadingView]:
        if not self.actor.can(Action.VIEW_READINGS):
            return []
        return self.services.readings.for_vehicle(self.actor, vehicle_id, READINGS_ON_TIMELINE)

    def _loaded(self, vehicle_id: uuid.UUID, rows: list[TimelineRow]) -> None:
        if vehicle_id != self.vehicle_id:
            return
        table = self.view.work_orders_table
        current = self.proxy.row_at(table.currentIndex().row()) if table.currentIndex().isValid() else None
        self.model.set_rows(rows)
        self.view.show_work_orders(len(rows))
        if isinstance(current, TimelineRow):  # a refresh keeps the highlighted line
            row = self.proxy.proxy_row_where(lambda r: (r.when, r.kind) == (current.when, current.kind))
            if row >= 0:
                table.selectRow(row)

    def _activated(self) -> None:
        index = self.view.work_orders_table.currentIndex()
        row = self.proxy.row_at(index.row()) if index.isValid() else None
        if isinstance(row, TimelineRow) and row.work_order_id is not None:
            self.open_requested.emit(row.work_order_id)

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._load()
