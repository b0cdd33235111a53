"""The Bay board area's controllers together, as the main window sees one area."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from app.domain.permissions import Action, Actor, Role
from app.services.container import Services
from app.ui.bays.area_view import BayAreaView
from app.ui.bays.board_controller import BayBoardController
from app.ui.bays.corrections_controller import ClockCorrectionsController
from app.ui.bays.dialogs import BayDialogs
from app.ui.bays.settings_controller import BaySettingsController
from app.ui.bays.technician_controller import TechnicianController
from app.ui.bays.technician_report_controller import TechnicianReportController
from app.ui.changes import ChangeBridge
from app.ui.tasks import TaskRunner

_Part = (
    BayBoardController
    | TechnicianController
    | TechnicianReportController
    | BaySettingsController
    | ClockCorrectionsController
)


def build_bay_area(
    services: Services,
    actor: Actor,
    runner: TaskRunner,
    changes: ChangeBridge,
    zone: ZoneInfo,
    dialogs: BayDialogs | None = None,
) -> tuple[BayAreaView, BayAreaController]:
    view = BayAreaView(
        technician=actor.can(Action.CLOCK_TIME),
        reports=actor.can(Action.VIEW_TECHNICIAN_REPORTS),
        manage=actor.can(Action.MANAGE_BAYS),
        jobs_first=actor.role == Role.TECHNICIAN,
        corrections=actor.can(Action.CORRECT_CLOCKS),
    )
    return view, BayAreaController(services, actor, view, runner, changes, zone, dialogs or BayDialogs())


class BayAreaController(QObject):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: BayAreaView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: BayDialogs,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.board = BayBoardController(services, actor, view.board, runner, changes, zone, dialogs)
        self.technician = (
            TechnicianController(services, actor, view.technician, runner, changes, dialogs)
            if view.technician is not None
            else None
        )
        self.report = (
            TechnicianReportController(services, actor, view.report, runner, dialogs)
            if view.report is not None
            else None
        )
        self.bays = (
            BaySettingsController(services, actor, view.bays, runner, changes, dialogs)
            if view.bays is not None
            else None
        )
        self.corrections = (
            ClockCorrectionsController(services, actor, view.corrections, runner, changes, zone)
            if view.corrections is not None
            else None
        )
        self.actions = self  # the main window lists ``actions.all()`` in the area's menu

    def _parts(self) -> list[_Part]:
        parts: list[_Part | None] = [self.technician, self.board, self.report, self.bays, self.corrections]
        return [p for p in parts if p is not None]

    def start(self) -> None:
        for part in self._parts():
            part.start()

    def is_settled(self) -> bool:
        return all(part.is_settled() for part in self._parts())

    def all(self) -> list[QAction]:
        actions = self.board.actions.all()
        if self.technician is not None:
            actions += self.technician.all()
        if self.report is not None:
            actions += self.report.all()
        if self.bays is not None:
            actions += self.bays.all()
        if self.corrections is not None:
            actions += self.corrections.all()
        return actions
