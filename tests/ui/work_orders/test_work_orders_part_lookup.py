"""The part line's look-up: typing a real SKU (or scanning a barcode) makes the line a catalog part."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.services.parts.catalog import PartInput
from app.ui.work_orders.line_dialog import LineDialog
from tests.ui.helpers import cells
from tests.ui.work_order_helpers import WorkOrdersArea, brake_estimate, build_area

CTRL = Qt.KeyboardModifier.ControlModifier
STOCK_COLUMN = 8


@pytest.fixture
def rotor(services: Services, owner: Actor) -> None:
    """Cost 30.00 and no own price (the shop's markup makes it 48.00), a 12.50 core, 4 on the shelf."""
    part = services.parts.create_part(
        owner,
        PartInput(
            sku="ROT-220",
            name="Brake rotor, front",
            cost="30.00",
            core_charge="12.50",
            barcodes=("0076174512205",),
        ),
    )
    services.inventory.receive(owner, part.id, "4")


def part_dialog(area: WorkOrdersArea) -> LineDialog:
    area.press(Qt.Key.Key_T, CTRL)  # add a part to the job
    dialog = area.last_dialog()
    assert isinstance(dialog, LineDialog)
    return dialog


def settled(dialog: LineDialog) -> bool:
    lookup = dialog.lookup
    return lookup is not None and lookup.is_settled()  # type: ignore[attr-defined]


def test_typing_a_real_sku_fills_price_cost_and_core_and_saves_a_catalog_line(
    qtbot, ana: CustomerView, services: Services, desk: Actor, rotor: None, tmp_path: Path
) -> None:
    area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    area.open(view)
    dialog = part_dialog(area)
    assert dialog.focusWidget() is dialog.edits["part_number"]  # the look-up comes first

    qtbot.keyClicks(dialog.edits["part_number"], "ROT-220")
    qtbot.waitUntil(lambda: dialog.edits["unit_price"].text() == "48.00")
    assert dialog.edits["unit_cost"].text() == "30.00"
    assert dialog.edits["core_charge"].text() == "12.50"
    assert dialog.edits["description"].text() == "Brake rotor, front"
    assert dialog.stock_label.text() == "Catalog part ROT-220: 4 on hand, core $12.50"
    assert dialog.edits["unit_cost"].isReadOnly()  # the catalog's cost is what the line keeps
    assert dialog.preview.text() == "$48.00 before tax + $12.50 core deposit"  # quoted before posting

    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.edits["part_number"], Qt.Key.Key_Return, CTRL)
    area.settle()
    saved = services.work_orders.get(desk, view.id).jobs[0].lines[-1]
    assert (saved.part_number, saved.unit_price, saved.unit_cost, saved.core_charge) == (
        "ROT-220",
        Decimal("48.00"),
        Decimal("30.00"),
        Decimal("12.50"),
    )
    assert saved.part_id is not None
    rows = cells(area.editor.estimate_proxy)
    assert rows[-1][STOCK_COLUMN] == "Not allocated"
    assert rows[2][STOCK_COLUMN] == "Non-stock"  # the brake pads were typed by hand


def test_a_scanned_barcode_links_the_part_and_a_typed_number_not_in_the_catalog_stays_non_stock(
    qtbot, ana: CustomerView, services: Services, desk: Actor, rotor: None, tmp_path: Path
) -> None:
    area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    area.open(view)
    dialog = part_dialog(area)
    qtbot.keyClicks(dialog.edits["part_number"], "0076174512205")
    qtbot.keyClick(dialog.edits["part_number"], Qt.Key.Key_Return)  # the scanner's Enter
    qtbot.waitUntil(lambda: dialog.part_id is not None)
    assert dialog.edits["part_number"].text() == "ROT-220"
    assert dialog.edits["unit_price"].text() == "48.00"

    dialog.edits["part_number"].setFocus()
    dialog.edits["part_number"].selectAll()
    qtbot.keyClicks(dialog.edits["part_number"], "DEALER-77")  # not the catalog's any more
    qtbot.waitUntil(lambda: settled(dialog))
    assert dialog.part_id is None
    assert "non-stock" in dialog.stock_label.text()
    assert not dialog.edits["unit_cost"].isReadOnly()
    dialog.edits["unit_cost"].clear()
    qtbot.keyClicks(dialog.edits["unit_cost"], "31.00")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.edits["part_number"], Qt.Key.Key_Return, CTRL)
    area.settle()
    saved = services.work_orders.get(desk, view.id).jobs[0].lines[-1]
    assert (saved.part_number, saved.part_id, saved.unit_cost) == ("DEALER-77", None, Decimal("31.00"))
    assert cells(area.editor.estimate_proxy)[-1][STOCK_COLUMN] == "Non-stock"


def test_words_of_the_name_list_matches_to_pick_with_the_keyboard(
    qtbot, ana: CustomerView, services: Services, desk: Actor, owner: Actor, rotor: None, tmp_path: Path
) -> None:
    services.parts.create_part(owner, PartInput(sku="ROT-221", name="Brake rotor, rear", cost="28.00"))
    area = build_area(qtbot, services, desk, tmp_path)
    area.open(brake_estimate(services, desk, ana))
    dialog = part_dialog(area)
    qtbot.keyClicks(dialog.edits["part_number"], "rotor rear")
    qtbot.waitUntil(lambda: dialog.matches.isVisible() and dialog.matches.count() == 1)
    assert dialog.matches.item(0).text().startswith("ROT-221 — Brake rotor, rear")
    qtbot.keyClick(dialog.edits["part_number"], Qt.Key.Key_Down)
    assert dialog.focusWidget() is dialog.matches
    qtbot.keyClick(dialog.matches, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.edits["part_number"].text() == "ROT-221")
    assert dialog.edits["unit_price"].text() == "44.80"  # 28.00 + 60 %
    assert not dialog.matches.isVisible()


def test_editing_a_catalog_line_keeps_its_price_and_link_when_enter_is_pressed_on_its_number(
    qtbot, ana: CustomerView, services: Services, desk: Actor, owner: Actor, rotor: None, tmp_path: Path
) -> None:
    from app.domain.totals import LineKind
    from app.services.work_orders.estimates import LineInput

    view = brake_estimate(services, desk, ana)
    rotor_id = services.parts.find_code(desk, "ROT-220").id  # type: ignore[union-attr]
    line = LineInput(LineKind.PART, "", "1", "52.00", condition="new", part_id=rotor_id)  # a price agreed
    view = services.estimates.add_line(desk, view.id, view.jobs[0].id, line, view.version)
    area = build_area(qtbot, services, desk, tmp_path)
    area.open(view)
    table = area.view.editor.estimate_table
    table.setFocus()
    table.selectRow(3)  # the rotor's line
    area.press(Qt.Key.Key_F2)
    dialog = area.last_dialog()
    assert isinstance(dialog, LineDialog)
    assert (dialog.part_id, dialog.stock_label.text()) == (rotor_id, "Not allocated")
    dialog.edits["part_number"].setFocus()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):  # Enter saves the dialog
        qtbot.keyClick(dialog.edits["part_number"], Qt.Key.Key_Return)
    area.settle()
    saved = services.work_orders.get(desk, view.id).jobs[0].lines[-1]
    assert (saved.unit_price, saved.part_id) == (Decimal("52.00"), rotor_id)  # the agreed price stays
