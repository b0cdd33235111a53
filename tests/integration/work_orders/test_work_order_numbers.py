"""Work order numbers: unique and without gaps, from 8 terminals at once and after a failed save."""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import time
from typing import Any

import pytest

from app.db.engine import Database
from app.domain.errors import ValidationError
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.uow import UnitOfWork
from app.services.work_orders import orders as work_orders_module
from tests.integration.work_order_helpers import add_car, audit_ok, create_work_orders, work_order_numbers

TERMINALS = 8
EACH = 10
DEADLINE_S = 120


class Boom(Exception):
    """A failure after the number was taken, inside the transaction."""


def test_eight_terminals_creating_at_once_get_1001_to_1080(
    services: Services, db: Database, desk: Actor
) -> None:
    cars = [add_car(services, desk, last_name=f"Driver {i}", plate=f"TERM{i}") for i in range(TERMINALS)]
    url = db.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    workers = [
        ctx.Process(
            target=create_work_orders, args=(url, desk, car.vehicle_id, EACH, start, results), daemon=True
        )
        for car in cars
    ]
    for worker in workers:
        worker.start()
    start.set()
    try:
        reports = _collect(results, workers)
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.terminate()
                worker.join(timeout=5)
    errors = [text for status, text in reports if status != "ok"]
    assert not errors, errors[0]
    taken = sorted(n for _, numbers in reports for n in numbers)
    assert taken == list(range(1001, 1001 + TERMINALS * EACH))
    assert work_order_numbers(db) == taken
    for _, numbers in reports:
        assert numbers == sorted(numbers)  # each terminal sees its own numbers go up
    audit_ok(services)


def _collect(results: Any, workers: list[Any]) -> list[tuple[str, Any]]:
    """Every terminal's report; if one dies or hangs, fail with the exit codes instead of waiting."""
    reports: list[tuple[str, Any]] = []
    deadline = time.monotonic() + DEADLINE_S
    while len(reports) < len(workers) and time.monotonic() < deadline:
        try:
            reports.append(results.get(timeout=1))
        except queue.Empty:
            if not any(w.is_alive() for w in workers):
                with contextlib.suppress(queue.Empty):
                    reports.append(results.get(timeout=1))
                break
    if len(reports) < len(workers):
        codes = [w.exitcode for w in workers]
        pytest.fail(
            f"{len(reports)} of {len(workers)} terminals reported within {DEADLINE_S} s; exit codes {codes}"
        )
    return reports


def test_a_transaction_that_fails_after_taking_a_number_leaves_no_gap(
    services: Services, db: Database, desk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    car = add_car(services, desk)
    assert services.work_orders.create(desk, car.vehicle_id).number == 1001

    with pytest.raises(Boom), UnitOfWork(db, write=True) as uow:
        assert uow.counters.next(desk.shop_id, work_orders_module.WORK_ORDER_COUNTER) == 1002
        raise Boom
    assert services.work_orders.create(desk, car.vehicle_id).number == 1002

    def fail_after_the_number(*args: object, **kwargs: object) -> None:
        raise Boom

    # The service itself fails half-way: after the counter and the work order row were written.
    monkeypatch.setattr(work_orders_module, "add_odometer_reading", fail_after_the_number)
    with pytest.raises(Boom):
        services.work_orders.create(desk, car.vehicle_id, odometer_in=43_000)
    monkeypatch.undo()
    with pytest.raises(ValidationError):
        services.work_orders.create(desk, car.vehicle_id, odometer_in=41_000)  # below 42,000, no reason

    third = services.work_orders.create(desk, car.vehicle_id, odometer_in=43_000)
    assert third.number == 1003
    assert work_order_numbers(db) == [1001, 1002, 1003]
    audit_ok(services)
