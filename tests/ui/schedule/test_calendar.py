"""The schedule area as the front desk uses it: drag, resize, book from the keyboard, see the day's load."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.domain.schedule import Level
from app.services.bays.dto import BayView
from app.services.container import Services
from app.ui.schedule.grid_layout import UNASSIGNED
from app.ui.schedule.look import LEVEL_FILL
from tests.integration.schedule_support import ZONE, at, book, next_weekday
from tests.integration.work_order_helpers import Car
from tests.ui.schedule.conftest import ScheduleArea

TUESDAY = 1


def drag(qtbot: QtBot, widget, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    """Press, move in steps as a hand does, release."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(widget, start + (end - start) * step / 5)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_dragging_a_block_moves_it_to_another_bay_and_time(
    schedule: ScheduleArea, services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    booked = book(services, desk, car.vehicle_id, at(day, 9), "2", bay_id=bays[0].id)
    schedule.show_day(day)
    grid = schedule.view.calendar.day_grid
    block = grid.rect_of(booked.id)
    grab = QPoint(block.center().x(), block.top() + 10)  # near the top: a move, not a resize
    target = grid.point_at(str(bays[1].id), 11) + QPoint(0, 10)

    drag(schedule.qtbot, grid, grab, target)
    schedule.settle()

    moved = services.schedule.appointment(desk, booked.id)
    assert (moved.bay, moved.drop_off_at, moved.expected_hours) == ("Bay 2", at(day, 11), Decimal(2))
    assert moved.promised_at == booked.promised_at  # it had none; a drag does not invent one
    assert grid.block(booked.id).column == str(bays[1].id)
    assert "Bay 2" in schedule.view.calendar.message_label.text()


