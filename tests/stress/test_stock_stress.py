"""Terminals fighting over the same stock: exactly the units on hand go out, and nothing else goes wrong.

Short by default (4 processes); ``--stress-long`` runs the full size of the
issue: PostgreSQL 16 processes x 500 allocations on 4,000 units, SQLite
4 x 500 on 1,000. A reader samples on hand and the ledger the whole time.
"""

from __future__ import annotations

import multiprocessing
import queue
import sqlite3
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import text

from app.db.engine import Database
from app.domain.customers import CustomerInput, VehicleInput
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.parts.catalog import PartInput
from app.services.work_orders.estimates import JobInput
from app.services.work_orders.orders import AuthorizationInput
from tests.stress.stock_workers import allocate_worker, ledger, sample_worker, sell_worker

pytestmark = pytest.mark.stress
JOIN_TIMEOUT_S = 900


def _size(db: Database, long: bool) -> tuple[int, int, int]:
    """(processes, attempts each, units in stock): always fewer units than attempts."""
    if db.is_sqlite:
        return (4, 500, 1000) if long else (4, 50, 150)
    return (16, 500, 4000) if long else (4, 100, 300)


def _part(services: Services, actor: Actor, sku: str, units: int) -> str:
    view = services.parts.create_part(
        actor, PartInput(sku=sku, name=f"Part {sku}", cost="5.00", price="9.00")
    )
    services.inventory.receive(actor, view.id, str(units), reason="opening stock")
    return str(view.id)


def _work_order(services: Services, actor: Actor, n: int) -> tuple[str, str, int]:
    customer = services.customers.create_customer(
        actor, CustomerInput(first_name="Fleet", last_name=f"Car {n}")
    )
    car = services.customers.add_vehicle(
        actor, customer.id, VehicleInput(plate=f"STR{n:04d}", odometer="1000")
    )
    view = services.work_orders.create(actor, car.vehicle.id, odometer_in=1000)
    view = services.estimates.add_job(actor, view.id, JobInput("Brakes", concern="noise"), view.version)
    job = view.jobs[0].id
    view = services.work_orders.authorize(
        actor, view.id, AuthorizationInput({job: "approve"}, "Fleet Manager", "in_person"), view.version
    )
    return str(view.id), str(job), view.version


def _run(db: Database, target: Any, args_of: list[tuple[Any, ...]]) -> tuple[list[Any], Any]:
    ctx = multiprocessing.get_context("spawn")
    workers = len(args_of)
    start = ctx.Barrier(workers)
    results = ctx.Queue()
    stop = ctx.Event()
    url = db.url.render_as_string(hide_password=False)
    sampler = ctx.Process(target=sample_worker, args=(url, stop, results), daemon=True)
    sampler.start()
    processes = [
        ctx.Process(target=target, args=(url, *args, start, results), daemon=True) for args in args_of
    ]
    for process in processes:
        process.start()
    reports: list[Any] = []
    try:
        while len(reports) < workers:
            report = results.get(timeout=JOIN_TIMEOUT_S)
            if report[0] != "sampler":
                reports.append(report)
    except queue.Empty:
        pass
    finally:
        stop.set()
        sample = None
        try:
            while sample is None:
                got = results.get(timeout=60)
                sample = got if got[0] == "sampler" else None
        except queue.Empty:
            pass
        for process in [*processes, sampler]:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
    return reports, sample


def _check_sqlite(db: Database) -> None:
    if db.sqlite_path is not None:
        with sqlite3.connect(db.sqlite_path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_terminals_allocating_the_last_units_of_one_part_take_exactly_the_stock(
    services: Services, owner: Actor, db: Database, stress_long: bool
) -> None:
    processes, attempts, units = _size(db, stress_long)
    part_id = _part(services, owner, "HOT-1", units)
    terminals = [services.setup.register_terminal(owner.shop_id, f"Counter {i}") for i in range(processes)]
    orders = [_work_order(services, owner, i) for i in range(processes)]
    args = [
        (replace(owner, terminal_id=terminals[i]), i, orders[i], part_id, attempts) for i in range(processes)
    ]

    reports, sample = _run(db, allocate_worker, args)

    errors = [r[2] for r in reports if r[1] == "error"]
    assert errors == [], "an error reached a terminal:\n" + "\n".join(errors)
    assert len(reports) == processes
    assert sum(r[2] for r in reports) == units  # exactly the units in stock went out
    assert sum(r[3] for r in reports) == processes * attempts - units  # the others were told "only 0 left"
    assert sample is not None and sample[1] == "ok", sample
    assert sample[2] is not None and sample[2] >= 0, "a reader saw negative stock"
    assert sample[3] == 0, "a reader saw on hand differ from the ledger"
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT on_hand FROM inventory")).scalar_one() == 0
        allocations = conn.execute(text("SELECT count(*) FROM stock_movements WHERE kind = 'allocation'"))
        assert allocations.scalar_one() == units
        allocated_on_jobs = conn.execute(
            text("SELECT sum(quantity) FROM work_order_lines WHERE part_id IS NOT NULL")
        )
        assert allocated_on_jobs.scalar_one() == units * 1000
    assert all(total == value for _p, value, total in ledger(db))
    _check_sqlite(db)


def test_multi_line_tickets_in_random_order_never_deadlock(
    services: Services, owner: Actor, db: Database, stress_long: bool
) -> None:
    processes, attempts, _units = _size(db, stress_long)
    attempts = attempts // 2 if not stress_long else attempts
    stock = 12 if not stress_long else 150
    part_ids = [_part(services, owner, f"MULTI-{n:02d}", stock) for n in range(20)]
    terminals = [services.setup.register_terminal(owner.shop_id, f"Counter {i}") for i in range(processes)]
    args = [(replace(owner, terminal_id=terminals[i]), i, part_ids, attempts, 4) for i in range(processes)]

    reports, sample = _run(db, sell_worker, args)

    errors = [r[2] for r in reports if r[1] == "error"]
    assert errors == [], "an error (a deadlock?) reached a terminal:\n" + "\n".join(errors)
    sold = sum(r[2] for r in reports)
    assert sold + sum(r[3] for r in reports) == processes * attempts
    assert sample is not None and sample[2] is not None and sample[2] >= 0 and sample[3] == 0, sample
    rows = ledger(db)
    assert all(total == value >= 0 for _p, value, total in rows)
    with db.engine.connect() as conn:
        sales = conn.execute(text("SELECT count(*) FROM stock_movements WHERE kind = 'sale'")).scalar_one()
        tickets = conn.execute(text("SELECT count(*) FROM counter_tickets")).scalar_one()
    assert (sales, tickets) == (sold * 4, sold)
    assert sum(stock * 1000 - value for _p, value, _t in rows) == sold * 4 * 1000
    _check_sqlite(db)
