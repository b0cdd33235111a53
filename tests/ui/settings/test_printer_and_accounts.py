"""Settings: the terminal's receipt printer set up and tried, and the accounts of the accounting export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.config import printer_settings
from app.domain.permissions import Actor
from app.services.container import Services
from app.ui.settings.books_accounts import AccountsDialog
from app.ui.settings.printer_setup import PrinterDialog
from tests.printer_support import StandInPrinter, decode
from tests.ui.settings_helpers import build_settings


@pytest.fixture
def terminal_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This terminal's settings file in the test's own folder: other tests keep no printer."""
    monkeypatch.setenv("BAYDESK_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def stand_in() -> Iterator[StandInPrinter]:
    printer = StandInPrinter()
    yield printer
    printer.close()


def choose(combo: QComboBox, key: str) -> None:
    combo.setCurrentIndex(combo.findData(key))


def test_the_owner_sets_up_a_network_printer_tries_it_and_saves_it(
    qtbot: QtBot, services: Services, owner: Actor, terminal_home: Path, stand_in: StandInPrinter
) -> None:
    area = build_settings(qtbot, services, owner)
    panel = area.view.printer
    assert panel.summary.text() == "No receipt printer on this terminal: receipts are the 80 mm PDF."
    opened: list[PrinterDialog] = []
    area.controller.printer.dialog_opened.connect(opened.append)
    qtbot.mouseClick(panel.setup_button, Qt.MouseButton.LeftButton)
    dialog = opened[0]
    assert not dialog.address.isEnabled()  # nothing to say where while there is no printer
    choose(dialog.connection, "network")
    assert dialog.address.placeholderText() == "192.168.1.50 or 192.168.1.50:9100"
    qtbot.keyClicks(dialog.address, stand_in.address)
    choose(dialog.paper, "58")

    with qtbot.waitSignal(area.controller.printer.test_printed, timeout=10_000):
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    printed = decode(stand_in.wait_for(1)[0])
    assert printed.lines[:2] == ["Test Garage", "Test print"]
    assert "Paper 58 mm, 32 characters" in printed.text and printed.actions[-1] == "cut"
    assert dialog.test_status.text().startswith("Sent.")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.summary.text().startswith("Network"))
    assert printer_settings().address == stand_in.address and printer_settings().paper == "58"
    assert panel.summary.text() == f"Network printer at {stand_in.address}, 58 mm, with a cash drawer."


def test_a_bad_address_is_refused_beside_its_field(
    qtbot: QtBot, services: Services, owner: Actor, terminal_home: Path
) -> None:
    area = build_settings(qtbot, services, owner)
    opened: list[PrinterDialog] = []
    area.controller.printer.dialog_opened.connect(opened.append)
    qtbot.mouseClick(area.view.printer.setup_button, Qt.MouseButton.LeftButton)
    dialog = opened[0]
    choose(dialog.connection, "usb")
    qtbot.keyClicks(dialog.address, "epson")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_message("address").isVisible())
    assert "04b8:0202" in dialog.field_message("address").text()
    assert printer_settings().configured is False


def test_the_owner_maps_an_account_and_the_export_uses_it(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    area = build_settings(qtbot, services, owner)
    opened: list[AccountsDialog] = []
    area.controller.books.dialog_opened.connect(opened.append)
    qtbot.mouseClick(area.view.books.accounts_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[0]
    assert dialog.edits["tax"].text() == "Sales Tax Payable"
    dialog.edits["labor"].selectAll()
    qtbot.keyClicks(dialog.edits["labor"], "4000 Labor")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: area.view.books.status_label.isVisible())
    assert services.books.accounts(owner).name("labor") == "4000 Labor"
    assert area.view.books.status_label.text() == "Accounts saved; the next export uses them."
