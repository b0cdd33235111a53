"""Record an odometer reading; a lower one than the last asks why."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from app.services.customers.dto import VehicleView
from app.ui.formatting import odometer_text, vehicle_title, whole_number
from app.ui.shared.form import FormDialog
from app.ui.widgets import named


class OdometerDialog(FormDialog):
    """``odometer_submitted`` carries (reading, reason)."""

    odometer_submitted = Signal(int, str)
    geometry_key = "odometer_dialog"

    def __init__(self, vehicle: VehicleView, parent: QWidget | None = None) -> None:
        super().__init__(f"Record odometer — {vehicle_title(vehicle)}", parent)
        self.vehicle_id = vehicle.id
        self.previous = vehicle.odometer
        self.reading = named(QLineEdit(placeholderText="miles"), "odometer")
        self.reason = named(QLineEdit(placeholderText="e.g. instrument cluster replaced"), "odometer_reason")
        last = QLabel(odometer_text(vehicle.odometer) + " mi" if vehicle.odometer is not None else "none yet")
        self._form = QFormLayout()
        self._form.addRow("Last reading", last)
        self._form.addRow("New reading", self.field("odometer", self.reading))
        self._form.addRow("Reason it is lower", self.field("odometer_reason", self.reason))
        body = QWidget()
        body.setLayout(self._form)
        self.assemble(body)
        self.set_tab_order([self.reading, self.reason])
        self.reading.textChanged.connect(self._reading_changed)
        self._reading_changed()
        self.setMinimumWidth(460)
        self.restore_geometry()
        self.reading.setFocus()

    def _value(self) -> int | None:
        return whole_number(self.reading.text())

    def _reading_changed(self) -> None:
        value = self._value()
        lower = value is not None and self.previous is not None and value < self.previous
        self._form.setRowVisible(2, lower)

    def check_before_submit(self) -> bool:
        if self._value() is None:
            self.show_field_errors({"odometer": "type the miles shown, digits only"})
            return False
        return True

    def focus_field(self, name: str) -> None:
        (self.reason if name == "odometer_reason" else self.reading).setFocus()

    def emit_submitted(self) -> None:
        value = self._value()
        assert value is not None
        lower = self.previous is not None and value < self.previous
        self.odometer_submitted.emit(value, self.reason.text() if lower else "")
