"""Allocating a part from stock to a job from the work order editor, from the keyboard."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.services.parts.catalog import PartInput
from app.services.work_orders.orders import AuthorizationInput
from tests.ui.work_order_helpers import brake_estimate, build_area


def test_ctrl_shift_k_takes_a_part_off_the_shelf_for_the_selected_job(
    qtbot: QtBot, services: Services, owner: Actor, desk: Actor, ana: CustomerView, tmp_path: Path
) -> None:
    part = services.parts.create_part(
        owner, PartInput(sku="BRK-4471", name="Ceramic pads", cost="20.00", price="44.50", barcodes=("111",))
    )
    services.inventory.receive(owner, part.id, "5")
    view = brake_estimate(services, desk, ana)
    job = view.jobs[0].id
    view = services.work_orders.authorize(
        desk, view.id, AuthorizationInput({job: "approve"}, "Ana Ruiz", "in_person"), view.version
    )
    area = build_area(qtbot, services, desk, tmp_path)
    area.open(view)
    asked: list[str] = []

    def scanned(_parent: object) -> tuple[str, str]:
        asked.append("code")
        return ("111", "2")

    area.editor.allocation.ask = scanned
    area.editor.view.estimate_table.setFocus()
    area.editor.view.estimate_table.selectRow(0)
    area.press(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(
        lambda: (
            area.editor.work_order is not None
            and any(ln.part_number == "BRK-4471" for ln in area.editor.work_order.jobs[0].lines)
        )
    )
    area.settle()
    assert asked == ["code"]
    assert services.parts.get(owner, part.id).on_hand == Decimal("3.000")
    line = next(ln for ln in area.editor.work_order.jobs[0].lines if ln.part_number == "BRK-4471")
    assert (line.quantity, line.unit_price) == (Decimal("2"), Decimal("44.50"))
