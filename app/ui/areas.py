"""The working areas beyond customers and work orders, as a list the main window walks.

Each area is a view plus its controller. The controller has ``start()`` (fill
the area the first time it is shown), ``is_settled()`` (no call under way, for
``--screenshot``) and, when the area has a menu, ``actions`` with ``all()``.
An area is listed only for the people whose role may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QWidget

from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.services.dto import ShopView
from app.ui.changes import ChangeBridge
from app.ui.dialogs.factory import DialogFactory
from app.ui.tasks import TaskRunner


class AreaController(Protocol):
    def start(self) -> None: ...

    def is_settled(self) -> bool: ...


@dataclass(frozen=True)
class AreaContext:
    """What an area is handed when it is built."""

    services: Services
    actor: Actor
    shop: ShopView
    zone: ZoneInfo
    runner: TaskRunner
    changes: ChangeBridge
    dialogs: DialogFactory | None


@dataclass(frozen=True)
class AreaSpec:
    name: str
    label: str
    visible: Callable[[Actor], bool]
    build: Callable[[AreaContext], tuple[QWidget, AreaController]]
    menu: str | None = None  # title of a menu listing the controller's actions


def _reminders(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.controllers.reminders_controller import RemindersController
    from app.ui.views.reminders_view import RemindersView

    view = RemindersView()
    controller = RemindersController(context.services, context.actor, view, context.runner, context.changes)
    return view, controller


def _settings(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.controllers.settings_controller import SettingsController
    from app.ui.views.settings_view import SettingsView

    view = SettingsView()
    controller = SettingsController(
        context.services, context.actor, view, context.runner, context.changes, context.dialogs
    )
    return view, controller


# The order here is the order of the navigation list (after Customers and Work orders).
AREAS: list[AreaSpec] = [
    # issue 5: bay board
    # issue 4: parts counter
    # issue 6: invoicing
    AreaSpec("reminders", "Reminders", lambda actor: actor.can(Action.WRITE_ESTIMATES), _reminders),
    # issue 6: owner (drawer, day close, end of day)
    # issue 7: audit log, users
    AreaSpec(
        "settings",
        "Settings",
        lambda actor: actor.can(Action.MANAGE_SETTINGS) or actor.can(Action.MANAGE_CANNED_JOBS),
        _settings,
    ),
]
