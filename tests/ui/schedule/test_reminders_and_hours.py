"""A reminder booked in one keystroke; the owner's working weeks; a technician reads the schedule only."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.db.engine import Database
from app.domain.permissions import Actor, Role
from app.services.bays.dto import BayView
from app.services.container import Services
from app.ui.changes import ChangeBridge
from app.ui.customers.reminders_controller import RemindersController
from app.ui.customers.reminders_view import RemindersView
from app.ui.schedule.hours_controller import HoursDialogs, WeekAnswer
from app.ui.tasks import TaskRunner
from tests.integration.schedule_support import ZONE, add_reminder, at, book, next_weekday
from tests.integration.work_order_helpers import Car
from tests.ui.helpers import cells
from tests.ui.schedule.conftest import open_area


def test_ctrl_b_books_the_chosen_reminder_at_the_first_free_time(
    qtbot: QtBot, services: Services, desk: Actor, db: Database, bays: list[BayView], car: Car
) -> None:
    tomorrow = datetime.now(ZONE).date() + timedelta(days=1)
    add_reminder(db, desk, car.vehicle_id, "Oil change", tomorrow)
    view = RemindersView()
    qtbot.addWidget(view)
    runner = TaskRunner(view)
    controller = RemindersController(services, desk, view, runner, ChangeBridge(services.changes), ZONE)
    view.show()
    with qtbot.waitSignal(controller.reminders_shown):
        controller.start()
    view.focus_list()
    with qtbot.waitSignal(controller.appointment_booked, timeout=10_000) as booked:
        qtbot.keyClick(view.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    appointment = booked.args[0]
    first_open = tomorrow if tomorrow.weekday() != 6 else tomorrow + timedelta(days=1)
    assert (appointment.drop_off_at, appointment.bay, appointment.source_label) == (
        at(first_open, 8),
        "Bay 1",
        "Reminder",
    )
    assert view.message_label.text() == (
        f"Oil change for Maria Lopez: booked {first_open:%a}, {first_open:%b} {first_open.day} at 8:00 AM in Bay 1."
    )
    runner.wait()


class ScriptedHours(HoursDialogs):
    def __init__(self, week: WeekAnswer | None) -> None:
        super().__init__()
        self.answer = week

    def week(self, parent, week, defaults):  # type: ignore[no-untyped-def]
        return self.answer


def test_the_owner_gives_a_technician_a_week_of_their_own(
    qtbot: QtBot, services: Services, owner: Actor, ken: uuid.UUID
) -> None:
    area, runner = open_area(qtbot, services, owner)
    hours = area.controller.hours
    assert hours is not None
    area.view.tabs.setCurrentIndex(1)
    assert cells(hours.proxies["weeks"]) == [["Ken Nakamura", *["bays' hours"] * 7]]
    hours.dialogs = ScriptedHours(WeekAnswer({0: (time(7), time(15, 30)), 2: (time(9), time(18))}))
    area.view.hours.weeks_table.selectRow(0)
    hours.edit_week()
    area.qtbot.waitUntil(lambda: area.view.hours.message_label.text() != "")
    area.settle()
    assert cells(hours.proxies["weeks"]) == [
        ["Ken Nakamura", "7:00 AM–3:30 PM", "off", "9:00 AM–6:00 PM", "off", "off", "off", "off"]
    ]
    assert area.view.hours.message_label.text() == "Ken Nakamura's week is saved."
    monday = next_weekday(0)
    load = services.schedule.calendar(owner, monday, monday).days[0]
    assert load.technician_hours == Decimal("8.5")
    runner.wait()


def test_a_technician_reads_the_schedule_but_cannot_drag_or_book(
    qtbot: QtBot, services: Services, owner: Actor, desk: Actor, bays: list[BayView], car: Car
) -> None:
    services.setup.add_user(owner, "tony", "Tony Tech", Role.TECHNICIAN, "tech password 12")
    tech = services.setup.sign_in("tony", "tech password 12", "Bay terminal", mode="bay")
    day = next_weekday(1)
    booked = book(services, desk, car.vehicle_id, at(day, 9), "1", bay_id=bays[0].id)
    area, runner = open_area(qtbot, services, tech)
    assert area.controller.hours is None  # who works when is the owner's
    area.show_day(day)
    grid = area.view.calendar.day_grid
    block = grid.rect_of(booked.id)
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=block.center())
    qtbot.mouseMove(grid, grid.point_at(str(bays[1].id), 12))
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=grid.point_at(str(bays[1].id), 12) + QPoint(0, 1))
    area.settle()
    assert services.schedule.appointment(desk, booked.id).bay == "Bay 1"
    assert area.controller.calendar.selected == booked.id  # a click still shows it
    assert not area.controller.calendar.actions["new_appointment"].isEnabled()
    assert not area.controller.calendar.actions["arrived"].isEnabled()
    runner.wait()
