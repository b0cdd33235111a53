"""Schema upgrades through Alembic, run by the app at start-up and by tests.

Before an existing SQLite file is upgraded, a copy is taken aside with
SQLite's online backup API, so a failed upgrade never costs a shop its data.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from app.db.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when the schema has to change: importing it costs
# more than the rest of a start-up's database work (see is_current).
_REVISION = re.compile(r"""^revision(?::[^=]*)?=\s*["'](\w+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"""^down_revision(?::[^=]*)?=\s*(?:None|["'](\w+)["'])""", re.MULTILINE)


def migrations_dir() -> Path:
    """``migrations/`` beside the package, or inside a frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "migrations"
    return Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["database"] = db
    return cfg


def head_revision(db: Database) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(db)).get_current_head()


def shipped_head() -> str | None:
    """The newest revision in migrations/versions, read from the files without Alembic.

    None when the files do not form one line of revisions (Alembic decides then).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = _REVISION.search(text)
        parent = _DOWN_REVISION.search(text)
        if not found or not parent:
            return None
        revisions.add(found.group(1))
        if parent.group(1):
            parents.add(parent.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_current(db: Database) -> bool:
    """The database is at the shipped head: the common start-up, answered with one query."""
    head = shipped_head()
    if head is None:
        return False
    try:
        with db.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
    except DBAPIError:  # no version table yet: a new database
        return False


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision(db)


def upgrade(db: Database, revision: str = "head", *, backup: bool = True) -> Path | None:
    """Bring the schema to ``revision``; returns the backup copy's path, if one was made."""
    if revision == "head" and is_current(db):
        return None
    from alembic import command

    copy = None
    if backup and current_revision(db) is not None and needs_upgrade(db):
        copy = backup_sqlite_file(db, "pre-upgrade")
    command.upgrade(alembic_config(db), revision)
    db.scope.forget()
    return copy


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(db), revision)
    db.scope.forget()


def check(db: Database) -> None:
    """Raise if the models and the migrations have drifted apart."""
    from alembic import command

    command.check(alembic_config(db))


def backup_sqlite_file(db: Database, label: str) -> Path | None:
    """Copy a SQLite database aside with the online backup API (safe while in use)."""
    source = db.sqlite_path
    if source is None or not source.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = source.with_name(f"{source.stem}.{label}-{stamp}{source.suffix}")
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target
