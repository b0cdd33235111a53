"""Point-in-time recovery: WAL archiving on the server, base backups, and a copy recovered to a moment.

PostgreSQL does the work (continuous archiving, ``recovery_target_time``);
this module sets it up and drives it:

* ``set_up_wal_archive``: ``archive_mode=on`` and an ``archive_command`` that
  copies each finished WAL segment into a folder (never over one already
  there), ``archive_timeout`` so a quiet server still archives every minute.
  ``archive_mode`` takes effect only when the server restarts: the result says
  whether it must.
* ``take_base_backup``: ``pg_basebackup`` (plain format, WAL included), the
  starting point of every recovery.
* ``restore_to``: copy a base backup into a new folder, tell it to fetch WAL
  from the archive and stop at the moment given (``recovery.signal``,
  ``restore_command``, ``recovery_target_time``), start it on its own port
  and wait until it has recovered and been promoted. The original server is
  not touched.
"""

from __future__ import annotations

import shlex
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import URL

from app.db.engine import open_database
from app.db.pg_tools import PgToolError, give_to_server_user, run_tool
from app.domain.errors import ValidationError

ARCHIVE_TIMEOUT_S = 60
RECOVERY_WAIT_S = 600


@dataclass(frozen=True)
class ArchiveSetup:
    archive_dir: Path
    command: str
    restart_needed: bool  # archive_mode (or wal_level) changes only when the server restarts


@dataclass(frozen=True)
class Recovered:
    target_dir: Path
    port: int
    target_time: datetime
    log_file: Path


def archive_command(archive_dir: Path) -> str:
    """Copy a finished segment into the archive, refusing to overwrite one already there."""
    folder = shlex.quote(str(archive_dir)).replace("%", "%%")
    return f"test ! -f {folder}/%f && cp %p {folder}/%f"


def set_up_wal_archive(admin: URL, archive_dir: Path) -> ArchiveSetup:
    """Turn on WAL archiving into ``archive_dir`` (a folder the server's user may write)."""
    archive_dir = archive_dir.expanduser().resolve()
    command = archive_command(archive_dir)
    db = open_database(admin)
    try:
        with db.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            settings = {
                "archive_mode": "on",
                "archive_command": command,
                "archive_timeout": str(ARCHIVE_TIMEOUT_S),
            }
            if conn.execute(text("SHOW wal_level")).scalar_one() == "minimal":
                settings["wal_level"] = "replica"
            for name, value in settings.items():
                conn.execute(text(f"ALTER SYSTEM SET {name} = {_literal(value)}"))
            conn.execute(text("SELECT pg_reload_conf()"))
            time.sleep(0.2)  # the reload is signalled, not waited for
            pending = conn.execute(
                text(
                    "SELECT count(*) FROM pg_settings WHERE pending_restart OR (name = 'archive_mode' AND setting <> 'on')"
                )
            ).scalar_one()
    finally:
        db.dispose()
    return ArchiveSetup(archive_dir, command, bool(pending))


def take_base_backup(url: URL, target_dir: Path, password: str | None = None) -> Path:
    """A plain-format base backup (``pg_basebackup -X stream``) in an empty ``target_dir``."""
    _require_empty(target_dir, "base_backup")
    args = ["-D", str(target_dir), "-Fp", "-X", "stream", "-c", "fast", "-d", _conninfo(url, password)]
    run_tool("pg_basebackup", *args)
    return target_dir


def restore_to(
    target_time: datetime, base_backup: Path, archive_dir: Path, target_dir: Path, port: int
) -> Recovered:
    """A copy of the server as it was at ``target_time``, running on ``port`` from ``target_dir``."""
    if target_time.tzinfo is None:
        target_time = target_time.astimezone()  # this computer's clock, written with its offset
    refusal = not_a_base_backup(base_backup)
    if refusal:
        raise ValidationError({"base_backup": refusal})
    if not archive_dir.is_dir():
        raise ValidationError({"wal_archive": f"{archive_dir} is not a folder"})
    _require_empty(target_dir, "target_dir")
    shutil.copytree(base_backup, target_dir, dirs_exist_ok=True)
    for leftover in ("postmaster.pid", "standby.signal", "recovery.signal"):
        (target_dir / leftover).unlink(missing_ok=True)
    _write_recovery_config(target_dir, target_time, archive_dir.resolve(), port)
    (target_dir / "recovery.signal").touch()
    target_dir.chmod(0o700)
    give_to_server_user(target_dir)
    log_file = target_dir / "recovery.log"
    run_tool(
        "pg_ctl", "-D", str(target_dir), "-l", str(log_file), "-w", "-t", "120", "start", server_user=True
    )
    _wait_promoted(target_dir, port, log_file)
    return Recovered(target_dir, port, target_time, log_file)


