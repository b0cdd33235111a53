"""A scanner is told from a person by its speed, wherever the cursor is in the parts counter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.services.parts.catalog import PartInput
from app.ui.changes import ChangeBridge
from app.ui.parts.area_controller import PartsAreaController
from app.ui.parts.scanner import MAX_GAP_MS
from app.ui.parts.view import PartsView
from app.ui.tasks import TaskRunner
from tests.ui.helpers import cells
from tests.ui.settings_helpers import activate, quiesce

UPC = "036000291452"  # stored as its EAN-13, 0036000291452
SLOW_MS = 3 * MAX_GAP_MS  # a brisk typist


@pytest.fixture
def counter(qtbot: QtBot, services: Services, owner: Actor) -> Iterator[PartsAreaController]:
    services.setup.add_user(owner, "pat", "Pat Parts", Role.PARTS, "parts password 1")
    clerk = services.setup.sign_in("pat", "parts password 1", "Parts counter 1")
    wipers = services.parts.create_part(
        clerk, PartInput(sku="WIPER-20", name="Wiper blade 20in", cost="4.00", price="12.00", barcodes=(UPC,))
    )
    services.inventory.receive(clerk, wipers.id, "10")
    view = PartsView()
    runner = TaskRunner(view)
    controller = PartsAreaController(
        services, clerk, view, runner, ChangeBridge(services.changes), "UTC", None
    )
    qtbot.addWidget(view, before_close_func=lambda _v: quiesce(qtbot, controller.is_settled, runner))
    view.resize(1300, 700)
    view.show()
    activate(qtbot, view)
    controller.start()
    yield controller


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def scan(qtbot: QtBot, code: str, suffix: Qt.Key) -> None:
    """What a scanner sends: the code's keys at once, then its suffix, to whatever has the cursor."""
    target = focused()
    assert target is not None
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, suffix)


def type_slowly(qtbot: QtBot, text: str) -> None:
    for char in text:
        target = focused()
        assert target is not None
        qtbot.keyClicks(target, char)
        qtbot.wait(SLOW_MS)


def ticket(counter: PartsAreaController) -> list[list[str]]:
    return [row[:3] for row in cells(counter.counter.ticket_proxy)]


def test_a_scan_with_enter_lands_on_the_ticket_from_the_customer_box(
    qtbot: QtBot, counter: PartsAreaController
) -> None:
    page = counter.view.counter
    page.customer_edit.setFocus()
    type_slowly(qtbot, "Wanda")
    scan(qtbot, UPC, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ticket(counter) == [["WIPER-20", "Wiper blade 20in", "1"]])
    assert page.customer_edit.text() == "Wanda"  # the scan was taken back out of the box
    assert focused() is page.customer_edit


def test_a_scan_with_a_tab_suffix_lands_on_the_ticket_and_keeps_the_cursor(
    qtbot: QtBot, counter: PartsAreaController
) -> None:
    page = counter.view.counter
    page.ticket.setFocus()
    scan(qtbot, "0" + UPC, Qt.Key.Key_Tab)  # the same part's box printed with 13 digits
    qtbot.waitUntil(lambda: ticket(counter) == [["WIPER-20", "Wiper blade 20in", "1"]])
    assert focused() is page.ticket  # the scanner's Tab did not move the cursor
    scan(qtbot, UPC, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: ticket(counter) == [["WIPER-20", "Wiper blade 20in", "2"]])


def test_slow_typing_stays_typing_and_its_tab_moves_on(qtbot: QtBot, counter: PartsAreaController) -> None:
    page = counter.view.counter
    page.customer_edit.setFocus()
    type_slowly(qtbot, "Walk-in Wanda")
    qtbot.keyClick(page.customer_edit, Qt.Key.Key_Tab)
    assert page.customer_edit.text() == "Walk-in Wanda"
    assert focused() is not page.customer_edit  # a person's Tab goes to the next field
    qtbot.wait(300)
    assert ticket(counter) == []


def test_a_misread_scan_says_so(qtbot: QtBot, counter: PartsAreaController) -> None:
    counter.counter.focus_search()
    scan(qtbot, "036000291453", Qt.Key.Key_Return)
    message = counter.view.counter.search_message
    qtbot.waitUntil(lambda: "last digit should be 2" in message.text())
    assert ticket(counter) == []
