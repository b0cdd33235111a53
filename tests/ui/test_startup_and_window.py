"""Start-up as a person meets it: first start, sign in, the window, and the failures."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.domain.errors import (
    AuthenticationError,
    ConflictError,
    DatabaseUnavailableError,
    StaleEditError,
    ValidationError,
)
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.ui.access.setup_dialog import SetupDialog
from app.ui.access.sign_in_dialog import SignInDialog
from app.ui.app import launch
from app.ui.errors import error_message
from app.ui.main_window import MainWindow
from tests.ui.helpers import RecordingDialogs

OWNER_PASSWORD = "owner password 1"


class FakePrompts:
    """Start-up questions answered by the test; what BayDesk said is kept."""

    interactive = False

    def __init__(self) -> None:
        self.said: list[str] = []

    def database_password(self, server: str, problem: str) -> str | None:
        return None

    def inform(self, text: str) -> None:
        self.said.append(text)

    def fatal(self, text: str) -> None:
        self.said.append(text)


def _args(**given: object) -> argparse.Namespace:
    defaults: dict[str, object] = {
        "database": None,
        "demo": None,
        "screenshot": None,
        "view": "customers",
        "search": "",
        "user": "",
    }
    return argparse.Namespace(**{**defaults, **given})


def test_first_start_creates_the_shop_and_signs_the_owner_in(qtbot, services: Services) -> None:
    dialog = SetupDialog(services.setup.create_shop)
    qtbot.addWidget(dialog)
    for name, text in (
        ("shop_name", "Harbor Garage"),
        ("phone", "(510) 555-0199"),
        ("tax_rate", "9.5"),
        ("username", "hana"),
        ("display_name", "Hana Harbor"),
        ("password", "a long password"),
        ("password_again", "a long passw0rd"),
    ):
        qtbot.keyClicks(dialog.edits[name], text)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field_message("password_again").text() == "the two passwords differ"
    assert not services.setup.is_initialized()

    dialog.edits["password_again"].clear()
    qtbot.keyClicks(dialog.edits["password_again"], "a long password")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is not None
    assert dialog.actor.name == "Hana Harbor"
    assert [s.name for s in services.setup.shops()] == ["Harbor Garage"]


def test_a_wrong_password_is_said_in_the_sign_in_dialog(qtbot, services: Services, owner: Actor) -> None:
    dialog = SignInDialog(
        "Test Garage", "owner", lambda user, password: services.setup.sign_in(user, password, "Desk 9")
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "not my password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.banner.text() == "Wrong user name or password."
    assert dialog.password.text() == ""
    assert dialog.isVisible()

    qtbot.keyClicks(dialog.password, OWNER_PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None
    assert dialog.actor.name == "Olivia Owner"


def test_the_window_shows_only_working_areas_and_who_works_where(
    qtbot, services: Services, desk: Actor, ana: CustomerView
) -> None:
    shop = services.setup.shop(desk.shop_id)
    dialogs = RecordingDialogs()
    window = MainWindow(services, desk, shop, "Front desk 2", dialogs)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(window.is_settled)
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == [
        "Customers & vehicles",
        "Work orders",
        "Schedule",
        "Bay board",
        "Parts counter",
        "Invoicing",
        "Reminders",
        "Cash & end of day",
        "Settings",  # canned jobs; not Users or Audit log, which are the owner's
        "Alerts",
        "Vehicle readings",
    ]
    status = {name: label.text() for name, label in window.status_labels.items()}
    assert status["shop"] == "Test Garage"
    assert status["user"] == "Sam Writer (Service writer)"
    assert status["terminal"] == "Terminal: Front desk 2"
    assert status["database"] == services.database_label()
    assert window.customers_view.search_edit.hasFocus()
    assert window.customers.hits.rowCount() == 1  # recent customers, before any typing

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.customers_view.detail.vehicles_table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.customers_view.search_edit.hasFocus()
    opened: list[object] = []
    window.customers.editing.dialog_opened.connect(opened.append)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened and opened[0].windowTitle() == "New customer"
    opened[0].reject()
    window.close()
    assert window.runner.is_idle()


def test_screenshot_of_a_demo_shop_with_a_search(qtbot, tmp_path: Path) -> None:
    target = tmp_path / "shot.png"
    args = _args(demo=str(tmp_path / "demo.sqlite3"), screenshot=str(target), search="smith")
    assert launch(args, QApplication.instance(), FakePrompts()) == 0
    image = QImage(str(target))
    assert image.width() >= 1000 and image.height() >= 700


def test_an_unreachable_server_is_a_message_and_exit_code_2(qtbot, tmp_path: Path) -> None:
    prompts = FakePrompts()
    args = _args(
        database="postgresql+psycopg://postgres@127.0.0.1:1/baydesk", screenshot=str(tmp_path / "x.png")
    )
    assert launch(args, QApplication.instance(), prompts) == 2
    assert prompts.said and prompts.said[0].startswith("The database server cannot be reached")
    assert not (tmp_path / "x.png").exists()


def test_a_screenshot_with_nobody_to_sign_in_as_says_how(qtbot, tmp_path: Path) -> None:
    prompts = FakePrompts()
    database = f"sqlite+pysqlite:///{tmp_path / 'empty.sqlite3'}"
    assert (
        launch(_args(database=database, screenshot=str(tmp_path / "x.png")), QApplication.instance(), prompts)
        == 2
    )
    assert "use --demo, or --user NAME with the password in BAYDESK_PASSWORD" in prompts.said[0]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            ValidationError({"email": "is not an e-mail address"}),
            "Please correct: Email: is not an e-mail address",
        ),
        (StaleEditError("Customer Ana Ruiz", "Olivia Owner", "14:02 on Mar 05"), "changed by Olivia Owner"),
        (ConflictError("VIN X is already on a Buick of Ana Ruiz."), "already on a Buick"),
        (DatabaseUnavailableError("The database is busy."), "The database is busy."),
        (AuthenticationError("Wrong user name or password."), "Wrong user name or password."),
        (KeyError("boom"), "Something went wrong that BayDesk did not expect (KeyError)"),
    ],
)
def test_every_error_becomes_a_sentence_for_a_person(error: Exception, expected: str) -> None:
    assert expected in error_message(error)


class AskingPrompts(FakePrompts):
    """A person at the keyboard who types the database password when asked."""

    interactive = True

    def __init__(self, password: str | None) -> None:
        super().__init__()
        self.password = password
        self.asked: list[str] = []

    def database_password(self, server: str, problem: str) -> str | None:
        self.asked.append(server)
        return self.password


def _server_wanting_a_password(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Make the test server behave like one with password authentication."""
    from app.services.access.setup import SetupService

    passwords: list[str | None] = []

    def check_connection(self: SetupService) -> None:
        password = self.db.url.password
        passwords.append(password)
        if password != "s3cret-pass":
            raise DatabaseUnavailableError(
                "The database server cannot be reached: FATAL: password authentication failed"
            )

    monkeypatch.setattr(SetupService, "check_connection", check_connection)
    return passwords


