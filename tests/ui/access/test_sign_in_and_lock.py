"""Signing in, the lockout message, the idle lock and "Switch user", as a person at the counter meets them."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor, Role
from app.domain.terminals import TerminalMode
from app.services.container import Services
from app.ui.access.session import WindowHost
from app.ui.access.sign_in_dialog import LockDialog, SignInDialog
from tests.ui.users_helpers import PASSWORDS, navigation, open_window, person

OWNER_PASSWORD = PASSWORDS[Role.OWNER]


def sign_in_dialog(
    qtbot: QtBot, services: Services, terminal: str = "Desk 9", pin: bool = False
) -> SignInDialog:
    dialog = SignInDialog(
        "Test Garage",
        "owner",
        lambda user, password: services.setup.sign_in(user, password, terminal),
        pin_allowed=pin,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_and_enter(qtbot: QtBot, dialog: SignInDialog, password: str) -> None:
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def fits(dialog: SignInDialog) -> bool:
    """Every line of the message shows, and the boxes below it keep their height."""
    banner = dialog.banner
    return banner.height() >= banner.heightForWidth(banner.width()) and all(
        box.height() >= box.sizeHint().height() for box in (dialog.username, dialog.password)
    )


def test_ten_wrong_passwords_show_the_lockout_and_the_right_one_then_waits(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    services.setup.signing.clock = lambda: datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # type: ignore[method-assign]
    dialog = sign_in_dialog(qtbot, services)
    for attempt in range(9):
        type_and_enter(qtbot, dialog, f"wrong guess {attempt}")
        assert dialog.banner.text() == "Wrong user name or password."
    qtbot.waitUntil(lambda: fits(dialog))
    height = dialog.height()
    type_and_enter(qtbot, dialog, "wrong guess 10")
    assert dialog.banner.text().startswith("This account is locked after 10 failed sign-in attempts.")
    assert "Try again in 30 minutes" in dialog.banner.text()
    qtbot.waitUntil(lambda: fits(dialog))  # the dialog grew for the longer message
    assert dialog.height() > height
    type_and_enter(qtbot, dialog, OWNER_PASSWORD)
    assert "locked" in dialog.banner.text() and dialog.isVisible() and dialog.actor is None


def test_a_huge_pasted_password_gets_a_clear_answer(qtbot: QtBot, services: Services, owner: Actor) -> None:
    dialog = sign_in_dialog(qtbot, services)
    dialog.password.setText("x" * 100_000)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.banner.text().startswith("That password is longer than 1024 characters")
    assert dialog.password.text() == ""


def test_a_technician_signs_in_with_a_pin_at_a_bay_terminal(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    tech = person(services, owner, Role.TECHNICIAN, "tony")
    services.setup.register_terminal(owner.shop_id, "Bay 2", TerminalMode.BAY)
    services.users.set_pin(owner, tech.user_id, "8642")
    dialog = sign_in_dialog(qtbot, services, "Bay 2", pin=True)
    assert dialog.password.placeholderText() == "or your PIN (technicians)"
    dialog.username.setText("tony")
    with qtbot.waitSignal(dialog.accepted):
        type_and_enter(qtbot, dialog, "8642")
    assert dialog.actor is not None and dialog.actor.by_pin and dialog.actor.role == Role.TECHNICIAN


def test_the_idle_lock_hides_everything_and_gives_it_back_with_the_typing_kept(
    qtbot: QtBot, services: Services, desk: Actor
) -> None:
    with open_window(qtbot, services, desk) as window:
        opened: list[object] = []
        window.customers.editing.dialog_opened.connect(opened.append)
        window.customers.editing.new_customer()
        customer_dialog = opened[-1]
        qtbot.keyClicks(customer_dialog.edits["last_name"], "Half-typed Name")  # type: ignore[attr-defined]

        window.session_lock.watcher.timer.setInterval(30)  # the shop's 15 minutes, shortened
        window.session_lock.watcher.start()
        qtbot.waitUntil(lambda: window.session_lock.is_locked, timeout=5_000)
        lock = window.session_lock.dialog
        assert isinstance(lock, LockDialog)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is lock)
        assert not window.centralWidget().isVisible()
        assert not customer_dialog.isVisible()  # type: ignore[attr-defined]
        assert lock.username.text() == "desk" and lock.password.hasFocus()

        lock.reject()  # Esc: the lock stays
        assert lock.isVisible()
        qtbot.keyClicks(lock.password, "not it at all")
        qtbot.keyClick(lock.password, Qt.Key.Key_Return)
        assert lock.banner.text() == "Wrong user name or password."
        with qtbot.waitSignal(window.session_lock.unlocked):
            type_and_enter(qtbot, lock, "desk password 1")
        assert window.centralWidget().isVisible()
        assert customer_dialog.isVisible()  # type: ignore[attr-defined]
        assert customer_dialog.edits["last_name"].text() == "Half-typed Name"  # type: ignore[attr-defined]
        customer_dialog.reject()  # type: ignore[attr-defined]


def test_switch_user_builds_the_window_for_the_new_persons_role(
    qtbot: QtBot, services: Services, owner: Actor, desk: Actor
) -> None:
    person(services, owner, Role.TECHNICIAN, "tony")
    host = WindowHost(services, services.setup.shop(owner.shop_id), "Front desk 1")
    first = host.open(desk)
    qtbot.addWidget(first)
    assert "Reminders" in navigation(first)
    lock = first.session_lock.switch_user()
    assert lock.windowTitle() == "Switch user" and lock.username.text() == ""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is lock)
    qtbot.keyClicks(lock.username, "tony")
    qtbot.keyClick(lock.username, Qt.Key.Key_Return)  # Enter moves on to the password
    assert lock.password.hasFocus()
    type_and_enter(qtbot, lock, PASSWORDS[Role.TECHNICIAN])
    qtbot.waitUntil(lambda: host.window is not first, timeout=5_000)
    second = host.window
    assert second is not None
    qtbot.addWidget(second)
    assert second.status_labels["user"].text() == "Tony Technician (Technician)"
    assert "Reminders" not in navigation(second) and "Work orders" in navigation(second)
    qtbot.waitUntil(lambda: not first.isVisible())
    second.close()
