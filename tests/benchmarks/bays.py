"""Bay board benchmarks.

- ``BayService.board``: the wall board of the demo shop (6 bays small, 20 large) with
  every open order, against the same rows fetched with hand-written SQL on a raw
  connection (the floor is checked to find the same cars in the same columns first).
- Live delay: another process assigns a car; this process's feed (LISTEN/NOTIFY on
  PostgreSQL, data_version polling on SQLite) reloads its board until the car shows.
  Measured from the other process's commit to the car on this board; the floor is
  the board reload alone. Goals: median ≤ 250 ms on PostgreSQL, ≤ 1 s on SQLite.
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import threading
import time
import traceback
import uuid
from datetime import UTC, datetime
from datetime import time as day_time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.db.engine import open_database
from app.db.live import ANY_TABLE, live_feed
from app.domain.bays import ASSIGNABLE, OPEN_ASSIGNMENTS
from app.domain.permissions import Actor
from app.services.container import Services

from .backends import Backend, RawConnection
from .search import BenchmarkError
from .timing import Result, Samples, interleaved, result

BOARD_GOAL = 1.5
LIVE_GOAL_MS = {"postgresql": 250.0, "sqlite": 1000.0}
WAIT_S = 10.0


def _in(raw: RawConnection, count: int) -> str:
    return ", ".join([raw.placeholder] * count)


class RawBoard:
    """The board's data in plain SQL: bays with their occupancy, cars in bays, waiting, done today."""

    def __init__(self, raw: RawConnection, shop_id: uuid.UUID, zone: ZoneInfo) -> None:
        p, self.raw, self.zone = raw.placeholder, raw, zone
        self.shop = raw.uuid(shop_id)
        card = (
            "w.id, w.number, w.status, w.hold_reason, w.promised_at,"
            " c.first_name, c.last_name, c.company_name, c.kind, v.year, v.make, v.model, v.plate,"
            " (SELECT MIN(u.display_name) FROM jobs AS j JOIN users AS u ON u.id = j.technician_id"
            f"   WHERE j.work_order_id = w.id AND j.removed = {p}) AS technician"
        )
        joins = " JOIN customers AS c ON c.id = w.customer_id JOIN vehicles AS v ON v.id = w.vehicle_id"
        opened = _in(raw, len(OPEN_ASSIGNMENTS))
        not_in_bay = (
            f" AND NOT EXISTS (SELECT 1 FROM bay_assignments AS a WHERE a.work_order_id = w.id"
            f" AND a.status IN ({opened}))"
        )
        self.bays_sql = f"SELECT id, name, area, capacity, status FROM service_bays WHERE shop_id = {p} ORDER BY position, name"
        self.occupancy_sql = f"SELECT bay_id, COUNT(*) FROM bay_assignments WHERE shop_id = {p} AND status IN ({opened}) GROUP BY bay_id"
        self.in_bays_sql = (
            f"SELECT {card}, a.bay_id, a.started_at, u2.display_name FROM bay_assignments AS a"
            " JOIN work_orders AS w ON w.id = a.work_order_id"
            + joins
            + " LEFT JOIN users AS u2 ON u2.id = a.technician_id"
            f" WHERE a.shop_id = {p} AND a.status IN ({opened}) ORDER BY a.started_at"
        )
        waiting = _in(raw, len(ASSIGNABLE))
        self.waiting_sql = (
            f"SELECT {card} FROM work_orders AS w"
            + joins
            + f" WHERE w.shop_id = {p} AND w.status IN ({waiting})"
            + not_in_bay
            + " ORDER BY w.number + 0"
        )
        self.done_sql = (
            f"SELECT {card} FROM work_orders AS w"
            + joins
            + f" WHERE w.shop_id = {p} AND coalesce(w.status, '') IN ('completed', 'invoiced') AND w.completed_at >= {p}"
            + not_in_bay
            + " ORDER BY w.completed_at"
        )
        self.techs_sql = f"SELECT display_name FROM users WHERE shop_id = {p} AND role = 'technician' AND active = {p} ORDER BY display_name"

    def __call__(self) -> tuple[list[Any], ...]:
        raw, shop, opened = self.raw, self.shop, list(OPEN_ASSIGNMENTS)
        today = datetime.combine(datetime.now(self.zone).date(), day_time.min, self.zone)
        return (
            raw.fetchall(self.bays_sql, [shop]),
            raw.fetchall(self.occupancy_sql, [shop, *opened]),
            raw.fetchall(self.in_bays_sql, [False, shop, *opened]),
            raw.fetchall(self.waiting_sql, [False, shop, *(s.value for s in ASSIGNABLE), *opened]),
            raw.fetchall(self.done_sql, [False, shop, raw.timestamp(today.astimezone(UTC)), *opened]),
            raw.fetchall(self.techs_sql, [shop, True]),
        )


