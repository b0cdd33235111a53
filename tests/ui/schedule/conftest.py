"""The schedule area on a real database, with questions answered from a script instead of modal boxes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor, Role
from app.services.bays.board import BayInput
from app.services.bays.dto import BayView
from app.services.container import Services
from app.ui.changes import ChangeBridge
from app.ui.schedule.appointment_dialog import AppointmentDialog
from app.ui.schedule.area_controller import ScheduleAreaController, build_schedule_area
from app.ui.schedule.area_view import ScheduleAreaView
from app.ui.schedule.dialogs import ScheduleDialogs
from app.ui.tasks import TaskRunner
from tests.integration.work_order_helpers import Car, add_car
from tests.ui.helpers import SHOP_ZONE, RecordingDialogs


@dataclass
class ScriptedDialogs(ScheduleDialogs):
    """Answers each question from ``texts`` (None: the person cancelled); remembers what was asked."""

    texts: list[str | None] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    pdf: Path | None = None
    shown: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(RecordingDialogs())

    def ask_text(self, parent: QWidget, title: str, prompt: str, text: str = "") -> str | None:
        self.asked.append(prompt)
        return self.texts.pop(0) if self.texts else None

    def pdf_path(self, parent: QWidget, suggested: str) -> Path | None:
        return self.pdf

    def show_pdf(self, path: Path) -> None:
        self.shown.append(path)


@dataclass
class ScheduleArea:
    view: ScheduleAreaView
    controller: ScheduleAreaController
    dialogs: ScriptedDialogs
    runner: TaskRunner
    qtbot: QtBot
    opened: list[AppointmentDialog]

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.controller.is_settled() and self.runner.is_idle(), timeout=10_000)

    def show_day(self, day: date) -> None:
        self.controller.calendar.day = day
        self.controller.calendar.load()
        self.settle()


def open_area(qtbot: QtBot, services: Services, actor: Actor) -> tuple[ScheduleArea, TaskRunner]:
    runner = TaskRunner()
    dialogs = ScriptedDialogs()
    view, controller = build_schedule_area(
        services, actor, runner, ChangeBridge(services.changes), SHOP_ZONE, dialogs=dialogs
    )
    runner.setParent(view)  # as in the window: it goes with the view, on the GUI thread
    qtbot.addWidget(view, before_close_func=lambda _v: runner.wait())
    opened: list[AppointmentDialog] = []
    controller.calendar.booking.dialog_opened.connect(opened.append)
    view.resize(1116, 690)  # what a 1366 x 768 screen leaves beside the navigation
    view.show()
    controller.start()
    area = ScheduleArea(view, controller, dialogs, runner, qtbot, opened)
    area.settle()
    return area, runner


@pytest.fixture
def schedule(qtbot: QtBot, services: Services, desk: Actor) -> Iterator[ScheduleArea]:
    area, runner = open_area(qtbot, services, desk)
    yield area
    runner.wait()


@pytest.fixture
def bays(services: Services, owner: Actor) -> list[BayView]:
    return [services.bays.save_bay(owner, BayInput(f"Bay {n}", position=n)) for n in (1, 2)]


@pytest.fixture
def ken(services: Services, owner: Actor) -> uuid.UUID:
    return services.setup.add_user(owner, "ken", "Ken Nakamura", Role.TECHNICIAN, "tech password 12")


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk, last_name="Lopez", plate="7ABC123")
