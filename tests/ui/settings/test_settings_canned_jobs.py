"""Canned jobs managed from the Settings area: typed into the dialog's grid, listed, edited, removed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.domain.totals import LineKind
from app.services.container import Services
from app.services.work_orders.estimates import LineInput
from app.ui.settings.canned_job_dialog import CannedJobDialog
from app.ui.settings.canned_lines import CannedLinesModel
from tests.ui.helpers import cells, save
from tests.ui.settings_helpers import SettingsArea, activate, build_settings, type_cell

# grid columns
KIND, DESCRIPTION, PART_NO, CONDITION, QUANTITY, PRICE, COST = range(7)


def _open_new(area: SettingsArea) -> CannedJobDialog:
    area.view.canned.table.setFocus()
    area.qtbot.keyClick(area.view.canned.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert area.opened, "Ctrl+N opened no dialog"
    dialog = area.opened[-1]
    area.qtbot.waitUntil(dialog.isVisible)
    activate(area.qtbot, dialog)
    return dialog


def _oil_change(services: Services, actor: Actor) -> None:
    services.settings.save_canned_job(
        actor,
        "Oil change",
        "Due for oil",
        [
            LineInput(LineKind.LABOR, "Oil and filter", "0.5"),
            LineInput(
                LineKind.PART,
                "Oil filter",
                "1",
                "12.50",
                "4.10",
                "OF-22",
                "oem",
                taxable=False,
                discount_percent="10",
                vendor="WorldPac",
            ),
        ],
        6,
        5000,
    )


def test_a_canned_job_with_two_lines_typed_into_the_dialog_is_listed_and_saved(
    qtbot: QtBot, services: Services, desk: Actor
) -> None:
    area = build_settings(qtbot, services, desk)
    dialog = _open_new(area)
    assert dialog.windowTitle() == "New canned job"
    qtbot.keyClicks(dialog.name_edit, "Front brake pads and rotors")
    qtbot.keyClicks(dialog.concern_edit, "Squeal when braking")
    qtbot.keyClicks(dialog.months_edit, "12")
    qtbot.keyClicks(dialog.miles_edit, "12,000")
    table = dialog.lines_table
    assert dialog.lines.data(dialog.lines.index(0, PRICE)) == "shop rate"  # labor, empty price
    type_cell(qtbot, table, 0, DESCRIPTION, "Replace front pads and rotors")
    type_cell(qtbot, table, 0, QUANTITY, "1.5")
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # add a line
    assert dialog.lines.rowCount() == 2
    type_cell(qtbot, table, 1, DESCRIPTION, "Brake pads")
    type_cell(qtbot, table, 1, PART_NO, "BRK-4471")
    type_cell(qtbot, table, 1, CONDITION, "Aftermarket")
    type_cell(qtbot, table, 1, QUANTITY, "2")
    type_cell(qtbot, table, 1, PRICE, "45.99")
    type_cell(qtbot, table, 1, COST, "21.00")
    save(qtbot, dialog)

    qtbot.waitUntil(lambda: area.controller.canned.model.rowCount() == 1)
    assert cells(area.controller.canned.proxy) == [
        ["Front brake pads and rotors", "2", "12 months or 12,000 mi"]
    ]
    (job,) = services.settings.canned_jobs(desk)
    assert (job.name, job.concern, job.reminder_months, job.reminder_miles) == (
        "Front brake pads and rotors",
        "Squeal when braking",
        12,
        12_000,
    )
    labor, pads = job.lines
    assert (labor["kind"], labor["description"], labor["quantity"], labor["unit_price"]) == (
        "labor",
        "Replace front pads and rotors",
        "1.5",
        "",
    )
    assert (pads["kind"], pads["part_number"], pads["condition"], pads["quantity"]) == (
        "part",
        "BRK-4471",
        "aftermarket",
        "2",
    )
    assert (pads["unit_price"], pads["unit_cost"]) == ("45.99", "21.00")
    assert area.view.canned.table.currentIndex().row() == 0  # the new job is selected


def test_a_bad_line_is_named_under_the_grid_and_nothing_is_saved(
    qtbot: QtBot, services: Services, desk: Actor
) -> None:
    area = build_settings(qtbot, services, desk)
    dialog = _open_new(area)
    qtbot.keyClicks(dialog.name_edit, "Wipers")
    type_cell(qtbot, dialog.lines_table, 0, KIND, "Part")
    type_cell(qtbot, dialog.lines_table, 0, DESCRIPTION, "Wiper blades")
    type_cell(qtbot, dialog.lines_table, 0, QUANTITY, "0")
    qtbot.keyClicks(dialog.months_edit, "six")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_message("reminder_months").text() == "a whole number above zero, or empty for none"

    dialog.months_edit.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = dialog.field_message("lines")
    qtbot.waitUntil(lambda: message.isVisible() and message.text() != "")
    assert message.text().startswith("Line 1 ")
    assert dialog.isVisible()
    assert dialog.name_edit.text() == "Wipers"
    area.settle()
    assert services.settings.canned_jobs(desk) == []


def test_edit_and_remove_a_canned_job(qtbot: QtBot, services: Services, desk: Actor) -> None:
    _oil_change(services, desk)
    area = build_settings(qtbot, services, desk)
    table = area.view.canned.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter edits
    dialog = area.opened[-1]
    assert dialog.name_edit.text() == "Oil change"
    assert dialog.miles_edit.text() == "5,000"
    assert dialog.lines.rowCount() == 2
    assert dialog.lines.data(dialog.lines.index(1, CONDITION)) == "OEM"
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, "Oil and filter change")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: cells(area.controller.canned.proxy)[0][0] == "Oil and filter change")
    [saved] = services.settings.canned_jobs(desk)
    assert saved.name == "Oil and filter change"
    filter_line = saved.lines[1]  # what the grid does not show survives its edit
    assert (filter_line["discount_percent"], filter_line["vendor"], filter_line["taxable"]) == (
        "10",
        "WorldPac",
        False,
    )

    activate(qtbot, area.view)  # back in the window once the dialog has closed
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert area.dialogs.confirmations and "Oil and filter change" in area.dialogs.confirmations[0]
    qtbot.waitUntil(lambda: area.controller.canned.model.rowCount() == 0)
    assert services.settings.canned_jobs(desk) == []
    assert area.view.canned.summary_label.text().startswith("No canned jobs yet.")


def test_populated_canned_job_models_pass_the_model_tester(
    qtmodeltester, qtbot: QtBot, services: Services, owner: Actor
) -> None:
    _oil_change(services, owner)
    area = build_settings(qtbot, services, owner)
    canned = area.controller.canned
    assert canned.model.rowCount() == 1
    lines = CannedLinesModel()
    lines.set_lines(services.settings.canned_jobs(owner)[0].lines)
    lines.add_line()
    assert lines.rowCount() == 3
    for model in (canned.model, canned.proxy, lines):
        qtmodeltester.check(model, force_py=True)
    assert not lines.flags(lines.index(0, CONDITION)) & Qt.ItemFlag.ItemIsEditable  # labor has none
    assert lines.setData(lines.index(0, KIND), "part")
    assert lines.data(lines.index(0, CONDITION)) == "New"  # a part always carries a condition
