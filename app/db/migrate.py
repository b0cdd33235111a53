"""Schema upgrades through Alembic, run by the app at start-up and by tests.

Before an existing SQLite file is upgraded, a copy is taken aside with
SQLite's online backup API, so a failed upgrade never costs a shop its data.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.db.engine import Database


def migrations_dir() -> Path:
    """``migrations/`` beside the package, or inside a frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "migrations"
    return Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["database"] = db
    return cfg


def head_revision(db: Database) -> str | None:
    return ScriptDirectory.from_config(alembic_config(db)).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision(db)


def upgrade(db: Database, revision: str = "head", *, backup: bool = True) -> Path | None:
    """Bring the schema to ``revision``; returns the backup copy's path, if one was made."""
    copy = None
    if backup and current_revision(db) is not None and needs_upgrade(db):
        copy = backup_sqlite_file(db, "pre-upgrade")
    command.upgrade(alembic_config(db), revision)
    return copy


def downgrade(db: Database, revision: str) -> None:
    command.downgrade(alembic_config(db), revision)


def check(db: Database) -> None:
    """Raise if the models and the migrations have drifted apart."""
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
