"""Helpers for the backup tests: a writer process and checksums over the ledgers.

Importable on its own, so ``multiprocessing`` children started with ``spawn``
can import the writer without importing the test modules.
"""

from __future__ import annotations

import hashlib
import sqlite3
import traceback
from pathlib import Path
from typing import Any

# The records the backup must keep exactly: the audit chain and the money and stock ledgers.
LEDGERS = ("audit_log", "stock_movements", "invoices", "invoice_lines", "payments")


def busy_writer(url: str, actor: Any, worker: int, start: Any, stop: Any, results: Any) -> None:
    """One terminal saving customers (create, then edit, alternately) until ``stop`` is set."""
    from app.db.engine import open_database
    from app.domain.customers import CustomerInput
    from app.services.container import Services

    db = open_database(url, terminal_name=f"Writer {worker}")
    services = Services.build(db)
    done = 0
    try:
        start.wait(timeout=60)
        view = None
        while not stop.is_set():
            data = CustomerInput(first_name=f"W{worker}", last_name=f"Customer {done}", phone="503 555 0100")
            if view is None or done % 2 == 0:
                view = services.customers.create_customer(actor, data)
            else:
                view = services.customers.update_customer(actor, view.id, data, view.version)
            done += 1
        results.put((worker, "ok", done))
    except BaseException:
        results.put((worker, "error", traceback.format_exc()))
    finally:
        db.dispose()


def ledger_checksums(path: Path, audit_upto: dict[str, int] | None = None) -> dict[str, str]:
    """SHA-256 over every row of each ledger table that exists, in id order.

    ``audit_upto`` (shop id -> last seq) limits the audit log to what existed
    at a given moment: it is append-only, so that is the log as it was then.
    """
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        sums = {}
        for table in LEDGERS:
            if table not in names:
                continue
            digest = hashlib.sha256()
            columns = [d[1] for d in conn.execute(f'PRAGMA table_info("{table}")')]
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY id'):
                if table == "audit_log" and audit_upto is not None:
                    shop, seq = str(row[columns.index("shop_id")]), int(row[columns.index("seq")])
                    if seq > audit_upto.get(shop, 0):
                        continue
                digest.update(repr(row).encode())
            sums[table] = digest.hexdigest()
        return sums
    finally:
        conn.close()


def audit_heads(path: Path) -> dict[str, int]:
    """Last audit seq per shop in a SQLite file."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {
            str(s): int(n)
            for s, n in conn.execute("SELECT shop_id, max(seq) FROM audit_log GROUP BY shop_id")
        }
    finally:
        conn.close()
