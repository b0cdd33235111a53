"""A customer's pricing: price level and labor rate (and the chosen vehicle's level), tax-exempt
certificates with their expiry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)

from app.domain.price_sheet import PriceSheet
from app.ui.formatting import day_text, qdate, qt_date_format, shop_today
from app.ui.shared.form import FormDialog
from app.ui.widgets import named

if TYPE_CHECKING:
    from app.services.settings.price_sheet import CertificateView

SHOP_DEFAULT = "Shop default"


@dataclass(frozen=True)
class PricingInput:
    price_level: str
    labor_rate: str
    vehicle_level: str | None  # None: no vehicle chosen
    certificate: tuple[str, date | None, tuple[str, ...]] | None  # (number, expires on, components)


@dataclass(frozen=True)
class PricingShown:
    sheet: PriceSheet
    price_level: str
    labor_rate: str
    vehicle_name: str | None
    vehicle_level: str
    certificates: tuple[CertificateView, ...]


def _combo(name: str, accessible: str, choices: list[tuple[str, str]], current: str) -> QComboBox:
    combo = named(QComboBox(), name)
    combo.setAccessibleName(accessible)
    combo.addItem(SHOP_DEFAULT, "")
    for code, label in choices:
        combo.addItem(label, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class CustomerPricingDialog(FormDialog):
    pricing_submitted = Signal(object)  # PricingInput
    geometry_key = "customer_pricing_dialog"

    def __init__(self, customer_name: str, shown: PricingShown, parent: QWidget | None = None) -> None:
        super().__init__(f"Pricing and tax exemption — {customer_name}", parent)
        levels = [(lv.code, lv.name) for lv in shown.sheet.price_levels]
        rates = [(r.code, r.name) for r in shown.sheet.labor_rates]
        self.level = _combo("price_level", "Price level", levels, shown.price_level)
        self.rate = _combo("labor_rate", "Labor rate", rates, shown.labor_rate)
        self.vehicle_level = _combo("vehicle_level", "Vehicle's price level", levels, shown.vehicle_level)
        self.has_vehicle = shown.vehicle_name is not None
        self.certificates = named(QListWidget(), "certificates")
        self.certificates.setAccessibleName("Tax-exempt certificates")
        for cert in shown.certificates:
            expiry = f"expires {day_text(cert.expires_on)}" if cert.expires_on else "no expiry"
            scope = ", ".join(cert.components) or "every tax"
            self.certificates.addItem(f"{cert.number} — {expiry} — {scope}")
        self.number = named(QLineEdit(placeholderText="certificate number, to add one"), "certificate_number")
        self.number.setAccessibleName("New certificate number")
        # certificates usually run a year; today would expire the one being typed tonight
        self.expires = named(QDateEdit(qdate(shop_today()).addYears(1)), "certificate_expires")
        self.expires.setDisplayFormat(qt_date_format())
        self.expires.setCalendarPopup(True)
        self.expires.setAccessibleName("New certificate expires on")
        self.no_expiry = named(QCheckBox("No expiry"), "certificate_no_expiry")
        self.no_expiry.setAccessibleName("The new certificate does not expire")
        self.components = named(
            QLineEdit(placeholderText="tax codes it exempts from; empty: every tax"), "certificate_components"
        )
        self.components.setAccessibleName("Taxes the new certificate exempts from")
        form = QFormLayout()
        form.addRow("Price level", self.field("price_level", self.level))
        form.addRow("Labor rate", self.field("labor_rate", self.rate))
        if self.has_vehicle:
            form.addRow(f"{shown.vehicle_name}: price level", self.field("vehicle_level", self.vehicle_level))
        form.addRow(QLabel("Tax-exempt certificates"))
        form.addRow(self.certificates)
        form.addRow("Add a certificate", self.field("number", self.number))
        form.addRow("Expires on", self.expires)
        form.addRow("", self.no_expiry)
        form.addRow("Exempts from", self.components)
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        order = [self.level, self.rate, *([self.vehicle_level] if self.has_vehicle else [])]
        self.set_tab_order(
            [*order, self.certificates, self.number, self.expires, self.no_expiry, self.components]
        )
        self.setMinimumWidth(520)
        self.restore_geometry()
        self.level.setFocus()

    def focus_field(self, name: str) -> None:
        {"labor_rate": self.rate, "vehicle_level": self.vehicle_level, "number": self.number}.get(
            name, self.level
        ).setFocus()

    def emit_submitted(self) -> None:
        certificate = None
        if self.number.text().strip():
            picked = self.expires.date().toPython()
            expires: date | None = (
                None if self.no_expiry.isChecked() or not isinstance(picked, date) else picked
            )
            codes = tuple(c.strip() for c in self.components.text().split(",") if c.strip())
            certificate = (self.number.text().strip(), expires, codes)
        self.pricing_submitted.emit(
            PricingInput(
                self.level.currentData(),
                self.rate.currentData(),
                self.vehicle_level.currentData() if self.has_vehicle else None,
                certificate,
            )
        )
