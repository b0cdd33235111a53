"""Parts counter benchmarks: allocation, a hot part under eight terminals, look-up.

1. One allocation of a part to an authorized job: ``AllocationService.allocate``
   (work order locked and version-checked, inventory row locked, movement,
   the job's line grows, audit entry, commit, the editor's read model back)
   against the same writes in raw SQL in one transaction, which also reads
   back what the editor shows (work order, jobs, lines, authorizations, names). Goal: ≤ 2× on
   both databases.
2. Eight processes allocating one hot part, each to its own work order, until
   it runs out: time per attempt through the service against eight raw-SQL
   processes doing the same transaction. Goal: throughput ≥ 0.5× raw (time ≤ 2×),
   and exactly the units in stock go out on both paths (zero oversell).
3. Look-up by barcode (a scan) and by words of the name, with the stock,
   bins, barcodes, vendor numbers and the other shops' stock the screen shows,
   against raw SQL fetching the same. Goal: ≤ 1.5×.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import queue
import random
import time
import traceback
import uuid
from collections.abc import Iterator
from typing import Any

from app.db.engine import open_database
from app.db.types import now_utc
from app.demo.shop import DEMO_PASSWORD
from app.domain.permissions import Actor
from app.domain.stock import InsufficientStockError
from app.services.container import Services
from app.services.parts.stock import CountEntry
from app.services.work_orders.estimates import JobInput
from app.services.work_orders.orders import AuthorizationInput

from .audit_check import chain_mark, check_shop_chain
from .backends import Backend, RawConnection
from .search import BenchmarkError
from .timing import Result, interleaved, result
from .work_orders import RawOpen

ALLOCATE_GOAL = {"postgresql": 2.0, "sqlite": 2.0}
HOT_GOAL = 2.0  # time per attempt; the inverse of "throughput ≥ 0.5× raw"
LOOKUP_GOAL = 1.5
HOT_PROCESSES = 8


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def open_order(services: Services, actor: Actor, vehicle_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID, int]:
    """A work order on ``vehicle_id`` with one job the customer approved."""
    view = services.work_orders.create(actor, vehicle_id)
    view = services.estimates.add_job(actor, view.id, JobInput("Parts benchmark"), view.version)
    job = view.jobs[0].id
    view = services.work_orders.authorize(
        actor, view.id, AuthorizationInput({job: "approve"}, "Fleet Manager", "in_person"), view.version
    )
    return view.id, job, view.version


class ServiceAllocation:
    def __init__(
        self, services: Services, actor: Actor, order: tuple[uuid.UUID, uuid.UUID, int], part: uuid.UUID
    ):
        self.services, self.actor, self.part = services, actor, part
        self.order, self.job, self.version = order

    def __call__(self) -> None:
        done = self.services.allocation.allocate(
            self.actor, self.order, self.job, self.part, "1", self.version
        )
        self.version = done.view.version


class RawAllocation:
    """The allocation's writes in raw SQL: one transaction, the same locks, the same audit link."""

    def __init__(
        self, raw: RawConnection, actor: Actor, order: tuple[uuid.UUID, uuid.UUID, int], part: uuid.UUID
    ):
        self.raw, self.actor = raw, actor
        p, lock = raw.placeholder, " FOR UPDATE" if raw.pg else ""
        self.begin = "BEGIN" if raw.pg else "BEGIN IMMEDIATE"
        self.sql = {
            "order": f"SELECT version, status, number FROM work_orders WHERE id = {p} AND shop_id = {p}{lock}",
            "job": f"SELECT decision FROM jobs WHERE id = {p} AND work_order_id = {p}",
            "part": f"SELECT sku, cost FROM parts WHERE id = {p} AND shop_id = {p}",
            "stock": f"SELECT on_hand FROM inventory WHERE shop_id = {p} AND part_id = {p}{lock}",
            "take": f"UPDATE inventory SET on_hand = on_hand - 1000, updated_at = {p} WHERE shop_id = {p} AND part_id = {p}",
            "movement": "INSERT INTO stock_movements (id, shop_id, part_id, kind, quantity, on_hand_after, unit_cost,"
            " document_type, document_id, document_number, reason, warning, user_id, terminal_id, at)"
            f" VALUES ({', '.join([p] * 15)})",
            "line": f"SELECT id FROM work_order_lines WHERE job_id = {p} AND part_id = {p}",
            "grow": f"UPDATE work_order_lines SET quantity = quantity + 1000 WHERE id = {p}",
            "changed": f"UPDATE jobs SET changed_since_authorized = {p} WHERE id = {p}",
            "touch": f"UPDATE work_orders SET version = version + 1, updated_at = {p}, updated_by = {p},"
            f" needs_reauthorization = {p} WHERE id = {p}",
            "head": f"SELECT seq, hash FROM audit_heads WHERE shop_id = {p}{lock}",
            "audit": "INSERT INTO audit_log (id, shop_id, seq, at, user_id, terminal_id, table_name, record_id,"
            f" action, diff, prev_hash, hash) VALUES ({', '.join([p] * 12)})",
            "move_head": f"UPDATE audit_heads SET seq = {p}, hash = {p} WHERE shop_id = {p}",
        }
        self.order_id, self.job_id, self.version = order
        self.shop, self.user = raw.uuid(actor.shop_id), raw.uuid(actor.user_id)
        self.terminal = raw.uuid(actor.terminal_id) if actor.terminal_id else None
        self.part_id = part
        self.order, self.job, self.part = raw.uuid(order[0]), raw.uuid(order[1]), raw.uuid(part)
        # what the editor shows after it, read inside the transaction as the service does
        self.read_back = RawOpen(raw, actor.shop_id, order[0])

    def __call__(self) -> bool:
        """True when a unit went out; False when none was left (nothing written)."""
        raw, sql, at = self.raw, self.sql, now_utc()
        stamp = raw.timestamp(at)
        raw.execute(self.begin)
        try:
            version, status, number = raw.fetchall(sql["order"], [self.order, self.shop])[0]
            if version != self.version or status not in ("approved", "in_progress", "on_hold"):
                raise BenchmarkError(f"work order {number} is at version {version}, not {self.version}")
            if raw.fetchall(sql["job"], [self.job, self.order])[0][0] != "approved":
                raise BenchmarkError("the benchmark job is not approved")
            _sku, cost = raw.fetchall(sql["part"], [self.part, self.shop])[0]
            on_hand = raw.fetchall(sql["stock"], [self.shop, self.part])[0][0]
            if on_hand < 1000:
                raw.execute("ROLLBACK")
                return False
            raw.execute(sql["take"], [stamp, self.shop, self.part])
            raw.execute(
                sql["movement"],
                [raw.uuid(uuid.uuid4()), self.shop, self.part, "allocation", -1000, on_hand - 1000, cost,
                 "work_order", self.order, str(number), "", "", self.user, self.terminal, stamp],
            )  # fmt: skip
            line = raw.fetchall(sql["line"], [self.job, self.part])
            if not line:
                raise BenchmarkError("warm the raw allocation up through the service first")
            raw.execute(sql["grow"], [line[0][0]])
            raw.execute(sql["changed"], [True, self.job])
            raw.execute(sql["touch"], [stamp, self.user, True, self.order])
            self._audit(at, line[0][0])
            self.read_back()
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        self.version += 1
        return True

    def _audit(self, at: Any, line_id: Any) -> None:
        raw, sql = self.raw, self.sql
        seq, prev = raw.fetchall(sql["head"], [self.shop])[0]
        seq += 1
        diff = _canonical({"before": {"quantity": 0}, "after": {"quantity": 1000}})
        entry = {
            "shop_id": str(self.actor.shop_id),
            "seq": seq,
            "at": at.isoformat(),
            "user_id": str(self.actor.user_id),
            "terminal_id": str(self.actor.terminal_id) if self.actor.terminal_id else None,
            "table": "work_order_lines",
            "record_id": str(raw.to_uuid(line_id)),
            "action": "allocate",
            "diff": diff,
        }
        digest = hashlib.sha256(prev.encode("ascii") + _canonical(entry).encode("utf-8")).hexdigest()
        raw.execute(
            sql["audit"],
            [raw.uuid(uuid.uuid4()), self.shop, seq, raw.timestamp(at), self.user, self.terminal,
             "work_order_lines", str(raw.to_uuid(line_id)), "allocate", diff, prev, digest],
        )  # fmt: skip
        raw.execute(sql["move_head"], [seq, digest, self.shop])


