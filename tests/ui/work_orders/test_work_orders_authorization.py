"""The authorization dialog: a decision per job by keyboard, who and how, and the models behind it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.domain.permissions import Actor
from app.domain.totals import LineKind
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.services.work_orders.estimates import JobInput, LineInput
from app.services.work_orders.orders import AuthorizationInput
from app.ui.formatting import money as dollars
from app.ui.work_orders.authorization_dialog import AuthorizationDialog, DecisionsModel, jobs_to_decide
from app.ui.work_orders.tables import VehicleWorkOrdersModel
from tests.ui.helpers import SHOP_ZONE, cells
from tests.ui.work_order_helpers import brake_estimate, build_area

CTRL = Qt.KeyboardModifier.ControlModifier


def test_space_declines_a_job_and_phone_needs_the_number_called(
    qtbot, ana: CustomerView, services: Services, desk: Actor, tmp_path: Path
) -> None:
    wo_area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    view = services.estimates.add_job(desk, view.id, JobInput("Wiper blades"), view.version)
    wo_area.open(view)
    wo_area.press(Qt.Key.Key_A, CTRL)
    dialog = wo_area.last_dialog()
    assert isinstance(dialog, AuthorizationDialog)
    assert dialog.amounts.text() == (
        f"Authorized if saved: {dollars(view.totals.total)}  ·  Last authorized: $0.00"
        f"  ·  Difference: +{dollars(view.totals.total)}"
    )
    assert not dialog.phone_called.isEnabled()  # in person by default
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # the wipers: declined
    assert [row[0] for row in cells(dialog.decisions)] == ["Approve", "Decline"]
    dialog.method.setFocus()
    qtbot.keyClicks(dialog.method, "P")  # Phone
    assert dialog.method.currentData() == "phone"
    assert dialog.phone_called.isEnabled()
    assert dialog.phone_called.text() == "(510) 555-0142"  # the customer's number, ready
    dialog.phone_called.clear()
    dialog.authorized_by.clear()
    qtbot.keyClick(dialog.phone_called, Qt.Key.Key_Return)  # Enter saves: refused
    qtbot.waitUntil(lambda: dialog.field_message("phone_called").isVisible())
    assert dialog.field_message("phone_called").text() == "record the number called for an oral authorization"
    assert dialog.field_message("authorized_by").text() == "name the person who authorized"
    qtbot.keyClicks(dialog.authorized_by, "Luis Ruiz")
    qtbot.keyClicks(dialog.relation.lineEdit(), "Spouse")
    qtbot.keyClicks(dialog.phone_called, "(510) 555-0143")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.phone_called, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wo_area.editor.work_order.authorizations != ())
    saved = services.work_orders.get(desk, view.id)
    assert [j.decision for j in saved.jobs] == ["approved", "declined"]
    history = cells(wo_area.editor.authorizations_proxy)[0]
    assert history[1:6] == ["Luis Ruiz", "Spouse", "Phone", "(510) 555-0143", "Sam Writer"]
    assert history[6] == dollars(saved.authorized_total) and history[7] == "+" + dollars(
        saved.authorized_total
    )
    assert history[8] == "Front brakes; Wiper blades (declined)"


def test_the_amount_and_difference_follow_each_approval_and_decline(
    qtbot, ana: CustomerView, services: Services, desk: Actor, tmp_path: Path
) -> None:
    wo_area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    view = services.estimates.add_job(desk, view.id, JobInput("Wiper blades"), view.version)
    wipers = view.jobs[1].id
    view = services.estimates.add_line(
        desk,
        view.id,
        wipers,
        LineInput(LineKind.PART, "Wiper blade pair", "1", "38.00", condition="new"),
        view.version,
    )
    view = services.work_orders.authorize(  # the brakes first; the wipers wait
        desk, view.id, AuthorizationInput({view.jobs[0].id: "approve"}, "Ana Ruiz", "in_person"), view.version
    )
    brakes_only = view.authorized_total
    assert brakes_only is not None
    wo_area.open(view)
    wo_area.press(Qt.Key.Key_A, CTRL)
    dialog = wo_area.last_dialog()
    assert isinstance(dialog, AuthorizationDialog)
    assert [row[1] for row in cells(dialog.decisions)] == ["Wiper blades"]
    with_wipers = view.totals.total
    assert f"Authorized if saved: {dollars(with_wipers)}" in dialog.amounts.text()
    assert f"Difference: +{dollars(with_wipers - brakes_only)}" in dialog.amounts.text()

    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # the wipers: declined after all
    assert dialog.amounts.text() == (
        f"Authorized if saved: {dollars(brakes_only)}  ·  Last authorized: {dollars(brakes_only)}"
        "  ·  Difference: $0.00"
    )
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # approved again
    assert f"Authorized if saved: {dollars(with_wipers)}" in dialog.amounts.text()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    wo_area.settle()
    assert services.work_orders.get(desk, view.id).authorized_total == with_wipers  # what it showed


def test_every_populated_work_order_model_passes_the_model_tester(
    qtmodeltester, qtbot, ana: CustomerView, services: Services, desk: Actor, tmp_path: Path
) -> None:
    wo_area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    view = services.work_orders.authorize(
        desk, view.id, AuthorizationInput({view.jobs[0].id: "approve"}, "Ana Ruiz", "in_person"), view.version
    )
    qtbot.waitUntil(lambda: wo_area.controller.model.rowCount() == 1)
    wo_area.open(view)
    editor = wo_area.editor
    assert editor.estimate.rowCount() == 3 and editor.authorizations.rowCount() == 1
    decisions = DecisionsModel()
    decisions.set_jobs(jobs_to_decide(view))
    history = VehicleWorkOrdersModel(SHOP_ZONE)
    history.set_rows(services.work_orders.vehicle_history(desk, ana.vehicles[0].id))
    assert decisions.rowCount() == 1 and history.rowCount() == 1
    for model in (
        wo_area.controller.model,
        wo_area.controller.proxy,
        editor.estimate,
        editor.estimate_proxy,
        editor.authorizations,
        editor.authorizations_proxy,
        decisions,
        history,
    ):
        qtmodeltester.check(model, force_py=True)
