"""With a receipt printer on the terminal: the cash drawer opens for cash, Ctrl+E prints the receipt on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import save_printer_settings
from app.devices.receipt_printer import PrinterSettings
from app.domain.permissions import Actor
from app.services.container import Services
from app.ui.invoicing.dialogs import PostInvoiceDialog
from app.ui.invoicing.payment_dialog import PaymentDialog
from tests.printer_support import StandInPrinter, decode
from tests.ui.invoicing.test_invoicing_area import area, press  # noqa: F401  (the area fixture)


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[StandInPrinter]:
    """The terminal's settings in the test's folder, with the stand-in as its network printer."""
    monkeypatch.setenv("BAYDESK_HOME", str(tmp_path / "home"))
    printer = StandInPrinter()
    save_printer_settings(PrinterSettings("network", printer.address, paper="80"))
    yield printer
    printer.close()


def test_cash_opens_the_drawer_and_the_receipt_prints_with_its_barcode_and_cut(
    qtbot: QtBot,
    stand_in: StandInPrinter,
    area: Any,  # noqa: F811
    services: Services,
    desk: Actor,
) -> None:
    controller, view, opened, _order, _dialogs = area
    view.ready_table.setFocus()
    view.ready_table.selectRow(0)
    press(qtbot, view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened) and isinstance(opened[-1], PostInvoiceDialog))
    qtbot.mouseClick(opened[-1].save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Invoice 1 posted" in view.message_label.text())
    assert stand_in.jobs == []  # posting opens no drawer

    services.drawers.open(desk, "100.00")
    press(qtbot, view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(opened[-1], PaymentDialog))
    pay: PaymentDialog = opened[-1]
    qtbot.keyClicks(pay.amounts[pay.methods[0]], "218.95")  # cash
    qtbot.keyClicks(pay.tendered, "220.00")
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(stand_in.jobs) == 1, timeout=10_000)  # the GUI thread starts the kick
    [kick] = stand_in.wait_for(1)
    assert decode(kick).actions == ["kick pin 2"]
    qtbot.waitUntil(lambda: controller.is_settled() and controller.runner.is_idle())

    press(qtbot, view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(stand_in.jobs) == 2, timeout=10_000)
    printed = decode(stand_in.jobs[1])
    assert printed.lines[0] == "Test Garage" and "RECEIPT - Invoice 1" in printed.text
    assert any(line.startswith("TOTAL") and line.endswith("$218.95") for line in printed.lines)
    assert any(line.startswith("Change") and line.endswith("1.05") for line in printed.lines)
    assert printed.actions == ["barcode 1", "cut"]
    qtbot.waitUntil(lambda: "sent to the receipt printer" in view.message_label.text())
    invoice = controller.invoice
    assert invoice is not None and services.invoicing.get(desk, invoice.id).receipt_count == 1