def _stocked_parts(
    services: Services, actor: Actor, raw: RawConnection, count: int, units: int, skip: int = 0
) -> list[uuid.UUID]:
    """``count`` parts sold by the unit (after the first ``skip``), with ``units`` more received."""
    p = raw.placeholder
    rows = raw.fetchall(
        f"SELECT id FROM parts WHERE shop_id = {p} AND fractional = {p} ORDER BY sku LIMIT {count} OFFSET {skip}",
        [raw.uuid(actor.shop_id), False],
    )
    ids = [raw.to_uuid(r[0]) for r in rows]
    for part in ids:
        assert part is not None
        services.inventory.receive(actor, part, str(units), reason="benchmark stock")
    return [i for i in ids if i is not None]


def _vehicles(raw: RawConnection, actor: Actor, count: int) -> list[uuid.UUID]:
    p = raw.placeholder
    rows = raw.fetchall(
        f"SELECT id FROM vehicles WHERE shop_id = {p} ORDER BY id LIMIT {count}", [raw.uuid(actor.shop_id)]
    )
    return [v for v in (raw.to_uuid(r[0]) for r in rows) if v is not None]


def allocation_benchmark(
    backend: Backend, raw: RawConnection, services: Services, actor: Actor, calls: int, rounds: int,
    rng: random.Random,
) -> Result:  # fmt: skip
    mark = chain_mark(services.audit, actor)
    cars = _vehicles(raw, actor, 2)
    mine, theirs = open_order(services, actor, cars[0]), open_order(services, actor, cars[1])
    parts = _stocked_parts(services, actor, raw, 2, calls * rounds + 20)
    measured = ServiceAllocation(services, actor, mine, parts[0])
    # the raw path grows a line the service made (its first allocation writes the line)
    warm = ServiceAllocation(services, actor, theirs, parts[1])
    warm()
    floor = RawAllocation(raw, actor, (theirs[0], theirs[1], warm.version), parts[1])
    for _ in range(3):
        measured()
        floor()
    samples = interleaved([(measured, floor)] * calls, rounds, rng)
    check_shop_chain(services.audit, actor, mark, "after the allocations")
    if services.inventory.ledger_differences(actor):
        raise BenchmarkError("on hand differs from the ledger after the allocation benchmark")
    return result("part allocation to a job", backend.name, samples, ALLOCATE_GOAL[backend.name])


