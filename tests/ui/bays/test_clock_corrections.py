"""The owner's Clock corrections tab: a forgotten clock-out ended with a reason, a bad one refused."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from PySide6.QtCore import QDateTime, Qt
from pytestqt.qtbot import QtBot

from app.db.engine import Database
from app.db.models_bays import TimeEntry
from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.ui.bays.correction_dialog import CorrectionDialog
from tests.ui.bays.test_bay_board import build
from tests.ui.helpers import SHOP_ZONE, cells


def test_the_owner_ends_a_forgotten_clock_out_in_the_clock_corrections_tab(
    qtbot: QtBot, services: Services, owner: Actor, db: Database
) -> None:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    yesterday = datetime.now(SHOP_ZONE).date() - timedelta(days=1)
    start = datetime.combine(yesterday, time(7, 30), SHOP_ZONE)
    with db.session(write=True) as session:
        session.add(
            TimeEntry(
                shop_id=owner.shop_id, user_id=tech.user_id, kind="shift", started_at=start.astimezone(UTC)
            )
        )
        session.commit()

    area = build(qtbot, services, owner)
    tab = area.controller.corrections
    assert tab is not None and area.view.corrections is not None
    view = area.view.corrections
    area.view.tabs.setCurrentWidget(view)
    view.day_edit.setDate(yesterday)
    qtbot.waitUntil(lambda: [r[:4] for r in cells(tab.proxy)] == [["Shift", "", "7:30 AM", "running"]])
    view.entries_table.selectRow(0)
    opened: list[CorrectionDialog] = []
    tab.dialog_opened.connect(opened.append)
    view.entries_table.setFocus()
    qtbot.keyClick(view.entries_table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[-1]
    dialog.end.setDateTime(QDateTime(datetime.combine(yesterday, time(16, 30))))

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no reason: refused beside the field
    qtbot.waitUntil(lambda: dialog.field_message("reason").text() == "is required")
    qtbot.keyClicks(dialog.reason, "Forgot to clock out; left at 4:30")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: [r[2:5] for r in cells(tab.proxy)] == [["7:30 AM", "4:30 PM", "9.00 h"]])
    assert "Forgot to clock out" in cells(tab.proxy)[0][5]
    report = services.technician_reports.report(owner, yesterday, yesterday)
    assert [r.shift_hours for r in report.technicians if r.technician_id == tech.user_id] == [9]
    area.runner.wait()


def test_only_the_owner_sees_the_clock_corrections_tab(qtbot: QtBot, services: Services, desk: Actor) -> None:
    area = build(qtbot, services, desk)
    assert area.controller.corrections is None
    assert "Clock corrections" not in [area.view.tabs.tabText(i) for i in range(area.view.tabs.count())]
    area.runner.wait()
