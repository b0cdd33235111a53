"""The Invoicing area: work ready to invoice, invoices awaiting payment, one invoice's detail. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.shared.flow import FlowLayout, title_row
from app.ui.widgets import heading, named, section_label


def _button(name: str) -> QToolButton:
    button = named(QToolButton(), name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


def _card() -> tuple[QWidget, QVBoxLayout]:
    card = named(QWidget(), "card")
    card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    inner = QVBoxLayout(card)
    inner.setContentsMargins(12, 10, 12, 10)
    return card, inner


class InvoicingView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoicing_view")
        top_row = self._build_title_row()
        self.message_label = named(QLabel(wordWrap=True), "message")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.hide()

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self._build_ready_card())
        left.addWidget(self._build_lists_card())
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_detail_card())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 560])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top_row)
        layout.addWidget(self.message_label)
        layout.addWidget(self.splitter, 1)

    def _build_title_row(self) -> QHBoxLayout:
        """The area's heading and the tools that do not act on one invoice."""
        self.statement_button = _button("statement")
        self.settings_button = _button("invoice_settings")
        self.refresh_button = _button("refresh_invoicing")
        self.business_day_label = named(QLabel(), "business_day")  # shown after today's close
        self.business_day_label.hide()
        return title_row(
            heading("Invoicing"),
            self.business_day_label,
            self.statement_button,
            self.settings_button,
            self.refresh_button,
        )

    def _build_ready_card(self) -> QWidget:
        """Completed work orders and counter sales waiting to be posted."""
        self.ready_table = QTableView()
        self.ready_table.setAccessibleName("Ready to invoice")
        self.post_button = _button("post_invoice")
        ready_card, ready = _card()
        ready_title = section_label("Ready to invoice: completed work orders and counter sales")
        ready_title.setWordWrap(True)
        ready.addLayout(title_row(ready_title, self.post_button))
        ready.addWidget(self.ready_table, 1)
        return ready_card

    def _build_lists_card(self) -> QWidget:
        """The tabs: invoices awaiting payment, every invoice (searchable), the accounts."""
        self.tabs = named(QTabWidget(), "invoice_tabs")
        self.open_table = QTableView()
        self.open_table.setAccessibleName("Invoices awaiting payment")
        self.tabs.addTab(self.open_table, "&Awaiting payment")
        self.tabs.addTab(self._build_recent_tab(), "All &invoices")
        self.tabs.addTab(self._build_accounts_tab(), "A&ccounts")
        list_card, lists = _card()
        lists.addWidget(self.tabs, 1)
        return list_card

    def _build_recent_tab(self) -> QWidget:
        self.recent_table = QTableView()
        self.recent_table.setAccessibleName("All invoices")
        self.search_edit = named(QLineEdit(placeholderText="Invoice number or customer"), "invoice_search")
        self.search_edit.setAccessibleName("Find invoices")
        self.search_edit.setClearButtonEnabled(True)
        recent = QWidget()
        recent_layout = QVBoxLayout(recent)
        recent_layout.setContentsMargins(0, 4, 0, 0)
        recent_layout.addWidget(self.search_edit)
        recent_layout.addWidget(self.recent_table, 1)
        return recent

    def _build_accounts_tab(self) -> QWidget:
        self.aging_table = QTableView()
        self.aging_table.setAccessibleName("Account customers by age")
        self.account_button = _button("customer_account")
        self.account_payment_button = _button("account_payment")
        accounts = QWidget()
        accounts_layout = QVBoxLayout(accounts)
        accounts_layout.setContentsMargins(0, 4, 0, 0)
        aging_note = named(
            QLabel("Open account charges by age (days since the invoice)", wordWrap=True), "subtle"
        )
        accounts_layout.addLayout(title_row(aging_note, self.account_payment_button, self.account_button))
        accounts_layout.addWidget(self.aging_table, 1)
        return accounts

    def _build_detail_card(self) -> QWidget:
        """The invoice on show: its heading and balance, lines, payments, and what can be done to it."""
        self.title_label = named(QLabel(), "invoice_title")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.balance_label = named(QLabel(), "invoice_balance")
        self.summary_label = named(QLabel(wordWrap=True), "subtle")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.lines_table = QTableView()
        self.lines_table.setAccessibleName("Invoice lines")
        self.payments_table = QTableView()
        self.payments_table.setAccessibleName("Payments on this invoice")
        detail_card, detail = _card()
        self.title_label.setWordWrap(True)
        detail.addLayout(title_row(self.title_label, self.balance_label))
        detail.addWidget(self.summary_label)
        detail.addWidget(self.lines_table, 2)
        detail.addWidget(section_label("Payments"))
        detail.addWidget(self.payments_table, 1)
        detail.addLayout(self._build_document_buttons())
        self.title_label.setText("No invoice chosen")
        self.summary_label.setText(
            "Choose an invoice from the lists, or post one from a completed work order (Ctrl+I)."
        )
        return detail_card

    def _build_document_buttons(self) -> FlowLayout:
        """Payment and paper first; corrections after a gap; wrapping on a narrow screen."""
        self.pay_button = _button("take_payment")
        self.payer_pay_button = _button("payer_payment")
        self.preview_button = _button("preview_invoice")
        self.print_button = _button("print_invoice")
        self.save_button = _button("save_invoice_pdf")
        self.receipt_button = _button("save_receipt")
        self.void_button = _button("void_invoice")
        self.credit_button = _button("credit_note")
        self.refund_button = _button("refund")
        buttons = FlowLayout()
        for button in (
            self.pay_button,
            self.payer_pay_button,
            self.preview_button,
            self.print_button,
            self.save_button,
            self.receipt_button,
        ):
            buttons.addWidget(button)
        buttons.add_gap(24)
        for button in (self.credit_button, self.refund_button, self.void_button):
            buttons.addWidget(button)
        return buttons
