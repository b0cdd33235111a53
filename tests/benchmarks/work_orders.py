"""Benchmarks 3-5: the service writer's work orders on the large demo's history.

Measured, each a whole service call (permission check, unit of work, queries,
totals, mapping to read models):

- ``WorkOrderService.list`` with the default filter: the open work orders
  board with its count per status;
- ``WorkOrderService.vehicle_history`` for cars with several orders: every
  order with its jobs and their prices, newest first;
- ``WorkOrderService.get``: what the editor loads to open one work order.

Floors: the same data fetched with hand-written, parameterised SQL on a raw
DB-API connection (each the statements a careful programmer would write for
that screen, no ORM, no totals). Before timing, every floor is checked to
return exactly what the service shows: the same orders in the same order,
the same jobs, lines, technicians, authorizations and counts; for the
history, totals recomputed from the floor's raw lines must equal the
service's.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from typing import Any

from app.domain.money import from_cents, from_thousandths, rate_from_millionths
from app.domain.permissions import Actor
from app.domain.pricing import fee_rule_from_json
from app.domain.totals import LineKind, PricedLine, PricingRules, RoundingMode, compute_totals
from app.repositories.work_orders import OPEN_STATUSES
from app.services.work_orders.orders import WorkOrderService

from .backends import RawConnection
from .search import BenchmarkError
from .timing import Result, interleaved, result

LIST_GOAL = 1.5
HISTORY_GOAL = 1.5
OPEN_GOAL = 2.0
LIST_LIMIT = 500  # app.repositories.work_orders.WorkOrderRepository.list_rows
HISTORY_LIMIT = 200
MIN_HISTORY = 5  # "a vehicle with several orders"


def _in(raw: RawConnection, count: int) -> str:
    return ", ".join([raw.placeholder] * count)


# --- the open work orders list --------------------------------------------------------------------


class RawList:
    """The open board: one row per order with customer, vehicle and first technician, then the counts."""

    def __init__(self, raw: RawConnection, shop_id: uuid.UUID) -> None:
        p, self.raw = raw.placeholder, raw
        statuses = _in(raw, len(OPEN_STATUSES))
        self.rows_sql = (
            "SELECT w.id, w.number, w.status, w.hold_reason, w.promised_at, w.created_at,"
            " w.needs_reauthorization, c.first_name, c.last_name, c.company_name, c.kind,"
            " v.year, v.make, v.model, v.plate,"
            " (SELECT MIN(u.display_name) FROM jobs AS j JOIN users AS u ON u.id = j.technician_id"
            f"   WHERE j.work_order_id = w.id AND j.removed = {p}) AS technician"
            " FROM work_orders AS w"
            " JOIN customers AS c ON c.id = w.customer_id"
            " JOIN vehicles AS v ON v.id = w.vehicle_id"
            f" WHERE w.shop_id = {p} AND w.status IN ({statuses})"
            f" ORDER BY w.number + 0 DESC LIMIT {p}"  # the status index, not a walk by number
        )
        self.rows_params = [False, raw.uuid(shop_id), *OPEN_STATUSES, LIST_LIMIT]
        self.counts_sql = (
            "SELECT status, COUNT(*) FROM work_orders"
            f" WHERE shop_id = {p} AND status IN ({statuses}) GROUP BY status"
        )
        self.counts_params = [raw.uuid(shop_id), *OPEN_STATUSES]

    def __call__(self) -> tuple[list[Any], list[Any]]:
        return (
            self.raw.fetchall(self.rows_sql, self.rows_params),
            self.raw.fetchall(self.counts_sql, self.counts_params),
        )


def list_benchmark(
    backend: str, raw: RawConnection, service: WorkOrderService, actor: Actor, rounds: int, rng: random.Random
) -> Result:
    floor = RawList(raw, actor.shop_id)
    listed = service.list(actor)
    rows, counts = floor()
    got = [(raw.to_uuid(r[0]), r[1], r[2], r[15] or "") for r in rows]
    expected = [(r.id, r.number, r.status, r.technician) for r in listed.rows]
    if got != expected or dict(counts) != listed.counts:
        raise BenchmarkError(
            f"the raw SQL lists {len(got)} open work orders, the service {len(expected)}"
            f" (counts {dict(counts)} vs {listed.counts})"
        )
    samples = interleaved([(lambda: service.list(actor), floor)], rounds, rng)
    note = f"{len(expected)} open work orders"
    return result("work orders: open list", backend, samples, LIST_GOAL, note=note)


# --- one vehicle's history ------------------------------------------------------------------------


ORDER_COLUMNS = (
    "id, number, created_at, status, odometer_in, authorized_total,"
    " tax_rate, rounding, fee_rule, tax_exempt_number"
)
LINE_COLUMNS = "work_order_id, job_id, kind, quantity, unit_price, taxable, discount_percent, core_charge"


class RawHistory:
    """The vehicle's orders newest first, then their jobs and their lines."""

    def __init__(self, raw: RawConnection, shop_id: uuid.UUID, vehicle_id: uuid.UUID) -> None:
        p, self.raw = raw.placeholder, raw
        self.orders_sql = (
            f"SELECT {ORDER_COLUMNS} FROM work_orders WHERE shop_id = {p} AND vehicle_id = {p}"
            f" ORDER BY created_at DESC LIMIT {p}"
        )
        self.orders_params = [raw.uuid(shop_id), raw.uuid(vehicle_id), HISTORY_LIMIT]

    def __call__(self) -> tuple[list[Any], list[Any], list[Any]]:
        raw, p = self.raw, self.raw.placeholder
        orders = raw.fetchall(self.orders_sql, self.orders_params)
        ids = [row[0] for row in orders]
        marks = _in(raw, len(ids))
        jobs = raw.fetchall(
            "SELECT id, work_order_id, title, decision FROM jobs"
            f" WHERE work_order_id IN ({marks}) AND removed = {p} ORDER BY work_order_id, position",
            [*ids, False],
        )
        lines = raw.fetchall(
            f"SELECT {LINE_COLUMNS} FROM work_order_lines WHERE work_order_id IN ({marks})"
            " ORDER BY job_id, position",
            ids,
        )
        return orders, jobs, lines


