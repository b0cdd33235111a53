"""Job and ticket discounts from the work order editor, by keyboard: the amount shown as typed, the
owner's approval asked for above the limit, the discounts listed under the totals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.domain.price_sheet import LaborRate, PriceSheet, TaxComponent
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.ui.work_orders.discount_dialog import DiscountDialog
from tests.conftest import OWNER_PASSWORD
from tests.ui.work_order_helpers import brake_estimate, build_area

D = Decimal
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SHEET = PriceSheet(
    labor_rates=(LaborRate("general", "General", D("100")),),
    taxes=(TaxComponent("state", "State tax", D("10"), ("part", "labor")),),
    discount_limits=(("front_desk", D("10")),),
)


def _typed(qtbot: QtBot, dialog: DiscountDialog, value: str, reason: str) -> None:
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, value)
    qtbot.waitUntil(lambda: "Takes off" in dialog.effect.text(), timeout=10_000)
    qtbot.keyClicks(dialog.reason, reason)


def test_discounts_on_the_job_and_the_ticket_from_the_editor(
    qtbot: QtBot, ana: CustomerView, services: Services, owner: Actor, desk: Actor, tmp_path: Path
) -> None:
    services.price_sheet.save_sheet(owner, SHEET)
    area = build_area(qtbot, services, desk, tmp_path)
    opened: list[Any] = []
    area.editor.discounts.dialog_opened.connect(opened.append)
    order = brake_estimate(services, desk, ana)  # 1.5 h at 100.00 and two pads at 44.50: 239.00
    area.open(order)
    editor = area.view.editor

    area.press(Qt.Key.Key_D, CTRL)  # the selected job's discount
    qtbot.waitUntil(lambda: len(opened) == 1)
    dialog: DiscountDialog = opened[-1]
    assert "Front brakes" in dialog.windowTitle()
    assert all(w.accessibleName() for w in (dialog.kind, dialog.value, dialog.reason, dialog.effect))
    _typed(qtbot, dialog, "10", "loyal customer")
    assert "23.90" in dialog.effect.text() and not dialog.owner_needed()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "loyal customer" in editor.discounts_label.text())
    # 239.00 less 23.90 = 215.10, and 10 % tax: 236.61
    assert "236.61" in editor.total_values["total"].text()
    assert "Front brakes discount" in editor.discounts_label.text()
    area.settle()

    area.press(Qt.Key.Key_O, CTRL_SHIFT)  # the whole ticket's, above the writer's 10 %
    qtbot.waitUntil(lambda: len(opened) == 2)
    dialog = opened[-1]
    _typed(qtbot, dialog, "50", "fleet trial")
    assert "107.55" in dialog.effect.text() and "an owner approves" in dialog.effect.text()
    assert dialog.owner_needed() and dialog.password.accessibleName()
    qtbot.keyClicks(dialog.owner, "owner")
    qtbot.keyClicks(dialog.password, "not the password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong user name or password" in dialog.banner.text(), timeout=10_000)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, OWNER_PASSWORD)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "approved by Olivia Owner" in editor.discounts_label.text())
    saved = services.work_orders.get(desk, order.id)
    assert [(d.label, d.amount, d.approved_by) for d in saved.discounts] == [
        ("Front brakes", D("23.90"), ""),
        ("Ticket", D("107.55"), "Olivia Owner"),
    ]
    area.settle()
