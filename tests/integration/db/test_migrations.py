"""Alembic migrations on fresh SQLite and PostgreSQL databases: up, down, up again, with data kept."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app.bootstrap import prepare
from app.db import migrate
from app.db.engine import Database, open_database, sqlite_url
from app.domain.customers import CustomerInput, VehicleInput
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services

FIRST = "0001"
ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "migration password"


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database with no schema at all: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        db = open_database(sqlite_url(tmp_path / "fresh.sqlite3"))
    else:
        db = open_database(request.getfixturevalue("pg_databases").create())
    yield db
    db.dispose()


def fill(db: Database) -> Services:
    """A shop with a customer, a vehicle and an odometer reading, through the services."""
    services = Services.build(db)
    owner = services.setup.create_shop(
        ShopInput("Migration Motors"), OwnerInput("mia", "Mia Owner", PASSWORD)
    )
    zoe = services.customers.create_customer(owner, CustomerInput(first_name="Zoë", last_name="Ørsted"))
    services.customers.add_vehicle(owner, zoe.id, VehicleInput(vin="1G4AH59H45G118341", odometer="42,000"))
    return services


def assert_data_kept(db: Database) -> None:
    services = Services.build(db)
    owner = services.setup.sign_in("mia", PASSWORD, "Migration desk")
    hits = services.customers.search(owner, "118341")
    assert [(h.name, h.vehicle_id is not None) for h in hits] == [("Zoë Ørsted", True)]
    history = services.customers.vehicle_history(owner, hits[0].vehicle_id)
    assert [r.reading for r in history.readings] == [42_000]
    assert [r.ok for r in services.audit.verify()] == [True]


def assert_rows_kept(db: Database) -> None:
    """The data at an older revision, read as it is stored: today's code expects today's columns."""
    with db.engine.connect() as conn:
        names = conn.execute(text("SELECT first_name, last_name FROM customers")).fetchall()
        readings = conn.execute(text("SELECT reading FROM odometer_readings")).scalars().all()
        shops = conn.execute(text("SELECT name FROM shops")).scalars().all()
    assert [tuple(n) for n in names] == [("Zoë", "Ørsted")]
    assert list(readings) == [42_000]
    assert list(shops) == ["Migration Motors"]


def assert_foreign_keys_enforced(db: Database) -> None:
    """On SQLite the migration turns foreign keys off; app connections must have them back on."""
    if not db.is_sqlite:
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO settings (shop_id, key, value) VALUES (:shop, 'orphan', '1')"),
            {"shop": "0" * 32},
        )


def tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_base_to_head_and_back_twice_with_no_drift(fresh_db: Database) -> None:
    migrate.upgrade(fresh_db)
    assert migrate.current_revision(fresh_db) == migrate.head_revision(fresh_db)
    assert {"customers", "vehicles", "audit_log", "counters"} <= tables(fresh_db)
    migrate.check(fresh_db)  # models and migrations agree

    migrate.downgrade(fresh_db, "base")
    assert migrate.current_revision(fresh_db) is None
    assert tables(fresh_db) <= {"alembic_version"}

    migrate.upgrade(fresh_db)
    migrate.check(fresh_db)
    assert not migrate.needs_upgrade(fresh_db)
    assert_foreign_keys_enforced(fresh_db)


def test_upgrade_downgrade_upgrade_keeps_the_data(fresh_db: Database) -> None:
    migrate.upgrade(fresh_db)
    fill(fresh_db)
    head = migrate.head_revision(fresh_db)
    assert head != FIRST, "needs a revision after 0001 to step down to"

    migrate.downgrade(fresh_db, FIRST)
    assert migrate.current_revision(fresh_db) == FIRST
    assert_rows_kept(fresh_db)
    assert_foreign_keys_enforced(fresh_db)

    migrate.upgrade(fresh_db)
    assert migrate.current_revision(fresh_db) == head
    assert_data_kept(fresh_db)
    assert_foreign_keys_enforced(fresh_db)
    migrate.check(fresh_db)


def test_starting_on_an_older_sqlite_file_copies_it_aside_first(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    db = open_database(sqlite_url(path))
    try:
        assert migrate.upgrade(db) is None  # a brand-new file has nothing to protect
        fill(db)
        migrate.downgrade(db, FIRST)

        opened = prepare(db)  # what the app does at start-up
        backup = opened.backup_before_upgrade
        assert backup is not None
        assert backup.parent == path.parent
        assert backup.name.startswith("shop.pre-upgrade-")
        assert backup.suffix == ".sqlite3"
        with sqlite3.connect(backup) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [(FIRST,)]
            assert old.execute("SELECT first_name, last_name FROM customers").fetchall() == [
                ("Zoë", "Ørsted")
            ]
        assert migrate.current_revision(db) == migrate.head_revision(db)
        assert_data_kept(db)

        files = set(tmp_path.iterdir())
        assert prepare(db).backup_before_upgrade is None  # already at head: no copy
        assert set(tmp_path.iterdir()) == files
    finally:
        db.dispose()


def test_the_migrate_command_says_where_the_old_file_is(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite3"
    db = open_database(sqlite_url(path))
    migrate.upgrade(db, FIRST)
    db.dispose()
    url = sqlite_url(path).render_as_string()
    result = subprocess.run(
        [sys.executable, "-m", "app", "--database", url, "migrate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "the previous file is kept at" in result.stdout
    kept = Path(result.stdout.split("kept at ", 1)[1].splitlines()[0].strip())
    assert kept.exists()
    assert kept.parent == tmp_path
    assert "Schema is up to date" in result.stdout


BATCH_REVISION = '''"""test only: rebuild customers and vehicles the way SQLite batch migrations do"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", recreate="always") as batch:
        batch.add_column(sa.Column("loyalty_tier", sa.String(10), nullable=True))
    with op.batch_alter_table("vehicles", recreate="always") as batch:
        batch.add_column(sa.Column("fuel", sa.String(10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("vehicles", recreate="always") as batch:
        batch.drop_column("fuel")
    with op.batch_alter_table("customers", recreate="always") as batch:
        batch.drop_column("loyalty_tier")
'''


def test_sqlite_batch_migrations_keep_child_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rebuilding a parent table (copy, drop, rename) must not delete or orphan its children."""
    db = open_database(sqlite_url(tmp_path / "batch.sqlite3"))
    try:
        migrate.upgrade(db, backup=False)
        fill(db)
        scripts = tmp_path / "migrations"
        shutil.copytree(migrate.migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
        (scripts / "versions" / "9999_batch_rebuild.py").write_text(
            BATCH_REVISION.format(down=migrate.head_revision(db)), encoding="utf-8"
        )
        monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)

        migrate.upgrade(db, backup=False)
        assert migrate.current_revision(db) == "9999"
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM vehicles").scalar() == 1
            assert conn.exec_driver_sql("SELECT count(*) FROM odometer_readings").scalar() == 1
        assert_foreign_keys_enforced(db)

        migrate.downgrade(db, "-1")
        assert_data_kept(db)
        assert_foreign_keys_enforced(db)
    finally:
        db.dispose()


def test_the_shipped_head_read_from_the_files_is_alembics_head(tmp_path: Path) -> None:
    """Start-up skips Alembic when the database is at the head read from the files."""
    db = open_database(sqlite_url(tmp_path / "head.sqlite3"))
    try:
        assert migrate.shipped_head() == migrate.head_revision(db)
        assert not migrate.is_current(db)  # a new file has no version table
        migrate.upgrade(db, backup=False)
        assert migrate.is_current(db)
    finally:
        db.dispose()


def test_the_invoice_paper_setting_becomes_the_shops_paper(fresh_db: Database) -> None:
    """A shop that printed invoices on A4 keeps A4 for every document; its old invoices keep their dollars."""
    migrate.upgrade(fresh_db)
    fill(fresh_db)  # today's code writes today's columns; then back to before them
    migrate.downgrade(fresh_db, "0008")
    with fresh_db.engine.begin() as conn:
        shop = conn.execute(text("SELECT id FROM shops")).scalar()
        conn.execute(
            text("INSERT INTO settings (shop_id, key, value) VALUES (:shop, 'invoicing', :value)"),
            {"shop": shop, "value": json.dumps({"page_size": "a4", "footer": "Thank you"})},
        )
    migrate.upgrade(fresh_db, "0013", backup=False)
    with fresh_db.engine.connect() as conn:
        paper, locale = conn.execute(text("SELECT paper_size, locale FROM shops")).one()
        settings = json.loads(
            conn.execute(text("SELECT value FROM settings WHERE key = 'invoicing'")).scalar()
        )
    assert (paper, locale) == ("a4", "en_US")
    assert settings == {"footer": "Thank you"}
