"""This terminal's receipt printer and cash drawer: where it is, its paper, a test print.

Kept in the terminal's own settings file, not the shop's: each counter has its
own printer. With "No receipt printer", receipts stay the 80 mm PDF.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import printer_settings, save_printer_settings
from app.devices.receipt_printer import (
    CONNECTIONS,
    DRAWER_PINS,
    PAPERS,
    PrinterSettings,
    check_settings,
    receipt_bytes,
    sample_receipt,
    send,
)
from app.domain.permissions import Actor
from app.services.container import Services
from app.ui.errors import error_message
from app.ui.shared.form import FormDialog
from app.ui.tasks import TaskRunner
from app.ui.widgets import named, set_level

ADDRESS_HINTS = {
    "none": "",
    "network": "192.168.1.50 or 192.168.1.50:9100",
    "usb": "vendor:product in hex, e.g. 04b8:0202",
    "serial": "/dev/ttyUSB0 or COM3, with @19200 if not 9600",
    "file": "/dev/usb/lp0, or a file to write the bytes to",
}


def printer_summary(settings: PrinterSettings) -> str:
    if not settings.configured:
        return "No receipt printer on this terminal: receipts are the 80 mm PDF."
    drawer = "with a cash drawer" if settings.drawer_pin else "no cash drawer"
    return f"{CONNECTIONS[settings.connection].split(' (')[0]} printer at {settings.address}, {settings.paper} mm, {drawer}."


def _combo(name: str, choices: dict[str, str], current: str) -> QComboBox:
    combo = named(QComboBox(), name)
    for key, label in choices.items():
        combo.addItem(label, key)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class PrinterDialog(FormDialog):
    """``printer_submitted`` carries the PrinterSettings typed; ``test_requested`` the same, to try."""

    printer_submitted = Signal(object)
    test_requested = Signal(object)
    geometry_key = "printer_dialog"

    def __init__(self, current: PrinterSettings, parent: QWidget | None = None) -> None:
        super().__init__("Receipt printer on this terminal", parent)
        self.connection = _combo("printer_connection", CONNECTIONS, current.connection)
        self.address = named(QLineEdit(current.address), "printer_address")
        self.paper = _combo("printer_paper", PAPERS, current.paper)
        self.drawer = _combo("printer_drawer", DRAWER_PINS, current.drawer_pin)
        self.logo = named(QCheckBox("Print the shop's logo (Invoicing settings)"), "printer_logo")
        self.logo.setChecked(current.logo)
        self.test_button = named(QPushButton("&Test print"), "printer_test")
        self.test_status = named(QLabel(wordWrap=True), "printer_test_status")
        form = QFormLayout()
        form.addRow("Connection", self.field("connection", self.connection))
        form.addRow("Address", self.field("address", self.address))
        form.addRow("Paper", self.field("paper", self.paper))
        form.addRow("Cash drawer", self.field("drawer_pin", self.drawer))
        form.addRow("", self.logo)
        form.addRow(self.test_button, self.test_status)
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        widgets = [self.connection, self.address, self.paper, self.drawer, self.logo, self.test_button]
        self.set_tab_order(widgets)
        self.connection.currentIndexChanged.connect(self._connection_chosen)
        self.test_button.clicked.connect(lambda: self.test_requested.emit(self.typed()))
        self._connection_chosen()
        self.setMinimumWidth(480)
        self.restore_geometry()
        self.connection.setFocus()

    def typed(self) -> PrinterSettings:
        return PrinterSettings(
            str(self.connection.currentData()),
            self.address.text(),
            str(self.paper.currentData()),
            self.logo.isChecked(),
            str(self.drawer.currentData()),
        )

    def _connection_chosen(self) -> None:
        kind = str(self.connection.currentData())
        self.address.setPlaceholderText(ADDRESS_HINTS.get(kind, ""))
        for widget in (self.address, self.paper, self.drawer, self.logo, self.test_button):
            widget.setEnabled(kind != "none")

    def show_test(self, level: str, text: str) -> None:
        set_level(self.test_status, level, text)

    def focus_field(self, name: str) -> None:
        fields = {"address": self.address, "paper": self.paper, "drawer_pin": self.drawer}
        fields.get(name, self.connection).setFocus()

    def emit_submitted(self) -> None:
        self.printer_submitted.emit(self.typed())


class PrinterPanel(QWidget):
    """The Settings card: which printer this terminal has, and the button to set it up."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printer_panel")
        self.summary = named(QLabel(wordWrap=True), "printer_summary")
        self.setup_button = named(QPushButton("Receipt &printer…"), "printer_setup")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.setup_button)


class PrinterSetupController(QObject):
    dialog_opened = Signal(object)
    test_printed = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        panel: PrinterPanel,
        runner: TaskRunner,
        load: Callable[[], PrinterSettings] = printer_settings,
    ) -> None:
        super().__init__(panel)
        self.services, self.actor, self.panel, self.runner, self.load = services, actor, panel, runner, load
        panel.setup_button.clicked.connect(self.edit)
        panel.summary.setText(printer_summary(load()))

    def edit(self) -> None:
        dialog = PrinterDialog(self.load(), self.panel)
        dialog.test_requested.connect(lambda settings: self._test(dialog, settings))
        dialog.printer_submitted.connect(lambda settings: self._save(dialog, settings))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _test(self, dialog: PrinterDialog, wanted: PrinterSettings) -> None:
        def work() -> None:
            settings = check_settings(wanted)
            shop = self.services.setup.shop(self.actor.shop_id)
            send(settings, receipt_bytes(sample_receipt(settings, shop.name), settings))

        def printed(_none: object) -> None:
            dialog.show_test("ok", "Sent. The test page shows the paper's full width, a barcode, and is cut.")
            self.test_printed.emit()

        dialog.show_test("hint", "Printing…")
        self.runner.run(work, printed, lambda exc: dialog.show_test("error", error_message(exc)))

    def _save(self, dialog: PrinterDialog, wanted: PrinterSettings) -> None:
        def saved(settings: PrinterSettings) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.panel.summary.setText(printer_summary(settings))

        self.runner.run(lambda: save_printer_settings(wanted), saved, dialog.show_error)
