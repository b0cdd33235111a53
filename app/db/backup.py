"""Backups that are checked after they are written, and restores that refuse bad files.

SQLite: SQLite's online backup API, run inside one read transaction of the
source, so the copy is the database at one moment even while other terminals
write (WAL readers see a snapshot). The copy is written beside the target as
``*.partial``, then opened and checked (``PRAGMA integrity_check``, rows per
table equal to the source at that moment) and only then renamed into place.

A restore checks the file first (a SQLite header, not truncated, integrity
check, a BayDesk schema this build knows), keeps the current database aside
(a timestamped copy, as before an upgrade) and then copies the backup in with
the same backup API, so other connections never see a half-written file.

PostgreSQL: the same two commands wrap ``pg_dump`` (custom format) and
``pg_restore``; see app/db/backup_pg.py.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.db import migrate
from app.db.engine import SQLITE_BUSY_TIMEOUT_MS, Database
from app.domain.errors import BayDeskError

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(BayDeskError):
    """A backup could not be written or verified, or a restore file was refused."""


@dataclass(frozen=True)
class BackupResult:
    """A verified backup: where, when, the schema, and the rows per table it holds."""

    path: Path
    taken_at: datetime
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)
    size_bytes: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    revision: str | None
    counts: dict[str, int]
    kept_aside: Path | None


def stamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


# --- SQLite: backup ------------------------------------------------------------------------------------


def backup_sqlite(db: Database, target: Path) -> BackupResult:
    """Copy the live SQLite database to ``target`` and verify the copy; safe while others write."""
    source = db.sqlite_path
    if source is None or not source.exists():
        raise BackupError(f"There is no database file to back up ({db.describe()}).")
    target = target.expanduser().absolute()
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("The backup cannot overwrite the database it copies; choose another file.")
    if target.is_dir():
        target = target / f"{source.stem}-{stamp()}{source.suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)

    src = _connect(source)
    try:
        src.execute("BEGIN")  # one read snapshot for the counts and the copy
        taken_at = datetime.now(UTC)
        counts = table_counts(src)
        revision = _revision(src)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            dst.close()
        src.execute("COMMIT")
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup could not be written to {target}: {exc}.") from exc
    finally:
        src.close()

    try:
        _verify_copy(partial, counts)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return BackupResult(target, taken_at, revision, counts, target.stat().st_size)


def _verify_copy(path: Path, expected: dict[str, int]) -> None:
    conn = sqlite3.connect(path)
    try:
        problem = integrity_problem(conn)
        if problem:
            raise BackupError(f"The backup failed its integrity check ({problem}); it was not kept.")
        counts = table_counts(conn)
    finally:
        conn.close()
    if counts != expected:
        differ = sorted(t for t in set(counts) | set(expected) if counts.get(t) != expected.get(t))
        raise BackupError(
            f"The backup does not hold the same rows as the database ({', '.join(differ)}); it was not kept."
        )


# --- SQLite: restore -----------------------------------------------------------------------------------


def check_sqlite_file(path: Path) -> None:
    """Refuse, with a message, what is not a whole SQLite file (before opening it at all)."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file. Nothing was restored.")
    size = path.stat().st_size
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise BackupError(
            f"{path} is not a BayDesk backup: it is not a SQLite database file. Nothing was restored."
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if page_size < 512 or size % page_size or (pages and size < pages * page_size):
        raise BackupError(
            f"{path} is truncated or damaged ({size:,} bytes; the file says it holds "
            f"{pages * page_size:,}). Nothing was restored."
        )


def restore_sqlite(db: Database, backup: Path) -> RestoreResult:
    """Replace the live SQLite database with ``backup`` after checking it; the current one is kept aside.

    Every check runs on a private copy first: a refused file changes nothing.
    """
    live = db.sqlite_path
    if live is None:
        raise BackupError(f"Restore needs a database file ({db.describe()}).")
    backup = backup.expanduser().absolute()
    # Before reading a byte of it: opening and closing the live file outside SQLite
    # would drop this process's SQLite locks on it (POSIX locks are per process).
    if live.exists() and backup.exists() and os.path.samefile(backup, live):
        raise BackupError("That file is the database itself; choose a backup file.")
    check_sqlite_file(backup)
    live.parent.mkdir(parents=True, exist_ok=True)
    staged = live.with_name(f"{live.name}.restore-{stamp()}.partial")
    try:
        revision, counts = _stage(backup, staged)
        db.dispose()  # this process's own connections must not hold the file open
        kept = migrate.backup_sqlite_file(db, "before-restore") if live.exists() else None
        src = sqlite3.connect(staged)
        dst = _connect(live)
        try:
            src.backup(dst)
            restored = table_counts(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(
            f"The restore failed: {exc}. Close BayDesk on every terminal and try again."
        ) from exc
    finally:
        staged.unlink(missing_ok=True)
        staged.with_name(staged.name + "-journal").unlink(missing_ok=True)
    if restored != counts:
        raise BackupError(f"The restored database does not match the backup; the previous one is at {kept}.")
    return RestoreResult(backup, revision, counts, kept)


def remove_restore_leftovers(live: Path) -> list[Path]:
    """What a restore or backup killed half-way left beside ``live``: its staged copies and their journals.

    Run at every start, before the database is opened. The live file's own
    ``-journal`` or ``-wal`` is never touched: SQLite needs it to roll back.
    """
    patterns = (f"{live.name}.restore-*.partial", f"{live.name}.restore-*.partial-journal")
    removed = []
    for pattern in patterns:
        for leftover in live.parent.glob(pattern):
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def _stage(backup: Path, staged: Path) -> tuple[str | None, dict[str, int]]:
    """Copy the backup aside and check the copy: integrity, a BayDesk schema, not newer than this build."""
    try:
        src = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
        dst = sqlite3.connect(staged)
        try:
            src.backup(dst)
        finally:
            src.close()
        try:
            problem = integrity_problem(dst)
            if problem:
                raise BackupError(f"{backup} is damaged ({problem}). Nothing was restored.")
            names = _tables(dst)
            if "alembic_version" not in names or "shops" not in names:
                raise BackupError(
                    f"{backup} is a SQLite file but not a BayDesk database. Nothing was restored."
                )
            revision = _revision(dst)
            counts = table_counts(dst)
        finally:
            dst.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup} cannot be read as a database ({exc}). Nothing was restored.") from exc
    check_revision(revision, backup)
    return revision, counts


def check_revision(revision: str | None, backup: Path) -> None:
    """A backup without a schema revision, or from a newer BayDesk, cannot be opened by this one: refuse it."""
    if not revision:
        raise BackupError(
            f"{backup} has no BayDesk schema revision (its alembic_version is empty), so this BayDesk "
            "cannot tell what it holds. Nothing was restored."
        )
    if revision not in known_revisions():
        raise BackupError(
            f"{backup} was made by a newer BayDesk (schema {revision}); install that version to restore "
            "it. Nothing was restored."
        )


def known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.migrations_dir()))
    return {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}


# --- small SQLite helpers ------------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    return conn


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [str(r[0]) for r in rows]


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (every table but SQLite's own)."""
    return {name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in _tables(conn)}


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """None when ``PRAGMA integrity_check`` says ok, else its first complaint."""
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
    return None if rows == ["ok"] else "; ".join(rows)


def _revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return str(row[0]) if row else None
