"""A canned job's type, chosen in its dialog from the price sheet's job types, is saved with it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.domain.price_sheet import LaborRate, PriceSheet
from app.services.container import Services
from tests.ui.helpers import save
from tests.ui.settings.test_settings_canned_jobs import DESCRIPTION, QUANTITY, _open_new
from tests.ui.settings_helpers import build_settings, type_cell

SHEET = PriceSheet(
    labor_rates=(
        LaborRate("general", "General", Decimal("120")),
        LaborRate("warr", "Warranty", Decimal("90")),
    ),
    job_type_rates=(("warranty", "warr"),),
)


def test_the_job_type_chosen_in_the_dialog_is_saved(
    qtbot: QtBot, services: Services, owner: Actor, desk: Actor
) -> None:
    services.price_sheet.save_sheet(owner, SHEET)
    area = build_settings(qtbot, services, desk)
    dialog = _open_new(area)
    combo = dialog.job_type_combo
    qtbot.waitUntil(lambda: combo.count() == 2)
    assert combo.currentText() == "Default rate"
    qtbot.keyClicks(dialog.name_edit, "Warranty inspection")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == "warranty"
    type_cell(qtbot, dialog.lines_table, 0, DESCRIPTION, "Inspect")
    type_cell(qtbot, dialog.lines_table, 0, QUANTITY, "1")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: area.controller.canned.model.rowCount() == 1)
    (job,) = services.settings.canned_jobs(desk)
    assert (job.name, job.job_type) == ("Warranty inspection", "warranty")
