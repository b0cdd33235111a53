"""Add or edit a line of a job: labor, a part, a fee or sublet work.

Which fields show depends on the kind: a part has a part number, a condition
(new, used, rebuilt, OEM, aftermarket: the customer is told) and a core
charge; labor's price defaults to the rate the save gives a line typed without
one (the job type's rate on the price sheet, the customer's, the level's or the
shop's: ``show_labor_rate``, asked of the service). The amount is previewed
as typed by the same domain arithmetic the totals use.

A part is looked up in the catalog as its number is typed (SKU, barcode or
words of the name; ``part_lookup.PartLookup`` asks the parts service): an
exact SKU or barcode, or a match picked from the list, makes the line a
catalog part, with the shop's price, the core charge and the cost filled in
(cost and core are the catalog's, snapshotted by the service). A part number
that is not in the catalog leaves the line a non-stock part, and says so.
"""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from app.domain.errors import ValidationError
from app.domain.pricing import PART_CONDITIONS
from app.domain.totals import LineKind, PricedLine, PricingRules, compute_totals
from app.services.parts.dto import PartView
from app.services.work_orders.dto import JobView, LaborRateView, LineView, WorkOrderView
from app.services.work_orders.estimates import LineInput
from app.ui.formatting import (
    TypedNumbers,
    money,
    money_input_text,
    number_input_text,
    parse_money,
    parse_number,
    quantity_text,
)
from app.ui.widgets import SearchLineEdit, named
from app.ui.work_orders.form import WorkOrderFormDialog
from app.ui.work_orders.text import CONDITION_LABELS, KIND_LABELS