def hot_worker(
    mode: str, url: str, raw_url: str, actor: Actor, order: tuple[str, str, int], part: str, attempts: int,
    start: Any, results: Any,
) -> None:  # fmt: skip
    """One terminal allocating the hot part ``attempts`` times, through the service or raw SQL."""
    from .backends import Backend as _Backend

    db = open_database(url, terminal_name=f"Hot {mode}")
    order_id, job_id, version = uuid.UUID(order[0]), uuid.UUID(order[1]), order[2]
    allocated = refused = 0
    try:
        if mode == "service":
            services = Services.build(db)
            call = ServiceAllocation(services, actor, (order_id, job_id, version), uuid.UUID(part))
        else:
            raw = _Backend("sqlite" if url.startswith("sqlite") else "postgresql", db, raw_url).raw()
            call = RawAllocation(raw, actor, (order_id, job_id, version), uuid.UUID(part))  # type: ignore[assignment]
        start.wait(timeout=120)
        began = time.time()
        for _ in range(attempts):
            try:
                went = call()
            except InsufficientStockError:
                went = False
            if went is False:
                refused += 1
            else:
                allocated += 1
        results.put(("ok", allocated, refused, began, time.time()))
    except BaseException:
        results.put(("error", traceback.format_exc(), refused, 0.0, 0.0))
    finally:
        db.dispose()


