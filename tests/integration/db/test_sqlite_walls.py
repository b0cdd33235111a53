"""The same walls in a SQLite file, as triggers (migration 0011).

Whoever holds the file can drop a trigger, so these stop mistakes and
careless tools rather than an attacker (``audit verify`` names what such a
person changes; tests/integration/audit). On PostgreSQL the walls bind the
terminals' roles and are tried in tests/integration/db/test_server_walls.py.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.db.all_models import APPEND_ONLY_TABLES
from app.db.engine import Database
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.parts.counter import SaleInput, SaleLine
from tests.integration.stock_helpers import add_part

pytestmark = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


@pytest.fixture
def invoice(services: Services, owner: Actor) -> uuid.UUID:
    """A posted counter-sale invoice: rows in invoices, invoice_lines and stock_movements."""
    part = add_part(services, owner, "OF-1234", "5", cost="4.10", price="9.95")
    ticket = services.counter.post_sale(owner, SaleInput((SaleLine(part, "1"),), "Walk-in"))
    return services.invoicing.post_from_counter_ticket(owner, ticket.id).id


def refused(db: Database, sql: str, **params: object) -> str:
    with pytest.raises(IntegrityError) as caught, db.engine.begin() as conn:
        conn.execute(text(sql), params)
    return str(caught.value.orig)


def test_a_posted_invoices_money_and_identity_never_change_and_it_is_never_deleted(
    services: Services, owner: Actor, db: Database, invoice: uuid.UUID
) -> None:
    before = services.invoicing.get(owner, invoice)
    for change in ("total = 1", "tax = 0", "customer_name = 'Someone else'", "number = number + 1"):
        message = refused(db, f"UPDATE invoices SET {change} WHERE id = :i", i=invoice.hex)
        assert "a posted invoice never changes" in message, change
    assert "never deleted" in refused(db, "DELETE FROM invoices WHERE id = :i", i=invoice.hex)
    # its lines and the stock it took are append-only ledgers
    assert "append-only" in refused(
        db, "UPDATE invoice_lines SET unit_price = 1 WHERE invoice_id = :i", i=invoice.hex
    )
    assert "append-only" in refused(db, "DELETE FROM invoice_lines WHERE invoice_id = :i", i=invoice.hex)
    assert "append-only" in refused(db, "DELETE FROM stock_movements")
    assert services.invoicing.get(owner, invoice).totals == before.totals
    # what may still change, through the app: a reprint and the void, which is for good
    services.invoicing.record_print(owner, invoice)
    services.invoicing.void(owner, invoice, "Rang up twice")
    assert "a posted invoice never changes" in refused(
        db, "UPDATE invoices SET status = 'posted' WHERE id = :i", i=invoice.hex
    )


def test_the_audit_head_only_moves_forward_onto_an_entry_and_is_never_deleted(
    services: Services, owner: Actor, db: Database
) -> None:
    with db.engine.connect() as conn:
        seq, digest = conn.execute(text("SELECT seq, hash FROM audit_heads")).one()
    for sql in (
        "UPDATE audit_heads SET seq = seq - 1",
        "UPDATE audit_heads SET seq = seq + 3",  # no such entry
        "UPDATE audit_heads SET hash = '0'",
        "UPDATE audit_log SET diff = '{}' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = :s",
    ):
        refused(db, sql, s=seq)
    assert "never deleted" in refused(db, "DELETE FROM audit_heads")
    with db.engine.connect() as conn:
        assert tuple(conn.execute(text("SELECT seq, hash FROM audit_heads")).one()) == (seq, digest)
    head = services.audit.head(owner)
    assert head.seq == seq and [r.ok for r in services.audit.verify()] == [True]


def test_every_append_only_table_has_its_triggers_after_every_migration(db: Database) -> None:
    with db.engine.connect() as conn:
        triggers = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    expected = {f"walls_{t}_no_{verb}" for t in APPEND_ONLY_TABLES for verb in ("update", "delete")}
    expected |= {"walls_audit_heads_forward_only", "walls_audit_heads_no_delete", "walls_invoices_posted"}
    assert expected <= triggers, (
        "a table copied by a later migration loses its triggers: make them again there"
    )
