"""Behaviour of the Customers & vehicles area: search as you type, show, refresh.

Holds the services and the signed-in actor it was handed; every service call
goes through the task runner, so typing never waits for the database. Three
channels ("search", "customer", "history") each keep only the newest answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QObject, QTimer, Signal

from app.domain.errors import NotFoundError
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerHit, CustomerView, VehicleHistory, VehicleView
from app.services.customers.records import SEARCH_LIMIT
from app.ui.changes import ChangeBridge
from app.ui.customers.actions import CustomerActions
from app.ui.customers.editing import CustomerEditing
from app.ui.customers.pricing import CustomerPricing
from app.ui.customers.tables import CustomerHitsModel, OdometerModel, VehiclesModel
from app.ui.customers.view import CustomersView
from app.ui.errors import error_message
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, focus_first_row

SEARCH_DELAY_MS = 150
WATCHED_TABLES = frozenset({"customers", "vehicles", "odometer_readings"})


class CustomersController(QObject):
    results_shown = Signal(int)  # number of rows now in the results table
    customer_shown = Signal(object)  # CustomerView
    history_shown = Signal(object)  # VehicleHistory
    work_order_requested = Signal(object)  # VehicleView: open a work order for it (Work orders area)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: CustomersView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: DialogFactory | None = None,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.customer: CustomerView | None = None
        self._customer_id: uuid.UUID | None = None
        self._vehicle_id: uuid.UUID | None = None
        self._wanted_vehicle: uuid.UUID | None = None
        self._open_when_found = False
        self._focus_when_loaded = False
        self._build_models(zone)
        self.actions = CustomerActions(actor, self)
        self.editing = CustomerEditing(services, actor, runner, dialogs or DialogFactory(), view)
        self.pricing = CustomerPricing(services, actor, runner, view)
        self._search_timer = _single_shot(self, SEARCH_DELAY_MS, self._typed)
        self._refresh_timer = _single_shot(self, 50, self._refresh)
        self._connect(changes)

    def _build_models(self, zone: ZoneInfo) -> None:
        self.hits = CustomerHitsModel(self)
        self.hits_proxy = SortProxy(self.hits, self)
        self.vehicles = VehiclesModel(self)
        self.vehicles_proxy = SortProxy(self.vehicles, self)
        self.readings = OdometerModel(zone, self)
        self.readings_proxy = SortProxy(self.readings, self)
        configure_table(self.view.results_table, self.hits_proxy, "results")
        configure_table(self.view.detail.vehicles_table, self.vehicles_proxy, "vehicles")
        configure_table(self.view.history.readings_table, self.readings_proxy, "readings")

    def _connect(self, changes: ChangeBridge) -> None:
        view, actions, editing = self.view, self.actions, self.editing
        view.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        view.search_edit.returnPressed.connect(self.open_current)
        view.results_table.selectionModel().currentRowChanged.connect(self._hit_selected)
        view.results_table.activated.connect(lambda _i: self.open_current())
        view.detail.vehicles_table.selectionModel().currentRowChanged.connect(self._vehicle_selected)
        view.detail.vehicles_table.activated.connect(lambda _i: actions["edit_vehicle"].trigger())
        changes.records_changed.connect(self._records_changed)
        actions["find"].triggered.connect(view.focus_search)
        actions["new_customer"].triggered.connect(editing.new_customer)
        actions["edit_customer"].triggered.connect(lambda: self._with_customer(editing.edit_customer))
        actions["delete_customer"].triggered.connect(lambda: self._with_customer(editing.delete_customer))
        actions["new_vehicle"].triggered.connect(lambda: self._with_customer(editing.add_vehicle))
        actions["edit_vehicle"].triggered.connect(
            lambda: self._with_vehicle(lambda v: editing.edit_vehicle(v, self._owner_name()))
        )
        actions["record_odometer"].triggered.connect(lambda: self._with_vehicle(editing.record_odometer))
        actions["delete_vehicle"].triggered.connect(lambda: self._with_vehicle(editing.delete_vehicle))
        actions["new_work_order"].triggered.connect(
            lambda: self._with_vehicle(self.work_order_requested.emit)
        )
        actions["customer_pricing"].triggered.connect(
            lambda: self._with_customer(lambda c: self.pricing.open(c, self._selected_vehicle()))
        )
        detail = view.detail
        for button, name in (
            (detail.edit_customer_button, "edit_customer"),
            (detail.delete_customer_button, "delete_customer"),
            (detail.add_vehicle_button, "new_vehicle"),
            (detail.edit_vehicle_button, "edit_vehicle"),
            (detail.odometer_button, "record_odometer"),
            (detail.delete_vehicle_button, "delete_vehicle"),
            (view.history.new_work_order_button, "new_work_order"),
        ):
            button.setDefaultAction(actions[name])
        editing.customer_saved.connect(self._customer_saved)
        editing.customer_deleted.connect(self._customer_deleted)
        editing.vehicle_saved.connect(lambda v: self.show_customer(v.customer_id, v.id))
        editing.vehicle_deleted.connect(self._vehicle_deleted)
        editing.vehicle_open_requested.connect(self.open_vehicle)

    def start(self, *, select_first: bool = False) -> None:
        """Fill the results with the recently changed customers."""
        self._search(select_first=select_first)

    def is_settled(self) -> bool:
        """No search waiting for the typing pause or a refresh to start."""
        return not (self._search_timer.isActive() or self._refresh_timer.isActive())

    # --- search ------------------------------------------------------------------------
    def set_search_text(self, text: str) -> None:
        self.view.search_edit.setText(text)

    def _typed(self) -> None:
        """The person paused typing: search, and show the best match right away."""
        self._search(select_first=bool(self.view.search_edit.text().strip()))

    def _search(self, *, select_first: bool) -> None:
        text = self.view.search_edit.text()
        self.runner.run(
            lambda: self.services.customers.search(self.actor, text),
            lambda hits: self._show_hits(text, hits, select_first),
            self._search_failed,
            channel="search",
        )

    def _show_hits(self, text: str, hits: list[CustomerHit], select_first: bool) -> None:
        self.hits.set_rows(hits)
        self.view.result_summary.setText(_summary(text, len(hits)))
        row = self.hits_proxy.proxy_row_where(lambda h: h.customer_id == self._customer_id)
        if row < 0 and (select_first or self._open_when_found) and hits:
            row = 0
        if row >= 0:
            self.view.results_table.selectRow(row)
        if self._open_when_found:
            self._open_when_found = False
            self._focus_customer()
        self.results_shown.emit(len(hits))

    def _search_failed(self, exc: BaseException) -> None:
        self.hits.set_rows([])
        self.view.result_summary.setText(error_message(exc))
        self.results_shown.emit(0)

    def open_current(self) -> None:
        """Enter: open the highlighted customer (a scanned plate opens its first match)."""
        if self._search_timer.isActive():  # typed (or scanned) faster than the delay
            self._search_timer.stop()
            self._open_when_found = True
            self._typed()
            return
        if self.view.results_table.currentIndex().isValid() or focus_first_row(self.view.results_table):
            self._focus_customer()

    def _focus_customer(self) -> None:
        """Hand the keyboard to the customer panel, now or as soon as it has loaded."""
        loaded = self.customer is not None and self.customer.id == self._customer_id
        self._focus_when_loaded = not loaded
        if not loaded:
            return
        detail = self.view.detail
        if self.vehicles.rowCount() > 0:
            focus_first_row(detail.vehicles_table)
        else:
            detail.edit_customer_button.setFocus()

    # --- the chosen customer and vehicle -----------------------------------------------
    def _hit_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.hits_proxy.row_at(current.row()) if current.isValid() else None
        if hit is None:
            return
        if hit.customer_id == self._customer_id and hit.vehicle_id in (None, self._vehicle_id):
            return
        self.show_customer(hit.customer_id, hit.vehicle_id)

    def show_customer(self, customer_id: uuid.UUID, vehicle_id: uuid.UUID | None = None) -> None:
        self._customer_id = customer_id
        self._wanted_vehicle = vehicle_id
        self.runner.run(
            lambda: self.services.customers.get(self.actor, customer_id),
            self._customer_loaded,
            self._customer_failed,
            channel="customer",
        )

    def _customer_loaded(self, customer: CustomerView) -> None:
        self.customer = customer
        self._customer_id = customer.id
        self.view.detail.show_customer(customer)
        self.vehicles.set_rows(customer.vehicles)
        wanted = self._wanted_vehicle or self._vehicle_id
        row = self.vehicles_proxy.proxy_row_where(lambda v: v.id == wanted)
        if row < 0 and customer.vehicles:
            row = 0
        if row >= 0:
            self.view.detail.vehicles_table.selectRow(row)
        else:
            self._vehicle_id = None
            self.readings.set_rows([])
            self.view.history.show_message("No vehicle yet. Add one with Ctrl+Shift+N.")
        self._update_actions()
        if self._focus_when_loaded:
            self._focus_customer()
        self.customer_shown.emit(customer)

    def _customer_failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotFoundError):
            self._clear_customer(exc.message)
        else:
            self._clear_customer(error_message(exc), forget=False)

    def _clear_customer(self, message: str, *, forget: bool = True) -> None:
        if forget:
            self._customer_id = None
        self.customer = None
        self._focus_when_loaded = False
        self._vehicle_id = None
        self.vehicles.set_rows([])
        self.readings.set_rows([])
        self.view.detail.show_message(message)
        self.view.history.show_message()
        self._update_actions()

    def _vehicle_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        vehicle = self.vehicles_proxy.row_at(current.row()) if current.isValid() else None
        if vehicle is None:
            return
        self._vehicle_id = vehicle.id
        self._update_actions()
        self.runner.run(
            lambda: self.services.customers.vehicle_history(self.actor, vehicle.id),
            self._history_loaded,
            lambda exc: self.view.history.show_message(error_message(exc)),
            channel="history",
        )

    def _history_loaded(self, history: VehicleHistory) -> None:
        self.view.history.show_history(history)
        self.readings.set_rows(history.readings)
        self.history_shown.emit(history)

    def open_vehicle(self, vehicle_id: uuid.UUID) -> None:
        """Show the vehicle and its owner, wherever it is (a duplicate VIN's vehicle)."""
        self.runner.run(
            lambda: self.services.customers.vehicle_history(self.actor, vehicle_id).vehicle,
            lambda vehicle: self.show_customer(vehicle.customer_id, vehicle.id),
            lambda exc: self.view.detail.show_message(error_message(exc)),
        )

    # --- after saves and other terminals' changes ----------------------------------------
    def _customer_saved(self, customer: CustomerView) -> None:
        self._wanted_vehicle = None
        self._customer_loaded(customer)

    def _customer_deleted(self, customer_id: uuid.UUID) -> None:
        if customer_id == self._customer_id:
            self._clear_customer("Customer deleted.")

    def _vehicle_deleted(self, vehicle_id: uuid.UUID) -> None:
        if vehicle_id == self._vehicle_id:
            self._vehicle_id = None
        if self._customer_id is not None:
            self.show_customer(self._customer_id)

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._refresh_timer.start()  # a burst of commits refreshes once

    def _refresh(self) -> None:
        self._search(select_first=False)
        if self._customer_id is not None:
            self.show_customer(self._customer_id, self._vehicle_id)

    # --- helpers ---------------------------------------------------------------------------
    def _update_actions(self) -> None:
        self.actions.update(
            has_customer=self.customer is not None, has_vehicle=self._selected_vehicle() is not None
        )

    def _selected_vehicle(self) -> VehicleView | None:
        current = self.view.detail.vehicles_table.currentIndex()
        vehicle = self.vehicles_proxy.row_at(current.row()) if current.isValid() else None
        return vehicle if isinstance(vehicle, VehicleView) else None

    def _owner_name(self) -> str:
        return self.customer.display_name if self.customer else ""

    def _with_customer(self, act: Callable[[CustomerView], None]) -> None:
        if self.customer is not None:
            act(self.customer)

    def _with_vehicle(self, act: Callable[[VehicleView], None]) -> None:
        vehicle = self._selected_vehicle()
        if vehicle is not None:
            act(vehicle)


def _single_shot(parent: QObject, msecs: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer


def _summary(text: str, count: int) -> str:
    if not text.strip():
        return "Recently changed customers. Type to search; Ctrl+N adds a customer."
    if count == 0:
        return f"No customer or vehicle matches “{text.strip()}”. Ctrl+N adds a new customer."
    more = f" (the first {SEARCH_LIMIT}; type more to narrow)" if count >= SEARCH_LIMIT else ""
    return f"{count} found{more}. Down arrow to the list, Enter to open."