def _rules(order: Sequence[Any]) -> PricingRules:
    return PricingRules(rate_from_millionths(order[6]), RoundingMode(order[7]), fee_rule_from_json(order[8]))


def _priced(line: Sequence[Any]) -> PricedLine:
    return PricedLine(
        LineKind(line[2]),
        from_thousandths(line[3]),
        from_cents(line[4]),
        bool(line[5]),
        rate_from_millionths(line[6]) * 100,
        from_cents(line[7]),
    )


def _history_from_raw(
    raw: RawConnection, fetched: tuple[list[Any], list[Any], list[Any]]
) -> list[tuple[Any, ...]]:
    """What the history screen shows, computed from the floor's rows (checking only)."""
    orders, jobs, lines = fetched
    out = []
    for order in orders:
        own_jobs = [j for j in jobs if j[1] == order[0]]
        counted = {"approved"} if order[5] is not None else {"pending", "approved"}
        keep = {j[0] for j in own_jobs if j[3] in counted}
        priced = [_priced(ln) for ln in lines if ln[0] == order[0] and ln[1] in keep]
        total = compute_totals(priced, _rules(order), tax_exempt=bool(order[9])).total
        out.append((raw.to_uuid(order[0]), order[1], total, tuple((j[2], j[3]) for j in own_jobs)))
    return out