def hot_part_benchmark(
    backend: Backend, raw: RawConnection, services: Services, actor: Actor, attempts: int
) -> Result:
    url = backend.db.url.render_as_string(hide_password=False)
    cars = _vehicles(raw, actor, 2 * HOT_PROCESSES)
    total = HOT_PROCESSES * attempts
    units = total * 3 // 4  # a quarter of the attempts find the part gone
    hot = _stocked_parts(services, actor, raw, 2, 1, skip=10)
    figures: dict[str, tuple[float, int]] = {}
    for index, mode in enumerate(("service", "raw")):
        part = hot[index]
        on_hand = services.parts.get(actor, part).on_hand or 0
        if on_hand > 1:  # the demo's own stock goes first: the hot part starts at exactly ``units``
            services.inventory.post_count(actor, [CountEntry(part, "1")], "benchmark")
        services.inventory.receive(actor, part, str(units - 1), reason="hot part")
        orders = [
            open_order(services, actor, car)
            for car in cars[index * HOT_PROCESSES : (index + 1) * HOT_PROCESSES]
        ]
        # the first unit through the service writes each order's line; the raw path then grows it
        if mode == "raw":
            services.inventory.receive(actor, part, str(HOT_PROCESSES), reason="warm-up")
            for n, (order_id, job_id, version) in enumerate(orders):
                warm = ServiceAllocation(services, actor, (order_id, job_id, version), part)
                warm()
                orders[n] = (order_id, job_id, warm.version)
        allocated, seconds = _run_hot(mode, url, str(backend.raw_url), actor, orders, part, attempts)
        left = services.parts.get(actor, part).on_hand
        if allocated != units or left != 0:
            raise BenchmarkError(f"{mode}: {allocated} of {units} units allocated, {left} left: an oversell")
        figures[mode] = (seconds * 1000 / total, allocated)
    note = f"{HOT_PROCESSES} processes × {attempts}; {units} units each path, exactly {units} allocated, 0 oversold"
    return Result(
        "hot part, 8 terminals (ms per attempt)",
        backend.name,
        figures["service"][0],
        figures["raw"][0],
        HOT_GOAL,
        samples=total,
        note=note,
    )


def _run_hot(
    mode: str, url: str, raw_url: str, actor: Actor, orders: list[tuple[uuid.UUID, uuid.UUID, int]], part: uuid.UUID,
    attempts: int,
) -> tuple[int, float]:  # fmt: skip
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(len(orders)), ctx.Queue()
    processes = [
        ctx.Process(
            target=hot_worker,
            args=(mode, url, raw_url, actor, (str(o), str(j), v), str(part), attempts, start, results),
            daemon=True,
        )
        for o, j, v in orders
    ]
    for process in processes:
        process.start()
    reports: list[Any] = []
    deadline = time.monotonic() + 900
    while len(reports) < len(processes):
        try:
            reports.append(results.get(timeout=2))
        except queue.Empty:
            if time.monotonic() > deadline or not any(p.is_alive() for p in processes):
                raise BenchmarkError(f"{mode} hot-part workers stopped without reporting") from None
    for process in processes:
        process.join(timeout=30)
    errors = [r[1] for r in reports if r[0] == "error"]
    if errors:
        raise BenchmarkError(f"{mode} hot-part worker failed:\n{errors[0]}")
    began, ended = min(r[3] for r in reports), max(r[4] for r in reports)
    return sum(r[1] for r in reports), ended - began


