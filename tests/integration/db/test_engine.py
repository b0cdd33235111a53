"""Engine set-up per DESIGN.md, and what a person is told when the database is away or busy."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import psycopg.errors
import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError, OperationalError

from app.db import engine as engine_module
from app.db import migrate
from app.db.engine import Database, open_database, sqlite_url
from app.db.models import Customer
from app.domain.customers import CustomerInput
from app.domain.errors import DatabaseUnavailableError
from app.domain.permissions import Actor
from app.services import uow as uow_module
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services
from app.services.uow import MAX_ATTEMPTS, UnitOfWork, run_write
from tests.integration.integration_support import audit_seqs, count_rows

UNREACHABLE_PG = "postgresql+psycopg://postgres:s3cret-pw@127.0.0.1:1/baydesk"


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(sqlite_url(tmp_path / "engine.sqlite3"))
    migrate.upgrade(db, backup=False)
    yield db
    db.dispose()


def other_connection(db: Database, timeout_s: float = 0.05) -> sqlite3.Connection:
    """Another program (or terminal) on the same SQLite file, in manual transaction mode."""
    return sqlite3.connect(db.sqlite_path, timeout=timeout_s, isolation_level=None)


# --- SQLite set-up ---------------------------------------------------------------------------------


def test_sqlite_connections_are_set_up_for_safe_shared_use(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "busy_timeout": engine_module.SQLITE_BUSY_TIMEOUT_MS,
    }
    assert engine_module.SQLITE_BUSY_TIMEOUT_MS >= 1000


def test_a_write_unit_of_work_takes_the_write_lock_at_its_first_statement(sqlite_db: Database) -> None:
    """BEGIN IMMEDIATE: a second writer is held off from the start, not half-way through."""
    with UnitOfWork(sqlite_db, write=True) as uow:
        uow.session.execute(text("SELECT count(*) FROM customers"))  # a read, yet the lock is taken
        other = other_connection(sqlite_db)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    other = other_connection(sqlite_db)
    other.execute("BEGIN IMMEDIATE")  # released when the unit of work ended
    other.execute("ROLLBACK")
    other.close()


def test_a_read_unit_of_work_does_not_block_writers(sqlite_db: Database) -> None:
    with UnitOfWork(sqlite_db, write=False) as uow:
        uow.session.execute(text("SELECT count(*) FROM customers"))
        other = other_connection(sqlite_db)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture
def shop_on_file(tmp_path: Path) -> tuple[Path, Actor]:
    path = tmp_path / "locked.sqlite3"
    db = open_database(sqlite_url(path))
    migrate.upgrade(db, backup=False)
    services = Services.build(db)
    owner = services.setup.create_shop(
        ShopInput("Locked Garage"), OwnerInput("lou", "Lou", "lou's password 1")
    )
    services.customers.create_customer(owner, CustomerInput(first_name="Early", last_name="Bird"))
    db.dispose()
    return path, owner


def test_a_locked_sqlite_file_gives_a_message_not_a_hang(
    shop_on_file: tuple[Path, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, owner = shop_on_file
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 200)
    db = open_database(sqlite_url(path))
    services = Services.build(db)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseUnavailableError) as caught:
            services.customers.create_customer(owner, CustomerInput(first_name="Late", last_name="Comer"))
        assert "busy" in caught.value.message
        assert "Nothing was saved" in caught.value.message
        # the front desk can still look customers up while another terminal saves
        assert [h.name for h in services.customers.search(owner, "early")] == ["Early Bird"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    services.customers.create_customer(owner, CustomerInput(first_name="Late", last_name="Comer"))
    assert count_rows(db, "customers") == 2
    db.dispose()


def test_a_sqlite_file_that_cannot_be_opened_gives_a_message(tmp_path: Path) -> None:
    (tmp_path / "a folder").mkdir()
    services = Services.build(open_database(sqlite_url(tmp_path / "a folder")))
    with pytest.raises(DatabaseUnavailableError, match="cannot be reached"):
        services.setup.is_initialized()


# --- PostgreSQL ---------------------------------------------------------------------------------------


def test_an_unreachable_server_gives_a_readable_message_without_the_password() -> None:
    db = open_database(UNREACHABLE_PG)
    services = Services.build(db)
    with pytest.raises(DatabaseUnavailableError) as caught:
        services.setup.is_initialized()
    message = caught.value.message
    assert "cannot be reached" in message
    assert "s3cret-pw" not in message
    assert "127.0.0.1" in message  # which server
    with pytest.raises(DatabaseUnavailableError):
        services.setup.register_terminal(uuid.uuid4(), "Desk")  # a write fails the same way
    db.dispose()


def test_postgresql_connections_name_the_terminal(pg_admin_url: URL) -> None:
    db = open_database(pg_admin_url, terminal_name="Front desk 3")
    try:
        with db.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT current_setting('application_name')")).scalar()
                == "BayDesk Front desk 3"
            )
            seen = conn.execute(
                text("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
            ).scalar()
            assert seen == "BayDesk Front desk 3"
    finally:
        db.dispose()
    long_name = open_database(pg_admin_url, terminal_name="Bay " + "9" * 100)
    try:
        with long_name.engine.connect() as conn:
            name = conn.execute(text("SELECT current_setting('application_name')")).scalar()
        assert name.startswith("BayDesk Bay 999")
        assert len(name) <= 63
    finally:
        long_name.dispose()


# --- retrying a whole transaction ------------------------------------------------------------------------


def database_error(orig: Exception) -> OperationalError:
    return OperationalError("UPDATE audit_heads SET seq=...", None, orig)


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(uow_module, "time", SimpleNamespace(sleep=waited.append))
    return waited


@pytest.mark.parametrize(
    "failure",
    [
        psycopg.errors.SerializationFailure("could not serialize access"),
        psycopg.errors.DeadlockDetected("deadlock"),
    ],
    ids=["serialization failure 40001", "deadlock 40P01"],
)
def test_the_whole_transaction_is_retried_after_a_serialization_failure_or_deadlock(
    db: Database, owner: Actor, pauses: list[float], failure: Exception
) -> None:
    seqs = audit_seqs(db)
    attempts: list[int] = []

    def work(uow: UnitOfWork) -> str:
        attempts.append(len(attempts) + 1)
        row = Customer(shop_id=owner.shop_id, first_name="Retry", last_name=f"Attempt {len(attempts)}")
        uow.customers.add(row)
        uow.record(owner, owner.shop_id, "customers", row.id, "create", None, {"last_name": row.last_name})
        if len(attempts) == 1:
            raise database_error(failure)
        uow.commit()
        return row.last_name

    assert run_write(db, work) == "Attempt 2"
    assert attempts == [1, 2]
    assert len(pauses) == 1
    assert count_rows(db, "customers") == 1  # the first attempt left nothing behind
    assert audit_seqs(db) == [*seqs, len(seqs) + 1]
    with UnitOfWork(db, write=False) as uow:
        names = list(uow.session.scalars(select(Customer.last_name)))
    assert names == ["Attempt 2"]


def test_retries_are_bounded_and_end_in_a_message(db: Database, pauses: list[float]) -> None:
    attempts: list[int] = []

    def always_conflicting(uow: UnitOfWork) -> None:
        attempts.append(1)
        raise database_error(psycopg.errors.SerializationFailure("could not serialize access"))

    with pytest.raises(DatabaseUnavailableError, match="busy"):
        run_write(db, always_conflicting)
    assert len(attempts) == MAX_ATTEMPTS
    assert len(pauses) == MAX_ATTEMPTS - 1
    assert all(0 < p <= 1 for p in pauses)
    assert pauses[-1] > pauses[0]  # backing off


def test_other_database_errors_are_not_retried(db: Database, pauses: list[float]) -> None:
    attempts: list[int] = []

    def duplicate(uow: UnitOfWork) -> None:
        attempts.append(1)
        raise IntegrityError("INSERT ...", None, psycopg.errors.UniqueViolation("duplicate key"))

    with pytest.raises(IntegrityError):
        run_write(db, duplicate)
    assert attempts == [1]
    assert pauses == []