def history_benchmark(
    backend: str,
    raw: RawConnection,
    service: WorkOrderService,
    actor: Actor,
    vehicles: int,
    rounds: int,
    rng: random.Random,
) -> Result:
    p = raw.placeholder
    candidates = raw.fetchall(
        f"SELECT vehicle_id, COUNT(*) FROM work_orders WHERE shop_id = {p}"
        f" GROUP BY vehicle_id HAVING COUNT(*) >= {p} ORDER BY vehicle_id",
        [raw.uuid(actor.shop_id), MIN_HISTORY],
    )
    if len(candidates) < vehicles:
        raise BenchmarkError(f"only {len(candidates)} vehicles have {MIN_HISTORY} or more work orders")
    chosen = rng.sample(candidates, vehicles)
    pairs = []
    for vehicle, _count in chosen:
        vehicle_id = raw.to_uuid(vehicle)
        assert vehicle_id is not None
        floor = RawHistory(raw, actor.shop_id, vehicle_id)
        history = service.vehicle_history(actor, vehicle_id)
        expected = [
            (h.work_order_id, h.number, h.total, tuple((j.title, j.decision) for j in h.jobs))
            for h in history
        ]
        if _history_from_raw(raw, floor()) != expected:
            raise BenchmarkError(f"the raw SQL's history of vehicle {vehicle_id} differs from the service's")
        pairs.append((lambda v=vehicle_id: service.vehicle_history(actor, v), floor))
    samples = interleaved(pairs, rounds, rng)
    orders = sum(count for _, count in chosen)
    note = f"{vehicles} vehicles, {orders / vehicles:.1f} work orders each on average"
    return result("work orders: vehicle history", backend, samples, HISTORY_GOAL, note=note)


# --- opening a work order in the editor -----------------------------------------------------------


HEAD_COLUMNS = (
    "w.id, w.number, w.status, w.hold_reason, w.customer_id, w.vehicle_id, w.odometer_in,"
    " w.odometer_out, w.promised_at, w.notes, w.tax_rate, w.rounding, w.fee_rule, w.labor_rate,"
    " w.tax_exempt_number, w.authorized_total, w.needs_reauthorization, w.version, w.created_at,"
    " w.updated_at, c.first_name, c.last_name, c.company_name, c.kind, c.phone, c.address_line1,"
    " c.address_line2, c.city, c.region, v.year, v.make, v.model, v.vin, v.plate,"
    " s.name, s.address, s.phone, s.timezone"
)
JOB_COLUMNS = (
    "id, position, title, concern, cause, correction, technician_id, decision,"
    " changed_since_authorized, reminder_months, reminder_miles"
)
OPEN_LINE_COLUMNS = (
    "id, job_id, position, kind, description, part_number, condition, quantity, unit_price,"
    " unit_cost, taxable, discount_percent, core_charge, vendor"
)
AUTH_COLUMNS = (
    "at, authorized_by, relation, method, phone_called, taken_by, amount, previous_amount,"
    " approved_jobs, declined_jobs, note"
)


class RawOpen:
    """The work order with its customer, vehicle and shop; its jobs, lines, authorizations; user names."""

    def __init__(self, raw: RawConnection, shop_id: uuid.UUID, work_order_id: uuid.UUID) -> None:
        p, self.raw = raw.placeholder, raw
        self.work_order_id = work_order_id
        self.id = raw.uuid(work_order_id)
        self.head_sql = (
            f"SELECT {HEAD_COLUMNS} FROM work_orders AS w"
            " JOIN customers AS c ON c.id = w.customer_id"
            " JOIN vehicles AS v ON v.id = w.vehicle_id"
            " JOIN shops AS s ON s.id = w.shop_id"
            f" WHERE w.id = {p} AND w.shop_id = {p}"
        )
        self.head_params = [self.id, raw.uuid(shop_id)]
        self.jobs_sql = (
            f"SELECT {JOB_COLUMNS} FROM jobs WHERE work_order_id = {p} AND removed = {p} ORDER BY position"
        )
        self.lines_sql = (
            f"SELECT {OPEN_LINE_COLUMNS} FROM work_order_lines WHERE work_order_id = {p}"
            " ORDER BY job_id, position"
        )
        self.auths_sql = f"SELECT {AUTH_COLUMNS} FROM authorizations WHERE work_order_id = {p} ORDER BY at"

    def __call__(self) -> dict[str, Any]:
        raw = self.raw
        head = raw.fetchall(self.head_sql, self.head_params)
        jobs = raw.fetchall(self.jobs_sql, [self.id, False])
        lines = raw.fetchall(self.lines_sql, [self.id])
        auths = raw.fetchall(self.auths_sql, [self.id])
        people = list({job[6] for job in jobs if job[6] is not None} | {auth[5] for auth in auths})
        names = (
            raw.fetchall(f"SELECT id, display_name FROM users WHERE id IN ({_in(raw, len(people))})", people)
            if people
            else []
        )
        return {"head": head, "jobs": jobs, "lines": lines, "auths": auths, "names": dict(names)}


