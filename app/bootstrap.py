"""Opening a database the way both entry points (window and command line) need.

Resolves the URL, fetches a PostgreSQL password from the keyring, and brings
the schema up to date (an older SQLite file is copied aside first).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError, ProgrammingError

from app import credentials
from app.config import Settings, load_settings, resolve_database
from app.db import migrate
from app.db.backup import remove_restore_leftovers
from app.db.engine import Database, open_database, sqlite_url
from app.domain.errors import DatabaseUnavailableError
from app.services.container import Services

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from app.demo.shop import DemoResult


@dataclass(frozen=True)
class Opened:
    services: Services
    backup_before_upgrade: Path | None


def keyring_account(url: str) -> str:
    """The keyring entry for a server: the URL without any password."""
    return credentials.keyring_account(url)


def open_configured(
    override: str | None = None,
    settings: Settings | None = None,
    password: str | None = None,
    report: str | None = None,
) -> Database:
    # the settings' TLS options, shop and report server, and the keyring password (app/config.py)
    return resolve_database(settings or load_settings(), override, password, report)


def prepare(db: Database) -> Opened:
    """Apply migrations (copying an older SQLite file aside first).

    A server that cannot be reached, or a file that cannot be opened, is a
    message for a person, not a traceback.
    """
    if db.sqlite_path is not None:
        for leftover in remove_restore_leftovers(db.sqlite_path):
            log.warning("removed %s, left by a restore that did not finish", leftover.name)
    try:
        backup = migrate.upgrade(db)
    except OperationalError as exc:
        reason = " ".join(str(exc.orig).split())[:200].rstrip(".")
        raise DatabaseUnavailableError(
            f"Cannot open the database {db.describe()} ({reason}). Check the address, the network and "
            "the server, then try again."
        ) from exc
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient privilege
            raise
        raise DatabaseUnavailableError(
            f"The database {db.describe()} needs an upgrade that only its owner role may run. On the "
            "server's machine run: baydesk --database postgresql://<owner role>@<server>/<database> migrate"
        ) from exc
    if db.scope.mismatch:  # settings from another shop's role: every table would look empty
        raise DatabaseUnavailableError(
            f"On {db.describe()}, {db.scope.mismatch}. Run `baydesk server connect` with this shop's role "
            "to choose again."
        )
    return Opened(Services.build(db), backup)


def demo_database(path: Path | None, size: str = "small") -> tuple[Opened, DemoResult | None]:
    """A demo shop in ``path`` (kept) or in a temporary file; reused if it already has one."""
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="baydesk-demo-")) / "demo.sqlite3"
    db = open_database(sqlite_url(path))
    opened = prepare(db)
    if opened.services.setup.is_initialized():
        return opened, None
    from app.demo.shop import DemoService  # only a new demo needs the generator

    return opened, DemoService(db, opened.services.changes).create(size)
