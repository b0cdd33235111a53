"""Run as a program: another process at the shop file while BayDesk runs, for the soak test.

``python -m tests.stress.soak_outside KIND FILE SECONDS`` prints one JSON line,
``{"kind": ..., "done": n}``, when its time is up. The kinds:

writer      another terminal: customers created and parts received through
            BayDesk's services (audited, so the app hears which tables changed)
reader      a program that opens the file, reads and closes it, again and again
backup      ``baydesk backup`` (app/db/backup.py: online backup, verified copy)
checkpoint  ``PRAGMA wal_checkpoint(TRUNCATE)``: the WAL folded in and cut to nothing
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.db import backup
from app.db.engine import open_database, sqlite_url
from app.demo.shop import DEMO_PASSWORD
from app.domain.customers import CustomerInput
from app.services.container import Services

PAUSES = {"writer": 0.15, "reader": 0.02, "backup": 1.0, "checkpoint": 0.5}


def sale_codes(path: Path, count: int = 10) -> list[str]:
    """Barcodes of the parts with the most on hand: what the soaked counter scans and sells."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT b.code FROM part_barcodes b JOIN inventory i ON i.part_id = b.part_id "
            "ORDER BY i.on_hand DESC, b.code LIMIT ?",
            (count,),
        ).fetchall()
    finally:
        conn.close()
    return [str(row[0]) for row in rows]


def writer(path: Path) -> Callable[[int], None]:
    db = open_database(sqlite_url(path))
    services = Services.build(db)
    owner = services.setup.sign_in("owner", DEMO_PASSWORD, "Soak terminal 2")
    found = (services.parts.find_code(owner, code) for code in sale_codes(path))
    stocked = [part.id for part in found if part is not None]

    def write(n: int) -> None:
        if n % 2 and stocked:  # keeps the counter's parts in stock, too
            services.inventory.receive(owner, stocked[n % len(stocked)], "1", reason="soak delivery")
        else:
            services.customers.create_customer(
                owner, CustomerInput(first_name="Soak", last_name=f"Walk-in {n}")
            )

    return write


def reader(path: Path) -> Callable[[int], None]:
    def read(_n: int) -> None:
        conn = sqlite3.connect(path, timeout=10)
        try:
            conn.execute("SELECT count(*) FROM customers").fetchone()
        finally:
            conn.close()

    return read


def backer_up(path: Path) -> Callable[[int], None]:
    db = open_database(sqlite_url(path))
    folder = Path(tempfile.mkdtemp(prefix="baydesk-soak-backups-"))

    def back_up(n: int) -> None:
        backup.backup_sqlite(db, folder / f"soak-{n % 2}.sqlite3")

    return back_up


def checkpointer(path: Path) -> Callable[[int], None]:
    def checkpoint(_n: int) -> None:
        conn = sqlite3.connect(path, timeout=10)
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()

    return checkpoint


KINDS: dict[str, Callable[[Path], Callable[[int], None]]] = {
    "writer": writer,
    "reader": reader,
    "backup": backer_up,
    "checkpoint": checkpointer,
}


def main(kind: str, path: Path, seconds: float) -> int:
    step = KINDS[kind](path)
    deadline = time.monotonic() + seconds
    done = 0
    while time.monotonic() < deadline:
        step(done)
        done += 1
        time.sleep(PAUSES[kind])
    print(json.dumps({"kind": kind, "done": done}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])))
