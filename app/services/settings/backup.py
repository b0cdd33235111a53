"""Backups as the shop sees them: take one, restore one, the daily one, and the last good one.

Backups are a job of the machine that holds the database (a command, or the
scheduled run inside the app), not a user action on shop records: they carry
no actor. The last verified backup is remembered in a small JSON file in the
data folder (per database), which the status bar reads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.db import backup as sqlite_backup
from app.db import backup_pg
from app.db.backup import BackupError, BackupResult, RestoreResult
from app.db.engine import Database

SCHEDULE_EVERY = timedelta(hours=24)
WARN_AFTER = timedelta(days=2)
STATUS_FILE = "backup-status.json"
PREFIX = "baydesk-backup-"


@dataclass(frozen=True)
class BackupStatus:
    """The last verified backup of this database (None: never)."""

    last_at: datetime | None
    path: str = ""
    rows: int = 0

    def overdue(self, now: datetime | None = None) -> bool:
        """No good backup, or the last is older than two days: the status bar warns."""
        return self.last_at is None or (now or datetime.now(UTC)) - self.last_at > WARN_AFTER

    def due(self, now: datetime | None = None) -> bool:
        """The daily backup should run."""
        return self.last_at is None or (now or datetime.now(UTC)) - self.last_at >= SCHEDULE_EVERY


class BackupService:
    def __init__(self, db: Database, data_dir: Path, pg_password: str | None = None) -> None:
        self.db = db
        self.data_dir = data_dir
        self._pg_password = pg_password

    # --- the two commands ----------------------------------------------------------------------------
    def backup(self, target: Path) -> BackupResult:
        """Write a verified backup to ``target`` (a file, or a folder for a dated file)."""
        if self.db.is_sqlite:
            result = sqlite_backup.backup_sqlite(self.db, target)
        else:
            if target.is_dir():
                target = target / f"{PREFIX}{sqlite_backup.stamp()}{backup_pg.SUFFIX}"
            result = backup_pg.backup_postgres(self.db, target, self._pg_password)
        self._remember(result)
        return result

    def restore(self, source: Path) -> RestoreResult:
        if self.db.is_sqlite:
            return sqlite_backup.restore_sqlite(self.db, source)
        return backup_pg.restore_postgres(self.db, source, self.data_dir / "backups", self._pg_password)

    # --- the daily backup ----------------------------------------------------------------------------
    def scheduled(
        self, keep: int, folder: Path | None = None, now: datetime | None = None
    ) -> BackupResult | None:
        """The daily backup, when due; keeps the newest ``keep`` of its own files in ``folder``."""
        if not self.status().due(now):
            return None
        folder = folder or self.default_folder()
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".sqlite3" if self.db.is_sqlite else backup_pg.SUFFIX
        result = self.backup(folder / f"{PREFIX}{sqlite_backup.stamp(now)}{suffix}")
        self.prune(folder, keep)
        return result

    def prune(self, folder: Path, keep: int) -> list[Path]:
        """Delete all but the newest ``keep`` scheduled backups (never other files)."""
        ours = sorted(p for p in folder.glob(f"{PREFIX}*") if p.is_file() and not p.name.endswith(".partial"))
        doomed = ours[: max(0, len(ours) - max(1, keep))]
        for path in doomed:
            path.unlink(missing_ok=True)
        return doomed

    def default_folder(self) -> Path:
        return self.data_dir / "backups"

    # --- what the status bar shows -------------------------------------------------------------------
    def status(self) -> BackupStatus:
        entry = self._records().get(self._key())
        if not isinstance(entry, dict):
            return BackupStatus(None)
        try:
            at = datetime.fromisoformat(str(entry["at"]))
        except (KeyError, ValueError):
            return BackupStatus(None)
        return BackupStatus(at, str(entry.get("path", "")), int(entry.get("rows", 0)))

    def _remember(self, result: BackupResult) -> None:
        records = self._records()
        records[self._key()] = {
            "at": result.taken_at.isoformat(),
            "path": str(result.path),
            "rows": result.total_rows,
            "counts": result.counts,
            "revision": result.revision,
        }
        path = self.data_dir / STATUS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(records, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)

    def _records(self) -> dict[str, object]:
        path = self.data_dir / STATUS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _key(self) -> str:
        return self.db.describe()


def daily_backup_applies(db: Database, configured: Database) -> bool:
    """The app takes the daily backup of the shop's own SQLite file (the one in the settings).

    Not of a demo or a file opened with ``--database`` for a moment, and not of a
    PostgreSQL server: there one machine runs ``baydesk backup`` as the owner role.
    """
    path, own = db.sqlite_path, configured.sqlite_path
    return path is not None and own is not None and path.resolve() == own.resolve()


def run_scheduled(
    service: BackupService, keep: int, folder: Path | None, log: Callable[[str], None]
) -> BackupStatus:
    """The app's daily job (off the GUI thread): back up when due, report the status either way."""
    try:
        result = service.scheduled(keep, folder)
    except BackupError as exc:
        log(exc.message)
    else:
        if result is not None:
            log(f"Backup written to {result.path} ({result.total_rows:,} rows, verified).")
    return service.status()
