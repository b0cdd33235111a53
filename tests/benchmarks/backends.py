"""The databases a run measures: a SQLite file in a temporary folder and a
PostgreSQL database of the run's own, each with a raw DB-API connection
opened the way the app's engine opens its own (same file, same PRAGMAs)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection, make_url

from app.db import migrate
from app.db.engine import SQLITE_BUSY_TIMEOUT_MS, Database, open_database, sqlite_url
from app.demo.shop import DemoService
from app.services.base import ChangeHub

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass
class RawConnection:
    """A DB-API connection in autocommit mode; transactions are spelled out in SQL."""

    backend: str
    conn: Any

    @property
    def pg(self) -> bool:
        return self.backend == "postgresql"

    @property
    def placeholder(self) -> str:
        return "%s" if self.pg else "?"

    def uuid(self, value: uuid.UUID) -> Any:
        """A UUID as the column stores it (SQLAlchemy's ``Uuid``: native on PostgreSQL, hex on SQLite)."""
        return value if self.pg else value.hex

    def to_uuid(self, value: Any) -> uuid.UUID | None:
        if value is None or isinstance(value, uuid.UUID):
            return value
        return uuid.UUID(hex=value)

    def timestamp(self, value: datetime) -> Any:
        """An aware UTC datetime as app.db.types.UTCDateTime stores it."""
        if self.pg:
            return value
        return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self.conn.execute(sql, params).fetchall()

    def close(self) -> None:
        self.conn.close()


@dataclass
class Backend:
    name: str
    db: Database
    raw_url: str | Path
    demo_seconds: float = 0.0

    def raw(self) -> RawConnection:
        if self.name == "sqlite":
            conn = sqlite3.connect(self.raw_url, isolation_level=None)
            # the same PRAGMAs as app.db.engine._sqlite_engine
            conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            return RawConnection("sqlite", conn)
        return RawConnection("postgresql", psycopg.connect(str(self.raw_url), autocommit=True))


def pg_admin_url() -> URL:
    return make_url(os.environ.get("BAYDESK_TEST_PG_URL", DEFAULT_PG_URL))


@contextmanager
def sqlite_backend(source: Path | None = None) -> Iterator[Backend]:
    """A SQLite file in a temporary folder: empty, or a copy of ``source`` (by the backup API,
    safe with the WAL)."""
    folder = Path(tempfile.mkdtemp(prefix="baydesk-bench-"))
    path = folder / "bench.sqlite3"
    if source is not None:
        original, copy = sqlite3.connect(source), sqlite3.connect(path)
        try:
            original.backup(copy)
        finally:
            original.close()
            copy.close()
    db = open_database(sqlite_url(path))
    try:
        yield Backend("sqlite", db, path)
    finally:
        db.dispose()
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgresql_backend(admin_url: URL | None = None, template: str | None = None) -> Iterator[Backend]:
    """A database of the run's own on the server: empty, or a copy of ``template`` (``CREATE
    DATABASE ... TEMPLATE``: nobody may be connected to it meanwhile), dropped at the end."""
    admin_url = admin_url or pg_admin_url()
    name = f"baydesk_bench_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    url = admin_url.set(database=name)
    db = open_database(url)
    raw_url = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        if template:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))  # a copy starts without statistics
                settle(conn)
        yield Backend("postgresql", db, raw_url)
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def settle(conn: Connection) -> None:
    """Write the copy's (or the analysis') pages out before anything is timed.

    ``CREATE DATABASE ... TEMPLATE`` logs the whole copy; without a checkpoint
    here, the server writes those gigabytes out during the first minutes of
    the measurements and slows the floors and the measured calls alike.
    """
    conn.execute(text("CHECKPOINT"))


def copied_backend(url: str) -> AbstractContextManager[Backend]:
    """A copy of a demo already loaded at ``url`` (``baydesk demo``), measured and then removed:
    the measurements write (edits, allocations, postings, a business day), so each run starts
    from the same rows."""
    given = make_url(url)
    if given.get_backend_name() == "sqlite":
        return sqlite_backend(Path(str(given.database)))
    return postgresql_backend(given.set(database="postgres"), template=given.database)


def load_demo(backend: Backend, size: str) -> None:
    """Migrate the empty database and fill it with the demo shop, timing the load (the demo
    analyses a PostgreSQL database itself, so the plans do not change half-way through)."""
    migrate.upgrade(backend.db, backup=False)
    started = time.perf_counter()
    DemoService(backend.db, ChangeHub()).create(size)
    backend.demo_seconds = time.perf_counter() - started
