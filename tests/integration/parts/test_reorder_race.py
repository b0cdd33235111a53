"""Two terminals turning the reorder list into purchase orders at the same moment order once."""

from __future__ import annotations

import multiprocessing
import queue
import time
from dataclasses import replace
from typing import Any

from sqlalchemy import text

from app.db.engine import Database
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.parts.catalog import PartInput
from tests.integration.stock_helpers import order_rounds

ROUNDS = 20


def test_two_terminals_ordering_the_same_shortfall_order_it_once(
    services: Services, owner: Actor, db: Database
) -> None:
    vendor = services.parts.create_vendor(owner, "WorldPac")
    parts = [
        services.parts.create_part(
            owner,
            PartInput(
                sku=f"OF-{n:03d}",
                name=f"Oil filter {n}",
                cost="4.00",
                reorder_point="2",
                reorder_quantity="6",
                vendor_id=vendor.id,
                vendor_part_number=f"W-{n:05d}",
            ),
        ).id
        for n in range(ROUNDS)
    ]
    actors = [
        replace(owner, terminal_id=services.setup.register_terminal(owner.shop_id, f"Parts {i}"))
        for i in (1, 2)
    ]
    url = db.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    workers = [
        ctx.Process(target=order_rounds, args=(url, actor, parts, barrier, results), daemon=True)
        for actor in actors
    ]
    for worker in workers:
        worker.start()
    reports = _collect(results, workers, 300)
    for worker in workers:
        worker.join(timeout=10)
    errors = [detail for status, detail in reports if status != "ok"]
    assert not errors, errors[0]
    assert len(reports) == 2

    with db.engine.connect() as conn:
        lines = conn.execute(
            text("SELECT part_id, count(*) FROM purchase_order_lines GROUP BY part_id")
        ).all()
    assert sorted(int(n) for _part, n in lines) == [1] * ROUNDS  # every shortfall ordered exactly once
    for rounds in zip(*(outcomes for _status, outcomes in reports), strict=True):
        assert sorted(outcome for outcome, _detail in rounds) == ["ordered", "refused"]
        refused = next(detail for outcome, detail in rounds if outcome == "refused")
        assert "nothing is at or under its reorder point" in refused


def _collect(results: Any, workers: list[Any], deadline_s: float) -> list[tuple[str, Any]]:
    reports: list[tuple[str, Any]] = []
    deadline = time.monotonic() + deadline_s
    while len(reports) < len(workers) and time.monotonic() < deadline:
        try:
            reports.append(results.get(timeout=1))
        except queue.Empty:
            if not any(w.is_alive() for w in workers):
                break
    return reports
