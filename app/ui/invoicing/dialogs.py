"""Where the Invoicing area gets its dialogs, so tests can drive (or replace) every one.

Post an invoice, void one (with a reason), a credit note (whole or chosen
lines), a statement's dates, the print preview and the printer. Confirmations
and messages go through the window's ``DialogFactory``; the "save PDF as"
question, the preview and the printer are methods a test overrides.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.domain.invoices import CASH_ROUNDING_STEPS
from app.domain.payments import TERMS, Method
from app.services.invoicing.dto import AccountView, InvoiceView, InvoicingSettings, ReadyWorkOrder
from app.ui.day.drawer_dialogs import OPEN, CashDialog
from app.ui.formatting import (
    TypedNumbers,
    money,
    money_input_text,
    parse_number,
    qt_date_format,
    quantity_text,
)
from app.ui.invoicing.payment_dialog import PaymentDialog
from app.ui.printing import PaperDialogs
from app.ui.shared import files
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.form import FormDialog
from app.ui.widgets import named


class PostInvoiceDialog(FormDialog):
    """Post a completed work order's invoice; ``post_submitted`` carries (on account, note)."""

    post_submitted = Signal(bool, str)
    geometry_key = "post_invoice_dialog"

    def __init__(self, order: ReadyWorkOrder, parent: QWidget | None = None) -> None:
        super().__init__(f"Post invoice — {order.label.lower()}", parent)
        self.on_account = named(QCheckBox("Charge to the customer's &account (terms)"), "on_account")
        self.note = named(QLineEdit(placeholderText="printed on the invoice (optional)"), "invoice_note")
        form = QFormLayout()
        form.addRow("Customer", QLabel(order.customer_name))
        form.addRow("Vehicle", QLabel(order.vehicle))
        if order.deposits:
            form.addRow("Deposits", QLabel(f"{money(order.deposits)} will be applied"))
        if order.source == "work_order":  # a walk-in counter sale has no account to charge
            form.addRow("", self.on_account)
        else:
            self.on_account.hide()
        form.addRow("&Note", self.field("note", self.note))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order([self.note, self.on_account])
        self.save_button.setText("Post invoice")
        self.setMinimumWidth(440)
        self.restore_geometry()
        self.note.setFocus()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        if not busy:
            self.save_button.setText("Post invoice")

    def emit_submitted(self) -> None:
        self.post_submitted.emit(self.on_account.isChecked(), self.note.text())