# field name, label, which kinds show it
_FIELDS: tuple[tuple[str, str, frozenset[LineKind]], ...] = (
    ("part_number", "Part &no.", frozenset({LineKind.PART})),  # looked up first: it fills the rest
    ("description", "&Description", frozenset(LineKind)),
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
    """``line_submitted`` carries a ``LineInput``; the look-up signals carry the typed part number."""

    line_submitted = Signal(object)
    part_text_edited = Signal(str)  # typed in Part no.: look it up as you type
    part_code_entered = Signal(str)  # Enter in Part no. (a scanner ends a barcode with Enter)
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
        # the work order's own rate is the save's without a price sheet; with one, the service says
        self.labor_rate: Decimal | None = work_order.labor_rate if work_order.price_sheet is None else None
        self.edits: dict[str, QLineEdit] = {}
        self.condition = named(QComboBox(), "condition")
        self.condition.addItem("— choose —", "")
        for value in PART_CONDITIONS:
            self.condition.addItem(CONDITION_LABELS[value], value)
        self.taxable = named(QComboBox(), "taxable")
        for label, taxable in _TAX_CHOICES:
            self.taxable.addItem(label, taxable)
        self.preview = named(QLabel(), "line_amount")
        self.part: PartView | None = None  # the catalog part the line names (None: non-stock)
        self.lookup: QObject | None = None  # the controller that searches the catalog (part lines)
        self.part_id: uuid.UUID | None = existing.part_id if existing else None
        self.linked_sku = existing.part_number if existing and existing.part_id else ""
        self.matches = named(QListWidget(), "part_matches")
        self.matches.setMaximumHeight(110)
        self.matches.hide()
        self.stock_label = named(QLabel(), "part_stock")
        self._form = QFormLayout()
        self.assemble(self._body())
        self._tab_chain()
        if existing is not None:
            self.load(existing)
        for edit in self.edits.values():
            edit.textChanged.connect(self._update_preview)
        self._wire_lookup()
        self._update_preview()
        self.setMinimumWidth(520)
        self.restore_geometry()
        first = "part_number" if kind == LineKind.PART and existing is None else "description"
        self.edits[first].setFocus()

    def _body(self) -> QWidget:
        form = self._form
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, kinds in _FIELDS:
            widget = self._input(name)
            form.addRow(self._label(name, label), self.field(name, widget))
            form.setRowVisible(form.rowCount() - 1, self.kind in kinds)
            if name == "part_number" and self.kind == LineKind.PART:
                form.addRow("", self.matches)
                form.addRow("", self.stock_label)
        form.addRow("Amount", self.preview)
        body = QWidget()
        body.setLayout(form)
        return body

    def _input(self, name: str) -> QWidget:
        if name == "condition":
            return self.condition
        if name == "taxable":
            return self.taxable
        edit = named(SearchLineEdit() if name == "part_number" else QLineEdit(), name)
        self.edits[name] = edit
        if name == "description":
            edit.setPlaceholderText(_PLACEHOLDERS[self.kind])
        elif name == "unit_price" and self.kind == LineKind.LABOR:
            edit.setPlaceholderText(_rate_hint(self.labor_rate))
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
        self.part_id = line.part_id
        self.linked_sku = line.part_number if line.part_id else ""
        self._show_stock(
            line.stock_text + (f": {quantity_text(line.allocated)} off the shelf" if line.allocated else "")
        )

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
            part_id=self.part_id if self.kind == LineKind.PART else None,
        )
        typed.check()
        return line

    # --- the catalog look-up -----------------------------------------------------------------
    def _wire_lookup(self) -> None:
        if self.kind != LineKind.PART:
            return
        edit = self.edits["part_number"]
        assert isinstance(edit, SearchLineEdit)
        edit.down_pressed.connect(self._to_matches)
        edit.textEdited.connect(self._part_typed)
        edit.returnPressed.connect(lambda: self.part_code_entered.emit(edit.text().strip()))
        self.matches.itemActivated.connect(self._match_picked)
        if self.part_id is None:
            self._show_stock("Non-stock part (typed by hand)" if self.original else "")

    def _to_matches(self) -> None:
        if self.matches.isVisible() and self.matches.count():
            self.matches.setFocus()
            self.matches.setCurrentRow(0)

    def _part_typed(self, text: str) -> None:
        """A part number that is no longer the linked part's SKU makes the line non-stock."""
        if self.part_id is not None and text.strip().upper() != self.linked_sku.upper():
            self.forget_part()
        self.part_text_edited.emit(text.strip())

    def show_matches(self, typed: str, parts: list[PartView]) -> None:
        """The look-up's answer: an exact SKU or barcode links at once; else a list to pick from."""
        exact = [p for p in parts if typed.upper() in (p.sku.upper(), *p.barcodes)]
        if len(exact) == 1:
            self.use_part(exact[0])
            return
        self.matches.clear()
        for part in parts[:8]:
            stock = "not stocked" if part.on_hand is None else f"{quantity_text(part.on_hand)} on hand"
            item = QListWidgetItem(f"{part.sku} — {part.name} — {money(part.price)} — {stock}")
            item.setData(Qt.ItemDataRole.UserRole, part)
            self.matches.addItem(item)
        self.matches.setVisible(bool(parts))
        if parts:
            self.matches.setCurrentRow(0)
        elif typed and self.part_id is None:
            self._show_stock("Not in the catalog: a non-stock part (typed by hand)")

    def _match_picked(self, item: QListWidgetItem) -> None:
        part = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(part, PartView):
            self.use_part(part)
            self.edits["quantity"].setFocus()

    def use_part(self, part: PartView) -> None:
        """Link the line to a catalog part and fill what the catalog knows."""
        previous = self.part
        self.part, self.part_id, self.linked_sku = part, part.id, part.sku
        description = self.edits["description"].text().strip()
        if not description or (previous is not None and description == previous.name):
            self.edits["description"].setText(part.name)
        self.edits["part_number"].setText(part.sku)
        self.edits["unit_price"].setText(money_input_text(part.price))
        self.edits["unit_cost"].setText(money_input_text(part.cost))
        self.edits["core_charge"].setText(money_input_text(part.core_charge) if part.core_charge else "")
        preferred = next((v.vendor_name for v in part.vendor_numbers if v.preferred), "")
        if preferred and not self.edits["vendor"].text().strip():
            self.edits["vendor"].setText(preferred)
        if self.condition.currentIndex() <= 0:
            self.condition.setCurrentIndex(self.condition.findData("new"))
        self.matches.hide()
        stock = "not stocked here" if part.on_hand is None else f"{quantity_text(part.on_hand)} on hand"
        self._show_stock(
            f"Catalog part {part.sku}: {stock}"
            + (f", core {money(part.core_charge)}" if part.core_charge else "")
        )

    def forget_part(self) -> None:
        self.part, self.part_id, self.linked_sku = None, None, ""
        self._show_stock("Non-stock part (typed by hand)")

    def _show_stock(self, text: str) -> None:
        self.stock_label.setText(text)
        for name in ("unit_cost", "core_charge"):  # the catalog's, snapshotted by the service
            self.edits[name].setReadOnly(self.part_id is not None)

    def _update_preview(self) -> None:
        """quantity × price less discount, and the core deposit the invoice adds; nothing while
        the numbers are incomplete."""
        try:
            price_text = self.edits["unit_price"].text()
            core_text = self.edits["core_charge"].text()
            discount = self.edits["discount_percent"].text()
            price = parse_money(price_text) if price_text.strip() else self.labor_rate
            if price is None:  # no price typed, and the rate it would take not known yet
                raise InvalidOperation
            line = PricedLine(
                self.kind,
                parse_number(self.edits["quantity"].text()),
                price,
                taxable=False,
                discount_percent=parse_number(discount, decimals=4) if discount.strip() else Decimal(0),
                core_charge=parse_money(core_text)
                if core_text.strip() and self.kind == LineKind.PART
                else Decimal(0),
            )
            amounts = compute_totals([line], PricingRules(Decimal("0"))).lines[0]
        except (InvalidOperation, ValidationError):
            self.preview.setText("—")
            return
        core = f" + {money(amounts.core)} core deposit" if amounts.core else ""
        self.preview.setText(f"{money(amounts.net)} before tax{core}")

    def show_labor_rate(self, rate: LaborRateView) -> None:
        """The rate a labor line left without a price is saved at: the hint, and the amount shown."""
        self.labor_rate = rate.rate
        if self.kind == LineKind.LABOR:
            self.edits["unit_price"].setPlaceholderText(_rate_hint(rate.rate, rate.name))
        self._update_preview()

    def focus_field(self, name: str) -> None:
        if name in ("condition", "taxable") or name in self.edits:
            self._input_widget(name).setFocus()

    def emit_submitted(self) -> None:
        self.line_submitted.emit(self.values())


def _rate_hint(rate: Decimal | None, name: str = "") -> str:
    """What the Rate field says while empty: the rate the line is saved at, named as the sheet names it."""
    if rate is None:
        return "the job's labor rate"
    return f"{name + ' rate' if name else 'labor rate'} {money(rate)} an hour"
