"""What a status move needs to know: why a car is on hold, the odometer when it leaves."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.domain.work_orders import HOLD_REASONS, STATUS_LABELS, Status
from app.services.work_orders.dto import WorkOrderView
from app.ui.formatting import odometer_text, whole_number
from app.ui.widgets import named
from app.ui.work_orders.form import WorkOrderFormDialog

HOLD_REASON_LIMIT = 200


class StatusDialog(WorkOrderFormDialog):
    """Put on hold (with a reason) or complete (with the odometer out).

    ``status_submitted`` carries (hold reason, odometer out or None).
    """

    status_submitted = Signal(str, object)
    geometry_key = "status_dialog"

    def __init__(self, view: WorkOrderView, target: Status, parent: QWidget | None = None) -> None:
        super().__init__(f"{STATUS_LABELS[target]} — work order {view.number}", view.version, None, parent)
        self.target = target
        self.reason = named(QComboBox(), "hold_reason")
        self.reason.addItems(HOLD_REASONS)
        self.detail = named(QLineEdit(placeholderText="e.g. alternator ordered, due Thursday"), "hold_detail")
        self.odometer_out = named(QLineEdit(placeholderText="miles"), "odometer_out")
        odometer_in = (
            odometer_text(view.odometer_in) + " mi" if view.odometer_in is not None else "not recorded"
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if target == Status.ON_HOLD:
            form.addRow("&Reason", self.field("hold_reason", self.reason))
            form.addRow("&Details", self.field("hold_detail", self.detail))
            chain: list[QWidget] = [self.reason, self.detail]
        else:
            form.addRow("Odometer in", QLabel(odometer_in))
            form.addRow("&Odometer out", self.field("odometer_out", self.odometer_out))
            chain = [self.odometer_out]
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order(chain)
        self.save_button.setText(STATUS_LABELS[target])
        self.setMinimumWidth(440)
        self.restore_geometry()
        chain[0].setFocus()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        if not busy:
            self.save_button.setText(STATUS_LABELS[self.target])

    def hold_reason(self) -> str:
        detail = self.detail.text().strip()
        reason = self.reason.currentText()
        return f"{reason}: {detail}"[:HOLD_REASON_LIMIT] if detail else reason

    def check_before_submit(self) -> bool:
        typed = self.odometer_out.text()
        if self.target == Status.COMPLETED and typed.strip() and whole_number(typed) is None:
            self.show_field_errors({"odometer_out": "type the miles shown, digits only"})
            return False
        return True

    def focus_field(self, name: str) -> None:
        {"hold_reason": self.reason, "hold_detail": self.detail}.get(name, self.odometer_out).setFocus()

    def emit_submitted(self) -> None:
        odometer = whole_number(self.odometer_out.text()) if self.target == Status.COMPLETED else None
        reason = self.hold_reason() if self.target == Status.ON_HOLD else ""
        self.status_submitted.emit(reason, odometer)