class RawLookup:
    """What the counter shows for a barcode or for words, in raw SQL."""

    def __init__(self, raw: RawConnection, actor: Actor) -> None:
        self.raw, self.shop = raw, raw.uuid(actor.shop_id)
        p = raw.placeholder
        columns = (
            "p.id, p.sku, p.name, p.brand, p.category, p.description, p.cost, p.price, p.core_charge,"
            " p.taxable, p.fractional, p.active, p.version, i.on_hand, i.bin_location, i.reorder_point,"
            " i.reorder_quantity"
        )
        join = f"FROM parts p LEFT JOIN inventory i ON i.part_id = p.id AND i.shop_id = {p}"
        self.by_code = f"SELECT {columns} {join} JOIN part_barcodes b ON b.part_id = p.id WHERE b.shop_id = {p} AND b.code = {p}"
        self.words = (
            f"SELECT {columns} {join} WHERE p.shop_id = {p} AND {{cond}} ORDER BY p.name, p.sku LIMIT 50"
        )
        self.settings = f"SELECT value FROM settings WHERE shop_id = {p} AND key = 'stock'"

    def _details(self, rows: list[Any]) -> list[Any]:
        if not rows:
            return rows
        raw, p = self.raw, self.raw.placeholder
        ids = [r[0] for r in rows]
        marks = ", ".join([p] * len(ids))
        raw.fetchall(self.settings, [self.shop])
        raw.fetchall(f"SELECT part_id, code FROM part_barcodes WHERE part_id IN ({marks}) ORDER BY code", ids)
        raw.fetchall(
            "SELECT pv.part_id, v.id, v.name, pv.vendor_part_number, pv.preferred FROM part_vendors pv"
            f" JOIN vendors v ON v.id = pv.vendor_id WHERE pv.part_id IN ({marks})",
            ids,
        )
        skus = [r[1] for r in rows]
        raw.fetchall(
            "SELECT p.sku, s.name, i.on_hand FROM parts p JOIN inventory i ON i.part_id = p.id AND i.shop_id = p.shop_id"
            f" JOIN shops s ON s.id = p.shop_id WHERE p.sku IN ({', '.join([p] * len(skus))}) AND p.shop_id <> {p}",
            [*skus, self.shop],
        )
        return rows

    def code(self, code: str) -> list[Any]:
        return self._details(self.raw.fetchall(self.by_code, [self.shop, self.shop, code]))

    def search(self, words: list[str]) -> list[Any]:
        p = self.raw.placeholder
        cond = " AND ".join([f"p.search_text LIKE {p}"] * len(words))
        params = [self.shop, self.shop, *(f"%{w}%" for w in words)]
        return self._details(self.raw.fetchall(self.words.format(cond=cond), params))


def lookup_benchmarks(
    backend: Backend, raw: RawConnection, services: Services, actor: Actor, queries: int, rounds: int,
    rng: random.Random,
) -> list[Result]:  # fmt: skip
    p = raw.placeholder
    codes = [
        r[0]
        for r in raw.fetchall(
            f"SELECT code FROM part_barcodes WHERE shop_id = {p}", [raw.uuid(actor.shop_id)]
        )
    ]
    floor = RawLookup(raw, actor)
    code_pairs = []
    for code in rng.sample(codes, min(queries, len(codes))):
        if services.parts.find_code(actor, code) is None:
            raise BenchmarkError(f"the service found no part for barcode {code}")
        code_pairs.append((lambda c=code: services.parts.find_code(actor, c), lambda c=code: floor.code(c)))
    phrases = [
        ["brake", "pads"],
        ["oil", "filter"],
        ["wiper", "bosch"],
        ["ignition", "coil"],
        ["timing", "belt"],
    ]
    word_pairs = []
    for words in (rng.choice(phrases) for _ in range(queries)):
        text = " ".join(words)
        word_pairs.append((lambda t=text: services.parts.search(actor, t), lambda w=words: floor.search(w)))
    for measured, base in code_pairs[:3] + word_pairs[:3]:
        measured()
        base()
    return [
        result("part look-up by barcode", backend.name, interleaved(code_pairs, rounds, rng), LOOKUP_GOAL),
        result("part look-up by name words", backend.name, interleaved(word_pairs, rounds, rng), LOOKUP_GOAL),
    ]


def parts_benchmarks(
    backend: Backend, raw: RawConnection, plan: dict[str, int], rng: random.Random
) -> Iterator[Result]:
    """Every parts benchmark of one backend, in the order they print (signed in as the owner,
    who may receive the stock the allocations take)."""
    services = Services.build(backend.db)
    actor = services.setup.sign_in("owner", DEMO_PASSWORD, "Parts benchmark")
    queries, rounds = plan["queries_per_kind"], plan["search_rounds"]
    yield allocation_benchmark(backend, raw, services, actor, max(10, queries // 4), rounds, rng)
    yield from lookup_benchmarks(backend, raw, services, actor, queries, rounds, rng)
    yield hot_part_benchmark(backend, raw, services, actor, max(10, queries // 2))
