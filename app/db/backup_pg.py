"""PostgreSQL backups: ``pg_dump`` (custom format) and ``pg_restore``, checked like the SQLite ones.

The dump runs on a snapshot exported by a REPEATABLE READ transaction of our
own, in which the rows per table are counted too: the archive is then read
back whole (``pg_restore`` to a stream, counting each table's COPY rows) and
must hold exactly those counts. Reading it whole also refuses a truncated
or foreign file before a restore touches the database. The restore itself is
``pg_restore``'s script run by ``psql`` in one transaction: it succeeds whole
or changes nothing.

Run both as the owner role (``baydesk server setup``): the application role
sees only its own shop and may not dump other shops' rows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from app.db.backup import BackupError, BackupResult, RestoreResult, check_revision, stamp
from app.db.engine import Database, without_password

SUFFIX = ".dump"
TOOL_TIMEOUT_S = 6 * 3600


def missing_tools() -> list[str]:
    return [tool for tool in ("pg_dump", "pg_restore", "psql") if shutil.which(tool) is None]


def _require_tools() -> None:
    missing = missing_tools()
    if missing:
        raise BackupError(
            f"{', '.join(missing)} not found: PostgreSQL backups need the PostgreSQL client tools "
            "(Debian/Ubuntu: apt install postgresql-client; Windows/macOS: the PostgreSQL installer) "
            "on the PATH, of the server's major version or newer."
        )


def libpq(url: URL, password: str | None) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (it goes through the environment, never the command line)."""
    secret = password if password is not None else url.password
    uri = without_password(url.set(drivername="postgresql")).render_as_string(hide_password=False)
    env = dict(os.environ)
    if secret is not None:
        env["PGPASSWORD"] = str(secret)
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return uri, env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, env=env, capture_output=True, timeout=TOOL_TIMEOUT_S, check=False)


def _stderr(proc: subprocess.CompletedProcess[bytes]) -> str:
    return " ".join(proc.stderr.decode("utf-8", "replace").split())[:400]


def backup_postgres(db: Database, target: Path, password: str | None = None) -> BackupResult:
    _require_tools()
    target = target.expanduser().absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    uri, env = libpq(db.url, password)
    try:
        taken_at, counts, revision, proc = _dump_snapshot(db, partial, uri, env)
    except DBAPIError as exc:
        partial.unlink(missing_ok=True)
        reason = " ".join(str(exc.orig).split())[:200]
        raise BackupError(f"The database {db.describe()} could not be read for the backup: {reason}") from exc
    if proc.returncode != 0:
        partial.unlink(missing_ok=True)
        hint = " Back up with the owner role's URL." if b"row-level security" in proc.stderr else ""
        raise BackupError(f"pg_dump failed: {_stderr(proc)}.{hint}")
    try:
        archived, _revision = read_archive(partial, env)
        if {t: archived.get(t) for t in counts} != counts:
            differ = sorted(t for t in counts if archived.get(t) != counts[t])
            raise BackupError(
                f"The backup does not hold the same rows as the database ({', '.join(differ)})."
            )
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return BackupResult(target, taken_at, revision, counts, target.stat().st_size)


def _dump_snapshot(
    db: Database, partial: Path, uri: str, env: dict[str, str]
) -> tuple[datetime, dict[str, int], str | None, subprocess.CompletedProcess[bytes]]:
    """Count the rows and run pg_dump on one exported snapshot: both see the same moment."""
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        taken_at = datetime.now(UTC)
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        ).scalars()
        counts = {
            t: int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()) for t in list(tables)
        }
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if counts else None
        proc = _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={partial}", f"--dbname={uri}"],
            env,
        )
        conn.rollback()
    return taken_at, counts, str(revision) if revision else None, proc


def read_archive(path: Path, env: dict[str, str] | None = None) -> tuple[dict[str, int], str | None]:
    """Read a pg_dump archive whole: rows per table and the schema revision; refuse a bad file."""
    _require_tools()
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file. Nothing was restored.")
    args = ["pg_restore", "--data-only", "--file=-", str(path)]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    counts: dict[str, int] = {}
    revision: str | None = None
    table: str | None = None
    for line in proc.stdout:
        if table is None:
            if line.startswith(b"COPY "):
                table = line.split(b" ", 2)[1].decode().split(".")[-1].strip('"')
                counts[table] = 0
        elif line == b"\\.\n":
            table = None
        else:
            counts[table] += 1
            if table == "alembic_version":
                revision = line.decode().strip()
    error = proc.stderr.read().decode("utf-8", "replace")
    if proc.wait() != 0 or table is not None:
        reason = " ".join(error.split())[:300] or "the file ends in the middle of the data"
        raise BackupError(
            f"{path} is not a whole BayDesk PostgreSQL backup ({reason}). Nothing was restored."
        )
    if "alembic_version" not in counts or "shops" not in counts:
        raise BackupError(f"{path} is a PostgreSQL dump but not of a BayDesk database. Nothing was restored.")
    return counts, revision


def restore_postgres(db: Database, source: Path, aside: Path, password: str | None = None) -> RestoreResult:
    """Check the archive whole, dump the current database aside, then restore in one transaction.

    Tables the archive does not have (added by a later upgrade) are dropped in
    the same transaction, so the next start can upgrade the restored schema.
    """
    _require_tools()
    source = source.expanduser().absolute()
    uri, env = libpq(db.url, password)
    counts, revision = read_archive(source, env)
    check_revision(revision, source)
    kept = backup_postgres(db, aside / f"before-restore-{stamp()}{SUFFIX}", password).path
    with db.engine.connect() as conn:
        live = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
        extra = sorted(set(live) - set(counts))
    db.dispose()
    drops = " ".join(f'DROP TABLE IF EXISTS "{t}" CASCADE;' for t in extra) or "SELECT 1;"
    script = subprocess.Popen(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--file=-", str(source)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert script.stdout is not None and script.stderr is not None
    psql = ["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"]
    proc = subprocess.run(
        [*psql, f"--dbname={uri}", f"--command={drops}", "--file=-"],
        stdin=script.stdout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        timeout=TOOL_TIMEOUT_S,
        check=False,
    )
    script.stdout.close()
    script_error = script.stderr.read()
    if script.wait() != 0 or proc.returncode != 0:
        reason = " ".join((proc.stderr or script_error).decode("utf-8", "replace").split())[:400]
        raise BackupError(
            f"The restore failed and changed nothing (one transaction): {reason}. "
            f"The database as it was is also kept at {kept}."
        )
    return RestoreResult(source, revision, counts, kept)
