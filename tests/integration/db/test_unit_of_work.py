"""One user action, one transaction: nothing is kept unless the action commits, and numbers have no gaps."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from app.db.engine import Database
from app.db.models import Customer
from app.domain.customers import CustomerInput
from app.domain.errors import AuditChainBrokenError
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.uow import UnitOfWork, run_write
from tests.integration.integration_support import audit_seqs, count_rows, row_counts

COUNTER = "test_documents"


def add_customer(uow: UnitOfWork, actor: Actor, last_name: str) -> Customer:
    row = Customer(shop_id=actor.shop_id, first_name="Uma", last_name=last_name, updated_by=actor.user_id)
    uow.customers.add(row)  # flushed: the row is in the database, inside the transaction
    uow.record(actor, actor.shop_id, "customers", row.id, "create", None, {"last_name": last_name})
    return row


def test_a_unit_of_work_left_without_commit_rolls_back(db: Database, owner: Actor) -> None:
    before = row_counts(db)
    with UnitOfWork(db, write=True) as uow:
        row = add_customer(uow, owner, "Uncommitted")
        assert uow.customers.get(owner.shop_id, row.id) is not None  # visible inside the transaction
    assert row_counts(db) == before


def test_a_committed_unit_of_work_keeps_its_rows_and_chains_its_audit(db: Database, owner: Actor) -> None:
    seqs = audit_seqs(db)
    with UnitOfWork(db, write=True) as uow:
        first = add_customer(uow, owner, "Kept")
        add_customer(uow, owner, "Also kept")
        uow.commit()
    assert count_rows(db, "customers") == 2
    assert audit_seqs(db) == [*seqs, len(seqs) + 1, len(seqs) + 2]
    with UnitOfWork(db, write=False) as uow:
        assert uow.customers.get(owner.shop_id, first.id).last_name == "Kept"


def test_an_exception_in_the_middle_of_an_action_leaves_no_rows_and_no_audit(
    db: Database, owner: Actor
) -> None:
    before = row_counts(db)

    def work(uow: UnitOfWork) -> None:
        add_customer(uow, owner, "Half")
        add_customer(uow, owner, "Done")
        raise ValueError("the printer caught fire")

    with pytest.raises(ValueError, match="printer"):
        run_write(db, work)
    assert row_counts(db) == before


def test_a_failure_while_closing_the_audit_chain_rolls_back_the_business_rows(
    db: Database, owner: Actor
) -> None:
    """The audit entry is written at commit; if it cannot be, the customer is not kept either."""
    before = row_counts(db)

    def work(uow: UnitOfWork) -> None:
        row = add_customer(uow, owner, "Orphan")
        uow.record(owner, uuid.uuid4(), "customers", row.id, "create")  # a shop without a chain head
        uow.commit()

    with pytest.raises(AuditChainBrokenError, match="audit chain head is missing"):
        run_write(db, work)
    assert row_counts(db) == before


def test_a_failed_service_call_broadcasts_no_change(
    services: Services, desk: Actor, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    changes: list[frozenset[str]] = []
    services.changes.subscribe(changes.append)

    def exploding_commit(self: UnitOfWork) -> None:
        raise RuntimeError("connection lost at commit")

    monkeypatch.setattr(UnitOfWork, "commit", exploding_commit)
    with pytest.raises(RuntimeError):
        services.customers.create_customer(desk, CustomerInput(first_name="Never", last_name="Saved"))
    assert changes == []
    assert count_rows(db, "customers") == 0


# --- counters -------------------------------------------------------------------------------------


def take_number(db: Database, shop_id: uuid.UUID, *, commit: bool = True) -> int:
    with UnitOfWork(db, write=True) as uow:
        number = uow.counters.next(shop_id, COUNTER)
        if commit:
            uow.commit()
        return number


@pytest.fixture
def counter(db: Database, owner: Actor) -> uuid.UUID:
    with UnitOfWork(db, write=True) as uow:
        uow.counters.create(owner.shop_id, COUNTER)
        uow.commit()
    return owner.shop_id


def test_counter_numbers_run_1_2_3(db: Database, counter: uuid.UUID) -> None:
    assert [take_number(db, counter) for _ in range(3)] == [1, 2, 3]


def test_a_rolled_back_number_is_handed_out_again_so_there_is_no_gap(
    db: Database, counter: uuid.UUID
) -> None:
    assert take_number(db, counter) == 1
    assert take_number(db, counter, commit=False) == 2
    with pytest.raises(ZeroDivisionError), UnitOfWork(db, write=True) as uow:
        uow.counters.next(counter, COUNTER)
        _ = 1 / 0
    assert take_number(db, counter) == 2
    assert take_number(db, counter) == 3


def test_ensure_does_not_reset_an_existing_counter(db: Database, counter: uuid.UUID) -> None:
    assert take_number(db, counter) == 1
    with UnitOfWork(db, write=True) as uow:
        uow.counters.ensure(counter, COUNTER)
        uow.commit()
    assert take_number(db, counter) == 2


def test_counters_are_per_shop(db: Database, counter: uuid.UUID) -> None:
    with pytest.raises(LookupError, match="no counter"):
        take_number(db, uuid.uuid4())
    assert take_number(db, counter) == 1


def _drop_pooled_connections(db: Database) -> None:
    """What a server restart does to an idle terminal: its pooled connection is cut."""
    with db.engine.connect() as conn:
        mine = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    other = create_engine(db.engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with other.connect() as conn:
        conn.exec_driver_sql("SELECT pg_terminate_backend(%s)", (mine,))
        while conn.exec_driver_sql("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (mine,)).first():
            time.sleep(0.01)
    other.dispose()


def test_an_action_on_a_connection_the_server_dropped_runs_again_once_and_saves_once(
    db: Database, services: Services, owner: Actor
) -> None:
    if db.is_sqlite:
        pytest.skip("a SQLite file has no server to drop the connection")
    services.customers.search(owner, "")  # a pooled connection, idle
    _drop_pooled_connections(db)
    created = services.customers.create_customer(owner, CustomerInput(first_name="Ida", last_name="Dropped"))
    assert [h.customer_id for h in services.customers.search(owner, "Dropped")] == [created.id]
    _drop_pooled_connections(db)
    assert [h.customer_id for h in services.customers.search(owner, "Dropped")] == [created.id]