def test_a_server_password_is_asked_for_and_its_insecure_storage_is_admitted(
    qtbot, monkeypatch: pytest.MonkeyPatch, pg_migrated
) -> None:
    from app.config import Settings
    from app.ui.startup import open_services

    tried = _server_wanting_a_password(monkeypatch)
    monkeypatch.setattr("app.ui.startup.save_password", lambda account, password: False)
    prompts = AskingPrompts("s3cret-pass")
    url = pg_migrated.render_as_string(hide_password=False)
    services = open_services(_args(database=url), Settings(), prompts)
    assert services is not None
    assert tried == [None, "s3cret-pass"]
    assert len(prompts.asked) == 1 and prompts.asked[0].startswith("postgres@127.0.0.1:5432/")
    assert prompts.said == [
        "The database password could not be saved securely on this computer (no keyring is "
        "available), so BayDesk will ask for it each time it starts."
    ]
    services.db.dispose()


def test_cancelling_the_password_prompt_stops_without_an_error(
    qtbot, monkeypatch: pytest.MonkeyPatch, pg_migrated
) -> None:
    from app.config import Settings
    from app.ui.startup import open_services

    _server_wanting_a_password(monkeypatch)
    url = pg_migrated.render_as_string(hide_password=False)
    assert open_services(_args(database=url), Settings(), AskingPrompts(None)) is None


def _when_modal(qtbot, act: object) -> None:
    """Run ``act(dialog)`` once a modal dialog is up (exec() blocks the test until it closes)."""
    from PySide6.QtCore import QTimer

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, attempt)
        else:
            act(dialog)  # type: ignore[operator]

    QTimer.singleShot(0, attempt)


def test_first_start_on_an_empty_database_creates_the_shop_and_remembers_the_owner(
    qtbot, services: Services
) -> None:
    from app.config import Settings, load_settings
    from app.ui.startup import sign_in

    def fill(dialog: SetupDialog) -> None:
        for name, text in (
            ("shop_name", "Harbor Garage"),
            ("tax_rate", "9.5"),
            ("username", "hana"),
            ("display_name", "Hana Harbor"),
            ("password", "a long password"),
            ("password_again", "a long password"),
        ):
            dialog.edits[name].setText(text)
        dialog.submit()

    _when_modal(qtbot, fill)
    prompts = AskingPrompts(None)
    actor = sign_in(services, _args(), Settings(terminal_name="Counter 1"), prompts)
    assert actor is not None and actor.name == "Hana Harbor"
    assert actor.terminal_id is not None
    assert load_settings().last_username == "hana"


def test_signing_in_prefills_the_last_user_name(qtbot, services: Services, owner: Actor) -> None:
    from app.config import Settings
    from app.ui.startup import sign_in

    seen: list[str] = []

    def answer(dialog: SignInDialog) -> None:
        seen.append(dialog.username.text())
        dialog.password.setText(OWNER_PASSWORD)
        dialog.submit()

    _when_modal(qtbot, answer)
    actor = sign_in(services, _args(), Settings(last_username="owner"), AskingPrompts(None))
    assert seen == ["owner"]
    assert actor is not None and actor.name == "Olivia Owner"


def test_start_up_loads_the_customers_area_and_its_models_but_no_other_area() -> None:
    """The start-up's code (sign-in, the window, the customers area) loads without the Work orders area
    or any other area's models; each of those loads when its area is first used."""
    code = (
        "import sys\n"
        "import app.ui.app, app.ui.startup, app.ui.access.session, app.services.access.setup\n"
        "print(sorted(m for m in sys.modules if m.startswith(('app.db.models', 'app.db.all_models', "
        "'app.ui.work_orders.list_', 'app.services.work_orders.orders'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['app.db.models']"
