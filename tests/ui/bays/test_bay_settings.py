"""The owner's bays tab and the technician report tab, used as an owner would."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.services.bays.board import BayInput
from app.services.bays.dto import BayView
from app.services.container import Services
from tests.ui.bays.test_bay_board import ScriptedDialogs, build
from tests.ui.helpers import cells


class FormDialogs(ScriptedDialogs):
    """Fills the bay form with the next prepared answer."""

    forms: list[BayInput]

    def bay_form(self, parent: QWidget, existing: BayView | None, position: int) -> BayInput | None:
        return self.forms.pop(0) if self.forms else None


def test_the_owner_adds_a_bay_changes_it_and_takes_it_out_of_use(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    area = build(qtbot, services, owner)
    dialogs = FormDialogs()
    bays = area.controller.bays
    assert bays is not None
    bays.dialogs = dialogs
    dialogs.forms = [BayInput("Alignment", "Back", 1, ("Hunter rack",))]
    bays.add_action.trigger()
    qtbot.waitUntil(lambda: [r[0] for r in cells(bays.proxy)] == ["Alignment"])
    dialogs.forms = [BayInput("Alignment", "Back", 2, ("Hunter rack", "TPMS tool"))]
    bays.edit_action.trigger()
    qtbot.waitUntil(lambda: cells(bays.proxy)[0][2] == "2")
    assert cells(bays.proxy)[0][5] == "Hunter rack, TPMS tool"
    dialogs.texts = ["Rack calibration"]
    # pick() answers 0: the first status, "Active"; choose maintenance by scripting the pick
    dialogs.pick = lambda parent, title, prompt, items: list(items).index("Maintenance")  # type: ignore[method-assign]
    bays.status_action.trigger()
    qtbot.waitUntil(lambda: cells(bays.proxy)[0][4] == "Maintenance: Rack calibration")
    qtbot.waitUntil(lambda: "active → maintenance (Rack calibration)" in area.view.bays.history_label.text())  # type: ignore[union-attr]
    board = area.controller.board

    def shown_in_maintenance() -> bool:  # the board follows the bays tab
        shown = board.board
        if shown is None or not shown.bays or str(shown.bays[0].id) not in board.view.columns:
            return False
        return "MAINTENANCE" in board.view.columns[str(shown.bays[0].id)].detail_label.text()

    qtbot.waitUntil(shown_in_maintenance)
    area.runner.wait()


def test_the_report_tab_shows_every_technician_and_bay(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    services.bays.save_bay(owner, BayInput("Bay 1"))
    area = build(qtbot, services, owner)
    report = area.controller.report
    assert report is not None
    today = date.today()
    area.view.report.first_edit.setDate(today)  # type: ignore[union-attr]
    area.view.report.last_edit.setDate(today)  # type: ignore[union-attr]
    report.show_action.trigger()
    qtbot.waitUntil(lambda: report.report is not None and report.report.first == today)
    assert [row[0] for row in cells(report.bays_proxy)] == ["Bay 1"]
    area.runner.wait()
