"""A service writer takes a car from the counter to work in progress without the mouse."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.ui.formatting import money as dollars
from app.ui.work_orders.authorization_dialog import AuthorizationDialog
from app.ui.work_orders.job_dialog import JobDialog
from app.ui.work_orders.line_dialog import LineDialog
from app.ui.work_orders.new_dialog import NewWorkOrderDialog
from tests.ui.helpers import cells
from tests.ui.work_order_helpers import add_technician, build_area, first_vehicle

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _save_with_keys(qtbot, dialog) -> None:
    """Ctrl+Enter, as the tooltip on Save says, and wait for the dialog to close."""
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return, CTRL)


def test_new_work_order_job_labor_part_authorize_and_start(
    qtbot, ana: CustomerView, services: Services, desk: Actor, owner: Actor, tmp_path: Path
) -> None:
    add_technician(services, owner)
    wo_area = build_area(qtbot, services, desk, tmp_path)
    area = wo_area
    area.controller.new_work_order(first_vehicle(ana))  # what the customers area's action does
    dialog = area.last_dialog()
    assert isinstance(dialog, NewWorkOrderDialog)
    qtbot.waitUntil(lambda: "Ana Ruiz" in dialog.vehicle_label.text())
    assert dialog.odometer.hasFocus()
    qtbot.keyClicks(dialog.odometer, "42,100")
    qtbot.keyClick(dialog.odometer, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.notes, "Customer waiting")
    _save_with_keys(qtbot, dialog)
    qtbot.waitUntil(lambda: area.editor.work_order is not None)
    area.settle()
    editor = area.view.editor
    assert editor.title_label.text() == "Work order 1001"
    assert editor.facts["odometer"].text() == "in 42,100"
    assert area.view.showing_editor()

    area.press(Qt.Key.Key_J, CTRL)
    job = area.last_dialog()
    assert isinstance(job, JobDialog)
    qtbot.keyClicks(job.title_edit, "Front brake pads and rotors")
    qtbot.keyClick(job.title_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(job.texts["concern"], "Squeals when stopping")
    qtbot.keyClick(job.technician, Qt.Key.Key_Down)
    assert job.technician.currentText() == "Tony Tech"
    _save_with_keys(qtbot, job)
    qtbot.waitUntil(lambda: len(area.editor.work_order.jobs) == 1)

    area.press(Qt.Key.Key_L, CTRL)
    labor = area.last_dialog()
    assert isinstance(labor, LineDialog) and labor.windowTitle() == "Add labor — Front brake pads and rotors"
    qtbot.keyClicks(labor.edits["description"], "Replace front pads and rotors")
    labor.edits["quantity"].selectAll()
    qtbot.keyClicks(labor.edits["quantity"], "1.5")
    assert labor.preview.text() == "$225.00 before tax"  # the shop's $150.00 an hour
    _save_with_keys(qtbot, labor)

    area.press(Qt.Key.Key_T, CTRL)  # add a part
    part = area.last_dialog()
    assert isinstance(part, LineDialog)
    qtbot.keyClicks(part.edits["description"], "Ceramic brake pad set")
    qtbot.keyClicks(part.edits["part_number"], "D1210")
    qtbot.keyClick(part.condition, Qt.Key.Key_Down)
    assert part.condition.currentText() == "New"
    part.edits["quantity"].selectAll()
    qtbot.keyClicks(part.edits["quantity"], "2")
    qtbot.keyClicks(part.edits["unit_price"], "44.50")
    _save_with_keys(qtbot, part)
    qtbot.waitUntil(lambda: len(area.editor.work_order.jobs[0].lines) == 2)
    area.settle()

    saved = services.work_orders.get(desk, area.editor.work_order.id)
    shown = {name: label.text() for name, label in editor.total_values.items()}
    assert shown["labor"] == dollars(saved.totals.labor) == "$225.00"
    assert shown["parts"] == dollars(saved.totals.parts) == "$89.00"
    assert shown["tax"] == dollars(saved.totals.tax)
    assert shown["total"] == dollars(saved.totals.total)
    rows = cells(area.editor.estimate_proxy)
    assert [r[0] for r in rows] == ["Job 1", "Labor", "Part"]
    assert rows[2][1:7] == ["Ceramic brake pad set", "D1210", "New", "2", "44.50", "89.00"]

    area.press(Qt.Key.Key_A, CTRL)
    authorization = area.last_dialog()
    assert isinstance(authorization, AuthorizationDialog)
    assert authorization.authorized_by.text() == "Ana Ruiz"
    assert authorization.decisions.decisions() == {saved.jobs[0].id: "approve"}
    with qtbot.waitSignal(authorization.finished, timeout=10_000):
        qtbot.keyClick(authorization.table, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: area.editor.work_order.status == "approved")
    assert editor.total_values["authorized"].text() == dollars(saved.totals.total)
    assert cells(area.editor.authorizations_proxy)[0][1:4] == ["Ana Ruiz", "", "In person"]

    area.press(Qt.Key.Key_I, CTRL_SHIFT)
    qtbot.waitUntil(lambda: area.editor.work_order.status == "in_progress")
    assert editor.status_label.text() == "In progress"

    area.press(Qt.Key.Key_Escape)
    assert not area.view.showing_editor()
    area.view.chips["in_progress"].click()
    area.settle()
    assert [row[0] for row in cells(area.controller.proxy)] == ["1001"]
    assert area.view.chips["in_progress"].text() == "In progress · 1"
    assert area.view.chips["estimate"].text() == "Estimate · 0"