def not_a_base_backup(path: Path) -> str:
    """Why ``path`` cannot be recovered from ('' when it can): a plain-format base backup folder.

    WAL replays onto the server's files as they were (a physical copy), never onto a
    dump: a ``pg_dump`` archive (custom format) is rebuilt row by row with new files, so
    it is restored as it stands (``baydesk restore``) and cannot be rolled forward.
    """
    if (path / "PG_VERSION").is_file():
        return ""
    if path.is_file():
        with path.open("rb") as fh:
            dump = fh.read(5) == b"PGDMP"
        if dump:
            return (
                f"{path} is a pg_dump archive (a logical backup): WAL cannot be replayed onto it. "
                "Restore it as it stands with `baydesk restore`, or recover from a base backup "
                "(`baydesk server base-backup`)"
            )
    if (path / "base.tar").is_file() or (path / "base.tar.gz").is_file():
        return (
            f"{path} is a tar-format base backup: unpack base.tar into an empty folder (and pg_wal.tar "
            "into its pg_wal) and give that folder, or take one with `baydesk server base-backup`"
        )
    return f"{path} is not a plain base backup (no PG_VERSION)"


def _write_recovery_config(target_dir: Path, target_time: datetime, archive_dir: Path, port: int) -> None:
    """Recovery settings last in postgresql.auto.conf (later lines win); a Debian base backup, whose
    configuration lives in /etc, gets a minimal postgresql.conf and pg_hba.conf of its own."""
    if not (target_dir / "postgresql.conf").exists():
        (target_dir / "postgresql.conf").write_text("listen_addresses = 'localhost'\n", encoding="utf-8")
    if not (target_dir / "pg_hba.conf").exists():  # its socket is in its own 0700 folder
        (target_dir / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n",
            encoding="utf-8",
        )
    (target_dir / "pg_ident.conf").touch()
    folder = shlex.quote(str(archive_dir)).replace("%", "%%")
    settings = {
        "port": str(port),
        "restore_command": f"cp {folder}/%f %p",
        "recovery_target_time": target_time.isoformat(sep=" "),
        "recovery_target_action": "promote",
        "recovery_target_inclusive": "true",
        "archive_mode": "off",  # the copy must not write into the original's archive
        "primary_conninfo": "",
        "unix_socket_directories": str(target_dir),
        "cluster_name": "baydesk_recovered",
    }
    lines = [f"{name} = {_literal(value)}" for name, value in settings.items()]
    with (target_dir / "postgresql.auto.conf").open("a", encoding="utf-8") as fh:
        fh.write("\n# baydesk server restore-to\n" + "\n".join(lines) + "\n")


def _wait_promoted(target_dir: Path, port: int, log_file: Path) -> None:
    """Until the copy answers and is out of recovery; its log's tail when it stopped instead."""
    deadline = time.monotonic() + RECOVERY_WAIT_S
    where = {"host": str(target_dir), "port": port, "dbname": "postgres", "user": "postgres"}
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(**where, connect_timeout=2) as conn:  # type: ignore[arg-type]
                if not conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:  # type: ignore[index]
                    return
        except psycopg.OperationalError:
            if _log_says_stopped(log_file):
                break
        time.sleep(0.3)
    tail = log_file.read_text(encoding="utf-8", errors="replace")[-1200:] if log_file.exists() else ""
    raise PgToolError(f"The recovered copy did not come up out of recovery. Its log ends:\n{tail}")


def _log_says_stopped(log_file: Path) -> bool:
    said = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    return "database system is shut down" in said or "FATAL:  recovery ended before" in said


def _require_empty(folder: Path, field: str) -> None:
    if folder.exists() and any(folder.iterdir()):
        raise ValidationError({field: f"{folder} is not empty"})
    folder.mkdir(parents=True, exist_ok=True)


def _conninfo(url: URL, password: str | None) -> str:
    parts = {
        "host": url.host or "localhost",
        "port": str(url.port or 5432),
        "user": url.username or "postgres",
        "dbname": url.database or "postgres",
    }
    if password or url.password:
        parts["password"] = str(password or url.password)
    return " ".join(f"{k}={_literal(v)}" for k, v in parts.items())


def _literal(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
