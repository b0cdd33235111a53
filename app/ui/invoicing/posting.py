"""An invoice's life: posted from completed work or a counter sale, then voided or credited.

A posted invoice is never edited. It is voided whole, with a reason, or some
of its lines are credited by a credit note, a document of its own that may
owe the customer a refund.
"""

from __future__ import annotations

from PySide6.QtCore import Signal

from app.services.invoicing.dto import InvoiceView, ReadyWorkOrder
from app.ui.invoicing.operations import InvoicingOperations


class InvoicePosting(InvoicingOperations):
    invoice_posted = Signal(object)  # the new InvoiceView

    def post(self, order: ReadyWorkOrder) -> None:
        dialog = self.dialogs.post(self.view, order)

        def post(on_account: bool, note: str) -> InvoiceView:
            if order.source == "counter_ticket":
                return self.services.invoicing.post_from_counter_ticket(self.actor, order.id, note=note)
            return self.services.invoicing.post_from_work_order(
                self.actor, order.id, on_account=on_account, note=note
            )

        dialog.post_submitted.connect(
            lambda on_account, note: self._save(
                dialog, lambda: post(on_account, note), self.invoice_posted.emit
            )
        )
        self._open(dialog)

    def void(self, inv: InvoiceView) -> None:
        if inv.status != "posted":
            return
        dialog = self.dialogs.void(self.view, inv)
        dialog.reason_submitted.connect(
            lambda reason: self._save(
                dialog,
                lambda: self.services.invoicing.void(self.actor, inv.id, reason),
                self.invoice_saved.emit,
            )
        )
        self._open(dialog)

    def credit_note(self, inv: InvoiceView) -> None:
        if inv.status != "posted" or inv.kind != "invoice":
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
        fmt = credit.shop_locale
        owed = (
            f" {fmt.money(-credit.balance_due)} is owed to the customer (Refund)."
            if credit.balance_due < 0
            else ""
        )
        self.message.emit(
            "ok", f"Credit note {credit.number} issued: {fmt.money(credit.totals.total)}.{owed}"
        )
        self.invoice_saved.emit(credit)
