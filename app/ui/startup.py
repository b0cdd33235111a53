"""From the command line to a signed-in person: which database, which shop, who.

Everything here happens before the main window exists, and may ask the
person something (a database password, the shop's details, their own
password). ``Prompts`` is how it asks: dialogs in the app, the console for
``--screenshot`` (which must never wait for a click), fakes in tests.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox

from app.bootstrap import demo_database, keyring_account, open_configured, prepare
from app.config import Settings, database_url, save_settings
from app.credentials import save_password
from app.demo.password import DEMO_PASSWORD
from app.domain.errors import AuthenticationError, DatabaseUnavailableError, ValidationError
from app.domain.permissions import Actor
from app.domain.terminals import TerminalMode, parse_mode
from app.services.access.setup import SetupService
from app.services.container import Services
from app.services.customers.dto import ShopView
from app.ui.access.setup_dialog import SetupDialog
from app.ui.access.sign_in_dialog import SignInDialog

ENV_PASSWORD = "BAYDESK_PASSWORD"
PASSWORD_ATTEMPTS = 3


class Prompts(Protocol):
    interactive: bool

    def database_password(self, server: str, problem: str) -> str | None: ...
    def inform(self, text: str) -> None: ...
    def fatal(self, text: str) -> None: ...


class DialogPrompts:
    interactive = True

    def database_password(self, server: str, problem: str) -> str | None:
        label = f"{problem}\n\nPassword for {server}:" if problem else f"Password for {server}:"
        text, ok = QInputDialog.getText(None, "Database password", label, QLineEdit.EchoMode.Password)
        return text if ok else None

    def inform(self, text: str) -> None:
        QMessageBox.information(None, "BayDesk", text)

    def fatal(self, text: str) -> None:
        QMessageBox.critical(None, "BayDesk", text)


class ConsolePrompts:
    """For runs nobody watches (``--screenshot``): say it on stderr, never wait."""

    interactive = False

    def database_password(self, server: str, problem: str) -> str | None:
        return None

    def inform(self, text: str) -> None:
        print(f"baydesk: {text}", file=sys.stderr)

    def fatal(self, text: str) -> None:
        print(f"baydesk: {text}", file=sys.stderr)


@dataclass(frozen=True)
class SignedIn:
    services: Services
    actor: Actor
    shop: ShopView
    terminal_name: str


def open_services(args: argparse.Namespace, settings: Settings, prompts: Prompts) -> Services | None:
    """The demo database, or the configured one brought up to date; None if the person gave up."""
    if args.demo is not None:
        opened, _created = demo_database(Path(args.demo).expanduser() if args.demo else None)
        return opened.services
    url = database_url(settings, args.database)
    password: str | None = None
    for _attempt in range(PASSWORD_ATTEMPTS):
        db = open_configured(args.database, settings, password, getattr(args, "report_database", None))
        try:
            SetupService(db).check_connection()
        except DatabaseUnavailableError as exc:
            db.dispose()
            if not (_is_postgres(url) and "password" in exc.message.lower()):
                raise
            password = prompts.database_password(_server(url), exc.message if password else "")
            if password is None:
                if prompts.interactive:
                    return None  # the person cancelled the password prompt
                raise
            continue
        services = prepare(db).services
        if password is not None:
            _remember_password(url, password, prompts)
        return services
    raise DatabaseUnavailableError("The database refused the password three times; BayDesk stops here.")


def _remember_password(url: str, password: str, prompts: Prompts) -> None:
    """Keyring only; where there is none, say so (DOMAIN.md: never in a file)."""
    if not save_password(keyring_account(url), password):
        prompts.inform(
            "The database password could not be saved securely on this computer "
            "(no keyring is available), so BayDesk will ask for it each time it starts."
        )


def sign_in(
    services: Services, args: argparse.Namespace, settings: Settings, prompts: Prompts
) -> Actor | None:
    """Who is at the keyboard: demo user, --user with BAYDESK_PASSWORD, or a dialog."""
    setup = services.setup
    terminal = settings.effective_terminal_name
    mode = _mode(settings)
    if args.demo is not None:
        try:
            return setup.sign_in(args.user or "desk", DEMO_PASSWORD, terminal, mode)
        except AuthenticationError:
            if not prompts.interactive:
                raise
    elif args.user and os.environ.get(ENV_PASSWORD):
        return setup.sign_in(args.user, os.environ[ENV_PASSWORD], terminal, mode)
    if not prompts.interactive:
        raise AuthenticationError(
            "Nobody to sign in as: use --demo, or --user NAME with the password in BAYDESK_PASSWORD."
        )
    if not setup.is_initialized():
        return _first_start(services, settings, terminal)
    shop_name = ", ".join(s.name for s in setup.shops())
    dialog = SignInDialog(
        shop_name,
        args.user or settings.last_username,
        lambda u, p: setup.sign_in(u, p, terminal, mode),
        pin_allowed=mode == TerminalMode.BAY,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        return None
    if args.demo is None:
        save_settings(replace(settings, last_username=dialog.username_text))
    return dialog.actor


def _first_start(services: Services, settings: Settings, terminal: str) -> Actor | None:
    dialog = SetupDialog(services.setup.create_shop)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        return None
    owner = dialog.actor
    mode = _mode(settings)
    terminal_id = services.setup.register_terminal(owner.shop_id, terminal, mode)
    username = dialog.edits["username"].text().strip()
    save_settings(replace(settings, last_username=username))
    return replace(owner, terminal_id=terminal_id, terminal_mode=mode, username=username)


def _mode(settings: Settings) -> TerminalMode:
    """This computer's mode as set in its settings file, used when it first registers; a bad value
    falls back to the front desk (the terminal row, which the owner manages, decides afterwards)."""
    try:
        return parse_mode(settings.terminal_mode)
    except ValidationError:
        return TerminalMode.FRONT_DESK


def signed_in(args: argparse.Namespace, settings: Settings, prompts: Prompts) -> SignedIn | None:
    """Open the database and sign in; ``BayDeskError`` says why not, None means the person cancelled."""
    services = open_services(args, settings, prompts)
    if services is None:
        return None
    actor = sign_in(services, args, settings, prompts)
    if actor is None:
        return None
    return SignedIn(services, actor, services.setup.shop(actor.shop_id), settings.effective_terminal_name)


def _is_postgres(url: str) -> bool:
    return urlsplit(url).scheme.startswith("postgres")


def _server(url: str) -> str:
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    return f"{user}{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path}"