def _check_open(raw: RawConnection, service: WorkOrderService, actor: Actor, floor: RawOpen) -> None:
    view = service.get(actor, floor.work_order_id)
    got = floor()
    names = got["names"]
    head = got["head"][0] if len(got["head"]) == 1 else None
    same = (
        head is not None
        and (head[1], head[33], head[34]) == (view.number, view.plate, view.shop_name)
        and [raw.to_uuid(j[0]) for j in got["jobs"]] == [j.id for j in view.jobs]
        and [names.get(j[6], "") for j in got["jobs"]] == [j.technician_name for j in view.jobs]
        and sorted(str(raw.to_uuid(ln[0])) for ln in got["lines"])
        == sorted(str(ln.id) for j in view.jobs for ln in j.lines)
        and [(from_cents(a[6]), names[a[5]]) for a in got["auths"]]
        == [(a.amount, a.taken_by) for a in view.authorizations]
    )
    if not same:
        raise BenchmarkError(f"the raw SQL's work order {view.number} differs from the service's")


def open_benchmark(
    backend: str,
    raw: RawConnection,
    service: WorkOrderService,
    actor: Actor,
    orders: int,
    rounds: int,
    rng: random.Random,
) -> Result:
    """Orders opened at random: mostly the open board, some from the history."""
    p = raw.placeholder
    shop = raw.uuid(actor.shop_id)
    board = raw.fetchall(
        f"SELECT id FROM work_orders WHERE shop_id = {p} AND status IN ({_in(raw, len(OPEN_STATUSES))})"
        " ORDER BY id",
        [shop, *OPEN_STATUSES],
    )
    everything = raw.fetchall(f"SELECT id FROM work_orders WHERE shop_id = {p} ORDER BY id", [shop])
    half = orders // 2
    chosen = rng.sample(board, min(half, len(board)))
    chosen += rng.sample(everything, orders - len(chosen))
    pairs = []
    for (work_order,) in chosen:
        work_order_id = raw.to_uuid(work_order)
        assert work_order_id is not None
        floor = RawOpen(raw, actor.shop_id, work_order_id)
        _check_open(raw, service, actor, floor)
        pairs.append((lambda w=work_order_id: service.get(actor, w), floor))
    samples = interleaved(pairs, rounds, rng)
    return result(
        "work orders: open in editor",
        backend,
        samples,
        OPEN_GOAL,
        note=f"{len(chosen)} work orders, half from the open board",
    )


def work_order_benchmarks(
    backend: str,
    raw: RawConnection,
    service: WorkOrderService,
    actor: Actor,
    plan: dict[str, int],
    rng: random.Random,
) -> list[Result]:
    return [
        list_benchmark(backend, raw, service, actor, plan["list_rounds"], rng),
        history_benchmark(
            backend, raw, service, actor, plan["history_vehicles"], plan["work_order_rounds"], rng
        ),
        open_benchmark(backend, raw, service, actor, plan["open_orders"], plan["work_order_rounds"], rng),
    ]
