"""Open a work order: which vehicle, the odometer in, when it is promised, and notes.

Started from a vehicle, the vehicle is already chosen. Started from the work
orders list, the person types a name, phone or plate, Enter takes the best
match, Enter again takes its vehicle. Declined work from earlier visits is
offered with check boxes, to be copied into the new estimate.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.customers.dto import CustomerHit, CustomerView, VehicleView
from app.services.work_orders.dto import DeclinedJob
from app.ui.customers.tables import CustomerHitsModel, VehiclesModel
from app.ui.formatting import money, odometer_text, qdatetime, qt_datetime_format, vehicle_title, whole_number
from app.ui.shared.form import FormDialog
from app.ui.shared.table_model import SortProxy
from app.ui.widgets import SearchLineEdit, configure_table, focus_first_row, named, section_label

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CHOOSE_HINT = "Type a name, phone or plate above; Enter takes the highlighted customer."
PROMISE_HOUR = 17  # a car that comes in by mid-afternoon is promised for 5 PM the same day


@dataclass(frozen=True)
class NewWorkOrder:
    vehicle_id: uuid.UUID
    odometer_in: int | None
    odometer_reason: str
    promised_at: datetime | None
    notes: str
    declined_job_ids: tuple[uuid.UUID, ...]


def default_promise(now: datetime) -> datetime:
    """5 PM today, or tomorrow when it is already past 3 PM (shop wall clock)."""
    day = now.date() if now.hour < PROMISE_HOUR - 2 else now.date() + timedelta(days=1)
    return datetime.combine(day, time(PROMISE_HOUR))


class NewWorkOrderDialog(FormDialog):
    search_requested = Signal(str)
    customer_chosen = Signal(object, object)  # customer id, vehicle id (a plate match) or None
    vehicle_chosen = Signal(object)  # VehicleView
    work_order_submitted = Signal(object)  # NewWorkOrder
    geometry_key = "new_work_order_dialog"

    def __init__(
        self, zone: ZoneInfo, vehicle: VehicleView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("New work order", parent)
        self.zone = zone
        self.vehicle: VehicleView | None = None
        self._owner = ""
        self.hits = CustomerHitsModel(self)
        self.vehicles = VehiclesModel(self)
        self.search_edit = named(SearchLineEdit(placeholderText="Customer name, phone or plate"), "search")
        self.hits_table = QTableView()
        self.vehicles_table = QTableView()
        configure_table(self.hits_table, SortProxy(self.hits, self), "hits")
        configure_table(self.vehicles_table, SortProxy(self.vehicles, self), "vehicles")
        self.vehicle_label = named(QLabel("No vehicle chosen yet."), "chosen_vehicle")
        self.vehicle_label.setWordWrap(True)
        self.last_reading = named(QLabel(_CHOOSE_HINT), "subtle")
        self._build_fields()
        self.assemble(self._body())
        self._connect()
        self.setMinimumWidth(860)
        self.restore_geometry()
        self._search_box.setVisible(vehicle is None)
        if vehicle is None:
            self.search_edit.setFocus()
        else:
            self.choose_vehicle(vehicle, "")

    def _build_fields(self) -> None:
        self.odometer = named(QLineEdit(placeholderText="miles"), "odometer_in")
        self.reason = named(QLineEdit(placeholderText="e.g. instrument cluster replaced"), "odometer_reason")
        self.promised_check = named(QCheckBox("&Promised"), "promised_check")
        self.promised_check.setToolTip("Uncheck when no time was promised")
        self.promised_check.setChecked(True)
        self.promised = named(QDateTimeEdit(), "promised")
        self.promised.setDisplayFormat(qt_datetime_format(weekday=True))
        self.promised.setCalendarPopup(True)
        self.promised.setDateTime(qdatetime(default_promise(datetime.now(self.zone))))
        self.notes = named(QPlainTextEdit(), "notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Anything the technician or the next person should know")
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.declined = named(QListWidget(), "declined")
        self.declined.setMaximumHeight(110)
        self.declined_label = section_label(
            "Declined on earlier visits: check (Space) to add to this estimate"
        )

    def _body(self) -> QWidget:
        self._search_box = QWidget()
        search = QVBoxLayout(self._search_box)
        search.setContentsMargins(0, 0, 0, 0)
        search.addWidget(self.field("vehicle_search", self.search_edit))
        tables = QHBoxLayout()
        tables.addWidget(self.hits_table, 3)
        tables.addWidget(self.vehicles_table, 2)
        search.addLayout(tables)
        self.hits_table.setMinimumHeight(140)
        self._form = QFormLayout()
        form = self._form
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Vehicle", self.field("vehicle", self.vehicle_label))
        form.addRow("&Odometer in", self.field("odometer_in", self.odometer))
        form.addRow("", self.last_reading)
        form.addRow("Reason it is lower", self.field("odometer_reason", self.reason))
        form.addRow(self.promised_check, self.promised)
        form.addRow("&Notes", self.field("notes", self.notes))
        form.setRowVisible(3, False)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._search_box, 1)
        layout.addLayout(form)
        layout.addWidget(self.declined_label)
        layout.addWidget(self.declined)
        self.declined_label.hide()
        self.declined.hide()
        return body

    def _connect(self) -> None:
        self.set_tab_order(
            [
                self.search_edit,
                self.hits_table,
                self.vehicles_table,
                self.odometer,
                self.reason,
                self.promised_check,
                self.promised,
                self.notes,
                self.declined,
            ]
        )
        self.search_edit.textChanged.connect(self.search_requested.emit)
        self.search_edit.down_pressed.connect(lambda: focus_first_row(self.hits_table))
        for watched in (self.search_edit, self.hits_table, self.vehicles_table):
            watched.installEventFilter(self)
        self.hits_table.doubleClicked.connect(lambda _i: self._take_hit())
        self.vehicles_table.doubleClicked.connect(lambda _i: self._take_vehicle())
        self.odometer.textChanged.connect(self._odometer_changed)
        self.promised_check.toggled.connect(self.promised.setEnabled)

    # --- choosing the vehicle ----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the search box or a table chooses, instead of moving to the next field."""
        if not (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress):
            return super().eventFilter(watched, event)
        if event.key() not in _ENTER:
            return False
        if watched is self.vehicles_table:
            self._take_vehicle()
        else:
            self._take_hit()
        return True

    def show_hits(self, hits: Sequence[CustomerHit]) -> None:
        self.hits.set_rows(hits)
        if hits:
            self.hits_table.selectRow(0)

    def _take_hit(self) -> None:
        index = self.hits_table.currentIndex()
        proxy = self.hits_table.model()
        hit = proxy.row_at(index.row()) if index.isValid() and isinstance(proxy, SortProxy) else None
        if hit is None and self.hits.rowCount():
            hit = self.hits.row_at(0)
        if isinstance(hit, CustomerHit):
            self.customer_chosen.emit(hit.customer_id, hit.vehicle_id)

    def show_customer(self, customer: CustomerView, vehicle_id: uuid.UUID | None) -> None:
        """The chosen customer's vehicles; a plate match is chosen at once."""
        self.vehicles.set_rows(customer.vehicles)
        self._owner = customer.display_name
        match = next((v for v in customer.vehicles if v.id == vehicle_id), None)
        if match is None and len(customer.vehicles) == 1:
            match = customer.vehicles[0]
        if match is not None:
            self.choose_vehicle(match, customer.display_name)
        elif customer.vehicles:
            focus_first_row(self.vehicles_table)
        else:
            self.show_field_errors({"vehicle_search": f"{customer.display_name} has no vehicle yet"})

    def _take_vehicle(self) -> None:
        index = self.vehicles_table.currentIndex()
        proxy = self.vehicles_table.model()
        vehicle = proxy.row_at(index.row()) if index.isValid() and isinstance(proxy, SortProxy) else None
        if isinstance(vehicle, VehicleView):
            self.choose_vehicle(vehicle, self._owner)

    def choose_vehicle(self, vehicle: VehicleView, owner_name: str) -> None:
        self.vehicle = vehicle
        self.set_owner(owner_name)
        self.last_reading.setText(
            f"Last reading: {odometer_text(vehicle.odometer)} mi"
            if vehicle.odometer is not None
            else "No odometer reading recorded yet."
        )
        self._odometer_changed()
        self.odometer.setFocus()
        self.vehicle_chosen.emit(vehicle)

    def set_owner(self, owner_name: str) -> None:
        if self.vehicle is not None:
            title = vehicle_title(self.vehicle)
            self.vehicle_label.setText(f"{title} — {owner_name}" if owner_name else title)
            self.setWindowTitle(f"New work order — {title}")

    def show_declined(self, jobs: Sequence[DeclinedJob]) -> None:
        self.declined.clear()
        for job in jobs:
            item = QListWidgetItem(
                f"{job.title} — {money(job.subtotal)} (declined on work order {job.work_order_number})"
            )
            item.setData(Qt.ItemDataRole.UserRole, job.job_id)
            item.setToolTip(job.concern)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.declined.addItem(item)
        self.declined.setVisible(bool(jobs))
        self.declined_label.setVisible(bool(jobs))
        if jobs:
            self.declined.setCurrentRow(0)

    # --- the odometer -------------------------------------------------------------------------
    def _reading(self) -> int | None:
        return whole_number(self.odometer.text())

    def _lower(self) -> bool:
        value, last = self._reading(), self.vehicle.odometer if self.vehicle else None
        return value is not None and last is not None and value < last

    def _odometer_changed(self) -> None:
        self._form.setRowVisible(3, self._lower())

    # --- saving ----------------------------------------------------------------------------------
    def values(self) -> NewWorkOrder:
        assert self.vehicle is not None
        promised = None
        if self.promised_check.isChecked():
            wall_clock = self.promised.dateTime().toPython()
            assert isinstance(wall_clock, datetime)
            promised = wall_clock.replace(tzinfo=self.zone)
        checked = [self.declined.item(r) for r in range(self.declined.count())]
        return NewWorkOrder(
            vehicle_id=self.vehicle.id,
            odometer_in=self._reading(),
            odometer_reason=self.reason.text() if self._lower() else "",
            promised_at=promised,
            notes=self.notes.toPlainText(),
            declined_job_ids=tuple(
                i.data(Qt.ItemDataRole.UserRole) for i in checked if i.checkState() == Qt.CheckState.Checked
            ),
        )

    def check_before_submit(self) -> bool:
        errors = {}
        if self.vehicle is None:
            errors["vehicle"] = "choose the vehicle first (type a name or plate above)"
        if self.odometer.text().strip() and self._reading() is None:
            errors["odometer_in"] = "type the miles shown, digits only"
        if errors:
            self.show_field_errors(errors)
        return not errors

    def show_field_errors(self, errors: dict[str, str]) -> dict[str, str]:
        renamed = {("odometer_in" if k == "odometer" else k): v for k, v in errors.items()}
        return super().show_field_errors(renamed)

    def focus_field(self, name: str) -> None:
        widgets: dict[str, QWidget] = {
            "odometer_in": self.odometer,
            "odometer_reason": self.reason,
            "notes": self.notes,
            "vehicle": self.search_edit,
            "vehicle_search": self.search_edit,
        }
        if name in widgets:
            widgets[name].setFocus()

    def emit_submitted(self) -> None:
        self.work_order_submitted.emit(self.values())
