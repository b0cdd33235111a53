"""Failover under load: four terminals writing through a multi-host URL while the primary stops and
the standby is promoted. Every work order a terminal showed as saved is on the new primary, numbers
have no gap, the audit chain verifies, and the terminals write again by themselves.

Two ways the primary goes: a planned stop (``pg_ctl stop -m fast``, which sends the standby all WAL
first) with the default asynchronous replication, and a crash (``-m immediate``) with synchronous
replication (``synchronous_commit = remote_apply``), where only that keeps acknowledged commits.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from typing import Any

import pytest

from app.db.engine import open_database
from app.services.container import Services
from tests.integration.db.pg_cluster import cluster_set, server_tools_missing
from tests.integration.db.replica_support import make_shop, multi_host, open_orders, work_order_numbers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(bool(server_tools_missing()), reason=server_tools_missing() or "-"),
]
WRITERS = 4
BACK_WITHIN_S = 10.0  # the goal: terminals writing again within 10 s of the promotion

MODES = {
    "planned stop, asynchronous": ({}, "fast"),
    "crash, synchronous remote_apply": (
        {"synchronous_standby_names": "'*'", "synchronous_commit": "remote_apply"},
        "immediate",
    ),
}


@pytest.mark.parametrize("mode", list(MODES))
def test_promotion_under_four_writers_loses_nothing_saved(mode: str) -> None:
    primary_settings, stop_mode = MODES[mode]
    with cluster_set() as clusters:
        primary = clusters.primary()
        shop = make_shop(primary.url())
        # The standby must not wait for a standby of its own once promoted.
        standby = clusters.standby_of(primary, synchronous_standby_names="''")
        for name, value in primary_settings.items():  # once there is a standby to wait for
            primary.sql(f"ALTER SYSTEM SET {name} = {value}")
        primary.sql("SELECT pg_reload_conf()")
        url = multi_host(primary.port, standby.port)
        events = _run_writers(url, shop, lambda: _fail_over(primary, standby, stop_mode))

        problems = [e[2] for e in events if e[0] == "done" and e[2]]
        assert not problems, problems[0]
        promoted_at = next(e[1] for e in events if e[0] == "promoted")
        saved = {e[2]: e[3] for e in events if e[0] == "saved"}
        after = [e for e in events if e[0] == "saved" and e[4] > promoted_at]
        assert {e[1] for e in after} == set(range(WRITERS)), "every terminal writes again by itself"
        back_in = min(e[4] for e in after) - promoted_at
        assert back_in < BACK_WITHIN_S

        on_new_primary = work_order_numbers(standby.url())
        missing = {i: n for i, n in saved.items() if on_new_primary.get(i) != n}
        assert not missing, f"saved but lost in the failover: {sorted(missing.values())}"
        numbers = sorted(on_new_primary.values())
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), "work order numbers have a gap"
        db = open_database(standby.url())
        try:
            reports = Services.build(db).audit.verify()
            assert reports and all(r.ok for r in reports), [r.problem for r in reports]
        finally:
            db.dispose()
        print(f"\n{mode}: {len(saved)} saved, writing again {back_in:.2f} s after the promotion")


def _fail_over(primary: Any, standby: Any, stop_mode: str) -> float:
    primary.stop(stop_mode)
    standby.promote()
    return time.monotonic()


def _run_writers(url: str, shop: Any, fail_over: Any) -> list[tuple[Any, ...]]:
    ctx = multiprocessing.get_context("spawn")
    start, stop, results = ctx.Event(), ctx.Event(), ctx.Queue()
    workers = [
        ctx.Process(target=open_orders, args=(url, shop, n, start, stop, results)) for n in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    events: list[tuple[Any, ...]] = []
    try:
        start.set()
        _collect(results, events, until=lambda: sum(e[0] == "saved" for e in events) >= 20, timeout=90)
        promoted_at = fail_over()
        events.append(("promoted", promoted_at))

        def all_back() -> bool:
            return {e[1] for e in events if e[0] == "saved" and e[4] > promoted_at} == set(range(WRITERS))

        _collect(results, events, until=all_back, timeout=30)
        _collect(results, events, until=lambda: False, timeout=1.0)
    finally:
        stop.set()
        _collect(results, events, until=lambda: sum(e[0] == "done" for e in events) == WRITERS, timeout=30)
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.kill()
    return events


def _collect(results: Any, events: list[tuple[Any, ...]], until: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not until() and time.monotonic() < deadline:
        try:
            events.append(results.get(timeout=0.1))
        except queue.Empty:
            continue
