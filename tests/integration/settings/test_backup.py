"""SQLite backups and restores: verified copies, taken safely while terminals write; bad files refused."""

from __future__ import annotations

import hashlib
import multiprocessing
import queue
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app import cli
from app.bootstrap import prepare
from app.db import migrate
from app.db.backup import BackupError
from app.db.engine import Database, open_database, sqlite_url
from app.domain.customers import CustomerInput
from app.domain.permissions import Actor
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services
from app.services.settings.backup import BackupService, BackupStatus
from tests.integration.settings.backup_support import audit_heads, busy_writer, ledger_checksums
from tests.locks import locked_files, needs_proc_locks

WRITERS = 2
JOIN_TIMEOUT_S = 120


@dataclass
class Shop:
    path: Path
    db: Database
    services: Services
    owner: Actor
    backups: BackupService


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    path = tmp_path / "live" / "shop.sqlite3"
    db = open_database(sqlite_url(path))
    migrate.upgrade(db, backup=False)
    services = Services.build(db)
    owner = services.setup.create_shop(ShopInput("Backup Garage"), OwnerInput("bo", "Bo", "bo's password 12"))
    for name in ("Ada", "Ben", "Cy"):
        services.customers.create_customer(owner, CustomerInput(first_name=name, last_name="Kept"))
    yield Shop(path, db, services, owner, BackupService(db, tmp_path / "data"))
    db.dispose()


def customer_names(services: Services, actor: Actor) -> list[str]:
    return sorted(hit.name for hit in services.customers.search(actor, "kept"))


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def live_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


# --- backup and restore ----------------------------------------------------------------------------


def test_a_backup_is_verified_and_a_restore_brings_it_back(shop: Shop, tmp_path: Path) -> None:
    result = shop.backups.backup(tmp_path / "out" / "monday.sqlite3")
    assert result.path.is_file()
    assert result.counts["customers"] == 3
    assert result.counts == live_counts(result.path)
    assert not list(result.path.parent.glob("*.partial"))
    status = shop.backups.status()
    assert status.last_at == result.taken_at and status.path == str(result.path)
    assert not status.overdue()

    shop.services.customers.create_customer(shop.owner, CustomerInput(first_name="Dee", last_name="Kept"))
    assert customer_names(shop.services, shop.owner) == ["Ada Kept", "Ben Kept", "Cy Kept", "Dee Kept"]

    restored = shop.backups.restore(result.path)
    assert restored.counts["customers"] == 3
    assert customer_names(shop.services, shop.owner) == ["Ada Kept", "Ben Kept", "Cy Kept"]
    assert [(r.ok, r.checked) for r in shop.services.audit.verify()] == [(True, result.counts["audit_log"])]
    # the database as it was before the restore is kept aside, whole
    assert restored.kept_aside is not None and restored.kept_aside.parent == shop.path.parent
    assert live_counts(restored.kept_aside)["customers"] == 4


