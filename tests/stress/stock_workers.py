"""Worker processes of the stock stress tests (importable by ``spawn`` children: no pytest here)."""

from __future__ import annotations

import random
import time
import traceback
import uuid
from typing import Any

from sqlalchemy import text

from app.db.engine import Database, open_database
from app.domain.permissions import Actor
from app.services.container import Services


def ledger(db: Database) -> list[tuple[str, int, int]]:
    """(part id, on hand, sum of movements) per inventory row, on a fresh connection."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT i.part_id, i.on_hand, "
                "(SELECT coalesce(sum(m.quantity), 0) FROM stock_movements m "
                " WHERE m.shop_id = i.shop_id AND m.part_id = i.part_id) "
                "FROM inventory i ORDER BY i.part_id"
            )
        )
        return [(str(r[0]), int(r[1]), int(r[2])) for r in rows]


def allocate_worker(
    url: str,
    actor: Actor,
    worker: int,
    order: tuple[str, str, int],
    part_id: str,
    attempts: int,
    start: Any,
    results: Any,
) -> None:
    """One terminal allocating one unit of the hot part to its own work order, ``attempts`` times.

    Reports (worker, "ok", allocated, refused) or (worker, "error", traceback, refused).
    "Only N left" is the one expected refusal; anything else is an error that reached the caller.
    """
    from app.domain.stock import InsufficientStockError

    db = open_database(url, terminal_name=f"Counter {worker}")
    services = Services.build(db)
    work_order_id, job_id, version = uuid.UUID(order[0]), uuid.UUID(order[1]), order[2]
    allocated = refused = 0
    try:
        start.wait(timeout=60)
        for _ in range(attempts):
            try:
                done = services.allocation.allocate(
                    actor, work_order_id, job_id, uuid.UUID(part_id), "1", version
                )
                version = done.view.version
                allocated += 1
            except InsufficientStockError:
                refused += 1
        results.put((worker, "ok", allocated, refused))
    except BaseException:
        results.put((worker, "error", traceback.format_exc(), refused))
    finally:
        db.dispose()


def sell_worker(
    url: str,
    actor: Actor,
    worker: int,
    part_ids: list[str],
    attempts: int,
    lines: int,
    start: Any,
    results: Any,
) -> None:
    """One counter selling one unit of each of ``lines`` random parts per ticket (random order)."""
    from app.domain.stock import InsufficientStockError
    from app.services.parts.counter import SaleInput, SaleLine

    db = open_database(url, terminal_name=f"Counter {worker}")
    services = Services.build(db)
    rng = random.Random(worker)
    sold = refused = 0
    try:
        start.wait(timeout=60)
        for _ in range(attempts):
            chosen = rng.sample(part_ids, lines)  # the lock order must not depend on this order
            try:
                services.counter.post_sale(
                    actor, SaleInput(tuple(SaleLine(uuid.UUID(p), "1") for p in chosen))
                )
                sold += 1
            except InsufficientStockError:
                refused += 1
        results.put((worker, "ok", sold, refused))
    except BaseException:
        results.put((worker, "error", traceback.format_exc(), refused))
    finally:
        db.dispose()


def sample_worker(url: str, stop: Any, results: Any) -> None:
    """A reader sampling on hand and the ledger while the writers run."""
    db = open_database(url, terminal_name="Sampler")
    lowest: int | None = None
    mismatches = samples = 0
    try:
        while not stop.is_set():
            for _part, value, total in ledger(db):
                lowest = value if lowest is None else min(lowest, value)
                mismatches += value != total
            samples += 1
            time.sleep(0.005)
        results.put(("sampler", "ok", lowest, mismatches, samples))
    except BaseException:
        results.put(("sampler", "error", traceback.format_exc(), 0, 0))
    finally:
        db.dispose()
