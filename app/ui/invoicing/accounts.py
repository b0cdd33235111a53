"""A customer's charge account: its terms and limit, and a payment received against it.

An account payment is not tied to one invoice: the service spreads it over
the account's open invoices, oldest first. Both change the Accounts tab, so
the area reads its lists again afterwards.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from app.domain.errors import BayDeskError
from app.domain.payments import Method, Tender
from app.services.invoicing.dto import AgingRow
from app.ui.formatting import money
from app.ui.invoicing.operations import InvoicingOperations


class CustomerAccounts(InvoicingOperations):
    def edit_account(self, customer_id: uuid.UUID, name: str) -> None:
        """Open the account dialog on what the account holds now (nothing, for a new account)."""
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
        self.message.emit("ok", f"Account of {account.customer_name} saved: net {account.terms_days}.")
        self.lists_stale.emit()

    def receive_payment(self, row: AgingRow) -> None:
        """One payment received for an account, spread over its open invoices, oldest first."""
        if row.total <= 0:
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
                dialog,
                lambda: self._pay_account(row.customer_id, tenders),
                self._paid_with(tenders, self._account_paid),
            )
        )
        self._open(dialog)

    def _pay_account(self, customer_id: uuid.UUID, tenders: list[Tender]) -> Decimal:
        if len(tenders) != 1:
            raise BayDeskError("Receive an account payment with one method at a time.")
        return self.services.accounts.pay(self.actor, customer_id, tenders[0])

    def _account_paid(self, change: Decimal) -> None:
        extra = f" Change due: {money(change)}." if change else ""
        self.message.emit("ok", f"Account payment recorded against the oldest open invoices.{extra}")
        self.lists_stale.emit()
