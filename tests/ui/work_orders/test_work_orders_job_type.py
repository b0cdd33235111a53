"""The job card's job type: chosen by keyboard, it re-prices the job's labor at the type's rate."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt

from app.domain.permissions import Actor
from app.domain.price_sheet import LaborRate, PriceSheet
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.services.work_orders.estimates import JobInput
from app.services.work_orders.orders import AuthorizationInput
from app.ui.formatting import money
from app.ui.work_orders.line_dialog import LineDialog
from tests.ui.helpers import cells
from tests.ui.work_order_helpers import brake_estimate, build_area, first_vehicle

CTRL = Qt.KeyboardModifier.ControlModifier
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


def test_a_labor_lines_hint_quotes_the_rate_of_its_jobs_type(
    qtbot, ana: CustomerView, services: Services, desk: Actor, owner: Actor, tmp_path: Path
) -> None:
    """A diagnostic job's labor is saved at the sheet's diagnostic rate: the dialog says that rate."""
    sheet = PriceSheet(
        labor_rates=(
            LaborRate("general", "General", Decimal("120")),
            LaborRate("diag", "Diagnostic", Decimal("175")),
        ),
        job_type_rates=(("diagnostic", "diag"),),
    )
    services.price_sheet.save_sheet(owner, sheet)
    order = services.work_orders.create(desk, first_vehicle(ana).id, 42_100)
    order = services.estimates.add_job(
        desk, order.id, JobInput("Check engine light", job_type="diagnostic"), order.version
    )
    area = build_area(qtbot, services, desk, tmp_path)
    area.open(order)

    area.press(Qt.Key.Key_L, CTRL)  # add labor to the job
    dialog = area.last_dialog()
    assert isinstance(dialog, LineDialog)
    rate = dialog.edits["unit_price"]
    qtbot.waitUntil(lambda: money(Decimal("175")) in rate.placeholderText())
    assert rate.placeholderText() == f"Diagnostic rate {money(Decimal('175'))} an hour"
    assert money(order.labor_rate) not in rate.placeholderText()  # not the work order's own rate
    qtbot.keyClicks(dialog.edits["description"], "Scan and road test")
    dialog.edits["quantity"].selectAll()
    qtbot.keyClicks(dialog.edits["quantity"], "1.0")
    assert dialog.preview.text() == f"{money(Decimal('175'))} before tax"
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.edits["quantity"], Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: len(area.editor.work_order.jobs[0].lines) == 1)
    saved = services.work_orders.get(desk, order.id).jobs[0].lines[0]
    assert (saved.unit_price, saved.labor_rate_code) == (Decimal("175.00"), "diag")  # as the hint said
    area.settle()
