"""Behaviour of the Invoicing area: its lists, the invoice on show, and which actions apply to it.

Every service call runs off the GUI thread (TaskRunner); every action has a
shortcut that works while the keyboard is in the area. The lists refresh
when invoices, payments or work orders change on any terminal. What the
actions do lives beside this file, one group each: posting and corrections
(posting.py), payments (payments.py), charge accounts (accounts.py), and
paper and PDFs (documents.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.services.day.dto import BusinessDay
from app.services.invoicing.dto import AgingRow, InvoiceRow, InvoiceView, ReadyWorkOrder
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.formatting import shop_today, weekday_day_text
from app.ui.invoicing.accounts import CustomerAccounts
from app.ui.invoicing.dialogs import InvoicingDialogs
from app.ui.invoicing.documents import InvoiceDocuments
from app.ui.invoicing.payments import InvoicePayments
from app.ui.invoicing.posting import InvoicePosting
from app.ui.invoicing.tables import AgingModel, InvoiceLinesModel, InvoiceListModel, PaymentsModel, ReadyModel
from app.ui.invoicing.view import InvoicingView
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level
from app.ui.work_orders.actions import AreaActions, Spec

WATCHED_TABLES = frozenset({"invoices", "payments", "work_orders", "customer_accounts", "day_closes"})

INVOICING_SPEC: Spec = {
    "post_invoice": ("&Post invoice…", Action.POST_INVOICES),
    "take_payment": ("Take pa&yment…", Action.TAKE_PAYMENTS),
    "payer_payment": ("Pa&yer's part…", Action.TAKE_PAYMENTS),
    "preview": ("Print pre&view…", None),
    "print": ("&Print…", None),
    "save_pdf": ("&Save PDF…", None),
    "receipt": ("Rec&eipt…", None),
    "credit_note": ("&Credit note…", Action.ISSUE_CREDIT_NOTES),
    "refund": ("Re&fund…", Action.REFUND_PAYMENTS),
    "void": ("&Void…", Action.VOID_INVOICES),
    "statement": ("S&tatement…", None),
    "account": ("Customer &account…", Action.MANAGE_ACCOUNTS),
    "account_payment": ("Account pay&ment…", Action.TAKE_PAYMENTS),
    "settings": ("Invoice setti&ngs…", Action.MANAGE_SETTINGS),
    "refresh": ("&Refresh", None),
}


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
        self._pending_select: uuid.UUID | None = None
        self._make_tables()
        self._make_operations()
        self.actions = AreaActions(INVOICING_SPEC, actor, view, "invoicing")
        self._bind_actions()
        self._refresh_timer = QTimer(self, singleShot=True, interval=50)
        self._refresh_timer.timeout.connect(self.load)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._load_recent)
        self._follow_the_view(changes)
        self._update_actions()

    def _make_tables(self) -> None:
        """A model and a sorting proxy for each table of the view."""
        view = self.view
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

    def _make_operations(self) -> None:
        """The groups of actions; what they save comes back here to be shown."""
        parts = (self.services, self.actor, self.runner, self.dialogs, self.view, self)
        self.posting = InvoicePosting(*parts)
        self.payments = InvoicePayments(*parts)
        self.accounts = CustomerAccounts(*parts)
        self.documents = InvoiceDocuments(*parts)
        for group in (self.posting, self.payments, self.accounts, self.documents):
            group.dialog_opened.connect(self.dialog_opened)
            group.message.connect(self.message)
            group.invoice_saved.connect(self._present)
            group.lists_stale.connect(self.load)
        self.posting.invoice_posted.connect(self._posted)
        self.documents.preview_opened.connect(self.preview_opened)
        self.documents.printed.connect(self.printed)

    def _bind_actions(self) -> None:
        """Each action on its button, and to what it does."""
        view, posting, payments, documents = self.view, self.posting, self.payments, self.documents
        buttons = {
            "post_invoice": view.post_button,
            "take_payment": view.pay_button,
            "payer_payment": view.payer_pay_button,
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
            "take_payment": lambda: self._with_invoice(payments.take_payment),
            "payer_payment": lambda: self._with_invoice(payments.take_payer_payment),
            "preview": lambda: self._with_invoice(documents.preview),
            "print": lambda: self._with_invoice(documents.print_invoice),
            "save_pdf": lambda: self._with_invoice(documents.save_pdf),
            "receipt": lambda: self._with_invoice(documents.receipt),
            "credit_note": lambda: self._with_invoice(posting.credit_note),
            "refund": lambda: self._with_invoice(payments.refund),
            "void": lambda: self._with_invoice(posting.void),
            "statement": self.statement,
            "account": self.edit_account,
            "account_payment": self.account_payment,
            "settings": documents.edit_settings,
            "refresh": self.load,
        }
        for name, handler in handlers.items():
            self.actions[name].triggered.connect(handler)

    def _follow_the_view(self, changes: ChangeBridge) -> None:
        """Searching, choosing a row or a tab, and changes saved on any terminal."""
        view = self.view
        view.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        for table in (view.open_table, view.recent_table):
            table.selectionModel().currentRowChanged.connect(
                lambda current, _prev, t=table: self._row_chosen(t)
            )
        view.ready_table.activated.connect(lambda _i: self.post_selected())
        view.tabs.currentChanged.connect(lambda _i: self._update_actions())
        view.aging_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_actions())
        changes.records_changed.connect(self._records_changed)

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
        self.runner.run(
            lambda: self.services.day_close.business_day(self.actor),
            self._show_business_day,
            self._failed,
            channel="business_day",
        )
        if self.invoice is not None:
            self.show_invoice(self.invoice.id)

    def _show_business_day(self, day: BusinessDay) -> None:
        """After today's close, say where postings, payments and voids go now."""
        label = self.view.business_day_label
        if day.after_close and day.last_closed is not None:
            closed, going = day.last_closed, day.business_date
            set_level(
                label,
                "warning",
                f"{weekday_day_text(closed)} is closed: new postings go to the business day of "
                f"{weekday_day_text(going)}",
            )
        label.setVisible(day.after_close)

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
        fmt = invoice.shop_locale  # the shop's way of writing, the invoice's own currency
        if invoice.balance_due > 0:
            set_level(v.balance_label, "warning", f"Balance due {fmt.money(invoice.balance_due)}")
        elif invoice.balance_due < 0:
            set_level(v.balance_label, "warning", f"Owed to customer {fmt.money(-invoice.balance_due)}")
        else:
            settled = "Settled" if invoice.kind == "credit_note" else "Paid in full"
            set_level(v.balance_label, "ok", settled if invoice.status == "posted" else "Void")
        t = invoice.totals
        a = fmt.amount
        parts = [
            f"Business day {fmt.day(invoice.business_date)}",
            invoice.vehicle_description,
            f"Labor {a(t.labor)} · Parts {a(t.parts)} · Fees {a(t.fees)} · Sublet {a(t.sublet)}",
            f"Tax {a(t.tax)} · Total {fmt.money(t.total)} · Paid {a(invoice.paid)}",
        ]
        if invoice.payer is not None:
            p = invoice.payer
            parts.append(
                f"{p.payer_name}'s part {a(p.payer_amount)} (open {a(p.payer_balance)}) · "
                f"Customer's part {a(p.customer_amount)} (open {a(p.customer_balance)})"
            )
        if invoice.on_account and invoice.due_date:
            parts.append(f"On account, due {fmt.day(invoice.due_date)}; open {a(invoice.account_open)}")
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
        payer = inv.payer if inv is not None else None
        self.actions.enable("payer_payment", posted and payer is not None and payer.payer_balance > 0)
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
        aging = self._chosen_aging()
        self.actions.enable("account_payment", aging is not None and aging.total > 0)

    def _failed(self, exc: BaseException) -> None:
        self.message("error", error_message(exc))

    def message(self, level: str, text: str) -> None:
        set_level(self.view.message_label, level, text)

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._refresh_timer.start()

    # --- what the actions act on ----------------------------------------------------------
    def _with_invoice(self, act: Callable[[InvoiceView], None]) -> None:
        if self.invoice is not None:
            act(self.invoice)

    def post_selected(self) -> None:
        order = self._current(self.view.ready_table, self.ready_proxy)
        if order is None and self.ready_proxy.rowCount():
            order = self.ready_proxy.row_at(0)
        if order is None or not self.actions.allowed("post_invoice"):
            return
        self.posting.post(order)

    def _posted(self, invoice: InvoiceView) -> None:
        self.message(
            "ok", f"Invoice {invoice.number} posted: {invoice.shop_locale.money(invoice.totals.total)}."
        )
        self._pending_select = invoice.id
        self._present(invoice)
        self._pending_select = invoice.id
        self.load()

    def _account_target(self) -> tuple[uuid.UUID, str, bool] | None:
        """(customer, name, has an account): the chosen row of the Accounts tab, else the invoice's customer."""
        if self.view.tabs.currentIndex() == 2:
            row = self._current(self.view.aging_table, self.aging_proxy)
            return (row.customer_id, row.customer_name, True) if row is not None else None
        inv = self.invoice
        if inv is None or inv.customer_id is None:
            return None
        return inv.customer_id, inv.customer_name, inv.is_account_customer

    def _chosen_aging(self) -> AgingRow | None:
        """The account chosen on the Accounts tab, while that tab is shown."""
        if self.view.tabs.currentIndex() != 2:
            return None
        row: AgingRow | None = self._current(self.view.aging_table, self.aging_proxy)
        return row

    def edit_account(self) -> None:
        target = self._account_target()
        if target is None or not self.actions.allowed("account"):
            return
        customer_id, name, _has = target
        self.accounts.edit_account(customer_id, name)

    def account_payment(self) -> None:
        row = self._chosen_aging()
        if row is not None:
            self.accounts.receive_payment(row)

    def statement(self) -> None:
        target = self._account_target()
        if target is None or not target[2]:
            return
        customer_id, name, _has = target
        today = self.invoice.business_date if self.invoice is not None else shop_today()
        self.documents.statement(customer_id, name, today)
