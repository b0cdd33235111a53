"""The schedule area's controllers together, as the main window sees one area."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.ui.changes import ChangeBridge
from app.ui.schedule.area_view import ScheduleAreaView
from app.ui.schedule.calendar_controller import CalendarController
from app.ui.schedule.dialogs import ScheduleDialogs
from app.ui.schedule.hours_controller import HoursController, HoursDialogs
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.tasks import TaskRunner


def build_schedule_area(
    services: Services,
    actor: Actor,
    runner: TaskRunner,
    changes: ChangeBridge,
    zone: ZoneInfo,
    base: DialogFactory | None = None,
    dialogs: ScheduleDialogs | None = None,
    hours_dialogs: HoursDialogs | None = None,
) -> tuple[ScheduleAreaView, ScheduleAreaController]:
    view = ScheduleAreaView(manage_hours=actor.can(Action.MANAGE_WORKING_HOURS))
    controller = ScheduleAreaController(
        services,
        actor,
        view,
        runner,
        changes,
        zone,
        dialogs or ScheduleDialogs(base),
        hours_dialogs or HoursDialogs(base),
    )
    return view, controller


class ScheduleAreaController(QObject):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: ScheduleAreaView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: ScheduleDialogs,
        hours_dialogs: HoursDialogs,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.calendar = CalendarController(services, actor, view.calendar, runner, changes, zone, dialogs)
        self.hours = (
            HoursController(services, actor, view.hours, runner, changes, zone, hours_dialogs)
            if view.hours is not None
            else None
        )
        self.actions = self  # the main window lists ``actions.all()`` in the area's menu

    def start(self) -> None:
        self.calendar.start()
        if self.hours is not None:
            self.hours.start()

    def open_appointment(self, appointment_id: uuid.UUID) -> None:
        """The calendar on the appointment's day, the appointment chosen (from an alert)."""
        self.view.tabs.setCurrentWidget(self.view.calendar)
        self.calendar.open_appointment(appointment_id)

    def is_settled(self) -> bool:
        return self.calendar.is_settled() and (self.hours is None or self.hours.is_settled())

    def all(self) -> list[QAction]:
        actions = self.calendar.actions.all()
        if self.hours is not None:
            actions += self.hours.all()
        return actions