def test_a_backup_to_a_folder_gets_a_dated_name_and_never_overwrites_the_database(
    shop: Shop, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    result = shop.backups.backup(folder)
    assert result.path.parent == folder and result.path.name.startswith("shop-")
    with pytest.raises(BackupError, match="cannot overwrite the database"):
        shop.backups.backup(shop.path)


def test_the_daily_backup_runs_when_due_and_keeps_the_newest_n(shop: Shop, tmp_path: Path) -> None:
    folder = tmp_path / "daily"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    start = datetime.now(UTC)
    assert shop.backups.status() == BackupStatus(None)
    assert shop.backups.status().overdue()
    made = []
    for day in range(5):
        result = shop.backups.scheduled(keep=3, folder=folder, now=start + timedelta(days=day, minutes=1))
        assert result is not None
        made.append(result.path.name)
        assert (
            shop.backups.scheduled(keep=3, folder=folder, now=result.taken_at + timedelta(hours=23)) is None
        )
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted([*made[-3:], "notes.txt"])
    status = shop.backups.status()
    assert not status.overdue(status.last_at + timedelta(days=1))  # type: ignore[operator]
    assert status.overdue(status.last_at + timedelta(days=2, minutes=1))  # type: ignore[operator]


# --- bad restore files ------------------------------------------------------------------------------


def bad_files(tmp_path: Path, good: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "bad"
    folder.mkdir()
    text_file = folder / "notes.sqlite3"
    text_file.write_text("Dear customer, your car is ready.\n" * 20)
    truncated = folder / "truncated.sqlite3"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    damaged = folder / "damaged.sqlite3"
    data = bytearray(good.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(2 * page, len(data), page):  # scribble over every page but the schema's
        data[offset : offset + 64] = b"\xff" * 64
    damaged.write_bytes(bytes(data))
    foreign = folder / "other-program.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    newer = folder / "newer.sqlite3"
    newer.write_bytes(good.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()
    unversioned = folder / "unversioned.sqlite3"
    unversioned.write_bytes(good.read_bytes())
    conn = sqlite3.connect(unversioned)
    conn.execute("DELETE FROM alembic_version")
    conn.commit()
    conn.close()
    empty = folder / "empty.sqlite3"
    empty.write_bytes(b"")
    return {
        "not a database": (text_file, "not a SQLite database"),
        "truncated": (truncated, "truncated"),
        "damaged": (damaged, "damaged|cannot be read"),
        "another program's database": (foreign, "not a BayDesk database"),
        "newer schema": (newer, "newer BayDesk"),
        "no schema revision": (unversioned, "has no BayDesk schema revision"),
        "empty": (empty, "not a SQLite database"),
        "missing": (folder / "nothing-here.sqlite3", "does not exist"),
    }


def test_bad_restore_files_are_refused_and_change_nothing(shop: Shop, tmp_path: Path) -> None:
    good = shop.backups.backup(tmp_path / "good.sqlite3").path
    shop.services.customers.create_customer(shop.owner, CustomerInput(first_name="Dee", last_name="Kept"))
    shop.db.dispose()
    before = file_digest(shop.path)
    files_before = sorted(p.name for p in shop.path.parent.iterdir())
    for kind, (path, message) in bad_files(tmp_path, good).items():
        with pytest.raises(BackupError, match=message) as caught:
            shop.backups.restore(path)
        assert "Nothing was restored" in caught.value.message, kind
        assert file_digest(shop.path) == before, kind
        assert sorted(p.name for p in shop.path.parent.iterdir()) == files_before, kind  # nothing kept aside
    assert customer_names(shop.services, shop.owner) == ["Ada Kept", "Ben Kept", "Cy Kept", "Dee Kept"]


@needs_proc_locks
def test_restoring_the_database_onto_itself_is_refused_before_the_file_is_read(shop: Shop) -> None:
    held = locked_files(shop.path.parent)  # the open connections' locks (SQLite's, on the live file)
    assert "shop.sqlite3" in held
    with pytest.raises(BackupError, match="the database itself"):
        shop.backups.restore(shop.path)
    assert locked_files(shop.path.parent) == held  # a plain open and close would have dropped them
    assert customer_names(shop.services, shop.owner) == ["Ada Kept", "Ben Kept", "Cy Kept"]


def test_the_commands_back_up_restore_and_refuse_with_a_message(
    shop: Shop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(sqlite_url(shop.path))
    target = tmp_path / "cli.sqlite3"
    assert cli.main(["--database", url, "backup", str(target)]) == 0
    assert "verified" in capsys.readouterr().out
    shop.services.customers.create_customer(shop.owner, CustomerInput(first_name="Dee", last_name="Kept"))

    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    assert cli.main(["--database", url, "restore", "--yes", str(notes)]) == 2
    assert "not a SQLite database" in capsys.readouterr().err
    assert len(customer_names(shop.services, shop.owner)) == 4

    assert cli.main(["--database", url, "restore", "--yes", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "kept at" in out
    assert customer_names(shop.services, shop.owner) == ["Ada Kept", "Ben Kept", "Cy Kept"]


# --- while two terminals write -----------------------------------------------------------------------


def test_a_backup_taken_while_two_processes_write_restores_to_that_moment(shop: Shop, tmp_path: Path) -> None:
    terminals = [
        shop.services.setup.register_terminal(shop.owner.shop_id, f"Desk {i}") for i in range(WRITERS)
    ]
    actors = [replace(shop.owner, terminal_id=t) for t in terminals]
    url = shop.db.url.render_as_string(hide_password=False)
    before = audit_heads(shop.path)

    ctx = multiprocessing.get_context("spawn")
    start, stop, results = ctx.Barrier(WRITERS + 1), ctx.Event(), ctx.Queue()
    processes = [
        ctx.Process(target=busy_writer, args=(url, actors[i], i, start, stop, results), daemon=True)
        for i in range(WRITERS)
    ]
    for process in processes:
        process.start()
    reports = []
    try:
        start.wait(timeout=60)
        _wait_for_new_audit_rows(shop.path, before, at_least=20)
        result = shop.backups.backup(tmp_path / "busy.sqlite3")
        at_backup = audit_heads(result.path)
        _wait_for_new_audit_rows(shop.path, at_backup, at_least=10)  # writing went on after it
        stop.set()
        for _ in range(WRITERS):
            reports.append(results.get(timeout=JOIN_TIMEOUT_S))
    except queue.Empty:
        pass
    finally:
        stop.set()
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
    errors = [text for _worker, status, text in reports if status == "error"]
    assert errors == [], "an error reached a terminal:\n" + "\n".join(errors)
    assert len(reports) == WRITERS

    shop_key = str(shop.owner.shop_id).replace("-", "")
    assert before[shop_key] < at_backup[shop_key] < audit_heads(shop.path)[shop_key]
    source_then = ledger_checksums(shop.path, audit_upto=at_backup)

    restored = shop.backups.restore(result.path)
    assert restored.counts == result.counts
    conn = sqlite3.connect(shop.path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    assert ledger_checksums(shop.path) == source_then
    assert audit_heads(shop.path) == at_backup
    assert [(r.ok, r.checked) for r in shop.services.audit.verify()] == [(True, at_backup[shop_key])]


def _wait_for_new_audit_rows(path: Path, since: dict[str, int], at_least: int) -> None:
    import time

    deadline = time.monotonic() + JOIN_TIMEOUT_S
    while time.monotonic() < deadline:
        now = audit_heads(path)
        if sum(now.values()) - sum(since.values()) >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError("the writers did not write")


def test_what_a_killed_restore_left_is_removed_at_the_next_start(shop: Shop, tmp_path: Path) -> None:
    """A restore killed half-way leaves its staged copy and that copy's journal; the next start removes both."""
    good = shop.backups.backup(tmp_path / "good.sqlite3").path
    shop.db.dispose()
    staged = shop.path.with_name(f"{shop.path.name}.restore-20261203-101500.partial")
    staged.write_bytes(good.read_bytes())  # full size, as a kill after the copy leaves it
    journal = staged.with_name(staged.name + "-journal")
    journal.write_bytes(b"\0" * 512)
    live_journal = shop.path.with_name(shop.path.name + "-journal")  # SQLite's own: never touched
    live_journal.write_bytes(b"")
    opened = prepare(open_database(sqlite_url(shop.path)))
    try:
        assert not staged.exists() and not journal.exists()
        assert live_journal.exists()
        assert customer_names(opened.services, shop.owner) == ["Ada Kept", "Ben Kept", "Cy Kept"]
    finally:
        opened.services.audit.db.dispose()
