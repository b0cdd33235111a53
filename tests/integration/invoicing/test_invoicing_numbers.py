"""Invoice numbers from many terminals at once, with forced rollbacks: exactly 1..N.

The default run is short (4 terminals x 50 invoices, every 10th post rolled
back after it took its number); ``--stress-long`` runs the full size of the
issue (16 terminals x 200).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import time
from dataclasses import replace
from typing import Any

import pytest

from app.db.engine import Database
from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.services.invoicing.posting import post_work_order
from app.services.invoicing.shared import business_day
from app.services.uow import run_write
from app.services.work_orders.views import load_work_order
from tests.integration.invoicing_helpers import (
    ForcedRollback,
    completed_order,
    counts,
    invoice_numbers,
    post_orders,
)
from tests.integration.work_order_helpers import add_car, audit_ok, labor

ROLLBACK_EVERY = 10  # 10 % of the posts fail after taking their number


def _tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


def test_a_failed_post_leaves_no_gap(services: Services, db: Database, owner: Actor, desk: Actor) -> None:
    tech = _tech(services, owner)
    car = add_car(services, desk)
    orders = [
        completed_order(services, desk, car.vehicle_id, tech.user_id, labor("Check", "0.5", "100"))
        for _ in range(3)
    ]
    services.invoicing.post_from_work_order(desk, orders[0].id)
    before = counts(db)

    def fail(uow: Any) -> None:
        day = business_day(uow, desk)
        post_work_order(
            uow,
            desk,
            load_work_order(uow, desk, orders[1].id, for_update=True),
            day,
            on_account=False,
            note="",
        )
        uow.session.flush()
        raise ForcedRollback("after the number was taken")

    with pytest.raises(ForcedRollback):
        run_write(db, fail)
    assert counts(db) == before
    assert services.work_orders.get(desk, orders[1].id).status == "completed"
    assert [services.invoicing.post_from_work_order(desk, o.id).number for o in orders[1:]] == [2, 3]
    assert invoice_numbers(db) == [1, 2, 3]
    audit_ok(services)


@pytest.mark.stress
def test_terminals_posting_at_once_with_rollbacks_number_exactly_one_to_n(
    services: Services, db: Database, owner: Actor, desk: Actor, stress_long: bool
) -> None:
    terminals, each = (16, 200) if stress_long else (4, 50)
    tech = _tech(services, owner)
    car = add_car(services, desk)
    work = [
        [
            completed_order(services, desk, car.vehicle_id, tech.user_id, labor("Check", "0.5", "100")).id
            for _ in range(each)
        ]
        for _ in range(terminals)
    ]
    actors = [
        replace(desk, terminal_id=services.setup.register_terminal(desk.shop_id, f"Counter {i}"))
        for i in range(terminals)
    ]
    url = db.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    workers = [
        ctx.Process(
            target=post_orders, args=(url, actors[i], work[i], ROLLBACK_EVERY, start, results), daemon=True
        )
        for i in range(terminals)
    ]
    for worker in workers:
        worker.start()
    start.set()
    deadline = 1800 if stress_long else 300
    try:
        reports = _collect(results, workers, deadline)
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.terminate()
                worker.join(timeout=5)
    errors = [text for status, text in reports if status != "ok"]
    assert not errors, errors[0]
    total = terminals * each
    taken = sorted(n for _, (numbers, _) in reports for n in numbers)
    assert taken == list(range(1, total + 1))  # no gap, no duplicate
    assert sum(rollbacks for _, (_, rollbacks) in reports) == terminals * (each // ROLLBACK_EVERY)
    assert invoice_numbers(db) == taken
    for _, (numbers, _) in reports:
        assert numbers == sorted(numbers)
    with db.engine.connect() as conn:
        from sqlalchemy import text

        statuses = conn.execute(text("SELECT status, count(*) FROM work_orders GROUP BY status")).all()
    assert dict((s, int(c)) for s, c in statuses) == {"invoiced": total}
    audit_ok(services)


def _collect(results: Any, workers: list[Any], deadline_s: float) -> list[tuple[str, Any]]:
    reports: list[tuple[str, Any]] = []
    deadline = time.monotonic() + deadline_s
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
            f"{len(reports)} of {len(workers)} terminals reported in {deadline_s} s; exit codes {codes}"
        )
    return reports
