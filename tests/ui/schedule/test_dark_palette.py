"""On a dark desktop the schedule is dark too: no white sheet in a dark window, over still reads as over."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from app.domain.permissions import Actor
from app.domain.schedule import Level
from app.services.bays.dto import BayView
from app.services.container import Services
from app.ui.schedule.look import LEVEL_FILL, grid_colours
from app.ui.theme import dark_palette
from tests.integration.schedule_support import at, book, next_weekday
from tests.integration.work_order_helpers import Car
from tests.ui.schedule.conftest import ScheduleArea


def test_the_grids_follow_a_dark_palette(
    schedule: ScheduleArea, services: Services, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(2)
    book(services, desk, car.vehicle_id, at(day, 8), "9.5", bay_id=bays[0].id, reason="Fleet rush")
    schedule.show_day(day)
    grid = schedule.view.calendar.day_grid
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(dark_palette())
    try:
        image = grid.grab().toImage()
        over = image.pixelColor(grid.header_rect(str(bays[0].id)).topLeft() + QPoint(3, 3))
        empty = image.pixelColor(grid.header_rect(str(bays[1].id)).topLeft() + QPoint(3, 3))
        assert empty.lightnessF() < 0.3  # the empty bay's header is dark, not white
        assert over == grid_colours().level_fill[Level.OVER] and over != LEVEL_FILL[Level.OVER]
        assert over.redF() > over.greenF()  # still a red, on the dark side
        week = schedule.view.calendar.week_grid
        assert week.grab().toImage().pixelColor(QPoint(2, 2)).lightnessF() < 0.3
    finally:
        app.setPalette(before)
    assert (
        grid.grab()
        .toImage()
        .pixelColor(grid.header_rect(str(bays[1].id)).topLeft() + QPoint(3, 3))
        .lightnessF()
        > 0.9
    )  # back in the light
