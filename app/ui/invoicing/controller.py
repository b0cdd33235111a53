"""Behaviour of the Invoicing area: post, take payment, print, void, credit, statements.

Every service call runs off the GUI thread (TaskRunner); every action has a
shortcut that works while the keyboard is in the area. The lists refresh
when invoices, payments or work orders change on any terminal.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject, QTimer, Signal
from PySide6.QtPrintSupport import QPrinter

from app.domain.errors import BayDeskError
from app.domain.payments import REFUND_METHODS, Method, Tender
from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.services.invoicing.dto import (
    InvoiceRow,
    InvoiceView,
    InvoicingSettings,
    PaymentResult,
    ReadyWorkOrder,
)
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.invoicing.dialogs import InvoicingDialogs
from app.ui.invoicing.printing import paint_pdf
from app.ui.invoicing.tables import AgingModel, InvoiceLinesModel, InvoiceListModel, PaymentsModel, ReadyModel
from app.ui.invoicing.view import InvoicingView
from app.ui.shared.form import FormDialog
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level
from app.ui.work_orders.actions import AreaActions, Spec

WATCHED_TABLES = frozenset({"invoices", "payments", "work_orders", "customer_accounts"})

INVOICING_SPEC: Spec = {
    "post_invoice": ("&Post invoice…", "Ctrl+I", Action.POST_INVOICES),
    "take_payment": ("Take pa&yment…", "Ctrl+Y", Action.TAKE_PAYMENTS),
    "preview": ("Print pre&view…", "Ctrl+Shift+P", None),
    "print": ("&Print…", "Ctrl+P", None),
    "save_pdf": ("&Save PDF…", "Ctrl+S", None),
    "receipt": ("Rec&eipt PDF…", "Ctrl+E", None),
    "credit_note": ("&Credit note…", "Ctrl+Shift+C", Action.ISSUE_CREDIT_NOTES),
    "refund": ("Re&fund…", "Ctrl+Shift+R", Action.REFUND_PAYMENTS),
    "void": ("&Void…", "Ctrl+Shift+V", Action.VOID_INVOICES),
    "statement": ("S&tatement…", "Ctrl+Shift+S", None),
    "account": ("Customer &account…", "Ctrl+Shift+A", Action.MANAGE_ACCOUNTS),
    "account_payment": ("Account pay&ment…", "Ctrl+Shift+M", Action.TAKE_PAYMENTS),
    "settings": ("Invoice setti&ngs…", "Ctrl+Shift+N", Action.MANAGE_SETTINGS),
    "refresh": ("&Refresh", "F5", None),
}


def page_size() -> str:
    """Letter paper where the US measurement system is used, A4 elsewhere."""
    imperial = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "letter" if imperial else "a4"


def _render_invoice(view: InvoiceView, size: str, copy: bool) -> bytes:
    from app.reports.invoice import invoice_pdf  # ReportLab loads at the first print

    return invoice_pdf(view, size, copy=copy)


def _render_receipt(view: InvoiceView, copy: bool) -> bytes:
    from app.reports.receipt import receipt_pdf

    return receipt_pdf(view, copy=copy)


class InvoicingController(QObject):
    dialog_opened = Signal(object)
    invoice_shown = Signal(object)  # InvoiceView
    preview_opened = Signal(object)  # the preview dialog
    printed = Signal(int)  # pages sent to the printer

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: InvoicingView,
        runner: TaskRunner,
        changes: ChangeBridge,
        dialogs: InvoicingDialogs | None = None,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.dialogs = dialogs or InvoicingDialogs()
        self.invoice: InvoiceView | None = None
        self._page_size = page_size()  # the shop's setting replaces the locale's guess once read
        self._pending_select: uuid.UUID | None = None
        self.ready_model = ReadyModel(self)
        self.ready_proxy = SortProxy(self.ready_model, self)
        self.open_model = InvoiceListModel(self)
        self.open_proxy = SortProxy(self.open_model, self)
        self.recent_model = InvoiceListModel(self)
        self.recent_proxy = SortProxy(self.recent_model, self)
        self.lines_model = InvoiceLinesModel(self)
        self.lines_proxy = SortProxy(self.lines_model, self)
        self.payments_model = PaymentsModel(self)
        self.payments_proxy = SortProxy(self.payments_model, self)
        self.aging_model = AgingModel(self)
        self.aging_proxy = SortProxy(self.aging_model, self)
        configure_table(view.ready_table, self.ready_proxy, "ready_table")
        configure_table(view.open_table, self.open_proxy, "open_invoices")
        configure_table(view.recent_table, self.recent_proxy, "recent_invoices")
        configure_table(view.lines_table, self.lines_proxy, "invoice_lines")
        configure_table(view.payments_table, self.payments_proxy, "invoice_payments")
        configure_table(view.aging_table, self.aging_proxy, "aging")
        self.actions = AreaActions(INVOICING_SPEC, actor, view)
        buttons = {
            "post_invoice": view.post_button,
            "take_payment": view.pay_button,
            "preview": view.preview_button,
            "print": view.print_button,
            "save_pdf": view.save_button,
            "receipt": view.receipt_button,
            "credit_note": view.credit_button,
            "refund": view.refund_button,
            "void": view.void_button,
            "statement": view.statement_button,
            "account": view.account_button,
            "account_payment": view.account_payment_button,
            "settings": view.settings_button,
            "refresh": view.refresh_button,
        }
        for name, button in buttons.items():
            button.setDefaultAction(self.actions[name])
        handlers: dict[str, Callable[[], None]] = {
            "post_invoice": self.post_selected,
            "take_payment": self.take_payment,
            "preview": self.preview,
            "print": self.print_invoice,
            "save_pdf": self.save_pdf,
            "receipt": self.save_receipt,
            "credit_note": self.credit_note,
            "refund": self.refund,
            "void": self.void,
            "statement": self.statement,
            "account": self.edit_account,
            "account_payment": self.account_payment,
            "settings": self.edit_settings,
            "refresh": self.load,
        }
        for name, handler in handlers.items():
            self.actions[name].triggered.connect(handler)
        self._refresh_timer = QTimer(self, singleShot=True, interval=50)
        self._refresh_timer.timeout.connect(self.load)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._load_recent)
        view.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        for table in (view.open_table, view.recent_table):
            table.selectionModel().currentRowChanged.connect(
                lambda current, _prev, t=table: self._row_chosen(t)
            )
        view.ready_table.activated.connect(lambda _i: self.post_selected())
        view.tabs.currentChanged.connect(lambda _i: self._update_actions())
        view.aging_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_actions())
        changes.records_changed.connect(self._records_changed)
        self._update_actions()

    # --- loading --------------------------------------------------------------------------
    def start(self) -> None:
        """Fill the area when it is first seen: nothing is read at start-up for a hidden area."""
        if self.view.isVisible():
            self._first_load()
        else:
            self.view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Show:
            self.view.removeEventFilter(self)
            self._first_load()
        return False

    def _first_load(self) -> None:
        self.runner.run(
            lambda: self.services.invoicing.settings(self.actor),
            lambda settings: setattr(self, "_page_size", settings.page_size),
            self._failed,
        )
        self.load()

    def is_settled(self) -> bool:
        return not self._refresh_timer.isActive() and not self._search_timer.isActive()

    def all(self) -> list[Any]:
        return self.actions.all()

    def load(self) -> None:
        self.runner.run(
            lambda: (
                self.services.invoicing.ready_to_invoice(self.actor),
                self.services.invoicing.awaiting_payment(self.actor),
            ),
            self._show_lists,
            self._failed,
            channel="invoicing_lists",
        )
        self._load_recent()
        self.runner.run(
            lambda: self.services.accounts.aging(self.actor),
            self._show_aging,
            self._failed,
            channel="invoicing_aging",
        )
        if self.invoice is not None:
            self.show_invoice(self.invoice.id)

    def _show_aging(self, rows: list[Any]) -> None:
        chosen = self._current(self.view.aging_table, self.aging_proxy)
        self.aging_model.set_rows(rows)
        if chosen is not None:
            row = self.aging_proxy.proxy_row_where(lambda r: r.customer_id == chosen.customer_id)
            if row >= 0:
                self.view.aging_table.selectRow(row)
        self._update_actions()

    def _load_recent(self) -> None:
        text = self.view.search_edit.text()
        self.runner.run(
            lambda: self.services.invoicing.recent(self.actor, text),
            lambda rows: self.recent_model.set_rows(rows),
            self._failed,
            channel="invoicing_recent",
        )

    def _show_lists(self, lists: tuple[list[ReadyWorkOrder], list[InvoiceRow]]) -> None:
        ready, open_rows = lists
        chosen = self._current(self.view.ready_table, self.ready_proxy)
        self.ready_model.set_rows(ready)
        if chosen is not None:
            row = self.ready_proxy.proxy_row_where(lambda r: r.id == chosen.id)
            if row >= 0:
                self.view.ready_table.selectRow(row)
        self.open_model.set_rows(open_rows)
        if self._pending_select is not None:
            row = self.open_proxy.proxy_row_where(lambda r: r.id == self._pending_select)
            if row >= 0:
                self.view.tabs.setCurrentIndex(0)
                self.view.open_table.selectRow(row)
        elif self.invoice is not None:
            row = self.open_proxy.proxy_row_where(
                lambda r: self.invoice is not None and r.id == self.invoice.id
            )
            if row >= 0:
                self.view.open_table.selectRow(row)
        elif self.open_proxy.rowCount():
            self.view.open_table.selectRow(0)
        self._update_actions()

    def show_invoice(self, invoice_id: uuid.UUID) -> None:
        self.runner.run(
            lambda: self.services.invoicing.get(self.actor, invoice_id),
            self._show_invoice,
            self._failed,
            channel="invoice_detail",
        )

    def _present(self, invoice: InvoiceView) -> None:
        """Show what an action just saved; a detail read still under way is stale now."""
        self.runner.run(lambda: None, lambda _none: None, self._failed, channel="invoice_detail")
        self._show_invoice(invoice)

    def _show_invoice(self, invoice: InvoiceView) -> None:
        self.invoice = invoice
        self._pending_select = None
        v = self.view
        state = {"void": " · VOID", "posted": ""}[invoice.status]
        v.title_label.setText(f"{invoice.title}{state} — {invoice.customer_name or 'Counter sale'}")
        if invoice.balance_due > 0:
            set_level(v.balance_label, "warning", f"Balance due {invoice.balance_due:,.2f}")
        elif invoice.balance_due < 0:
            set_level(v.balance_label, "warning", f"Owed to customer {-invoice.balance_due:,.2f}")
        else:
            settled = "Settled" if invoice.kind == "credit_note" else "Paid in full"
            set_level(v.balance_label, "ok", settled if invoice.status == "posted" else "Void")
        t = invoice.totals
        parts = [
            f"{invoice.business_date:%b %d, %Y}",
            invoice.vehicle_description,
            f"Labor {t.labor:,.2f} · Parts {t.parts:,.2f} · Fees {t.fees:,.2f} · Sublet {t.sublet:,.2f}",
            f"Tax {t.tax:,.2f} · Total {t.total:,.2f} · Paid {invoice.paid:,.2f}",
        ]
        if invoice.on_account and invoice.due_date:
            parts.append(f"On account, due {invoice.due_date:%b %d, %Y}; open {invoice.account_open:,.2f}")
        if invoice.status == "void":
            parts.append(f"Voided by {invoice.voided_by}: {invoice.void_reason}")
        v.summary_label.setText("\n".join(p for p in parts if p))
        self.lines_model.set_rows(invoice.lines)
        self.payments_model.set_rows(invoice.payments)
        self._update_actions()
        self.invoice_shown.emit(invoice)

    def _row_chosen(self, table: Any) -> None:
        proxy = self.open_proxy if table is self.view.open_table else self.recent_proxy
        row = self._current(table, proxy)
        if row is not None and (self.invoice is None or self.invoice.id != row.id):
            self.show_invoice(row.id)

    @staticmethod
    def _current(table: Any, proxy: SortProxy) -> Any:
        index = table.currentIndex()
        return proxy.row_at(index.row()) if index.isValid() else None

    def _update_actions(self) -> None:
        inv = self.invoice
        posted = inv is not None and inv.status == "posted"
        self.actions.enable("post_invoice", self.ready_model.rowCount() > 0)
        self.actions.enable(
            "take_payment", posted and inv is not None and inv.kind == "invoice" and inv.balance_due > 0
        )
        for name in ("preview", "print", "save_pdf", "receipt"):
            self.actions.enable(name, inv is not None)
        self.actions.enable("credit_note", posted and inv is not None and inv.kind == "invoice")
        self.actions.enable(
            "refund", posted and inv is not None and inv.kind == "credit_note" and inv.balance_due < 0
        )
        self.actions.enable(
            "void",
            posted
            and inv is not None
            and inv.kind == "invoice"
            and all(p.method == "account" for p in inv.payments),
        )
        target = self._account_target()
        self.actions.enable("statement", target is not None and target[2])
        self.actions.enable("account", target is not None)
        aging = (
            self._current(self.view.aging_table, self.aging_proxy)
            if self.view.tabs.currentIndex() == 2
            else None
        )
        self.actions.enable("account_payment", aging is not None and aging.total > 0)

    def _failed(self, exc: BaseException) -> None:
        self.message("error", error_message(exc))

    def message(self, level: str, text: str) -> None:
        set_level(self.view.message_label, level, text)

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._refresh_timer.start()

    # --- a dialog and its save ------------------------------------------------------------
    def _open(self, dialog: FormDialog) -> None:
        dialog.setModal(True)
        dialog.show()
        self.dialog_opened.emit(dialog)

    def _save(self, dialog: FormDialog, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def ok(result: Any) -> None:
            dialog.set_busy(False)
            dialog.accept()
            done(result)

        self.runner.run(work, ok, dialog.show_error)

    # --- posting --------------------------------------------------------------------------
    def post_selected(self) -> None:
        order = self._current(self.view.ready_table, self.ready_proxy)
        if order is None and self.ready_proxy.rowCount():
            order = self.ready_proxy.row_at(0)
        if order is None or not self.actions.allowed("post_invoice"):
            return
        dialog = self.dialogs.post(self.view, order)

        def post(on_account: bool, note: str) -> InvoiceView:
            if order.source == "counter_ticket":
                return self.services.invoicing.post_from_counter_ticket(self.actor, order.id, note=note)
            return self.services.invoicing.post_from_work_order(
                self.actor, order.id, on_account=on_account, note=note
            )

        dialog.post_submitted.connect(
            lambda on_account, note: self._save(dialog, lambda: post(on_account, note), self._posted)
        )
        self._open(dialog)

    def _posted(self, invoice: InvoiceView) -> None:
        self.message("ok", f"Invoice {invoice.number} posted: {invoice.totals.total:,.2f}.")
        self._pending_select = invoice.id
        self._present(invoice)
        self._pending_select = invoice.id
        self.load()

    # --- payments -------------------------------------------------------------------------
    def take_payment(self) -> None:
        inv = self.invoice
        if inv is None or inv.balance_due <= 0 or inv.kind != "invoice":
            return
        methods = (Method.CASH, Method.CARD, Method.CHECK) + (
            (Method.ACCOUNT,) if inv.is_account_customer else ()
        )
        dialog = self.dialogs.payment(
            self.view, f"Take payment — invoice {inv.number}", inv.balance_due, methods
        )
        dialog.payment_submitted.connect(
            lambda tenders: self._save(
                dialog, lambda: self.services.payments.take(self.actor, inv.id, tenders), self._paid
            )
        )
        self._open(dialog)

    def _paid(self, result: PaymentResult) -> None:
        change = f" Change due: {result.change_due:,.2f}." if result.change_due else ""
        self.message("ok", f"Payment recorded on invoice {result.invoice.number}.{change}")
        self._present(result.invoice)

    def refund(self) -> None:
        inv = self.invoice
        if inv is None or inv.kind != "credit_note" or inv.balance_due >= 0:
            return
        dialog = self.dialogs.payment(
            self.view, f"Refund — credit note {inv.number}", -inv.balance_due, REFUND_METHODS, action="Refund"
        )
        dialog.payment_submitted.connect(
            lambda tenders: self._save(
                dialog,
                lambda: self._refund_all(inv.id, tenders),
                lambda result: self._present(result.invoice),
            )
        )
        self._open(dialog)

    def _refund_all(self, credit_id: uuid.UUID, tenders: list[Tender]) -> PaymentResult:
        if len(tenders) != 1:
            raise BayDeskError("Refund with one method at a time.")
        return self.services.payments.refund(self.actor, credit_id, tenders[0])

    # --- corrections ----------------------------------------------------------------------
    def void(self) -> None:
        inv = self.invoice
        if inv is None or inv.status != "posted":
            return
        dialog = self.dialogs.void(self.view, inv)
        dialog.reason_submitted.connect(
            lambda reason: self._save(
                dialog, lambda: self.services.invoicing.void(self.actor, inv.id, reason), self._present
            )
        )
        self._open(dialog)

    def credit_note(self) -> None:
        inv = self.invoice
        if inv is None or inv.status != "posted" or inv.kind != "invoice":
            return
        dialog = self.dialogs.credit_note(self.view, inv)
        dialog.credit_submitted.connect(
            lambda reason, quantities: self._save(
                dialog,
                lambda: self.services.invoicing.credit_note(self.actor, inv.id, reason, quantities),
                self._credited,
            )
        )
        self._open(dialog)

    def _credited(self, credit: InvoiceView) -> None:
        owed = (
            f" {-credit.balance_due:,.2f} is owed to the customer (Refund)." if credit.balance_due < 0 else ""
        )
        self.message("ok", f"Credit note {credit.number} issued: {credit.totals.total:,.2f}.{owed}")
        self._present(credit)

    # --- printing -------------------------------------------------------------------------
    def preview(self) -> None:
        inv = self.invoice
        if inv is None:
            return
        size = self._page_size
        self.runner.run(
            lambda: _render_invoice(inv, size, inv.print_count > 0),
            self._open_preview,
            self._failed,
        )

    def _open_preview(self, pdf: bytes) -> None:
        dialog = self.dialogs.preview(self.view, lambda printer: self._paint(printer, pdf))
        self.preview_opened.emit(dialog)

    def _paint(self, printer: QPrinter, pdf: bytes) -> None:
        try:
            self.printed.emit(paint_pdf(printer, pdf))
        except (OSError, ValueError) as exc:
            self.message("error", f"Could not print: {exc}")

    def print_invoice(self) -> None:
        inv = self.invoice
        if inv is None:
            return
        printer = self.dialogs.choose_printer(self.view)
        if printer is None:
            return
        size = self._page_size
        self.runner.run(
            lambda: self._counted_pdf(inv.id, size),
            lambda pdf: self._paint(printer, pdf),
            self._failed,
        )

    def _counted_pdf(self, invoice_id: uuid.UUID, size: str) -> bytes:
        """Count the print (a reprint says COPY) and render it; off the GUI thread."""
        view = self.services.invoicing.record_print(self.actor, invoice_id)
        return _render_invoice(view, size, view.print_count > 0)

    def save_pdf(self) -> None:
        inv = self.invoice
        if inv is None:
            return
        kind = "credit-note" if inv.kind == "credit_note" else "invoice"
        path = self.dialogs.pdf_path(self.view, f"Save {inv.title} as PDF", f"{kind}-{inv.number}.pdf")
        if path is None:
            return
        size = self._page_size
        self.runner.run(
            lambda: _write(path, self._counted_pdf(inv.id, size)),
            lambda _none: self._saved(path),
            self._failed,
        )

    def save_receipt(self) -> None:
        inv = self.invoice
        if inv is None:
            return
        path = self.dialogs.pdf_path(self.view, "Save the receipt as PDF", f"receipt-{inv.number}.pdf")
        if path is None:
            return
        self.runner.run(
            lambda: _write(path, _render_receipt(inv, inv.print_count > 0)),
            lambda _n: self._saved(path),
            self._failed,
        )

    def _account_target(self) -> tuple[uuid.UUID, str, bool] | None:
        """(customer, name, has an account): the chosen row of the Accounts tab, else the invoice's customer."""
        if self.view.tabs.currentIndex() == 2:
            row = self._current(self.view.aging_table, self.aging_proxy)
            return (row.customer_id, row.customer_name, True) if row is not None else None
        inv = self.invoice
        if inv is None or inv.customer_id is None:
            return None
        return inv.customer_id, inv.customer_name, inv.is_account_customer

    def edit_account(self) -> None:
        target = self._account_target()
        if target is None or not self.actions.allowed("account"):
            return
        customer_id, name, _has = target
        self.runner.run(
            lambda: self.services.accounts.get(self.actor, customer_id),
            lambda existing: self._open_account(customer_id, name, existing),
            self._failed,
        )

    def _open_account(self, customer_id: uuid.UUID, name: str, existing: Any) -> None:
        dialog = self.dialogs.account(self.view, name, existing)
        dialog.account_submitted.connect(
            lambda fields: self._save(
                dialog,
                lambda: self.services.accounts.save(self.actor, customer_id, **fields),
                lambda account: self._account_saved(account),
            )
        )
        self._open(dialog)

    def _account_saved(self, account: Any) -> None:
        self.message("ok", f"Account of {account.customer_name} saved: net {account.terms_days}.")
        self.load()

    def edit_settings(self) -> None:
        self.runner.run(
            lambda: self.services.invoicing.settings(self.actor), self._open_settings, self._failed
        )

    def _open_settings(self, current: InvoicingSettings) -> None:
        dialog = self.dialogs.settings(self.view, current)
        dialog.settings_submitted.connect(
            lambda settings: self._save(
                dialog,
                lambda: self.services.invoicing.save_settings(self.actor, settings),
                self._settings_saved,
            )
        )
        self._open(dialog)

    def _settings_saved(self, settings: InvoicingSettings) -> None:
        self._page_size = settings.page_size
        self.message("ok", "Invoice settings saved; they apply to invoices posted from now on.")

    def account_payment(self) -> None:
        """One payment received for an account, spread over its open invoices, oldest first."""
        if self.view.tabs.currentIndex() != 2:
            return
        row = self._current(self.view.aging_table, self.aging_proxy)
        if row is None or row.total <= 0:
            return
        dialog = self.dialogs.payment(
            self.view,
            f"Account payment — {row.customer_name}",
            row.total,
            (Method.CASH, Method.CARD, Method.CHECK),
            action="Receive payment",
        )
        dialog.payment_submitted.connect(
            lambda tenders: self._save(
                dialog, lambda: self._pay_account(row.customer_id, tenders), self._account_paid
            )
        )
        self._open(dialog)

    def _pay_account(self, customer_id: uuid.UUID, tenders: list[Tender]) -> Decimal:
        if len(tenders) != 1:
            raise BayDeskError("Receive an account payment with one method at a time.")
        return self.services.accounts.pay(self.actor, customer_id, tenders[0])

    def _account_paid(self, change: Decimal) -> None:
        extra = f" Change due: {change:,.2f}." if change else ""
        self.message("ok", f"Account payment recorded against the oldest open invoices.{extra}")
        self.load()

    def statement(self) -> None:
        target = self._account_target()
        if target is None or not target[2]:
            return
        customer_id, name, _has = target
        today = self.invoice.business_date if self.invoice is not None else date.today()
        dialog = self.dialogs.statement(self.view, name, today)

        def chosen(start: Any, end: Any) -> None:
            path = self.dialogs.pdf_path(
                self.view, "Save the statement as PDF", f"statement-{start:%Y%m%d}-{end:%Y%m%d}.pdf"
            )
            if path is None:
                dialog.set_busy(False)
                return
            self._save(
                dialog,
                lambda: self._write_statement(customer_id, start, end, path),
                lambda _n: self._saved(path),
            )

        dialog.dates_submitted.connect(chosen)
        self._open(dialog)

    def _write_statement(self, customer_id: uuid.UUID, start: Any, end: Any, path: Path) -> None:
        from app.reports.statement import statement_pdf

        view = self.services.accounts.statement(self.actor, customer_id, start, end)
        _write(path, statement_pdf(view, self._page_size))

    def _saved(self, path: Path) -> None:
        self.message("ok", f"Saved to {path}")
        self.dialogs.show_pdf(path)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise BayDeskError(f"BayDesk could not write {path}: {exc.strerror or exc}.") from exc
