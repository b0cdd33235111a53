"""PostgreSQL backups through pg_dump / pg_restore: verified, consistent while terminals write, bad files refused."""

from __future__ import annotations

import hashlib
import multiprocessing
import queue
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import backup_pg, migrate
from app.db.backup import BackupError
from app.db.engine import Database, open_database
from app.domain.customers import CustomerInput
from app.domain.permissions import Actor
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services
from app.services.settings.backup import BackupService
from tests.integration.settings.backup_support import LEDGERS, busy_writer

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        bool(backup_pg.missing_tools()),
        reason="pg_dump/pg_restore are not installed (PostgreSQL client tools; CI installs them)",
    ),
]
WRITERS = 2
WAIT_S = 120


@pytest.fixture
def pg(pg_databases: object, tmp_path: Path) -> Iterator[tuple[Database, Services, Actor, BackupService]]:
    url = pg_databases.create()  # type: ignore[attr-defined]
    db = open_database(url)
    migrate.upgrade(db)
    services = Services.build(db)
    owner = services.setup.create_shop(
        ShopInput("Dump Garage"), OwnerInput("dee", "Dee", "dee's password 12")
    )
    for name in ("Ada", "Ben", "Cy"):
        services.customers.create_customer(owner, CustomerInput(first_name=name, last_name="Kept"))
    yield db, services, owner, BackupService(db, tmp_path / "data")
    db.dispose()