def test_dragging_the_foot_of_a_block_changes_its_hours(
    schedule: ScheduleArea, services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    booked = book(services, desk, car.vehicle_id, at(day, 9), "1", bay_id=bays[0].id)
    schedule.show_day(day)
    grid = schedule.view.calendar.day_grid
    block = grid.rect_of(booked.id)
    foot = QPoint(block.center().x(), block.bottom() - 2)

    drag(schedule.qtbot, grid, foot, grid.point_at(str(bays[0].id), 11.5))
    schedule.settle()

    assert services.schedule.appointment(desk, booked.id).expected_hours == Decimal("2.5")
    assert grid.block(booked.id).end == 11.5


def test_a_move_the_bay_cannot_take_asks_for_a_reason_and_keeps_it(
    schedule: ScheduleArea, services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    book(services, desk, car.vehicle_id, at(day, 9), "3", bay_id=bays[1].id)
    moving = book(services, desk, car.vehicle_id, at(day, 14), "1", bay_id=bays[0].id)
    schedule.show_day(day)
    grid = schedule.view.calendar.day_grid
    block = grid.rect_of(moving.id)

    schedule.dialogs.texts = [None]  # first the person thinks better of it
    drag(
        schedule.qtbot,
        grid,
        QPoint(block.center().x(), block.top() + 8),
        grid.point_at(str(bays[1].id), 10) + QPoint(0, 8),
    )
    schedule.settle()
    assert "Bay 2 takes 1 car at a time" in schedule.dialogs.asked[-1]
    assert services.schedule.appointment(desk, moving.id).bay == "Bay 1"
    assert grid.block(moving.id).column == str(bays[0].id)  # the picture of the move is gone

    schedule.dialogs.texts = ["Customer's own lift time"]
    block = grid.rect_of(moving.id)
    drag(
        schedule.qtbot,
        grid,
        QPoint(block.center().x(), block.top() + 8),
        grid.point_at(str(bays[1].id), 10) + QPoint(0, 8),
    )
    schedule.settle()
    moved = services.schedule.appointment(desk, moving.id)
    assert (moved.bay, moved.override_reason) == ("Bay 2", "Customer's own lift time")


def test_a_service_writer_books_the_next_day_from_the_keyboard(
    schedule: ScheduleArea, services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    monday = next_weekday(0)
    schedule.show_day(monday)
    calendar = schedule.view.calendar
    calendar.day_grid.setFocus()
    schedule.qtbot.keyClick(calendar.day_grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    schedule.settle()
    tuesday = monday + timedelta(days=1)
    assert schedule.controller.calendar.day == tuesday
    assert calendar.title_label.text().startswith(f"{tuesday:%A}")

    schedule.qtbot.keyClick(calendar.day_grid, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = schedule.opened[-1]
    schedule.qtbot.keyClicks(dialog.search_edit, "Lopez")
    schedule.qtbot.waitUntil(lambda: dialog.hits.rowCount() == 1)
    schedule.qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)  # the customer, then their only car
    schedule.qtbot.waitUntil(lambda: dialog.vehicle_id == car.vehicle_id)
    assert dialog.time_edit.hasFocus()
    schedule.qtbot.keyClicks(dialog.time_edit, "10:30")
    dialog.concern_edit.setFocus()
    schedule.qtbot.keyClicks(dialog.concern_edit, "Squeal from the front brakes")
    with schedule.qtbot.waitSignal(dialog.finished, timeout=10_000):
        schedule.qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    schedule.settle()

    [booked] = services.schedule.calendar(desk, tuesday, tuesday).appointments
    assert (booked.drop_off_at, booked.concern, booked.customer) == (
        at(tuesday, 10, 30),
        "Squeal from the front brakes",
        "Maria Lopez",
    )
    assert calendar.day_grid.block(booked.id).column == UNASSIGNED
    assert schedule.controller.calendar.selected == booked.id
    assert "Maria Lopez is booked for" in calendar.message_label.text()


def test_the_day_shows_its_load_and_turns_red_when_a_bay_is_over(
    schedule: ScheduleArea, services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    book(services, desk, car.vehicle_id, at(day, 8), "8.25", bay_id=bays[0].id)
    schedule.show_day(day)
    calendar = schedule.view.calendar
    bay_one = str(bays[0].id)
    assert calendar.summary_label.text() == "Bays 18 h · Technicians — · Booked 8.25 h of 18 h"
    assert calendar.summary_label.property("level") == "ok"
    pixel = (
        calendar.day_grid.grab()
        .toImage()
        .pixelColor(calendar.day_grid.header_rect(bay_one).topLeft() + QPoint(3, 3))
    )
    assert pixel == LEVEL_FILL[Level.FULL]  # 8.25 of 9 hours: nearly full, amber

    book(services, desk, car.vehicle_id, at(day, 16), "2", bay_id=bays[0].id, reason="Fleet rush")
    # the commit reaches the open calendar by itself
    schedule.qtbot.waitUntil(lambda: calendar.day_grid.columns[0].load.level == Level.OVER)
    schedule.settle()
    pixel = (
        calendar.day_grid.grab()
        .toImage()
        .pixelColor(calendar.day_grid.header_rect(bay_one).topLeft() + QPoint(3, 3))
    )
    assert pixel == LEVEL_FILL[Level.OVER]
    other = (
        calendar.day_grid.grab()
        .toImage()
        .pixelColor(calendar.day_grid.header_rect(str(bays[1].id)).topLeft() + QPoint(3, 3))
    )
    assert other == QColor("white")
    assert calendar.summary_label.text().startswith("Bays 18 h · Technicians — · Booked 10.25 h of 18 h")


def test_page_keys_step_days_ctrl_t_comes_back_and_the_week_shows_each_days_load(
    schedule: ScheduleArea, services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    calendar = schedule.view.calendar
    today = datetime.now(ZONE).date()
    grid = calendar.day_grid
    grid.setFocus()
    for _ in range(3):
        schedule.qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    schedule.settle()
    assert schedule.controller.calendar.day == today + timedelta(days=3)
    schedule.qtbot.keyClick(grid, Qt.Key.Key_PageUp)
    schedule.qtbot.keyClick(grid, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    schedule.settle()
    assert schedule.controller.calendar.day == today
    assert calendar.title_label.text().endswith("(today)")

    day = next_weekday(TUESDAY)
    booked = book(services, desk, car.vehicle_id, at(day, 9), "1.5", bay_id=bays[1].id)
    schedule.show_day(day)
    schedule.qtbot.keyClick(grid, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    schedule.settle()
    week = calendar.week_grid
    assert calendar.stack.currentWidget() is week
    assert week.days[0].weekday() == 0 and len(week.days) == 7
    assert week.cells[(str(bays[1].id), day)].appointments[0].id == booked.id
    assert week.cells[(str(bays[1].id), day)].load.booked == Decimal("1.5")
    # Monday to Saturday, 9 hours in each of two bays (no technicians to count in this shop)
    assert calendar.summary_label.text() == "The week: booked 1.5 / 108 h"

    drag(
        schedule.qtbot,
        week,
        week.rect_of(booked.id).center(),
        week.point_in(str(bays[0].id), day + timedelta(days=1)),
    )
    schedule.settle()
    moved = services.schedule.appointment(desk, booked.id)
    assert (moved.bay, moved.drop_off_at) == ("Bay 1", at(day + timedelta(days=1), 9))


def test_arrival_from_the_keyboard_opens_the_work_order(
    schedule: ScheduleArea, services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    booked = book(services, desk, car.vehicle_id, at(day, 9), "1", bay_id=bays[0].id, concern="Oil change")
    schedule.show_day(day)
    grid = schedule.view.calendar.day_grid
    grid.setFocus()
    schedule.qtbot.keyClick(grid, Qt.Key.Key_Down)  # the first appointment
    assert schedule.controller.calendar.selected == booked.id
    assert "Oil change" in schedule.view.calendar.details_text.text()
    schedule.dialogs.texts = ["42,150"]
    schedule.qtbot.keyClick(
        grid, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    schedule.settle()

    arrived = services.schedule.appointment(desk, booked.id)
    order = services.work_orders.get(desk, arrived.work_order_id)
    assert (arrived.status_label, order.odometer_in, order.jobs[0].title) == ("Arrived", 42_150, "Oil change")
    assert f"Work order {order.number} is open" in schedule.view.calendar.message_label.text()
    assert not schedule.controller.calendar.actions["arrived"].isEnabled()  # it arrived once


def test_a_full_day_in_the_dialog_asks_for_the_reason_and_books_with_it(
    schedule: ScheduleArea, services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(TUESDAY)
    book(services, desk, car.vehicle_id, at(day, 8), "9", bay_id=bays[0].id)
    schedule.show_day(day)
    grid = schedule.view.calendar.day_grid
    grid.slot_requested.emit(str(bays[0].id), 13.0)  # a double click on Bay 1 at 13:00
    dialog = schedule.opened[-1]
    assert (dialog.bay_combo.currentText(), dialog.time_edit.time().hour()) == ("Bay 1", 13)
    dialog.search_edit.setText("7ABC123")
    schedule.qtbot.waitUntil(lambda: dialog.hits.rowCount() == 1)
    schedule.qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    schedule.qtbot.waitUntil(lambda: dialog.vehicle_id == car.vehicle_id)
    assert not dialog.reason_edit.isVisible()

    dialog.submit()
    schedule.qtbot.waitUntil(lambda: dialog.reason_edit.isVisible())
    assert "Bay 1 has 9 h, 9 h booked; 1 h more is over" in dialog.field_message("capacity").text()
    assert dialog.reason_edit.hasFocus()
    schedule.qtbot.keyClicks(dialog.reason_edit, "Owner squeezed it in")
    with schedule.qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.submit()
    schedule.settle()
    over = [a for a in services.schedule.calendar(desk, day, day).appointments if a.override_reason]
    assert [(a.drop_off_at, a.override_reason) for a in over] == [(at(day, 13), "Owner squeezed it in")]


def test_f2_changes_the_chosen_appointment_and_ctrl_p_prints_the_day(
    schedule: ScheduleArea, services: Services, desk: Actor, bays: list[BayView], car: Car, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    day = next_weekday(TUESDAY)
    booked = book(services, desk, car.vehicle_id, at(day, 9), "1", bay_id=bays[0].id, concern="Oil change")
    schedule.show_day(day)
    grid = schedule.view.calendar.day_grid
    schedule.controller.calendar.select(booked.id)
    grid.setFocus()
    schedule.qtbot.keyClick(grid, Qt.Key.Key_F2)
    dialog = schedule.opened[-1]
    assert dialog.windowTitle() == "Change appointment" and not dialog.search_edit.isVisible()
    dialog.hours_spin.setValue(2.5)
    dialog.activateWindow()
    schedule.qtbot.waitUntil(dialog.isActiveWindow)
    with schedule.qtbot.waitSignal(dialog.finished, timeout=10_000):
        schedule.qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    schedule.settle()
    assert services.schedule.appointment(desk, booked.id).expected_hours == Decimal("2.5")

    schedule.dialogs.pdf = tmp_path / "day.pdf"
    schedule.view.activateWindow()  # back at the calendar once the dialog is gone
    schedule.qtbot.waitUntil(schedule.view.isActiveWindow)
    grid.setFocus()
    schedule.qtbot.keyClick(grid, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    schedule.settle()
    assert schedule.dialogs.shown == [tmp_path / "day.pdf"]
    assert (tmp_path / "day.pdf").read_bytes().startswith(b"%PDF")
