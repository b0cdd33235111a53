"""A new part for the catalog, opened from an unknown scan with its barcode filled in."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QWidget

from app.services.parts.catalog import PartInput
from app.ui.formatting import TypedNumbers, money_hint
from app.ui.shared.form import FormDialog
from app.ui.widgets import named


class PartDialog(FormDialog):
    """``part_submitted`` carries the ``PartInput`` typed; the controller saves it."""

    part_submitted = Signal(object)
    geometry_key = "part_dialog"

    def __init__(self, barcode: str = "", parent: QWidget | None = None) -> None:
        super().__init__("New part", parent)
        self.sku = named(QLineEdit(), "part_sku")
        self.name = named(QLineEdit(), "part_name")
        self.brand = named(QLineEdit(), "part_brand")
        self.category = named(QLineEdit(), "part_category")
        self.cost = named(QLineEdit(placeholderText=money_hint()), "part_cost")
        self.price = named(QLineEdit(placeholderText="empty: the shop's markup on cost"), "part_price")
        self.core = named(QLineEdit("0"), "part_core")
        self.barcode = named(QLineEdit(barcode), "part_barcode")
        self.bin = named(QLineEdit(), "part_bin")
        self.taxable = named(QCheckBox("Taxable"), "part_taxable")
        self.taxable.setChecked(True)
        self.fractional = named(QCheckBox("Sold by measure (litres, feet…)"), "part_fractional")
        form = QFormLayout()
        form.addRow("SKU", self.field("sku", self.sku))
        form.addRow("Name", self.field("name", self.name))
        form.addRow("Brand", self.field("brand", self.brand))
        form.addRow("Category", self.field("category", self.category))
        form.addRow("Cost", self.field("cost", self.cost))
        form.addRow("Retail price", self.field("price", self.price))
        form.addRow("Core charge", self.field("core_charge", self.core))
        form.addRow("Barcode", self.field("barcode", self.barcode))
        form.addRow("Bin", self.field("bin_location", self.bin))
        form.addRow("", self.taxable)
        form.addRow("", self.fractional)
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        fields = [self.sku, self.name, self.brand, self.category, self.cost, self.price, self.core]
        self.set_tab_order([*fields, self.barcode, self.bin, self.taxable, self.fractional])
        self.setMinimumWidth(460)
        self.restore_geometry()
        self.sku.setFocus()

    def focus_field(self, name: str) -> None:
        widgets = {"sku": self.sku, "name": self.name, "cost": self.cost, "price": self.price}
        widgets.get(name, self.sku).setFocus()

    def emit_submitted(self) -> None:
        typed = TypedNumbers()  # amounts typed the shop's way, sent as the service reads them
        cost = typed.money(self.cost.text(), "cost")
        price = typed.money(self.price.text(), "price")
        core = typed.money(self.core.text(), "core_charge")
        typed.check()
        self.part_submitted.emit(
            PartInput(
                sku=self.sku.text(),
                name=self.name.text(),
                cost=cost,
                price=price,
                brand=self.brand.text(),
                category=self.category.text(),
                core_charge=core,
                taxable=self.taxable.isChecked(),
                fractional=self.fractional.isChecked(),
                barcodes=(self.barcode.text(),) if self.barcode.text().strip() else (),
                bin_location=self.bin.text(),
            )
        )
