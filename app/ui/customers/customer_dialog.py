"""Add or edit a customer: a person, or a company / fleet with a contact person."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.customers import CustomerInput, CustomerKind
from app.services.customers.dto import CustomerView
from app.ui.shared.form import FormDialog
from app.ui.widgets import named

# (field name, label, placeholder) in tab order, per column of the form
_CONTACT = (
    ("first_name", "First name", ""),
    ("last_name", "Last name", ""),
    ("company_name", "Company", "Company or fleet name"),
    ("phone", "Phone", "(510) 555-0142"),
    ("alt_phone", "Other phone", ""),
    ("email", "Email", "name@example.com"),
)
_ADDRESS = (
    ("address_line1", "Address", "Street and number"),
    ("address_line2", "", "Apartment, suite, unit"),
    ("city", "City", ""),
    ("region", "State / region", ""),
    ("postal_code", "Postal code", ""),
    ("country", "Country", ""),
    ("tax_exempt_number", "Tax-exempt no.", "Resale or exemption certificate"),
)


class CustomerDialog(FormDialog):
    """The form a service writer fills in at the counter; ``customer_submitted`` carries it."""

    customer_submitted = Signal(object)  # CustomerInput
    geometry_key = "customer_dialog"

    def __init__(self, existing: CustomerView | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit customer" if existing else "New customer", parent)
        self.customer_id = existing.id if existing else None
        self.version = existing.version if existing else 0
        self.person_radio = QRadioButton("&Person")
        self.company_radio = QRadioButton("Compan&y / fleet")
        kinds = QButtonGroup(self)
        kinds.addButton(self.person_radio)
        kinds.addButton(self.company_radio)
        self.person_radio.setChecked(True)
        self.edits: dict[str, QLineEdit] = {}
        self.notes = named(QPlainTextEdit(), "notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Anything the next person at the counter should know")
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.assemble(self._body())
        self._set_tab_order()
        self.company_radio.toggled.connect(self._kind_changed)
        if existing is not None:
            self.load(existing)
        self._kind_changed()
        self.restore_geometry()
        self.edits["first_name"].setFocus()

    def _body(self) -> QVBoxLayout:
        contact = QGroupBox("Customer")
        contact_form = QFormLayout(contact)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.person_radio)
        kind_row.addWidget(self.company_radio)
        kind_row.addStretch(1)
        contact_form.addRow("Kind", kind_row)
        self._add_rows(contact_form, _CONTACT)
        address = QGroupBox("Address and tax")
        self._add_rows(QFormLayout(address), _ADDRESS)
        columns = QHBoxLayout()
        columns.addWidget(contact, 1)
        columns.addWidget(address, 1)
        body = QVBoxLayout()
        body.addLayout(columns)
        notes_form = QFormLayout()
        notes_form.addRow("Notes", self.field("notes", self.notes))
        body.addLayout(notes_form)
        return body

    def _add_rows(self, form: QFormLayout, spec: tuple[tuple[str, str, str], ...]) -> None:
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, placeholder in spec:
            edit = named(QLineEdit(placeholderText=placeholder), name)
            edit.setMinimumWidth(220)
            self.edits[name] = edit
            form.addRow(label, self.field(name, edit))

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.person_radio, self.company_radio]
        chain += [self.edits[name] for name, _l, _p in (*_CONTACT, *_ADDRESS)]
        self.set_tab_order([*chain, self.notes])

    def _kind_changed(self) -> None:
        company = self.company_radio.isChecked()
        self.edits["company_name"].setPlaceholderText(
            "Required for a company or fleet" if company else "Where they work (optional)"
        )

    def load(self, customer: CustomerView) -> None:
        """Fill the form from a saved customer (first open, or Reload after a stale edit)."""
        self.customer_id = customer.id
        self.version = customer.version
        (self.company_radio if customer.kind == CustomerKind.COMPANY else self.person_radio).setChecked(True)
        for name, edit in self.edits.items():
            edit.setText(getattr(customer, name))
        self.notes.setPlainText(customer.notes)

    def values(self) -> CustomerInput:
        kind = CustomerKind.COMPANY if self.company_radio.isChecked() else CustomerKind.PERSON
        typed = {name: edit.text() for name, edit in self.edits.items()}
        return CustomerInput(kind=kind, notes=self.notes.toPlainText(), **typed)

    def focus_field(self, name: str) -> None:
        widget = self.edits.get(name) or (self.notes if name == "notes" else None)
        if widget is not None:
            widget.setFocus()

    def emit_submitted(self) -> None:
        self.customer_submitted.emit(self.values())
