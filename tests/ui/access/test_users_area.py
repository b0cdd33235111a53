"""The Users & terminals area, driven by the owner with the keyboard and the dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.ui.access.user_dialogs import ChoiceDialog, NewUserDialog, RateDialog, SecretDialog
from app.ui.access.users_controller import UsersController
from app.ui.access.users_view import UsersView
from app.ui.changes import ChangeBridge
from app.ui.shared.form import FormDialog
from app.ui.tasks import TaskRunner
from tests.ui.helpers import SHOP_ZONE, RecordingDialogs, cells, save
from tests.ui.users_helpers import person


class UsersArea:
    def __init__(self, qtbot: QtBot, services: Services, owner: Actor) -> None:
        self.qtbot = qtbot
        self.view = UsersView()
        qtbot.addWidget(self.view)
        self.runner = TaskRunner(self.view)
        self.dialogs = RecordingDialogs()
        self.controller = UsersController(
            services, owner, self.view, self.runner, ChangeBridge(services.changes), SHOP_ZONE, self.dialogs
        )
        self.opened: list[FormDialog] = []
        self.controller.dialog_opened.connect(self.opened.append)
        self.view.resize(1100, 700)
        self.view.show()
        self.controller.start()
        self.settle()

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.controller.is_settled() and self.runner.is_idle(), timeout=10_000)

    def rows(self) -> dict[str, list[str]]:
        return {row[1]: row for row in cells(self.controller.users_proxy)}

    def press(self, keys: str) -> None:
        self.view.users_table.setFocus()
        action = next(a for a in self.controller.actions.all() if a.shortcut().toString() == keys)
        action.trigger()


@pytest.fixture
def users(qtbot: QtBot, services: Services, owner: Actor) -> Iterator[UsersArea]:
    area = UsersArea(qtbot, services, owner)
    yield area
    area.runner.wait()


def test_the_owner_adds_a_user_and_a_mismatch_is_said_beside_the_field(
    qtbot: QtBot, users: UsersArea, services: Services
) -> None:
    users.press("Ctrl+N")
    dialog = users.opened[-1]
    assert isinstance(dialog, NewUserDialog)
    qtbot.keyClicks(dialog.edits["username"], "pat")
    qtbot.keyClicks(dialog.edits["display_name"], "Pat Parts")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.PARTS))
    qtbot.keyClicks(dialog.edits["password"], "parts password 1")
    qtbot.keyClicks(dialog.edits["password_again"], "parts password 2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_message("password_again").text() == "the two passwords differ"
    dialog.edits["password"].setText("short")
    dialog.edits["password_again"].setText("short")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_message("password").text() != "")
    assert dialog.field_message("password").text() == "must be at least 12 characters (5 given)"
    dialog.edits["password"].setText("parts password 1")
    dialog.edits["password_again"].setText("parts password 1")
    save(qtbot, dialog)
    users.settle()
    qtbot.waitUntil(lambda: "pat" in users.rows())
    assert users.rows()["pat"][:4] == ["Pat Parts", "pat", "Parts", "Active"]
    assert users.view.notice_label.text() == "Pat Parts can now sign in as 'pat'."
    assert services.setup.sign_in("pat", "parts password 1", "Counter").role == Role.PARTS


def test_deactivating_asks_first_and_the_row_says_so(
    qtbot: QtBot, users: UsersArea, services: Services, owner: Actor
) -> None:
    person(services, owner, Role.FRONT_DESK, "sam")
    users.controller.load()
    qtbot.waitUntil(lambda: "sam" in users.rows())
    assert users.controller.select_user("sam")
    users.press("Ctrl+D")
    assert users.dialogs.confirmations and "Deactivate Sam Front_Desk?" in users.dialogs.confirmations[0]
    qtbot.waitUntil(lambda: users.rows()["sam"][3] == "Deactivated", timeout=10_000)
    users.controller.select_user("sam")
    assert users.controller.actions["reactivate_user"].isEnabled()
    assert not users.controller.actions["deactivate_user"].isEnabled()


def test_the_owner_cannot_deactivate_themselves_here_and_pins_are_for_technicians(
    qtbot: QtBot, users: UsersArea, services: Services, owner: Actor
) -> None:
    person(services, owner, Role.TECHNICIAN, "tony")
    users.controller.load()
    qtbot.waitUntil(lambda: "tony" in users.rows())
    users.controller.select_user("owner")
    assert not users.controller.actions["deactivate_user"].isEnabled()
    assert not users.controller.actions["set_pin"].isEnabled()
    users.controller.select_user("tony")
    assert users.controller.actions["set_pin"].isEnabled()
    users.press("Ctrl+K")  # set the PIN
    dialog = users.opened[-1]
    assert isinstance(dialog, SecretDialog)
    qtbot.keyClicks(dialog.secret, "12")
    qtbot.keyClicks(dialog.again, "12")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_message("pin").text() != "")
    assert dialog.field_message("pin").text() == "must be 4 to 8 digits"
    dialog.secret.setText("2468")
    dialog.again.setText("2468")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: users.rows()["tony"][4] == "Yes", timeout=10_000)


def test_the_last_owner_keeps_the_role_and_the_refusal_is_shown(
    qtbot: QtBot, users: UsersArea, services: Services, owner: Actor
) -> None:
    users.controller.select_user("owner")
    users.press("Ctrl+Shift+R")
    dialog = users.opened[-1]
    assert isinstance(dialog, ChoiceDialog)
    dialog.box.setCurrentIndex(dialog.box.findData(Role.FRONT_DESK))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.isVisible(), timeout=10_000)
    assert "the shop's last active owner" in dialog.banner.text()
    assert dialog.isVisible()
    dialog.reject()
    assert users.rows()["owner"][2] == "Owner"


def test_a_terminal_becomes_a_bay_terminal(
    qtbot: QtBot, users: UsersArea, services: Services, owner: Actor
) -> None:
    users.view.terminals_table.selectRow(0)
    users.view.terminals_table.setFocus()
    users.controller.actions["set_terminal_mode"].trigger()
    dialog = users.opened[-1]
    assert isinstance(dialog, ChoiceDialog)
    dialog.box.setCurrentIndex(dialog.box.findText("Bay"))
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: cells(users.controller.terminals_proxy)[0][1] == "Bay", timeout=10_000)


def test_the_owner_sets_a_technicians_labor_cost_rate(
    qtbot: QtBot, users: UsersArea, services: Services, owner: Actor
) -> None:
    person(services, owner, Role.TECHNICIAN, "terry")
    users.controller.load()
    qtbot.waitUntil(lambda: "terry" in users.rows())
    assert users.rows()["terry"][-1] == ""  # no rate yet: labor would look free
    assert users.controller.select_user("terry")
    users.press("Ctrl+L")
    dialog = users.opened[-1]
    assert isinstance(dialog, RateDialog)
    qtbot.keyClicks(dialog.rate, "-5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_message("labor_cost_rate").text() == "must not be negative")
    dialog.rate.setText("38.50")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: users.rows()["terry"][-1] == "38.50", timeout=10_000)
    assert {u.username: u.labor_cost_rate for u in services.users.list(owner)}["terry"] == Decimal("38.50")
