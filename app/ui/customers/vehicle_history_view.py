"""One vehicle's story: owner, odometer readings, and its work orders and readings on one time line. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.customers.dto import VehicleHistory
from app.ui.customers.detail_view import action_button
from app.ui.formatting import odometer_text, vehicle_title
from app.ui.widgets import heading, named, section_label, value_label

_EMPTY_TEXT = "Select a vehicle to see its history."
WORK_ORDERS_PLACEHOLDER = "No work order for this vehicle yet. Ctrl+Shift+W opens one."


class VehicleHistoryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vehicle_history")
        self.pages = QStackedWidget()
        self.empty_label = named(QLabel(_EMPTY_TEXT, wordWrap=True), "empty_state")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(self._history_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _history_page(self) -> QWidget:
        page = QWidget()
        self.title_label = heading("")
        self.owner_label = value_label()
        self.vin_label = value_label()
        self.vin_label.setObjectName("mono")
        self.details_label = value_label()
        self.odometer_label = value_label()
        facts = QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        facts.addRow("Owner", self.owner_label)
        facts.addRow("VIN", self.vin_label)
        facts.addRow("Details", self.details_label)
        facts.addRow("Odometer", self.odometer_label)
        self.readings_table = QTableView()
        self.readings_table.setAccessibleName("Odometer readings")
        self.no_readings_label = named(QLabel("No odometer reading recorded yet."), "subtle")
        self.work_orders_label = named(QLabel(WORK_ORDERS_PLACEHOLDER, wordWrap=True), "subtle")
        self.work_orders_table = QTableView()  # filled by the work orders area (Enter opens one)
        self.work_orders_table.setAccessibleName("The vehicle's work orders")
        self.work_orders_table.hide()
        self.new_work_order_button = action_button("new_work_order")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addLayout(facts)
        layout.addSpacing(12)
        layout.addWidget(section_label("Odometer readings"))
        layout.addWidget(self.readings_table, 1)
        layout.addWidget(self.no_readings_label)
        layout.addSpacing(12)
        work_orders_title = QHBoxLayout()
        work_orders_title.addWidget(section_label("Work orders and readings"), 1)
        work_orders_title.addWidget(self.new_work_order_button)
        layout.addLayout(work_orders_title)
        layout.addWidget(self.work_orders_label)
        layout.addWidget(self.work_orders_table, 1)
        layout.addStretch(0)  # takes the space only while the readings table is hidden
        return page

    def show_history(self, history: VehicleHistory) -> None:
        vehicle = history.vehicle
        self.title_label.setText(vehicle_title(vehicle))
        self.owner_label.setText(history.owner_name or "—")
        vin = vehicle.vin or "— (none recorded)"
        self.vin_label.setText(f"{vin}  (non-standard)" if vehicle.vin_non_standard and vehicle.vin else vin)
        details = [vehicle.color, vehicle.engine, vehicle.trim]
        if vehicle.unit_number:
            details.append(f"unit {vehicle.unit_number}")
        self.details_label.setText(", ".join(d for d in details if d) or "—")
        self.odometer_label.setText(
            f"{odometer_text(vehicle.odometer)} mi" if vehicle.odometer is not None else "— (no reading yet)"
        )
        self.readings_table.setVisible(bool(history.readings))
        self.no_readings_label.setVisible(not history.readings)
        self.pages.setCurrentIndex(1)

    def show_work_orders(self, count: int) -> None:
        self.work_orders_table.setVisible(count > 0)
        self.work_orders_label.setText(WORK_ORDERS_PLACEHOLDER)
        self.work_orders_label.setVisible(count == 0)

    def show_work_orders_message(self, text: str) -> None:
        self.work_orders_table.hide()
        self.work_orders_label.setText(text)
        self.work_orders_label.show()

    def show_message(self, text: str = _EMPTY_TEXT) -> None:
        self.empty_label.setText(text)
        self.pages.setCurrentIndex(0)
