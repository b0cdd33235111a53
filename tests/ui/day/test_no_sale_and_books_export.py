"""The desk's "No sale" (a reason, then the drawer opens) and the owner's accounting export from Export…."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import save_printer_settings
from app.devices.receipt_printer import PrinterSettings
from app.domain.permissions import Actor
from app.services.container import Services
from app.ui.day.drawer_dialogs import NoSaleDialog
from app.ui.day.owner_dialogs import ExportDialog
from tests.integration.day.books_support import iif_balance, iif_transactions
from tests.integration.day_support import add_document
from tests.printer_support import StandInPrinter, decode
from tests.ui.day.test_owner_area import Owner, desk_area, owner_area  # noqa: F401  (the fixtures)


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[StandInPrinter]:
    monkeypatch.setenv("BAYDESK_HOME", str(tmp_path / "home"))
    printer = StandInPrinter()
    save_printer_settings(PrinterSettings("network", printer.address))
    yield printer
    printer.close()


def test_no_sale_asks_why_records_it_and_opens_the_drawer(
    qtbot: QtBot,
    stand_in: StandInPrinter,
    desk_area: Owner,  # noqa: F811
    services: Services,
    desk: Actor,
) -> None:
    area = desk_area
    assert not area.controller.actions["no_sale"].isEnabled()  # no drawer open yet
    services.drawers.open(desk, "100.00")
    area.controller.refresh()
    area.settle()
    dialog = area.key("Ctrl+Shift+N")
    assert isinstance(dialog, NoSaleDialog)
    dialog.submit()  # no reason typed
    assert dialog.field_message("reason").text() == "is required" and stand_in.jobs == []
    qtbot.keyClicks(dialog.reason, "Change for the coffee machine")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.submit()
    qtbot.waitUntil(lambda: len(stand_in.jobs) == 1, timeout=10_000)
    assert decode(stand_in.jobs[0]).actions == ["kick pin 2"]
    qtbot.waitUntil(lambda: "No sale recorded; the drawer opens." in area.view.message.text())


def test_the_owner_exports_the_month_as_iif_and_a_second_export_says_so(
    owner_area: Owner,  # noqa: F811
    services: Services,
    owner: Actor,
    desk: Actor,
    tmp_path: Path,
) -> None:
    area = owner_area
    today = services.day_close.today(owner)
    add_document(services.books.db, desk, today, 501, labor="80.00", tax="0.00")
    for attempt in range(2):
        dialog = area.key("Ctrl+Shift+E")
        assert isinstance(dialog, ExportDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("books_iif"))
        with area.qtbot.waitSignal(dialog.finished, timeout=10_000):
            dialog.submit()
        area.settle()
        said = area.view.message.text()
        assert said.startswith("1 journal entry (80.00 in debits and credits) saved to")
        assert ("exported before" in said) == (attempt == 1)
    saved = next(tmp_path.glob("books_iif-*.iif"))
    blocks = iif_transactions(saved.read_bytes().decode("utf-8"))
    assert [block[0]["DOCNUM"] for block in blocks] == ["INV 501"] and iif_balance(blocks[0]) == 0