class ReasonDialog(FormDialog):
    """Void an invoice: the reason is kept with it for good."""

    reason_submitted = Signal(str)
    geometry_key = "void_dialog"

    def __init__(self, title: str, prompt: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.action = action
        self.reason = named(QLineEdit(), "reason")
        form = QFormLayout()
        form.addRow(QLabel(prompt, wordWrap=True))
        form.addRow("&Reason", self.field("reason", self.reason))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.save_button.setText(action)
        self.setMinimumWidth(460)
        self.restore_geometry()
        self.reason.setFocus()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        if not busy:
            self.save_button.setText(self.action)

    def emit_submitted(self) -> None:
        self.reason_submitted.emit(self.reason.text())


class CreditNoteDialog(FormDialog):
    """A credit note: the whole invoice, or quantities of chosen lines.

    ``credit_submitted`` carries (reason, {line id: quantity} or None for everything left).
    """

    credit_submitted = Signal(str, object)
    geometry_key = "credit_note_dialog"

    def __init__(self, view: InvoiceView, parent: QWidget | None = None) -> None:
        super().__init__(f"Credit note — invoice {view.number}", parent)
        self.reason = named(QLineEdit(), "reason")
        self.whole = named(QCheckBox("Credit &everything not yet credited"), "credit_all")
        self.whole.setChecked(True)
        self.quantities: dict[object, QLineEdit] = {}
        form = QFormLayout()
        form.addRow("&Reason", self.field("reason", self.reason))
        form.addRow("", self.whole)
        chain: list[QWidget] = [self.reason, self.whole]
        for line in view.lines:
            if line.category not in ("labor", "part", "fee", "sublet") or line.id in view.sheet_fee_lines:
                continue  # supplies, rounding and the price sheet's fees follow the lines credited
            edit = named(
                QLineEdit(placeholderText=f"of {quantity_text(line.quantity)}"),
                f"credit_qty_{len(self.quantities)}",
            )
            edit.setEnabled(False)
            self.quantities[line.id] = edit
            form.addRow(f"{line.description[:50]} ({view.shop_locale.money(line.amount)})", edit)
            chain.append(edit)
        self.whole.toggled.connect(self._whole_toggled)
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order(chain)
        self.save_button.setText("Issue credit note")
        self.setMinimumWidth(520)
        self.restore_geometry()
        self.reason.setFocus()

    def _whole_toggled(self, whole: bool) -> None:
        for edit in self.quantities.values():
            edit.setEnabled(not whole)

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        if not busy:
            self.save_button.setText("Issue credit note")

    def emit_submitted(self) -> None:
        if self.whole.isChecked():
            self.credit_submitted.emit(self.reason.text(), None)
            return
        chosen: dict[object, Decimal] = {}
        for line_id, edit in self.quantities.items():
            if edit.text().strip():
                chosen[line_id] = parse_number(edit.text(), "quantity")
        self.credit_submitted.emit(self.reason.text(), chosen)


class StatementDialog(FormDialog):
    """The dates of an account statement; ``dates_submitted`` carries (start, end)."""

    dates_submitted = Signal(object, object)
    geometry_key = "statement_dialog"

    def __init__(self, customer_name: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(f"Statement — {customer_name}", parent)
        self.start = named(QDateEdit(QDate(today.year, today.month, 1)), "statement_start")
        self.end = named(QDateEdit(QDate(today.year, today.month, today.day)), "statement_end")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(qt_date_format())
        form = QFormLayout()
        form.addRow("&From", self.start)
        form.addRow("&To", self.end)
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.save_button.setText("Save statement PDF")
        self.restore_geometry()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        if not busy:
            self.save_button.setText("Save statement PDF")

    def emit_submitted(self) -> None:
        self.dates_submitted.emit(self.start.date().toPython(), self.end.date().toPython())


class AccountDialog(FormDialog):
    """Open or change a customer's account: terms, credit limit, tax-exempt certificate.

    ``account_submitted`` carries a dict of the typed fields.
    """

    account_submitted = Signal(dict)
    geometry_key = "account_dialog"

    def __init__(
        self, customer_name: str, existing: AccountView | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Account — {customer_name}", parent)
        self.terms = named(QComboBox(), "terms_days")
        for days in TERMS:
            self.terms.addItem(f"Net {days}", days)
        self.credit_limit = named(QLineEdit(placeholderText="no limit"), "credit_limit")
        self.certificate = named(
            QLineEdit(placeholderText="resale or exemption certificate no."), "certificate"
        )
        self.active = named(QCheckBox("Account &open (may charge to it)"), "account_active")
        self.active.setChecked(True)
        self.note = named(QLineEdit(), "account_note")
        if existing is not None:
            self.terms.setCurrentIndex(max(0, self.terms.findData(existing.terms_days)))
            self.credit_limit.setText(money_input_text(existing.credit_limit))
            self.certificate.setText(existing.tax_exempt_certificate)
            self.active.setChecked(existing.active)
        form = QFormLayout()
        form.addRow("&Terms", self.field("terms_days", self.terms))
        form.addRow("Credit &limit", self.field("credit_limit", self.credit_limit))
        form.addRow("Tax-exempt &certificate", self.field("tax_exempt_certificate", self.certificate))
        form.addRow("", self.active)
        form.addRow("&Note", self.field("note", self.note))
        if existing is not None:
            form.addRow("Open balance", QLabel(money(existing.open_balance)))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order([self.terms, self.credit_limit, self.certificate, self.active, self.note])
        self.setMinimumWidth(440)
        self.restore_geometry()
        self.terms.setFocus()

    def emit_submitted(self) -> None:
        typed = TypedNumbers()
        limit = typed.money(self.credit_limit.text(), "credit_limit")
        typed.check()
        self.account_submitted.emit(
            {
                "terms_days": int(self.terms.currentData()),
                "credit_limit": limit,
                "tax_exempt_certificate": self.certificate.text(),
                "active": self.active.isChecked(),
                "note": self.note.text(),
            }
        )


class InvoiceSettingsDialog(FormDialog):
    """Cash rounding, the logo and the warranty terms printed at the foot of every invoice.

    The paper size is the shop's (Settings), as every document prints on it."""

    settings_submitted = Signal(object)  # InvoicingSettings
    geometry_key = "invoice_settings_dialog"

    def __init__(
        self,
        current: InvoicingSettings,
        choose_image: Callable[[QWidget], Path | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Invoice settings", parent)
        self.logo = current.logo
        self._choose_image = choose_image
        self.logo_label = named(QLabel(), "logo_state")
        self.logo_button = named(QPushButton("Choose &logo…"), "choose_logo")
        self.remove_logo_button = named(QPushButton("No logo"), "remove_logo")
        self.logo_button.clicked.connect(self._pick_logo)
        self.remove_logo_button.clicked.connect(lambda: self._set_logo(""))
        self._set_logo(self.logo)
        self.rounding = named(QComboBox(), "cash_rounding")
        for step in CASH_ROUNDING_STEPS:
            self.rounding.addItem("No cash rounding" if not step else f"Round totals to {step}", str(step))
        self.rounding.setCurrentIndex(max(0, self.rounding.findData(str(current.cash_rounding_step))))
        self.footer = named(QPlainTextEdit(current.footer), "footer")
        self.footer.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("Cash &rounding", self.field("cash_rounding", self.rounding))
        form.addRow("&Warranty and terms", self.field("footer", self.footer))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.remove_logo_button)
        holder = QWidget()
        holder.setLayout(logo_row)
        form.addRow("Logo", self.field("logo", holder))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order([self.rounding, self.footer])
        self.setMinimumWidth(520)
        self.restore_geometry()
        self.rounding.setFocus()

    def _pick_logo(self) -> None:
        path = self._choose_image(self)
        if path is None:
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.show_banner("error", f"BayDesk could not read {path}: {exc.strerror or exc}.")
            return
        self._set_logo(base64.b64encode(data).decode("ascii"))

    def _set_logo(self, logo: str) -> None:
        self.logo = logo
        size = len(base64.b64decode(logo)) if logo else 0
        self.logo_label.setText(f"An image of {max(1, size // 1024)} KB" if logo else "No logo")
        self.remove_logo_button.setEnabled(bool(logo))

    def emit_submitted(self) -> None:
        self.settings_submitted.emit(
            InvoicingSettings(
                Decimal(self.rounding.currentData()),
                self.footer.toPlainText(),
                self.logo,
            )
        )


class InvoicingDialogs(PaperDialogs):
    """The area's dialogs; the paper questions (save where, which printer, the preview) are inherited."""

    def __init__(self, base: DialogFactory | None = None) -> None:
        self.base = base or DialogFactory()

    def post(self, parent: QWidget, order: ReadyWorkOrder) -> PostInvoiceDialog:
        return PostInvoiceDialog(order, parent)

    def payment(
        self,
        parent: QWidget,
        title: str,
        due: Decimal,
        methods: tuple[Method, ...],
        action: str = "Take payment",
    ) -> PaymentDialog:
        return PaymentDialog(title, due, methods, parent, action=action)

    def open_drawer(self, parent: QWidget) -> CashDialog:
        """The Owner area's drawer-open dialog (the float), offered when cash finds no drawer."""
        return CashDialog(OPEN, parent, "100.00")

    def void(self, parent: QWidget, view: InvoiceView) -> ReasonDialog:
        return ReasonDialog(
            f"Void invoice {view.number}",
            "The invoice keeps its number and is marked VOID with your reason, your name and the time.",
            "Void invoice",
            parent,
        )

    def credit_note(self, parent: QWidget, view: InvoiceView) -> CreditNoteDialog:
        return CreditNoteDialog(view, parent)

    def settings(self, parent: QWidget, current: InvoicingSettings) -> InvoiceSettingsDialog:
        return InvoiceSettingsDialog(current, self.image_path, parent)

    def image_path(self, parent: QWidget) -> Path | None:
        """A PNG or JPEG file to use as the invoice logo; None when the person cancels."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        path, _filter = files.get_open_file_name(
            parent, "Choose the shop's logo", folder, "Images (*.png *.jpg *.jpeg)"
        )
        return Path(path) if path else None

    def account(self, parent: QWidget, customer_name: str, existing: AccountView | None) -> AccountDialog:
        return AccountDialog(customer_name, existing, parent)

    def statement(self, parent: QWidget, customer_name: str, today: date) -> StatementDialog:
        return StatementDialog(customer_name, today, parent)

    def confirm(self, parent: QWidget, title: str, text: str, action: str) -> bool:
        return self.base.confirm(parent, title, text, action)

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        self.base.inform(parent, title, text)
