"""Small helpers shared by the integration tests (plain functions, no fixtures).

Kept importable on their own so ``multiprocessing`` children started with
``spawn`` can import the worker function without importing pytest's test modules.
"""

from __future__ import annotations

import traceback
from typing import Any

from sqlalchemy import text

from app.db.engine import Database, open_database

TABLES = (
    "customers",
    "vehicles",
    "odometer_readings",
    "audit_log",
    "counters",
    "users",
    "terminals",
    "shops",
)


def count_rows(db: Database, table: str) -> int:
    """Rows in ``table``, counted on a fresh connection (what another terminal would see)."""
    assert table in TABLES
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def row_counts(db: Database) -> dict[str, int]:
    return {table: count_rows(db, table) for table in TABLES}


def audit_seqs(db: Database) -> list[int]:
    with db.engine.connect() as conn:
        return [int(s) for s in conn.execute(text("SELECT seq FROM audit_log ORDER BY seq")).scalars()]


def audit_rows(db: Database, since_seq: int = 0) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT seq, table_name, record_id, action, diff, user_id, terminal_id FROM audit_log "
                "WHERE seq > :since ORDER BY seq"
            ),
            {"since": since_seq},
        )
        return [dict(row._mapping) for row in rows]


def tamper(db: Database, statement: str, **params: object) -> None:
    """Change rows behind BayDesk's back, as someone holding the database itself would.

    On SQLite the walls are triggers (migration 0009) that whoever has the file
    can drop, so they are dropped first; on PostgreSQL the test database's
    administrator is not held by the walls that bind the terminals' roles.
    """
    with db.engine.begin() as conn:
        if db.is_sqlite:
            walls = conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'walls%'")
            ).scalars()
            for name in list(walls):
                conn.execute(text(f'DROP TRIGGER "{name}"'))
        conn.execute(text(statement), params)


def concurrent_writer(url: str, actor: Any, worker: int, operations: int, start: Any, results: Any) -> None:
    """One terminal: ``operations`` audited writes (create a customer, then edit it, alternately).

    Runs in a spawned process with its own engine; reports ("ok", n) or
    ("error", text) on ``results`` so the parent sees any error that reached it.
    """
    from app.domain.customers import CustomerInput
    from app.services.container import Services

    db = open_database(url, terminal_name=f"Worker {worker}")
    services = Services.build(db)
    done = 0
    try:
        start.wait(timeout=60)
        view = None
        for i in range(operations):
            if view is None or i % 2 == 0:
                data = CustomerInput(first_name=f"W{worker}", last_name=f"Customer {i}", phone="503 555 0100")
                view = services.customers.create_customer(actor, data)
            else:
                data = CustomerInput(first_name=f"W{worker}", last_name=f"Customer {i}", phone="503 555 0199")
                view = services.customers.update_customer(actor, view.id, data, view.version)
            done += 1
        results.put((worker, "ok", done))
    except BaseException:
        results.put((worker, "error", traceback.format_exc()))
    finally:
        db.dispose()
