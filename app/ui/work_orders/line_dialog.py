"""Add or edit a line of a job: labor, a part, a fee or sublet work.

Which fields show depends on the kind: a part has a part number, a condition
(new, used, rebuilt, OEM, aftermarket: the customer is told) and a core
charge; labor's price defaults to the work order's labor rate. The amount is
previewed as typed by the same domain arithmetic the totals use.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.domain.errors import ValidationError
from app.domain.pricing import PART_CONDITIONS
from app.domain.totals import LineKind, PricedLine, PricingRules, compute_totals
from app.services.work_orders.dto import JobView, LineView, WorkOrderView
from app.services.work_orders.estimates import LineInput
from app.ui.formatting import (
    TypedNumbers,
    money,
    money_input_text,
    number_input_text,
    parse_money,
    parse_number,
)
from app.ui.widgets import named
from app.ui.work_orders.form import WorkOrderFormDialog
from app.ui.work_orders.text import CONDITION_LABELS, KIND_LABELS

# field name, label, which kinds show it
_FIELDS: tuple[tuple[str, str, frozenset[LineKind]], ...] = (
    ("description", "&Description", frozenset(LineKind)),
    ("part_number", "Part &no.", frozenset({LineKind.PART})),
    ("condition", "C&ondition", frozenset({LineKind.PART})),
    ("quantity", "&Quantity", frozenset(LineKind)),
    ("unit_price", "&Unit price", frozenset(LineKind)),
    ("unit_cost", "Unit &cost", frozenset({LineKind.PART, LineKind.SUBLET})),
    ("core_charge", "Co&re charge", frozenset({LineKind.PART})),
    ("discount_percent", "Disc&ount %", frozenset(LineKind)),
    ("vendor", "&Vendor", frozenset({LineKind.PART, LineKind.SUBLET})),
    ("taxable", "&Tax", frozenset(LineKind)),
)
_PLACEHOLDERS = {
    LineKind.LABOR: "e.g. Replace front pads and rotors",
    LineKind.PART: "e.g. Brake pad set, front, ceramic",
    LineKind.FEE: "e.g. Hazardous waste disposal",
    LineKind.SUBLET: "e.g. Alignment at Bay Tire (sublet)",
}
_NUMBERS = ("quantity", "unit_price", "unit_cost", "core_charge", "discount_percent")
_TAX_CHOICES: tuple[tuple[str, bool | None], ...] = (
    ("Shop rule", None),
    ("Taxable", True),
    ("Not taxable", False),
)


class LineDialog(WorkOrderFormDialog):
    """``line_submitted`` carries a ``LineInput``."""

    line_submitted = Signal(object)
    geometry_key = "line_dialog"

    def __init__(
        self,
        work_order: WorkOrderView,
        job: JobView,
        kind: LineKind,
        existing: LineView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        verb = "Edit" if existing else "Add"
        super().__init__(
            f"{verb} {KIND_LABELS[kind].lower()} — {job.title}", work_order.version, existing, parent
        )
        self.kind = kind
        self.job_id = job.id
        self.line_id = existing.id if existing else None
        self.labor_rate = work_order.labor_rate
        self.edits: dict[str, QLineEdit] = {}
        self.condition = named(QComboBox(), "condition")
        self.condition.addItem("— choose —", "")
        for value in PART_CONDITIONS:
            self.condition.addItem(CONDITION_LABELS[value], value)
        self.taxable = named(QComboBox(), "taxable")
        for label, taxable in _TAX_CHOICES:
            self.taxable.addItem(label, taxable)
        self.preview = named(QLabel(), "line_amount")
        self._form = QFormLayout()
        self.assemble(self._body())
        self._tab_chain()
        if existing is not None:
            self.load(existing)
        for edit in self.edits.values():
            edit.textChanged.connect(self._update_preview)
        self._update_preview()
        self.setMinimumWidth(520)
        self.restore_geometry()
        self.edits["description"].setFocus()

    def _body(self) -> QWidget:
        form = self._form
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, kinds in _FIELDS:
            widget = self._input(name)
            form.addRow(self._label(name, label), self.field(name, widget))
            form.setRowVisible(form.rowCount() - 1, self.kind in kinds)
        form.addRow("Amount", self.preview)
        body = QWidget()
        body.setLayout(form)
        return body

    def _input(self, name: str) -> QWidget:
        if name == "condition":
            return self.condition
        if name == "taxable":
            return self.taxable
        edit = named(QLineEdit(), name)
        self.edits[name] = edit
        if name == "description":
            edit.setPlaceholderText(_PLACEHOLDERS[self.kind])
        elif name == "unit_price" and self.kind == LineKind.LABOR:
            edit.setPlaceholderText(f"labor rate {money(self.labor_rate)} an hour")
        elif name == "quantity":
            edit.setText("1")
        elif name in _NUMBERS:
            edit.setPlaceholderText("0")
        if name in _NUMBERS:
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        return edit

    def _label(self, name: str, label: str) -> str:
        if self.kind == LineKind.LABOR:
            return {"quantity": "&Hours", "unit_price": "&Rate"}.get(name, label)
        return label

    def _tab_chain(self) -> None:
        chain: list[QWidget] = []
        for name, _label, kinds in _FIELDS:
            if self.kind in kinds:
                chain.append(self._input_widget(name))
        self.set_tab_order(chain)

    def _input_widget(self, name: str) -> QWidget:
        return {"condition": self.condition, "taxable": self.taxable}.get(name) or self.edits[name]

    # --- WorkOrderFormDialog -----------------------------------------------------------
    def record_in(self, view: WorkOrderView) -> LineView | None:
        lines = (line for job in view.jobs for line in job.lines)
        return next((line for line in lines if line.id == self.line_id), None)

    def snapshot(self, record: Any) -> dict[str, str]:
        line: LineView = record
        return {
            "description": line.description,
            "part no.": line.part_number,
            "condition": CONDITION_LABELS.get(line.condition, line.condition),
            "quantity": number_input_text(line.quantity),
            "unit price": money_input_text(line.unit_price),
            "discount %": number_input_text(line.discount_percent),
        }

    def load(self, record: Any) -> None:
        line: LineView = record
        values = {
            "description": line.description,
            "part_number": line.part_number,
            "quantity": number_input_text(line.quantity),
            "unit_price": money_input_text(line.unit_price),
            "unit_cost": money_input_text(line.unit_cost) if line.unit_cost else "",
            "core_charge": money_input_text(line.core_charge) if line.core_charge else "",
            "discount_percent": number_input_text(line.discount_percent) if line.discount_percent else "",
            "vendor": line.vendor,
        }
        for name, text in values.items():
            self.edits[name].setText(text)
        self.condition.setCurrentIndex(max(0, self.condition.findData(line.condition)))
        self.taxable.setCurrentIndex(self.taxable.findData(line.taxable))

    # --- input ------------------------------------------------------------------------------
    def values(self) -> LineInput:
        """The typed line, its numbers read the shop's way (a ValidationError names each wrong one)."""
        text = {name: edit.text() for name, edit in self.edits.items()}
        typed = TypedNumbers()
        line = LineInput(
            kind=self.kind,
            description=text["description"],
            quantity=typed.number(text["quantity"], "quantity"),
            unit_price=typed.money(text["unit_price"], "unit_price"),
            unit_cost=typed.money(text["unit_cost"], "unit_cost", blank="0"),
            part_number=text["part_number"],
            condition=str(self.condition.currentData() or ""),
            taxable=self.taxable.currentData(),
            discount_percent=typed.number(
                text["discount_percent"], "discount_percent", blank="0", decimals=4
            ),
            core_charge=typed.money(text["core_charge"], "core_charge", blank="0"),
            vendor=text["vendor"],
        )
        typed.check()
        return line

    def _update_preview(self) -> None:
        """quantity × price less discount, or nothing while the numbers are incomplete."""
        try:
            price_text = self.edits["unit_price"].text()
            discount = self.edits["discount_percent"].text()
            line = PricedLine(
                self.kind,
                parse_number(self.edits["quantity"].text()),
                parse_money(price_text) if price_text.strip() else self.labor_rate,
                taxable=False,
                discount_percent=parse_number(discount, decimals=4) if discount.strip() else Decimal(0),
            )
            amount = compute_totals([line], PricingRules(Decimal("0"))).lines[0].net
        except (InvalidOperation, ValidationError):
            self.preview.setText("—")
            return
        self.preview.setText(f"{money(amount)} before tax")

    def focus_field(self, name: str) -> None:
        if name in ("condition", "taxable") or name in self.edits:
            self._input_widget(name).setFocus()

    def emit_submitted(self) -> None:
        self.line_submitted.emit(self.values())
