"""Write a return to a vendor: the vendor, why, the vendor's RMA number, and the lines that go back.

A part is found by its SKU or barcode (the controller looks it up off the
GUI thread and hands it back with ``add_found``); each line is a part (out
of stock) or a core (off the core shelf) with its quantity and unit cost,
the part's cost (or core charge) unless typed. Nothing is saved until the
return is posted.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.vendor_returns import REASON_LABELS, ReturnReason
from app.services.parts.dto import PartView, SpecialOrderView, VendorView
from app.services.parts.returns import ReturnInput, ReturnLineInput
from app.ui import shortcuts
from app.ui.formatting import TypedNumbers, money, money_input_text, parse_money, parse_number, plain
from app.ui.parts.tables import ReturnDraftLine, ReturnLinesModel
from app.ui.shared.form import FormDialog
from app.ui.shared.table_model import SortProxy
from app.ui.widgets import configure_table, named, set_level

AREA = "parts.return_dialog"


class ReturnDialog(FormDialog):
    """``return_submitted`` carries the ReturnInput; ``part_wanted`` the code typed to look up."""

    return_submitted = Signal(object)
    part_wanted = Signal(str)
    geometry_key = "vendor_return_dialog"

    def __init__(self, vendors: list[VendorView], parent: QWidget | None = None) -> None:
        super().__init__("Return to vendor", parent)
        self.vendor_combo = named(QComboBox(), "return_vendor")
        self.vendor_combo.setAccessibleName("Vendor")
        for vendor in vendors:
            self.vendor_combo.addItem(vendor.name, vendor.id)
        self.reason_combo = named(QComboBox(), "return_reason")
        self.reason_combo.setAccessibleName("Reason for the return")
        for reason, label in REASON_LABELS.items():
            self.reason_combo.addItem(label, reason.value)
        self.rma_edit = named(QLineEdit(), "return_rma")
        self.rma_edit.setAccessibleName("RMA number")
        self.rma_edit.setPlaceholderText("The vendor's return authorization number")
        self.rma_edit.setMaxLength(40)
        self.note_edit = named(QLineEdit(), "return_note")
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setMaxLength(200)
        self.lines = ReturnLinesModel(self)
        self.lines_proxy = SortProxy(self.lines, self)
        self.table = QTableView()
        self.table.setAccessibleName("Lines of the return")
        configure_table(self.table, self.lines_proxy, "return_lines")
        self.total_label = named(QLabel(), "return_total")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.assemble(self._body())
        self.save_button.setText("Post return")
        self.set_tab_order(
            [
                self.vendor_combo,
                self.reason_combo,
                self.rma_edit,
                self.note_edit,
                self.code_edit,
                self.quantity_edit,
                self.cost_edit,
                self.kind_combo,
                self.table,
            ]
        )
        self.enter_moves_from = (self.quantity_edit, self.cost_edit)
        self._add_actions()
        self._show_total()
        self.setMinimumWidth(640)
        self.restore_geometry()
        self.rma_edit.setFocus()

    def _body(self) -> QWidget:
        self.code_edit = named(QLineEdit(), "return_code")
        self.code_edit.setAccessibleName("Part to return (SKU or barcode)")
        self.code_edit.setPlaceholderText("SKU or barcode, then Ctrl+L")
        self.quantity_edit = named(QLineEdit("1"), "return_quantity")
        self.quantity_edit.setAccessibleName("Quantity to return")
        self.cost_edit = named(QLineEdit(), "return_cost")
        self.cost_edit.setAccessibleName("Unit cost")
        self.cost_edit.setPlaceholderText("Cost each (empty: the part's)")
        self.kind_combo = named(QComboBox(), "return_kind")
        self.kind_combo.setAccessibleName("Part or core")
        self.kind_combo.addItem("Part (leaves stock)", "part")
        self.kind_combo.addItem("Core (leaves the core shelf)", "core")
        self.add_button = named(QPushButton("&Add line"), "add_return_line_button")
        self.remove_button = named(QPushButton("&Remove line"), "remove_return_line_button")
        self.add_button.clicked.connect(self.request_line)
        self.remove_button.clicked.connect(self.remove_line)
        form = QFormLayout()
        form.addRow("Vendor", self.field("vendor", self.vendor_combo))
        form.addRow("Reason", self.field("reason", self.reason_combo))
        form.addRow("RMA number", self.field("rma_number", self.rma_edit))
        form.addRow("Note", self.field("note", self.note_edit))
        entry = QHBoxLayout()
        entry.addWidget(self.code_edit, 3)
        entry.addWidget(self.quantity_edit, 1)
        entry.addWidget(self.cost_edit, 2)
        entry.addWidget(self.kind_combo, 2)
        entry.addWidget(self.add_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addLayout(entry)
        column.addWidget(self.field("lines", self.table), 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        bottom.addWidget(self.total_label)
        column.addLayout(bottom)
        return body

    def _add_actions(self) -> None:
        for name, text, slot in (
            ("add_return_line", "Add the part to the return", self.request_line),
            ("remove_return_line", "Remove the line", self.remove_line),
        ):
            action = QAction(text, self)
            action.setObjectName(name)
            shortcuts.assign(action, AREA)
            action.triggered.connect(slot)
            self.addAction(action)

    # --- lines ------------------------------------------------------------------------
    def request_line(self) -> None:
        """Look up the code typed (the controller answers with ``add_found``)."""
        code = self.code_edit.text().strip()
        if not code:
            set_level(self.field_message("lines"), "hint", "Type or scan the part's SKU or barcode first.")
            self.code_edit.setFocus()
            return
        self.part_wanted.emit(code)

    def add_found(self, part: PartView | None) -> None:
        """The part looked up becomes a line, with the quantity, cost and kind typed."""
        if part is None:
            set_level(self.field_message("lines"), "error", f"No part {self.code_edit.text().strip()} here.")
            return
        try:
            quantity = parse_number(self.quantity_edit.text() or "1", "quantity")
            kind = str(self.kind_combo.currentData())
            typed = self.cost_edit.text().strip()
            cost = parse_money(typed, "unit_cost") if typed else None
        except ValidationError as exc:
            set_level(self.field_message("lines"), "error", "; ".join(exc.errors.values()))
            return
        if cost is None:
            cost = part.core_charge if kind == "core" else part.cost
        self.add_line(ReturnDraftLine(part, kind, quantity, cost))
        self.code_edit.clear()
        self.cost_edit.clear()
        self.quantity_edit.setText("1")
        self.code_edit.setFocus()

    def add_line(self, line: ReturnDraftLine) -> None:
        self.lines.set_rows([*self.lines.rows(), line])
        set_level(self.field_message("lines"), "")
        self._show_total()

    def add_special_order(self, order: SpecialOrderView, part: PartView) -> None:
        """Start from a special order: its vendor, the reason, and its unused quantity at cost."""
        index = self.vendor_combo.findData(order.vendor_id)
        if index >= 0:
            self.vendor_combo.setCurrentIndex(index)
        self.reason_combo.setCurrentIndex(self.reason_combo.findData(ReturnReason.SPECIAL_ORDER.value))
        self.note_edit.setText(f"work order {order.work_order_number}")
        self.add_line(ReturnDraftLine(part, "part", order.open, order.unit_cost, order.id))

    def remove_line(self) -> None:
        current = self.table.currentIndex()
        if not current.isValid():
            return
        row = self.lines_proxy.mapToSource(current).row()
        self.lines.set_rows([ln for i, ln in enumerate(self.lines.rows()) if i != row])
        self._show_total()

    def _show_total(self) -> None:
        total = sum((ln.amount for ln in self.lines.rows()), Decimal("0.00"))
        self.total_label.setText(f"Credit due: {money(total)}")

    # --- FormDialog -------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the part box (a scanner ends with it) adds the line; elsewhere, or in an empty
        part box once there are lines, it posts (as the line under the buttons says)."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (
            enter
            and self.focusWidget() is self.code_edit
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and (self.code_edit.text().strip() or not self.lines.rows())
        ):
            self.request_line()
            return
        super().keyPressEvent(event)

    def focus_field(self, name: str) -> None:
        widgets = {"vendor": self.vendor_combo, "reason": self.reason_combo, "rma_number": self.rma_edit}
        widgets.get(name, self.code_edit).setFocus()

    def emit_submitted(self) -> None:
        typed = TypedNumbers()
        lines = tuple(
            ReturnLineInput(
                ln.part.id,
                plain(ln.quantity),
                typed.money(money_input_text(ln.unit_cost), "unit_cost"),
                ln.kind,
                ln.special_order_id,
            )
            for ln in self.lines.rows()
        )
        typed.check()
        vendor = self.vendor_combo.currentData()
        if not isinstance(vendor, uuid.UUID):
            raise ValidationError({"vendor": "add the vendor to the catalog first"})
        self.return_submitted.emit(
            ReturnInput(
                vendor,
                str(self.reason_combo.currentData()),
                self.rma_edit.text(),
                lines,
                self.note_edit.text(),
            )
        )
