"""The owner's pricing form: labor and tax, shop supplies, work order rules. Layout only.

``SettingsController`` fills it from ``ShopPricing`` (as ``PricingText``),
reads it back, and puts each service message beside its field.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.totals import LineKind, RoundingMode
from app.ui.formatting import amount_text, quantity_text, shop_locale
from app.ui.settings.pricing_input import DEFAULT_LABEL, PricingText
from app.ui.widgets import named, set_level

NOTE = (
    "Changes apply to new estimates; an estimate already given keeps its prices "
    "until you re-price it. Issued documents never change."
)
ROUNDING_HINTS = {
    RoundingMode.PER_INVOICE: "Tax on the taxable total, rounded to the cent once.",
    RoundingMode.PER_LINE: "Each taxable line's tax rounded to the cent, then added up.",
}
# No mnemonics on these four: Alt+F, Alt+C... belong to the menus.
KIND_LABELS = {
    LineKind.LABOR: "Labor",
    LineKind.PART: "Parts",
    LineKind.FEE: "Fees",
    LineKind.SUBLET: "Sublet",
}
SUPPLIES_FIELDS = ("percent_of_labor", "percent_of_parts", "flat", "cap", "minimum", "label")
# name: (label, prefix, suffix, placeholder); ¤ is the shop's currency symbol, a digit an amount
_FIELDS = {
    "labor_rate": ("Labor &rate", "¤", "per hour", "150"),
    "tax_rate": ("Ta&x rate", "", "%", "7.25"),
    "percent_of_labor": ("Percent of labor", "", "%", "0"),
    "percent_of_parts": ("Percent of parts", "", "%", "0"),
    "flat": ("Flat amount", "¤", "per work order", "0"),
    "cap": ("Cap", "¤", "at most", "no cap"),
    "minimum": ("Minimum", "¤", "at least", "no minimum"),
    "label": ("Printed as", "", "", DEFAULT_LABEL),
}


class PricingFormView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pricing_form")
        self._editable = True
        self.edits: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        self.taxable_boxes = {
            kind.value: named(QCheckBox(KIND_LABELS[kind]), f"taxable_{kind.value}") for kind in LineKind
        }
        self.per_invoice_radio = named(QRadioButton("Once on the &invoice total"), "per_invoice")
        self.per_line_radio = named(QRadioButton("On each &line"), "per_line")
        self.rounding_hint = named(QLabel(wordWrap=True), "subtle")
        self.supplies_off_radio = named(
            QRadioButton("&Off — where the law forbids a generic supplies line"), "supplies_off"
        )
        self.supplies_on_radio = named(QRadioButton("Charge shop su&pplies"), "supplies_on")
        self.supplies_taxable_box = named(QCheckBox("Supplies are &taxable"), "supplies_taxable")
        self.odometer_box = named(
            QCheckBox("Re&quire the odometer reading when a car goes out to complete a work order"),
            "require_odometer_out",
        )
        self.preview_label = named(QLabel(wordWrap=True), "supplies_preview")
        self.note_label = named(QLabel(NOTE, wordWrap=True), "settings_note")
        self.read_only_label = named(QLabel(wordWrap=True), "read_only")
        self.status_label = named(QLabel(wordWrap=True), "settings_status")
        self.revert_button = named(QPushButton("&Undo changes"), "revert")
        self.save_button = named(QPushButton("&Save settings"), "save_settings")
        self.save_button.setToolTip("Save the pricing settings (Ctrl+S)")
        self.revert_button.setToolTip("Show the saved settings again, dropping what was typed")
        self._create_edits()
        _group(self, (self.per_invoice_radio, self.per_line_radio))
        _group(self, (self.supplies_off_radio, self.supplies_on_radio))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scrolled_groups(), 1)
        layout.addLayout(self._footer())  # outside the scroll: Save is always in sight
        set_level(self.read_only_label, "")
        set_level(self.status_label, "")
        self.per_line_radio.toggled.connect(self._rounding_changed)
        self.supplies_on_radio.toggled.connect(self._supplies_toggled)
        self._rounding_changed()
        self._supplies_toggled()

    # --- layout -------------------------------------------------------------------------
    def _create_edits(self) -> None:
        for name, (_label, prefix, _suffix, placeholder) in _FIELDS.items():
            edit = named(QLineEdit(placeholderText=_example(placeholder, prefix == "¤")), name)
            edit.setAccessibleName(_label.replace("&", ""))
            edit.setMaximumWidth(220 if name == "label" else 110)
            self.edits[name] = edit

    def _scrolled_groups(self) -> QScrollArea:
        groups = QWidget()
        column = QVBoxLayout(groups)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(self.read_only_label)
        column.addWidget(self._labor_and_tax())
        column.addWidget(self._supplies())
        column.addWidget(self._work_orders())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(groups)
        groups.setAutoFillBackground(False)  # the card's white shows through
        scroll.viewport().setAutoFillBackground(False)
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(groups.minimumSizeHint().width() + bar)
        return scroll

    def _labor_and_tax(self) -> QGroupBox:
        box = QGroupBox("Labor and tax")
        form = _form(box)
        self._add_field(form, "labor_rate")
        self._add_field(form, "tax_rate")
        taxable = QHBoxLayout()
        for check in self.taxable_boxes.values():
            taxable.addWidget(check)
        taxable.addStretch(1)
        form.addRow("Taxable lines", self._with_message("taxable", taxable))
        rounding = QVBoxLayout()
        rounding.setSpacing(2)
        rounding.addWidget(self.per_invoice_radio)
        rounding.addWidget(self.per_line_radio)
        rounding.addWidget(self.rounding_hint)
        form.addRow("Round the tax", rounding)
        return box

    def _supplies(self) -> QGroupBox:
        box = QGroupBox("Shop supplies")
        outer = QVBoxLayout(box)
        outer.addWidget(self.supplies_off_radio)
        outer.addWidget(self.supplies_on_radio)
        self.supplies_fields = QWidget()
        form = _form(self.supplies_fields)
        form.setContentsMargins(24, 0, 0, 0)
        for name in SUPPLIES_FIELDS:
            self._add_field(form, name)
        form.addRow("", self.supplies_taxable_box)
        outer.addWidget(self.supplies_fields)
        outer.addWidget(self.preview_label)
        return box

    def _work_orders(self) -> QGroupBox:
        box = QGroupBox("Work orders")
        column = QVBoxLayout(box)
        column.addWidget(self.odometer_box)
        return box

    def _footer(self) -> QVBoxLayout:
        # The buttons sit in a widget of their own: hiding it (a read-only seat) keeps
        # the form's layout whole, where hiding the buttons alone squeezed it.
        self.buttons_row = QWidget()
        buttons = QHBoxLayout(self.buttons_row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.status_label, 1)
        buttons.addStretch(0)  # takes the room while the status line is hidden
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        footer = QVBoxLayout()
        footer.addWidget(self.note_label)
        footer.addWidget(self.buttons_row)
        return footer

    def _add_field(self, form: QFormLayout, name: str) -> None:
        label, prefix, suffix, _placeholder = _FIELDS[name]
        row = QHBoxLayout()
        row.setSpacing(4)
        if prefix:
            row.addWidget(QLabel(shop_locale().currency_symbol() if prefix == "¤" else prefix))
        row.addWidget(self.edits[name])
        if suffix:
            row.addWidget(named(QLabel(suffix), "subtle"))
        row.addStretch(1)
        caption = QLabel(label)
        caption.setBuddy(self.edits[name])
        form.addRow(caption, self._with_message(name, row))

    def _with_message(self, name: str, row: QHBoxLayout) -> QWidget:
        """The field's row with its own message line underneath, as in every BayDesk form."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        message = named(QLabel(wordWrap=True), f"{name}_message")
        message.setTextFormat(Qt.TextFormat.PlainText)
        set_level(message, "")
        column.addWidget(message)
        self.messages[name] = message
        return holder

    # --- what the controller calls ------------------------------------------------------------
    def show_text(self, text: PricingText) -> None:
        for name, edit in self.edits.items():
            edit.setText(getattr(text, name))
        for kind, check in self.taxable_boxes.items():
            check.setChecked(kind in text.taxable)
        per_line = text.rounding == RoundingMode.PER_LINE
        (self.per_line_radio if per_line else self.per_invoice_radio).setChecked(True)
        (self.supplies_on_radio if text.supplies_on else self.supplies_off_radio).setChecked(True)
        self.supplies_taxable_box.setChecked(text.supplies_taxable)
        self.odometer_box.setChecked(text.require_odometer_out)

    def typed(self) -> PricingText:
        values = {name: edit.text() for name, edit in self.edits.items()}
        return PricingText(
            taxable=frozenset(kind for kind, check in self.taxable_boxes.items() if check.isChecked()),
            rounding=RoundingMode.PER_LINE if self.per_line_radio.isChecked() else RoundingMode.PER_INVOICE,
            supplies_on=self.supplies_on_radio.isChecked(),
            supplies_taxable=self.supplies_taxable_box.isChecked(),
            require_odometer_out=self.odometer_box.isChecked(),
            **values,
        )

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Each message beside its field, the first such field focused; returns the rest."""
        unplaced = {}
        for name, text in errors.items():
            if name in self.messages:
                set_level(self.messages[name], "error", text)
            else:
                unplaced[name] = text
        first = next((self.edits[n] for n in errors if n in self.edits), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced

    def clear_errors(self) -> None:
        for label in self.messages.values():
            set_level(label, "")

    def set_editable(self, editable: bool, why: str = "") -> None:
        """A front-desk seat sees the prices but may not change them."""
        self._editable = editable
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QCheckBox | QRadioButton | QPushButton):
                widget.setEnabled(editable)
        self.buttons_row.setVisible(editable)
        set_level(self.read_only_label, "" if editable else "hint", why)
        if editable:
            self._supplies_toggled()

    def _rounding_changed(self) -> None:
        mode = RoundingMode.PER_LINE if self.per_line_radio.isChecked() else RoundingMode.PER_INVOICE
        self.rounding_hint.setText(ROUNDING_HINTS[mode])

    def _supplies_toggled(self) -> None:
        self.supplies_fields.setEnabled(self._editable and self.supplies_on_radio.isChecked())


def _form(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return form


def _group(parent: QWidget, radios: tuple[QRadioButton, ...]) -> None:
    group = QButtonGroup(parent)
    for radio in radios:
        group.addButton(radio)


def _example(placeholder: str, is_money: bool) -> str:
    """A sample figure written the shop's way ('150.00', '150,00'); words stay as they are."""
    if not placeholder[:1].isdigit():
        return placeholder
    value = Decimal(placeholder)
    return amount_text(value) if is_money else f"e.g. {quantity_text(value)}"
