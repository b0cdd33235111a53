"""The selected customer: contact, address, notes and vehicles. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.customers import CustomerKind
from app.services.customers.dto import CustomerView
from app.ui.formatting import address_text, phones_text
from app.ui.widgets import heading, named, section_label, value_label

_EMPTY_TEXT = "Find a customer above, or press Ctrl+N to add a new one."


def action_button(name: str) -> QToolButton:
    """A button that takes text, shortcut tooltip and enabled state from a QAction later."""
    button = named(QToolButton(), name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class CustomerDetailView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customer_detail")
        self.pages = QStackedWidget()
        self.empty_label = named(QLabel(_EMPTY_TEXT, wordWrap=True), "empty_state")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(self._detail_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _detail_page(self) -> QWidget:
        page = QWidget()
        self.name_label = heading("")
        self.kind_label = named(QLabel(), "subtle")
        self.edit_customer_button = action_button("edit_customer")
        self.delete_customer_button = action_button("delete_customer")
        title_row = QHBoxLayout()
        title_row.addWidget(self.name_label, 1)
        title_row.addWidget(self.edit_customer_button)
        title_row.addWidget(self.delete_customer_button)
        self.phone_label = value_label()
        self.email_label = value_label()
        self.address_label = value_label()
        self.tax_label = value_label()
        self.notes_label = value_label()
        facts = QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for caption, label in (
            ("Phone", self.phone_label),
            ("Email", self.email_label),
            ("Address", self.address_label),
            ("Tax-exempt no.", self.tax_label),
            ("Notes", self.notes_label),
        ):
            facts.addRow(caption, label)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(self.kind_label)
        layout.addLayout(facts)
        layout.addWidget(self._vehicles_box(), 1)
        return page

    def _vehicles_box(self) -> QWidget:
        box = QWidget()
        self.vehicles_table = QTableView()
        self.vehicles_table.setAccessibleName("The customer's vehicles")
        self.add_vehicle_button = action_button("add_vehicle")
        self.edit_vehicle_button = action_button("edit_vehicle")
        self.odometer_button = action_button("record_odometer")
        self.delete_vehicle_button = action_button("delete_vehicle")
        buttons = QHBoxLayout()
        for button in (self.add_vehicle_button, self.edit_vehicle_button, self.odometer_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_vehicle_button)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(section_label("Vehicles"))
        layout.addWidget(self.vehicles_table, 1)
        layout.addLayout(buttons)
        return box

    def show_customer(self, customer: CustomerView) -> None:
        self.name_label.setText(customer.display_name)
        kind = "Company / fleet" if customer.kind == CustomerKind.COMPANY else "Person"
        self.kind_label.setText(f"{kind} · {len(customer.vehicles)} vehicle(s)")
        self.phone_label.setText(phones_text(customer) or "—")
        self.email_label.setText(customer.email or "—")
        self.address_label.setText(address_text(customer) or "—")
        self.tax_label.setText(customer.tax_exempt_number or "— (taxable)")
        self.notes_label.setText(customer.notes or "—")
        self.pages.setCurrentIndex(1)

    def show_message(self, text: str = _EMPTY_TEXT) -> None:
        self.empty_label.setText(text)
        self.pages.setCurrentIndex(0)

    def showing_customer(self) -> bool:
        return self.pages.currentIndex() == 1
