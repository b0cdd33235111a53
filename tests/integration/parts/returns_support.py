"""Plain helpers for the vendor return tests (no fixtures; importable by spawned worker processes)."""

from __future__ import annotations

import traceback
import uuid
from typing import Any

from app.db.engine import Database, open_database
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.parts.returns import ReturnInput, ReturnLineInput


def wrong_part(vendor_id: uuid.UUID, part_id: uuid.UUID, quantity: str, rma: str) -> ReturnInput:
    return ReturnInput(vendor_id, "wrong_part", rma, (ReturnLineInput(part_id, quantity),))


def return_rounds(
    url: str, actor: Actor, vendor_id: uuid.UUID, part_id: uuid.UUID, rounds: int, barrier: Any, results: Any
) -> None:
    """One terminal in its own process: each round, return one part at the same moment as the other
    terminal (a barrier); reports ("ok", [numbers]) or ("error", traceback)."""
    db: Database | None = None
    try:
        db = open_database(url, terminal_name=f"Returns {actor.terminal_id}")
        services = Services.build(db)
        numbers: list[int] = []
        for n in range(rounds):
            barrier.wait(timeout=120)
            done = services.vendor_returns.post(actor, wrong_part(vendor_id, part_id, "1", f"RMA-{n}"))
            numbers.append(done.number)
        results.put(("ok", numbers))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        if db is not None:
            db.dispose()
