"""Money over the counter for one document: a payment on an invoice, a refund of a credit note.

Both go through the payment dialog; a payment may be split over several
methods, a refund goes back by one method at a time.
"""

from __future__ import annotations

import uuid

from app.domain.errors import BayDeskError
from app.domain.payments import REFUND_METHODS, Method, Tender
from app.services.invoicing.dto import InvoiceView, PaymentResult
from app.ui.invoicing.operations import InvoicingOperations


class InvoicePayments(InvoicingOperations):
    def take_payment(self, inv: InvoiceView) -> None:
        """Take what is due on an invoice; an account customer may also charge it to the account."""
        if inv.balance_due <= 0 or inv.kind != "invoice":
            return
        methods = (Method.CASH, Method.CARD, Method.CHECK) + (
            (Method.ACCOUNT,) if inv.is_account_customer else ()
        )
        dialog = self.dialogs.payment(
            self.view, f"Take payment — invoice {inv.number}", inv.balance_due, methods
        )
        dialog.payment_submitted.connect(
            lambda tenders: self._save(
                dialog,
                lambda: self.services.payments.take(self.actor, inv.id, tenders),
                self._paid_with(tenders, self._paid),
            )
        )
        self._open(dialog)

    def take_payer_payment(self, inv: InvoiceView) -> None:
        """The insurer's or warranty company's payment of its part (a payment on its account)."""
        payer = inv.payer
        if payer is None or payer.payer_balance <= 0:
            return
        dialog = self.dialogs.payment(
            self.view,
            f"{payer.payer_name}'s part — invoice {inv.number}",
            payer.payer_balance,
            (Method.CHECK, Method.CARD, Method.CASH),
            action="Receive payment",
        )
        dialog.payment_submitted.connect(
            lambda tenders: self._save(
                dialog,
                lambda: self._pay_payer_part(inv.id, tenders),
                self._paid_with(tenders, self._payer_paid),
            )
        )
        self._open(dialog)

    def _pay_payer_part(self, invoice_id: uuid.UUID, tenders: list[Tender]) -> InvoiceView:
        if len(tenders) != 1:
            raise BayDeskError("Receive the payer's payment with one method at a time.")
        self.services.payers.pay(self.actor, invoice_id, tenders[0])
        return self.services.invoicing.get(self.actor, invoice_id)

    def _payer_paid(self, invoice: InvoiceView) -> None:
        name = invoice.payer.payer_name if invoice.payer else "The payer"
        self.message.emit("ok", f"{name}'s payment recorded on invoice {invoice.number}.")
        self.invoice_saved.emit(invoice)
        self.lists_stale.emit()

    def _paid(self, result: PaymentResult) -> None:
        fmt = result.invoice.shop_locale
        change = f" Change due: {fmt.money(result.change_due)}." if result.change_due else ""
        self.message.emit("ok", f"Payment recorded on invoice {result.invoice.number}.{change}")
        self.invoice_saved.emit(result.invoice)

    def refund(self, inv: InvoiceView) -> None:
        """Pay back what a credit note owes the customer."""
        if inv.kind != "credit_note" or inv.balance_due >= 0:
            return
        dialog = self.dialogs.payment(
            self.view, f"Refund — credit note {inv.number}", -inv.balance_due, REFUND_METHODS, action="Refund"
        )
        dialog.payment_submitted.connect(
            lambda tenders: self._save(
                dialog,
                lambda: self._refund_all(inv.id, tenders),
                self._paid_with(tenders, lambda result: self.invoice_saved.emit(result.invoice)),
            )
        )
        self._open(dialog)

    def _refund_all(self, credit_id: uuid.UUID, tenders: list[Tender]) -> PaymentResult:
        if len(tenders) != 1:
            raise BayDeskError("Refund with one method at a time.")
        return self.services.payments.refund(self.actor, credit_id, tenders[0])
