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
from app.domain.terminals import ALL_MODES, TerminalMode
from app.services.container import Services
from app.services.customers.dto import ShopView
from app.ui.changes import ChangeBridge
from app.ui.shared.dialog_factory import DialogFactory
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
    modes: frozenset[TerminalMode] = ALL_MODES  # the terminal modes that show it

    def shown_to(self, actor: Actor) -> bool:
        """The role may use it and this terminal's mode shows it (no mode known: every area)."""
        mode = actor.terminal_mode
        return self.visible(actor) and (mode is None or mode in self.modes)


def _reminders(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.customers.reminders_controller import RemindersController
    from app.ui.customers.reminders_view import RemindersView

    view = RemindersView()
    controller = RemindersController(
        context.services, context.actor, view, context.runner, context.changes, context.zone
    )
    return view, controller


def _settings(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.settings.controller import SettingsController
    from app.ui.settings.view import SettingsView

    view = SettingsView()
    controller = SettingsController(
        context.services, context.actor, view, context.runner, context.changes, context.dialogs
    )
    return view, controller


_DESK_OR_OFFICE = frozenset({TerminalMode.FRONT_DESK, TerminalMode.OFFICE})


def _audit(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.audit.controller import AuditController
    from app.ui.audit.view import AuditView

    view = AuditView()
    controller = AuditController(
        context.services, context.actor, view, context.runner, context.changes, context.zone
    )
    return view, controller


def _users(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.access.users_controller import UsersController
    from app.ui.access.users_view import UsersView

    view = UsersView()
    controller = UsersController(
        context.services, context.actor, view, context.runner, context.changes, context.zone, context.dialogs
    )
    return view, controller


def _parts(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.parts.area_controller import PartsAreaController
    from app.ui.parts.view import PartsView

    view = PartsView()
    shop = context.shop
    controller = PartsAreaController(
        context.services,
        context.actor,
        view,
        context.runner,
        context.changes,
        letterhead=(shop.name, shop.address, shop.phone),
    )
    return view, controller


def _bay_board(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.bays.area_controller import build_bay_area

    return build_bay_area(context.services, context.actor, context.runner, context.changes, context.zone)


def _schedule(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.schedule.area_controller import build_schedule_area

    return build_schedule_area(
        context.services, context.actor, context.runner, context.changes, context.zone, context.dialogs
    )


def _invoicing(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.invoicing.controller import InvoicingController
    from app.ui.invoicing.dialogs import InvoicingDialogs
    from app.ui.invoicing.view import InvoicingView

    view = InvoicingView()
    dialogs = InvoicingDialogs(context.dialogs)
    controller = InvoicingController(
        context.services, context.actor, view, context.runner, context.changes, dialogs
    )
    return view, controller


def _owner(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.day.drawer_dialogs import OwnerDialogs
    from app.ui.day.owner_controller import OwnerController
    from app.ui.day.owner_view import OwnerView

    view = OwnerView()
    controller = OwnerController(
        context.services,
        context.actor,
        view,
        context.runner,
        context.changes,
        context.zone,
        OwnerDialogs(context.dialogs),
    )
    return view, controller


def _alerts(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.alerts.controller import AlertsController
    from app.ui.alerts.dialogs import AlertDialogs
    from app.ui.alerts.view import AlertsView

    view = AlertsView()
    controller = AlertsController(
        context.services,
        context.actor,
        view,
        context.runner,
        context.changes,
        context.zone,
        AlertDialogs(context.dialogs),
    )
    return view, controller


def _readings(context: AreaContext) -> tuple[QWidget, AreaController]:
    from app.ui.readings.controller import ReadingsController
    from app.ui.readings.view import ReadingsView

    view = ReadingsView()
    controller = ReadingsController(
        context.services, context.actor, view, context.runner, context.changes, context.zone, context.dialogs
    )
    return view, controller


# The order here is the order of the navigation list (after Customers and Work orders).
AREAS: list[AreaSpec] = [
    AreaSpec(
        "schedule",
        "Schedule",
        lambda actor: actor.can(Action.VIEW_SCHEDULE),
        _schedule,
        menu="&Schedule",
        modes=frozenset({TerminalMode.FRONT_DESK, TerminalMode.OFFICE, TerminalMode.BAY}),
    ),
    AreaSpec(
        "bay_board", "Bay board", lambda actor: actor.can(Action.VIEW_BAY_BOARD), _bay_board, menu="&Bays"
    ),
    AreaSpec("parts", "Parts counter", lambda actor: actor.can(Action.VIEW_PARTS), _parts),
    AreaSpec(
        "invoicing",
        "Invoicing",
        lambda actor: actor.can(Action.VIEW_INVOICES),
        _invoicing,
        menu="&Invoicing",
        modes=_DESK_OR_OFFICE,
    ),
    AreaSpec(
        "reminders",
        "Reminders",
        lambda actor: actor.can(Action.WRITE_ESTIMATES),
        _reminders,
        modes=_DESK_OR_OFFICE,
    ),
    AreaSpec(
        "owner",
        "Cash & end of day",
        lambda actor: actor.can(Action.VIEW_OWNER_REPORTS) or actor.can(Action.OPERATE_CASH_DRAWER),
        _owner,
        menu="&End of day",
        modes=frozenset({TerminalMode.FRONT_DESK, TerminalMode.OFFICE, TerminalMode.PARTS}),
    ),
    AreaSpec("audit", "Audit log", lambda actor: actor.can(Action.VIEW_AUDIT), _audit, modes=_DESK_OR_OFFICE),
    AreaSpec(
        "users",
        "Users & terminals",
        lambda actor: actor.can(Action.MANAGE_USERS),
        _users,
        menu="&Users",
        modes=_DESK_OR_OFFICE,
    ),
    AreaSpec(
        "settings",
        "Settings",
        lambda actor: actor.can(Action.MANAGE_SETTINGS) or actor.can(Action.MANAGE_CANNED_JOBS),
        _settings,
        modes=_DESK_OR_OFFICE,
    ),
    AreaSpec("alerts", "Alerts", lambda actor: actor.can(Action.VIEW_ALERTS), _alerts, menu="A&lerts"),
    AreaSpec(
        "readings",
        "Vehicle readings",
        lambda actor: actor.can(Action.VIEW_READINGS),
        _readings,
        menu="&Readings",
    ),
]
