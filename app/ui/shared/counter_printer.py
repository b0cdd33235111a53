"""This terminal's receipt printer and the cash drawer on it, for every screen that needs them.

The settings come from the terminal's settings file each time (the set-up
screen may have changed them); bytes go out off the GUI thread. With no
printer set up, ``configured`` is False and the screens keep the PDF receipt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from app.config import printer_settings
from app.devices.receipt_printer import PrinterSettings, Receipt, kick_bytes, receipt_bytes, send
from app.domain.payments import Method, Tender
from app.ui.errors import error_message
from app.ui.tasks import TaskRunner


class CounterPrinter(QObject):
    message = Signal(str, str)  # level, text: what went wrong at the printer
    sent = Signal(str)  # "receipt", "kick" or "test": the printer took it

    def __init__(
        self,
        runner: TaskRunner,
        parent: QObject | None = None,
        load: Callable[[], PrinterSettings] = printer_settings,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.load = load

    @property
    def configured(self) -> bool:
        return self.load().configured

    def print_receipt(self, make: Callable[[], Receipt], done: Callable[[], None] | None = None) -> None:
        """Build the receipt (off the GUI thread: it may count the print) and send it, then cut."""

        def work() -> None:
            settings = self.load()
            send(settings, receipt_bytes(make(), settings))

        self._run(work, "receipt", done)

    def kick(self) -> None:
        """Open the cash drawer, when there is a printer with a drawer on it."""
        settings = self.load()
        if settings.configured and settings.drawer_pin:
            self._run(lambda: send(settings, kick_bytes(settings)), "kick")

    def kick_for(self, tenders: Iterable[Tender]) -> None:
        """Cash goes into (or out of) the drawer: open it."""
        if any(t.method == Method.CASH for t in tenders):
            self.kick()

    def _run(self, work: Callable[[], None], what: str, done: Callable[[], None] | None = None) -> None:
        def ok(_result: object) -> None:
            self.sent.emit(what)
            if done is not None:
                done()

        self.runner.run(work, ok, lambda exc: self.message.emit("error", error_message(exc)))
