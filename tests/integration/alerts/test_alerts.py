"""Alerts on both databases: raised once by four terminals, acknowledged, resolved when it clears."""

from __future__ import annotations

import multiprocessing
import queue
from datetime import UTC, datetime, timedelta

import pytest

from app.db.engine import Database
from app.domain.alerts import AlertState
from app.domain.errors import ConflictError
from app.domain.permissions import Actor
from app.domain.work_orders import Status
from app.services.container import Services
from tests.integration.alerts.alert_support import alert_checker, alert_rows, audit_actions, late_work_order

CHECKERS = 4
ROUNDS = 5
DEADLINE_S = 150
PROMISES = frozenset({"promised_passed"})


def test_four_terminals_checking_at_once_raise_the_alert_once_then_it_is_acknowledged_and_clears(
    services: Services, db: Database, owner: Actor, desk: Actor
) -> None:
    order = late_work_order(services, desk, datetime.now(UTC), timedelta(hours=1))
    url = db.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(CHECKERS), ctx.Queue()
    workers = [
        ctx.Process(target=alert_checker, args=(url, owner.shop_id, ROUNDS, start, results), daemon=True)
        for _ in range(CHECKERS)
    ]
    for worker in workers:
        worker.start()
    reports = []
    try:
        for _ in range(CHECKERS):
            reports.append(results.get(timeout=DEADLINE_S))
    except queue.Empty:
        pass
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.terminate()
    assert [status for status, _ in reports] == ["ok"] * CHECKERS, reports
    rows = alert_rows(db)
    promised = [r for r in rows if r["kind"] == "promised_passed"]
    assert [(r["subject"], r["resolved_at"]) for r in promised] == [(str(order.id), None)]
    # every alert raised by exactly one of the four, with one audit entry each
    assert sum(raised for _, raised in reports) == len(rows) == audit_actions(db, "alerts").count("raise")

    shown = services.alerts.alerts(desk)
    alert = next(a for a in shown if a.kind == "promised_passed")
    assert alert.title.startswith(f"Work order {order.number} was promised for")
    acknowledged = services.alerts.acknowledge(desk, alert.id, "Called the customer: tomorrow 10:00")
    assert (acknowledged.state, acknowledged.acknowledged_by) == (AlertState.ACKNOWLEDGED, "Sam Writer")
    assert acknowledged.acknowledge_note == "Called the customer: tomorrow 10:00"
    with pytest.raises(ConflictError, match="Sam Writer acknowledged"):
        services.alerts.acknowledge(owner, alert.id)
    assert services.alerts.summary(desk).unacknowledged == services.alerts.summary(desk).open - 1

    services.work_orders.change_status(desk, order.id, Status.CANCELLED, order.version)
    result = services.alerts.check(owner.shop_id, kinds=PROMISES)
    assert result.resolved == 1
    [after] = [a for a in services.alerts.alerts(desk, "resolved") if a.id == alert.id]
    assert (after.state, after.resolution, after.resolved_by) == (
        AlertState.RESOLVED,
        "Condition cleared",
        "",
    )
    assert all(a.id != alert.id for a in services.alerts.alerts(desk))  # gone from the open list
    assert [r.ok for r in services.audit.verify()] == [True]
