"""What makes PostgreSQL's side of a demo chain's bulk load cheaper: no index upkeep, no wait on the disk.

Only for a chain loaded into an empty database (``baydesk demo --size chain``):

- the history tables' secondary indexes (not their keys or unique constraints,
  which the rows are checked against) are dropped before the first shop and
  built again, exactly as they were, after the last one: one sorted build per
  index instead of an index entry per row, in random order, for every row;
- their foreign keys are dropped with them and added again after the last
  shop, which checks every row against the rows it names in one join per key
  instead of one look-up (and one row lock) per key of every row written;
- the loader's connections commit without waiting for the WAL to reach the
  disk (``synchronous_commit = off``): a crash could lose the last batches
  written, which a demo load, started again on an empty database, does not mind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text

from app.db.engine import Database

HISTORY_TABLES = (
    "work_orders",
    "jobs",
    "work_order_lines",
    "authorizations",
    "invoices",
    "invoice_jobs",
    "invoice_lines",
    "payments",
    "audit_log",
)
_SECONDARY = text(
    """
    SELECT index.relname, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    JOIN pg_class index ON index.oid = i.indexrelid
    JOIN pg_class tab ON tab.oid = i.indrelid
    WHERE tab.relnamespace = current_schema()::regnamespace
      AND tab.relname = ANY(:tables)
      AND NOT i.indisunique
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY tab.relname, index.relname
    """
)


_FOREIGN_KEYS = text(
    """
    SELECT tab.relname, c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    JOIN pg_class tab ON tab.oid = c.conrelid
    WHERE c.contype = 'f'
      AND tab.relnamespace = current_schema()::regnamespace
      AND tab.relname = ANY(:tables)
    ORDER BY tab.relname, c.conname
    """
)


def analysed(db: Database) -> None:
    """Statistics for every table just loaded (PostgreSQL), as autovacuum gathers them only minutes
    later: until then the planner guesses, and a part search on the large demo took 420 ms through
    the wrong index instead of 20."""
    if db.is_sqlite:
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def quick_commits(db: Database) -> None:
    """Every connection the engine opens from now on commits without waiting for the disk."""
    if db.is_sqlite:
        return

    @event.listens_for(db.engine, "connect")
    def _no_wait(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
        dbapi_conn.commit()  # a SET in a transaction rolled back would be undone

    db.engine.dispose()  # connections already open were made without it


@contextmanager
def deferred_indexes(db: Database) -> Iterator[None]:
    """The history tables' secondary indexes and foreign keys dropped for the load, back after it (PostgreSQL).

    Only on a database without a shop: an index missing while shops are at work would slow them.
    """
    if db.is_sqlite or not _no_shop_yet(db):
        yield
        return
    tables = {"tables": list(HISTORY_TABLES)}
    with db.engine.begin() as conn:
        indexes = [(name, ddl) for name, ddl in conn.execute(_SECONDARY, tables)]
        keys = [(table, name, ddl) for table, name, ddl in conn.execute(_FOREIGN_KEYS, tables)]
        for table, name, _ddl in keys:
            conn.execute(text(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"'))
        for name, _ddl in indexes:
            conn.execute(text(f'DROP INDEX "{name}"'))
    try:
        yield
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
            conn.execute(text("SET LOCAL work_mem = '256MB'"))  # each key's check is one hash join
            for _name, ddl in indexes:
                conn.execute(text(ddl))
            for table, name, ddl in keys:
                conn.execute(text(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {ddl}'))


def _no_shop_yet(db: Database) -> bool:
    with db.engine.connect() as conn:
        return not conn.execute(text("SELECT EXISTS (SELECT 1 FROM shops)")).scalar()