def board_benchmark(
    backend: str, raw: RawConnection, services: Services, actor: Actor, rounds: int, rng: random.Random
) -> Result:
    zone = ZoneInfo(services.setup.shop(actor.shop_id).timezone)
    floor = RawBoard(raw, actor.shop_id, zone)
    board = services.bays.board(actor)
    bays, _occupancy, in_bays, waiting, done, _techs = floor()
    in_service = sum(len(cards) for cards in board.in_bays.values())
    if (len(bays), len(in_bays), len(waiting), len(done)) != (
        len(board.bays),
        in_service,
        len(board.waiting),
        len(board.done_today),
    ):
        raise BenchmarkError(
            f"[{backend}] the raw board differs from the service's: "
            f"{(len(bays), len(in_bays), len(waiting), len(done))} vs "
            f"{(len(board.bays), in_service, len(board.waiting), len(board.done_today))}"
        )
    pairs = [(lambda: services.bays.board(actor), floor)]
    samples = interleaved(pairs, max(5, rounds), rng)
    note = f"{len(board.bays)} bays, {in_service} in bays, {len(board.waiting)} waiting"
    return result("bay board (BayService.board)", backend, samples, BOARD_GOAL, note=note)


def _assigner(
    url: str, actor: Actor, orders: list[uuid.UUID], bay_id: uuid.UUID, ready: Any, results: Any
) -> None:
    """The other terminal: assigns one car each time it is told to and reports when it committed."""
    db = open_database(url, terminal_name="Benchmark bay terminal")
    try:
        services = Services.build(db)
        committed: list[float] = []
        # the moment the transaction committed, not when the call returned with its board
        event.listen(Session, "after_commit", lambda _session: committed.append(time.time()))
        for work_order_id in orders:
            if not ready.get(timeout=60):
                break
            committed.clear()
            services.bays.assign(actor, work_order_id, bay_id, override_reason="benchmark")
            results.put(("assigned", committed[0]))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        db.dispose()


def live_benchmark(backend: Backend, actor: Actor, samples_wanted: int) -> Result:
    """Commit in another process → the car on this process's board, ``samples_wanted`` times."""
    services = Services.build(backend.db)
    board = services.bays.board(actor)
    bay = next(b for b in board.bays if b.status == "active")
    orders = [c.work_order_id for c in board.waiting][:samples_wanted]
    if len(orders) < 2:
        raise BenchmarkError(f"[{backend.name}] too few waiting cars for the live benchmark")
    seen: dict[uuid.UUID, float] = {}
    reloads: list[float] = []
    arrived = threading.Condition()

    def changed(tables: frozenset[str]) -> None:
        if not tables & {"bay_assignments", ANY_TABLE}:
            return
        started = time.perf_counter()
        current = services.bays.board(actor)
        reloads.append((time.perf_counter() - started) * 1000)
        now = time.time()
        with arrived:
            for card in current.in_bays.get(bay.id, ()):
                seen.setdefault(card.work_order_id, now)
            arrived.notify_all()

    feed = live_feed(backend.db, changed, shop_id=actor.shop_id)
    feed.start()
    time.sleep(0.5)
    ctx = multiprocessing.get_context("spawn")
    ready, results = ctx.Queue(), ctx.Queue()
    url = backend.db.url.render_as_string(hide_password=False)
    child = ctx.Process(target=_assigner, args=(url, actor, orders, bay.id, ready, results), daemon=True)
    child.start()
    delays: list[float] = []
    try:
        for work_order_id in orders:
            ready.put(True)
            status, value = results.get(timeout=60)
            if status != "assigned":
                raise BenchmarkError(f"[{backend.name}] the other process failed:\n{value}")
            with arrived:
                arrived.wait_for(lambda w=work_order_id: w in seen, timeout=WAIT_S)
            if work_order_id not in seen:
                raise BenchmarkError(f"[{backend.name}] a car never reached the other board")
            delays.append(max(0.0, seen[work_order_id] - value) * 1000)
            time.sleep(random.uniform(0.05, 0.3))  # commits do not line up with the poll
    finally:
        ready.put(False)
        child.join(timeout=20)
        if child.is_alive():
            child.terminate()
        feed.stop()
    p95 = statistics.quantiles(delays, n=20)[-1] if len(delays) >= 2 else delays[0]
    return result(
        "live update delay (commit → other board)",
        backend.name,
        Samples(delays, reloads or [0.0]),
        goal_ratio=1000.0,
        goal_ms=LIVE_GOAL_MS[backend.name],
        note=f"p95 {p95:.0f} ms over {len(delays)} commits; floor = one board reload",
    )


def bay_benchmarks(
    backend: Backend, raw: RawConnection, plan: dict[str, int], rng: random.Random
) -> list[Result]:
    services = Services.build(backend.db)
    desk = services.setup.sign_in("desk", _password(), "Benchmark wall board")
    return [
        board_benchmark(backend.name, raw, services, desk, plan["list_rounds"], rng),
        live_benchmark(backend, desk, max(10, plan["list_rounds"] * 2)),
    ]


def _password() -> str:
    from app.demo.shop import DEMO_PASSWORD

    return DEMO_PASSWORD
