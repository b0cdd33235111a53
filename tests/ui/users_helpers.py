"""What the sign-in, users and audit UI tests share: people of each role and a window driven like a person would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.ui.main_window import MainWindow
from tests.ui.helpers import RecordingDialogs

PASSWORDS = {
    Role.OWNER: "owner password 1",
    Role.FRONT_DESK: "desk password 1",
    Role.TECHNICIAN: "tech password 12",
    Role.PARTS: "parts password 1",
}


def person(services: Services, owner: Actor, role: Role, username: str) -> Actor:
    services.setup.add_user(
        owner, username, f"{username.title()} {role.value.title()}", role, PASSWORDS[role]
    )
    return services.setup.sign_in(username, PASSWORDS[role], f"{username} terminal")


def navigation(window: MainWindow) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


@contextmanager
def open_window(
    qtbot: QtBot, services: Services, actor: Actor, terminal: str = "Desk"
) -> Iterator[MainWindow]:
    shop = services.setup.shop(actor.shop_id)
    window = MainWindow(services, actor, shop, terminal, RecordingDialogs())
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    try:
        yield window
    finally:
        window.close()


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]
