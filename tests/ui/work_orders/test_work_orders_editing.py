"""The editor keeps what the person typed: stale saves, refused input, confirmations, re-authorization."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.domain.permissions import Actor
from app.domain.totals import LineKind
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.services.work_orders.estimates import LineInput
from app.services.work_orders.orders import AuthorizationInput
from app.ui.formatting import money as dollars
from app.ui.shared.pick_dialog import PickDialog
from app.ui.work_orders.job_dialog import JobDialog
from app.ui.work_orders.line_dialog import LineDialog
from app.ui.work_orders.status_dialog import StatusDialog
from tests.ui.helpers import cells
from tests.ui.work_order_helpers import WorkOrdersArea, add_technician, brake_estimate, build_area

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _to_row(area: WorkOrdersArea, row: int) -> None:
    """Arrow keys from the top of the estimate to ``row``."""
    area.press(Qt.Key.Key_Home)
    table = area.view.editor.estimate_table
    table.setFocus()
    table.selectRow(0)
    for _ in range(row):
        area.press(Qt.Key.Key_Down)
    assert table.currentIndex().row() == row


def test_a_stale_save_names_who_changed_it_and_keeps_the_typing(
    qtbot, ana: CustomerView, services: Services, desk: Actor, owner: Actor, tmp_path: Path
) -> None:
    wo_area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    wo_area.open(view)
    _to_row(wo_area, 1)  # the labor line
    wo_area.press(Qt.Key.Key_F2)
    dialog = wo_area.last_dialog()
    assert isinstance(dialog, LineDialog)
    dialog.edits["description"].selectAll()
    qtbot.keyClicks(dialog.edits["description"], "Replace front pads, machine rotors")
    labor = view.jobs[0].lines[0]
    services.estimates.update_line(  # the owner, on another terminal, saves first
        owner, view.id, labor.id, LineInput(LineKind.LABOR, "Replace pads", "2"), view.version
    )
    qtbot.keyClick(dialog.edits["description"], Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: "changed by Olivia Owner" in dialog.banner.text())
    wo_area.settle()
    assert dialog.isVisible()
    assert dialog.edits["description"].text() == "Replace front pads, machine rotors"
    assert "quantity now “2” (was “1.5”)" in dialog.banner.text()
    assert "What you typed is still here." in dialog.banner.text()
    assert [b.text() for b in dialog.banner_buttons()] == ["Use saved values"]
    assert cells(wo_area.editor.estimate_proxy)[1][4] == "2"  # the editor shows their change behind

    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.edits["description"], Qt.Key.Key_Return, CTRL)  # save again: mine applies
    saved = services.work_orders.get(desk, view.id)
    assert saved.jobs[0].lines[0].description == "Replace front pads, machine rotors"


def test_refused_input_is_shown_beside_the_fields_and_nothing_is_lost(
    qtbot, ana: CustomerView, services: Services, desk: Actor, tmp_path: Path
) -> None:
    wo_area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    wo_area.open(view)
    wo_area.press(Qt.Key.Key_T, CTRL)  # add a part
    dialog = wo_area.last_dialog()
    assert isinstance(dialog, LineDialog)
    qtbot.keyClicks(dialog.edits["description"], "Rotor")
    dialog.edits["quantity"].selectAll()
    qtbot.keyClicks(dialog.edits["quantity"], "0")
    qtbot.keyClicks(dialog.edits["unit_price"], "74.505")
    qtbot.keyClick(dialog.edits["unit_price"], Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: dialog.field_message("condition").isVisible())  # checked before the numbers
    assert "new, used, rebuilt, OEM or aftermarket" in dialog.field_message("condition").text()
    qtbot.keyClick(dialog.condition, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.condition, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: dialog.field_message("unit_price").isVisible())
    assert dialog.field_message("unit_price").text() == "has more than 2 decimals"
    qtbot.keyClick(dialog.edits["unit_price"], Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.condition, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: dialog.field_message("quantity").isVisible())
    assert dialog.field_message("quantity").text() == "must be more than zero"
    assert not dialog.field_message("unit_price").isVisible()
    assert dialog.edits["quantity"].text() == "0"
    assert dialog.edits["unit_price"].text() == "74.50"
    assert dialog.edits["description"].text() == "Rotor"
    assert dialog.condition.currentText() == "New"
    assert len(services.work_orders.get(desk, view.id).jobs[0].lines) == 2  # nothing half-saved


def test_a_change_after_authorization_asks_for_the_difference(
    qtbot, ana: CustomerView, services: Services, desk: Actor, tmp_path: Path
) -> None:
    wo_area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    view = services.work_orders.authorize(
        desk, view.id, AuthorizationInput({view.jobs[0].id: "approve"}, "Ana Ruiz", "in_person"), view.version
    )
    wo_area.open(view)
    banner = wo_area.view.editor.reauth_banner
    assert not banner.isVisible()
    wo_area.press(Qt.Key.Key_Down)
    wo_area.press(Qt.Key.Key_Up)
    wo_area.press(Qt.Key.Key_Up)  # back on the job's row
    wo_area.press(Qt.Key.Key_Up)
    wo_area.press(Qt.Key.Key_T, CTRL)  # add a part
    dialog = wo_area.last_dialog()
    qtbot.keyClicks(dialog.edits["description"], "Hardware kit")
    qtbot.keyClick(dialog.condition, Qt.Key.Key_Down)
    qtbot.keyClicks(dialog.edits["unit_price"], "18.00")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.edits["unit_price"], Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: wo_area.editor.work_order.needs_reauthorization)
    fresh = services.work_orders.get(desk, view.id)
    assert banner.isVisible()
    assert f"Customer must authorize {dollars(fresh.reauthorization_difference)} more" in banner.text()
    assert wo_area.view.editor.total_values["authorized"].text() == dollars(view.authorized_total)
    assert cells(wo_area.editor.estimate_proxy)[0][7] == "Approved · changed"


def test_removing_asks_first_and_a_canned_job_inserts_in_one_step(
    qtbot, ana: CustomerView, services: Services, desk: Actor, owner: Actor, tmp_path: Path
) -> None:
    wo_area = build_area(qtbot, services, desk, tmp_path)
    services.settings.save_canned_job(
        owner,
        "Oil and filter change",
        "Due for service",
        [
            LineInput(LineKind.LABOR, "Change oil and filter", "0.5"),
            LineInput(LineKind.PART, "Oil filter", "1", "12.95", condition="aftermarket"),
        ],
    )
    view = brake_estimate(services, desk, ana)
    wo_area.open(view)
    _to_row(wo_area, 2)
    wo_area.press(Qt.Key.Key_Delete)
    assert wo_area.dialogs.confirmations[-1] == (
        "Remove the part line “Brake pad set” ($89.00) from “Front brakes”?"
    )
    qtbot.waitUntil(lambda: len(wo_area.editor.work_order.jobs[0].lines) == 1)

    wo_area.press(Qt.Key.Key_K, CTRL)
    picker = wo_area.wait_dialog(PickDialog)
    qtbot.keyClicks(picker.filter_edit, "oil")
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(wo_area.editor.work_order.jobs) == 2)
    rows = cells(wo_area.editor.estimate_proxy)
    assert [r[1] for r in rows[2:]] == ["Oil and filter change", "Change oil and filter", "Oil filter"]


def test_hold_asks_the_reason_and_complete_asks_the_odometer(
    qtbot, ana: CustomerView, services: Services, desk: Actor, owner: Actor, tmp_path: Path
) -> None:
    technician = add_technician(services, owner)
    wo_area = build_area(qtbot, services, desk, tmp_path)
    from app.domain.work_orders import Status
    from app.services.work_orders.estimates import JobInput

    view = brake_estimate(services, desk, ana)
    view = services.estimates.update_job(
        desk,
        view.id,
        view.jobs[0].id,
        JobInput("Front brakes", technician_id=technician.user_id),
        view.version,
    )
    view = services.work_orders.authorize(
        desk, view.id, AuthorizationInput({view.jobs[0].id: "approve"}, "Ana Ruiz", "in_person"), view.version
    )
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    wo_area.open(view)
    assert not wo_area.controller.editor.actions["start_work"].isEnabled()  # only allowed moves
    assert not wo_area.controller.editor.actions["mark_approved"].isEnabled()

    wo_area.press(Qt.Key.Key_H, CTRL_SHIFT)
    hold = wo_area.last_dialog()
    assert isinstance(hold, StatusDialog)
    assert hold.reason.currentText() == "Waiting for parts"
    qtbot.keyClick(hold.reason, Qt.Key.Key_Tab)
    qtbot.keyClicks(hold.detail, "rotors due Thursday")
    with qtbot.waitSignal(hold.finished, timeout=10_000):
        qtbot.keyClick(hold.detail, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wo_area.editor.work_order.status == "on_hold")
    assert wo_area.view.editor.status_label.text() == "On hold — Waiting for parts: rotors due Thursday"

    wo_area.press(Qt.Key.Key_I, CTRL_SHIFT)
    qtbot.waitUntil(lambda: wo_area.editor.work_order.status == "in_progress")
    wo_area.press(Qt.Key.Key_C, CTRL_SHIFT)
    done = wo_area.last_dialog()
    assert isinstance(done, StatusDialog)
    qtbot.keyClicks(done.odometer_out, "42,000")
    qtbot.keyClick(done.odometer_out, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: done.field_message("odometer_out").isVisible())
    assert "lower than the odometer in (42,100)" in done.field_message("odometer_out").text()
    done.odometer_out.selectAll()
    qtbot.keyClicks(done.odometer_out, "42,135")
    with qtbot.waitSignal(done.finished, timeout=10_000):
        qtbot.keyClick(done.odometer_out, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wo_area.editor.work_order.status == "completed")
    assert wo_area.view.editor.facts["odometer"].text() == "in 42,100 · out 42,135"
    assert not wo_area.controller.editor.actions["add_part"].isEnabled()


def test_editing_a_job_keeps_its_reminder_and_assigns_the_technician(
    qtbot, ana: CustomerView, services: Services, desk: Actor, owner: Actor, tmp_path: Path
) -> None:
    add_technician(services, owner)
    wo_area = build_area(qtbot, services, desk, tmp_path)
    from app.services.work_orders.estimates import JobInput

    view = services.work_orders.create(desk, ana.vehicles[0].id)
    view = services.estimates.add_job(
        desk, view.id, JobInput("Oil change", reminder_months=6, reminder_miles=5000), view.version
    )
    wo_area.open(view)
    wo_area.press(Qt.Key.Key_Return)  # Enter on the job's row edits it
    dialog = wo_area.last_dialog()
    assert isinstance(dialog, JobDialog)
    assert (dialog.reminder_months.text(), dialog.reminder_miles.text()) == ("6", "5000")
    qtbot.keyClick(dialog.technician, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: wo_area.editor.work_order.jobs[0].technician_name == "Tony Tech")
    job = services.work_orders.get(desk, view.id).jobs[0]
    assert (job.reminder_months, job.reminder_miles) == (6, 5000)
    assert wo_area.view.editor.job_facts["technician"].text() == "Tony Tech"


def test_a_technician_records_cause_and_correction_but_prices_nothing(
    qtbot, services: Services, desk: Actor, ana: CustomerView, tmp_path: Path, owner: Actor
) -> None:
    technician = add_technician(services, owner)
    view = brake_estimate(services, desk, ana)
    area = build_area(qtbot, services, technician, tmp_path)
    area.open(view)
    actions = area.controller.editor.actions
    assert not actions["add_part"].isEnabled() and not actions["authorize"].isEnabled()
    assert not area.controller.actions["new_work_order"].isEnabled()
    area.press(Qt.Key.Key_F2)
    dialog = area.last_dialog()
    assert isinstance(dialog, JobDialog)
    assert dialog.texts["cause"].hasFocus() and dialog.title_edit.isReadOnly()
    qtbot.keyClicks(dialog.texts["cause"], "Pads worn to 2 mm")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.texts["cause"], Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: area.view.editor.job_facts["cause"].text() == "Pads worn to 2 mm")
