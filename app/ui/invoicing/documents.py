"""Paper out of the Invoicing area: the invoice, its receipt and account statements, and the settings.

Each document is previewed, printed and saved through ``app.ui.printing``
on the shop's paper (the receipt on its 80 mm strip). Printing or saving an
invoice counts as a print and printing or saving a receipt as a receipt, each
on its own: the first of each is the original, a reprint says COPY.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.devices.receipt_printer import Receipt
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.invoicing.dto import InvoiceView, InvoicingSettings
from app.ui.formatting import shop_locale
from app.ui.invoicing.dialogs import InvoicingDialogs
from app.ui.invoicing.operations import InvoicingOperations
from app.ui.printing import Document, DocumentPaper
from app.ui.tasks import TaskRunner


def _render_invoice(view: InvoiceView, copy: bool) -> bytes:
    from app.reports.invoice import invoice_pdf  # ReportLab loads at the first print

    return invoice_pdf(view, copy=copy)


def _render_receipt(view: InvoiceView, copy: bool) -> bytes:
    from app.reports.receipt import receipt_pdf

    return receipt_pdf(view, copy=copy)


def _receipt_text(view: InvoiceView) -> Receipt:
    from app.reports.receipt_text import receipt_text

    return receipt_text(view, copy=view.receipt_count > 0)


class InvoiceDocuments(InvoicingOperations):
    preview_opened = Signal(object)  # the preview dialog
    printed = Signal(int)  # pages sent to the printer

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        dialogs: InvoicingDialogs,
        view: QWidget,
        parent: QObject,
    ) -> None:
        super().__init__(services, actor, runner, dialogs, view, parent)
        self.paper = DocumentPaper(runner, view, dialogs)
        self.paper.preview_opened.connect(self.preview_opened)
        self.paper.printed.connect(self.printed)
        self.paper.message.connect(self._paper_said)
        self.paper.saved.connect(lambda _path: self.lists_stale.emit())

    def _paper_said(self, level: str, text: str) -> None:
        if text:
            self.message.emit(level, text)

    # --- the settings the documents follow -------------------------------------------------
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

    def _settings_saved(self, _settings: InvoicingSettings) -> None:
        self.message.emit("ok", "Invoice settings saved; they apply to invoices posted from now on.")

    # --- an invoice and its receipt ----------------------------------------------------------
    def invoice_document(self, inv: InvoiceView) -> Document:
        """Previewed as it stands; what goes out is counted first (a reprint says COPY)."""
        kind = "credit-note" if inv.kind == "credit_note" else "invoice"
        return Document(
            inv.title,
            f"{kind}-{inv.number}.pdf",
            lambda: _render_invoice(inv, inv.print_count > 0),
            lambda: self._counted(inv.id, "invoice"),
        )

    def receipt_document(self, inv: InvoiceView) -> Document:
        """The 80 mm receipt; the first one printed or saved is the customer's original."""
        return Document(
            f"Receipt for {inv.title.lower()}",
            f"receipt-{inv.number}.pdf",
            lambda: _render_receipt(inv, inv.receipt_count > 0),
            lambda: self._counted(inv.id, "receipt"),
        )

    def _counted(self, invoice_id: uuid.UUID, document: str) -> bytes:
        """Count the print and render what it says; off the GUI thread."""
        view = self.services.invoicing.record_print(self.actor, invoice_id, document)
        if document == "receipt":
            return _render_receipt(view, view.receipt_count > 0)
        return _render_invoice(view, view.print_count > 0)

    def preview(self, inv: InvoiceView) -> None:
        self.paper.preview(self.invoice_document(inv))

    def print_invoice(self, inv: InvoiceView) -> None:
        self.paper.print(self.invoice_document(inv))

    def save_pdf(self, inv: InvoiceView) -> None:
        self.paper.save(self.invoice_document(inv))

    def receipt(self, inv: InvoiceView) -> None:
        """On this terminal's receipt printer when it has one; else the PDF's preview, to print or save."""
        if not self.printer.configured:
            self.paper.preview(self.receipt_document(inv))
            return
        self.printer.print_receipt(
            lambda: _receipt_text(self.services.invoicing.record_print(self.actor, inv.id, "receipt")),
            lambda: self._receipt_printed(inv),
        )

    def _receipt_printed(self, inv: InvoiceView) -> None:
        self.message.emit("ok", f"Receipt for {inv.title.lower()} sent to the receipt printer.")
        self.lists_stale.emit()

    # --- statements -------------------------------------------------------------------------
    def statement(self, customer_id: uuid.UUID, name: str, today: date) -> None:
        """An account's statement for the dates the person chooses, previewed to print or save."""
        dialog = self.dialogs.statement(self.view, name, today)

        def chosen(start: Any, end: Any) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.paper.preview(self._statement_document(customer_id, name, start, end))

        dialog.dates_submitted.connect(chosen)
        self._open(dialog)

    def _statement_document(self, customer_id: uuid.UUID, name: str, start: date, end: date) -> Document:
        shop = shop_locale()

        def render() -> bytes:
            from app.reports.statement import statement_pdf

            return statement_pdf(self.services.accounts.statement(self.actor, customer_id, start, end), shop)

        return Document(f"Statement for {name}", f"statement-{start:%Y%m%d}-{end:%Y%m%d}.pdf", render)
