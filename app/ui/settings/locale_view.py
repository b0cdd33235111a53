"""The shop's country and language, currency, time zone and paper: a small form. Layout only.

``ShopLocaleController`` fills it, previews how money and dates will read,
and saves it.
"""

from __future__ import annotations

from zoneinfo import available_timezones

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.locale import COMMON_LOCALES, PAPER_SIZES, currency_name, default_currency, locale_name
from app.ui.widgets import named, set_level

CURRENCIES = sorted({default_currency(name) for name in COMMON_LOCALES})
HINT = (
    "Money, dates and times on every screen and document are written the way this country writes "
    "them; money typed in is read the same way. Issued invoices keep the currency they were issued in."
)


class ShopLocaleView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shop_locale_form")
        self.locale_combo = named(QComboBox(), "shop_locale")
        for name in COMMON_LOCALES:
            self.locale_combo.addItem(f"{locale_name(name)} — {name}", name)
        self.currency_combo = named(QComboBox(), "shop_currency")
        for code in CURRENCIES:
            self.currency_combo.addItem(f"{code} — {currency_name(code)}", code)
        self.zone_combo = named(QComboBox(), "shop_timezone")
        self.zone_combo.addItems(sorted(available_timezones()))
        self.paper_combo = named(QComboBox(), "shop_paper")
        for key, label in PAPER_SIZES.items():
            self.paper_combo.addItem(label, key)
        self.example_label = named(QLabel(wordWrap=True), "locale_example")
        self.status_label = named(QLabel(wordWrap=True), "locale_status")
        self.save_button = named(QPushButton("Save &region and paper"), "save_locale")
        form = QFormLayout()
        form.addRow("Co&untry and language", self.locale_combo)
        form.addRow("Curre&ncy", self.currency_combo)
        form.addRow("Time &zone", self.zone_combo)
        form.addRow("Pap&er", self.paper_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(named(QLabel(HINT, wordWrap=True), "subtle"))
        layout.addLayout(form)
        layout.addWidget(self.example_label)
        layout.addLayout(buttons)
        set_level(self.status_label, "")

    def choose(self, combo: QComboBox, value: str) -> None:
        """Select ``value``, adding it first when it is not one of the usual choices."""
        index = combo.findData(value) if combo is not self.zone_combo else combo.findText(value)
        if index < 0:
            if combo is self.zone_combo:
                combo.addItem(value)
            else:
                combo.addItem(value, value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def set_editable(self, editable: bool) -> None:
        for widget in (self.locale_combo, self.currency_combo, self.zone_combo, self.paper_combo):
            widget.setEnabled(editable)
        self.save_button.setVisible(editable)
