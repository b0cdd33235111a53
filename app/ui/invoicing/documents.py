"""Paper out of the Invoicing area: print preview, printing, the invoice, receipt and statement PDFs.

PDFs are built off the GUI thread from the same read models the screen
shows. Printing or saving an invoice counts as a print, so a reprint says
COPY. The paper size comes from the invoice settings, which are edited here
too; until they are read, the locale's usual size is used.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from app.domain.errors import BayDeskError
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.invoicing.dto import InvoiceView, InvoicingSettings
from app.ui.invoicing.dialogs import InvoicingDialogs
from app.ui.invoicing.operations import InvoicingOperations
from app.ui.invoicing.printing import paint_pdf
from app.ui.tasks import TaskRunner


def locale_page_size() -> str:
    """Letter paper where the US measurement system is used, A4 elsewhere."""
    imperial = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "letter" if imperial else "a4"


def _render_invoice(view: InvoiceView, size: str, copy: bool) -> bytes:
    from app.reports.invoice import invoice_pdf  # ReportLab loads at the first print

    return invoice_pdf(view, size, copy=copy)


def _render_receipt(view: InvoiceView, copy: bool) -> bytes:
    from app.reports.receipt import receipt_pdf

    return receipt_pdf(view, copy=copy)


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
        self.page_size = locale_page_size()  # the shop's setting replaces the locale's guess once read

    # --- the settings the documents follow -------------------------------------------------
    def read_settings(self) -> None:
        self.runner.run(
            lambda: self.services.invoicing.settings(self.actor),
            lambda settings: setattr(self, "page_size", settings.page_size),
            self._failed,
        )

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
        self.page_size = settings.page_size
        self.message.emit("ok", "Invoice settings saved; they apply to invoices posted from now on.")

    # --- an invoice on screen and on paper -------------------------------------------------
    def preview(self, inv: InvoiceView) -> None:
        size = self.page_size
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
            self.message.emit("error", f"Could not print: {exc}")

    def print_invoice(self, inv: InvoiceView) -> None:
        printer = self.dialogs.choose_printer(self.view)
        if printer is None:
            return
        size = self.page_size
        self.runner.run(
            lambda: self._counted_pdf(inv.id, size),
            lambda pdf: self._paint(printer, pdf),
            self._failed,
        )

    def _counted_pdf(self, invoice_id: uuid.UUID, size: str) -> bytes:
        """Count the print (a reprint says COPY) and render it; off the GUI thread."""
        view = self.services.invoicing.record_print(self.actor, invoice_id)
        return _render_invoice(view, size, view.print_count > 0)

    # --- PDF files -------------------------------------------------------------------------
    def save_pdf(self, inv: InvoiceView) -> None:
        kind = "credit-note" if inv.kind == "credit_note" else "invoice"
        path = self.dialogs.pdf_path(self.view, f"Save {inv.title} as PDF", f"{kind}-{inv.number}.pdf")
        if path is None:
            return
        size = self.page_size
        self.runner.run(
            lambda: _write(path, self._counted_pdf(inv.id, size)),
            lambda _none: self._saved(path),
            self._failed,
        )

    def save_receipt(self, inv: InvoiceView) -> None:
        path = self.dialogs.pdf_path(self.view, "Save the receipt as PDF", f"receipt-{inv.number}.pdf")
        if path is None:
            return
        self.runner.run(
            lambda: _write(path, _render_receipt(inv, inv.print_count > 0)),
            lambda _n: self._saved(path),
            self._failed,
        )

    def statement(self, customer_id: uuid.UUID, name: str, today: date) -> None:
        """An account's statement for the dates the person chooses, saved where they say."""
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
        _write(path, statement_pdf(view, self.page_size))

    def _saved(self, path: Path) -> None:
        self.message.emit("ok", f"Saved to {path}")
        self.dialogs.show_pdf(path)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise BayDeskError(f"BayDesk could not write {path}: {exc.strerror or exc}.") from exc
