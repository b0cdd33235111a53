"""What every group of the Invoicing area's actions shares: a dialog, a save that closes it, the outcome.

A group opens a modal dialog; when the person confirms, the service call
runs off the GUI thread while the dialog stays open, busy. On success the
dialog closes and the group says what happened through its signals: a line
for the message bar, the invoice the service returned (the area shows it),
or that the lists are stale. On failure the dialog stays open and shows why,
with what was typed still in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.day.dto import DrawerView
from app.ui.errors import error_message
from app.ui.formatting import money
from app.ui.invoicing.dialogs import InvoicingDialogs
from app.ui.invoicing.payment_dialog import PaymentDialog
from app.ui.shared.counter_printer import CounterPrinter
from app.ui.shared.form import FormDialog
from app.ui.tasks import TaskRunner


class InvoicingOperations(QObject):
    dialog_opened = Signal(object)  # the dialog, for whoever wants to drive it (tests)
    message = Signal(str, str)  # level, text
    invoice_saved = Signal(object)  # the InvoiceView a save returned, to be shown
    lists_stale = Signal()  # a save changed what the area's lists show

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        dialogs: InvoicingDialogs,
        view: QWidget,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.runner = runner
        self.dialogs = dialogs
        self.view = view  # the dialogs' parent
        self.printer = CounterPrinter(runner, self)  # this terminal's receipt printer and cash drawer
        self.printer.message.connect(self.message)

    def _paid_with(self, tenders: list[Any], done: Callable[[Any], None]) -> Callable[[Any], None]:
        """``done``, after opening the cash drawer if cash was taken or paid back."""

        def after(result: Any) -> None:
            self.printer.kick_for(tenders)
            done(result)

        return after

    def _open(self, dialog: FormDialog) -> None:
        dialog.setModal(True)
        dialog.show()
        self.dialog_opened.emit(dialog)
        if isinstance(dialog, PaymentDialog):
            dialog.drawer_requested.connect(lambda: self._open_drawer(dialog))

    def _open_drawer(self, payment: PaymentDialog) -> None:
        """Cash needs this terminal's drawer: open it (the float counted), then go on with the payment."""
        dialog = self.dialogs.open_drawer(payment)
        dialog.cash_submitted.connect(
            lambda amount, _reason: self._save(
                dialog,
                lambda: self.services.drawers.open(self.actor, amount),
                lambda drawer: self._drawer_opened(payment, drawer),
            )
        )
        self._open(dialog)

    def _drawer_opened(self, payment: PaymentDialog, drawer: DrawerView) -> None:
        self.message.emit("ok", f"Cash drawer open on {drawer.terminal} with {money(drawer.opening_float)}.")
        payment.submit()  # the payment as it was typed, now that the cash has a drawer to go into

    def _save(self, dialog: FormDialog, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def ok(result: Any) -> None:
            dialog.set_busy(False)
            dialog.accept()
            done(result)

        self.runner.run(work, ok, dialog.show_error)

    def _failed(self, exc: BaseException) -> None:
        """A read or a file that failed outside a dialog: said in the area's message bar."""
        self.message.emit("error", error_message(exc))
