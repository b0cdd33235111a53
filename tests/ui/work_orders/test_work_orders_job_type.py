"""The job card's job type: chosen by keyboard, it re-prices the job's labor at the type's rate."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt

from app.domain.permissions import Actor
from app.domain.price_sheet import LaborRate, PriceSheet
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.services.work_orders.orders import AuthorizationInput
from app.ui.formatting import money
from tests.ui.helpers import cells
from tests.ui.work_order_helpers import brake_estimate, build_area

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SHEET = PriceSheet(
    labor_rates=(
        LaborRate("general", "General", Decimal("120")),
        LaborRate("diag", "Diagnostic", Decimal("150")),
    ),
    job_type_rates=(("diagnostic", "diag"),),
)


def test_choosing_the_jobs_type_reprices_its_labor(
    qtbot, ana: CustomerView, services: Services, desk: Actor, owner: Actor, tmp_path: Path
) -> None:
    services.price_sheet.save_sheet(owner, SHEET)
    area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)  # 1.5 h labor at the sheet's default 120.00
    area.open(view)
    combo = area.editor.job_type.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Default rate",
        f"diagnostic — Diagnostic {money(Decimal('150'))}/h",
    ]
    assert combo.currentText() == "Default rate" and combo.isEnabled()
    assert cells(area.editor.estimate_proxy)[1][5] == "120.00"

    area.press(Qt.Key.Key_J, CTRL_SHIFT)  # to the job type, its list open
    qtbot.waitUntil(lambda: combo.view().isVisible())
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: area.editor.work_order.jobs[0].job_type == "diagnostic")
    area.settle()
    assert combo.currentText().startswith("diagnostic")
    labor = cells(area.editor.estimate_proxy)[1]
    assert labor[5] == "150.00" and "225.00" in labor  # 1.5 h × 150.00
    saved = services.work_orders.get(desk, view.id).jobs[0]
    assert (saved.job_type, saved.lines[0].unit_price, saved.lines[0].labor_rate_code) == (
        "diagnostic",
        Decimal("150.00"),
        "diag",
    )

    # once the customer authorized it, the type stays as it was authorized
    current = services.work_orders.get(desk, view.id)
    services.work_orders.authorize(
        desk,
        view.id,
        AuthorizationInput({current.jobs[0].id: "approve"}, "Ana", "in_person"),
        current.version,
    )
    qtbot.waitUntil(lambda: area.editor.work_order.status != "estimate", timeout=10_000)
    assert not combo.isEnabled()
