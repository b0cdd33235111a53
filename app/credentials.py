"""Database passwords in the OS keyring, never in a file or a log."""

from __future__ import annotations

import logging
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

SERVICE = "BayDesk database"
log = logging.getLogger(__name__)


def __getattr__(name: str) -> ModuleType:
    """``credentials.keyring``: the keyring package, imported the first time it is needed."""
    if name == "keyring":
        import keyring as module

        return module
    raise AttributeError(name)


def _account(url_without_password: str) -> str:
    return url_without_password


def keyring_account(url: str | URL) -> str:
    """The keyring entry for a server: the URL without any password."""
    from sqlalchemy.engine import make_url

    from app.db.engine import without_password

    parsed = make_url(url) if isinstance(url, str) else url
    return without_password(parsed).render_as_string(hide_password=False)


def keyring_available() -> bool:
    """False where the only backend is the fail/null one (no secure store)."""
    import keyring  # here, not at start-up: only a server's password needs it

    backend = keyring.get_keyring()
    priority = getattr(backend, "priority", 0)
    return priority > 0 and "fail" not in type(backend).__module__


def load_password(account: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        return keyring.get_password(SERVICE, _account(account))
    except (NoKeyringError, KeyringError) as exc:
        log.info("no keyring to read the database password from: %s", type(exc).__name__)
        return None


def save_password(account: str, password: str) -> bool:
    """Store the password; False means it was not kept (no secure store here: ask each time).

    True only once it reads back: the null backend accepts a password and keeps nothing.
    """
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    if not keyring_available():
        log.warning("no keyring on this computer: the database password was not kept")
        return False
    try:
        keyring.set_password(SERVICE, _account(account), password)
        kept = keyring.get_password(SERVICE, _account(account)) == password
    except (NoKeyringError, KeyringError) as exc:
        log.warning("the database password could not be saved securely: %s", type(exc).__name__)
        return False
    return kept