def names(services: Services, actor: Actor) -> list[str]:
    return sorted(h.name for h in services.customers.search(actor, "kept"))


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        tables = (
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        )
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def audit_heads(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT shop_id, max(seq) FROM audit_log GROUP BY shop_id"))
        return {str(s): int(n) for s, n in rows}


def ledger_checksums(db: Database, audit_upto: dict[str, int] | None = None) -> dict[str, str]:
    sums = {}
    with db.engine.connect() as conn:
        existing = set(
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
        )
        for table in LEDGERS:
            if table not in existing:
                continue
            digest = hashlib.sha256()
            for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY id')).mappings():
                upto = audit_upto.get(str(row["shop_id"]), 0) if audit_upto is not None else None
                if table == "audit_log" and upto is not None and row["seq"] > upto:
                    continue
                digest.update(repr(sorted(row.items())).encode())
            sums[table] = digest.hexdigest()
    return sums


def test_a_postgres_backup_is_verified_and_restores(
    pg: tuple[Database, Services, Actor, BackupService], tmp_path: Path
) -> None:
    db, services, owner, backups = pg
    result = backups.backup(tmp_path / "nightly.dump")
    assert result.path.is_file() and result.counts["customers"] == 3
    assert result.counts == counts(db)
    assert backups.status().last_at == result.taken_at

    services.customers.create_customer(owner, CustomerInput(first_name="Dee", last_name="Kept"))
    restored = backups.restore(result.path)
    assert names(services, owner) == ["Ada Kept", "Ben Kept", "Cy Kept"]
    assert counts(db) == result.counts
    assert [r.ok for r in services.audit.verify()] == [True]
    assert restored.kept_aside is not None and restored.kept_aside.is_file()
    archived, _revision = backup_pg.read_archive(restored.kept_aside)
    assert archived["customers"] == 4  # the database as it was, kept aside


def test_a_restore_drops_tables_a_later_upgrade_added(
    pg: tuple[Database, Services, Actor, BackupService], tmp_path: Path
) -> None:
    db, services, owner, backups = pg
    result = backups.backup(tmp_path / "before-upgrade.dump")
    with db.engine.begin() as conn:  # as if an upgrade had added a table since
        conn.execute(
            text("CREATE TABLE loyalty_points (id uuid PRIMARY KEY, shop_id uuid REFERENCES shops (id))")
        )
    backups.restore(result.path)
    assert "loyalty_points" not in counts(db)
    assert counts(db) == result.counts
    assert names(services, owner) == ["Ada Kept", "Ben Kept", "Cy Kept"]


def test_a_restore_that_fails_half_way_changes_nothing(
    pg: tuple[Database, Services, Actor, BackupService], tmp_path: Path
) -> None:
    db, services, owner, backups = pg
    role = f"bd_gone_{uuid.uuid4().hex[:8]}"
    with db.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}"'))
        conn.execute(text(f'GRANT SELECT ON customers TO "{role}"'))
    try:
        archive = backups.backup(tmp_path / "with-grant.dump").path  # the archive grants to the role...
    finally:
        with db.engine.begin() as conn:
            conn.execute(text(f'REVOKE ALL ON customers FROM "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))  # ...which this server no longer has
    services.customers.create_customer(owner, CustomerInput(first_name="Dee", last_name="Kept"))
    before = ledger_checksums(db), counts(db)
    with pytest.raises(BackupError, match="changed nothing") as caught:
        backups.restore(archive)
    assert role in caught.value.message
    assert (ledger_checksums(db), counts(db)) == before  # tables, rows: all as they were
    assert names(services, owner) == ["Ada Kept", "Ben Kept", "Cy Kept", "Dee Kept"]


def test_bad_postgres_restore_files_are_refused_and_change_nothing(
    pg: tuple[Database, Services, Actor, BackupService], tmp_path: Path
) -> None:
    db, services, owner, backups = pg
    good = backups.backup(tmp_path / "good.dump").path
    services.customers.create_customer(owner, CustomerInput(first_name="Dee", last_name="Kept"))
    before = ledger_checksums(db), counts(db)
    notes = tmp_path / "notes.dump"
    notes.write_text("Dear customer, your car is ready.\n" * 20)
    truncated = tmp_path / "truncated.dump"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    sqlite_file = tmp_path / "shop.sqlite3"
    sqlite_file.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    for bad in (notes, truncated, sqlite_file, tmp_path / "missing.dump"):
        with pytest.raises(BackupError, match="Nothing was restored"):
            backups.restore(bad)
        assert (ledger_checksums(db), counts(db)) == before, bad.name
    assert not (tmp_path / "data" / "backups").exists() or not list((tmp_path / "data" / "backups").iterdir())


def test_a_postgres_backup_taken_while_two_processes_write_restores_to_that_moment(
    pg: tuple[Database, Services, Actor, BackupService], tmp_path: Path
) -> None:
    db, services, owner, backups = pg
    terminals = [services.setup.register_terminal(owner.shop_id, f"Desk {i}") for i in range(WRITERS)]
    actors = [replace(owner, terminal_id=t) for t in terminals]
    url = db.url.render_as_string(hide_password=False)
    before = audit_heads(db)
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
        _wait_for_writes(db, before, 20)
        result = backups.backup(tmp_path / "busy.dump")
        archived, _rev = backup_pg.read_archive(result.path)
        _wait_for_writes(db, audit_heads(db), 10)
        stop.set()
        for _ in range(WRITERS):
            reports.append(results.get(timeout=WAIT_S))
    except queue.Empty:
        pass
    finally:
        stop.set()
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
    errors = [t for _w, status, t in reports if status == "error"]
    assert errors == [] and len(reports) == WRITERS, "\n".join(errors)

    key = str(owner.shop_id)
    final = audit_heads(db)
    at_backup = result.counts["audit_log"]
    assert before[key] < at_backup < final[key]  # taken in the middle of the writing
    source_then = ledger_checksums(db, audit_upto={key: at_backup})
    backups.restore(result.path)
    assert counts(db) == result.counts == {t: archived[t] for t in result.counts}
    assert ledger_checksums(db) == source_then
    assert [(r.ok, r.checked) for r in services.audit.verify()] == [(True, at_backup)]


def _wait_for_writes(db: Database, since: dict[str, int], at_least: int) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if sum(audit_heads(db).values()) - sum(since.values()) >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError("the writers did not write")


def test_a_clear_message_when_the_postgres_tools_are_missing(
    pg: tuple[Database, Services, Actor, BackupService], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _db, _services, _owner, backups = pg
    monkeypatch.setattr(backup_pg.shutil, "which", lambda _name: None)
    with pytest.raises(BackupError, match=r"pg_dump, pg_restore, psql not found.*postgresql-client"):
        backups.backup(tmp_path / "x.dump")
    assert not (tmp_path / "x.dump").exists()
