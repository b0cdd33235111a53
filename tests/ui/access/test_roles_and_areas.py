"""The role decides which areas the window lists, and the terminal's mode narrows it further."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from app.domain.permissions import ROLE_LABELS, Actor, Role
from app.domain.terminals import TerminalMode
from app.services.container import Services
from tests.ui.users_helpers import navigation, open_window, person

OWNER_ONLY_AREAS = {"Audit log", "Users & terminals"}


@pytest.mark.parametrize(
    ("role", "sees", "not_sees"),
    [
        (
            Role.OWNER,
            {
                "Customers & vehicles",
                "Work orders",
                "Schedule",
                "Reminders",
                "Audit log",
                "Users & terminals",
                "Settings",
            },
            set(),
        ),
        (
            Role.FRONT_DESK,
            {"Customers & vehicles", "Work orders", "Schedule", "Reminders", "Settings"},
            OWNER_ONLY_AREAS,
        ),
        (
            Role.TECHNICIAN,
            {"Customers & vehicles", "Work orders", "Schedule"},
            OWNER_ONLY_AREAS | {"Reminders", "Settings"},
        ),
        (
            Role.PARTS,
            {"Customers & vehicles", "Work orders"},
            OWNER_ONLY_AREAS | {"Reminders", "Settings", "Schedule"},
        ),
    ],
)
def test_each_role_sees_its_own_areas(
    qtbot: QtBot, services: Services, owner: Actor, role: Role, sees: set[str], not_sees: set[str]
) -> None:
    actor = owner if role == Role.OWNER else person(services, owner, role, role.value.replace("_", ""))
    with open_window(qtbot, services, actor) as window:
        shown = set(navigation(window))
        assert sees <= shown
        assert not (not_sees & shown)
        assert window.status_labels["user"].text().endswith(f"({ROLE_LABELS[role]})")
        opened = window.show_area("users")  # an area's menu comes with the area, once opened
        menus = [a.text() for a in window.menuBar().actions()]
        assert ("&Users" in menus) is opened is (role == Role.OWNER)


def test_the_owner_at_a_bay_terminal_gets_no_office_areas(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    at_bay = replace(owner, terminal_mode=TerminalMode.BAY)
    with open_window(qtbot, services, at_bay, "Bay 1") as window:
        shown = set(navigation(window))
        assert not (OWNER_ONLY_AREAS & shown)
        assert not ({"Reminders", "Settings"} & shown)
    at_office = replace(owner, terminal_mode=TerminalMode.OFFICE)
    with open_window(qtbot, services, at_office, "Office") as window:
        assert set(navigation(window)) >= OWNER_ONLY_AREAS
