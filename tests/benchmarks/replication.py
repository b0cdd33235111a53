"""Replication figures for README "Growing past one server".

    .venv/bin/python -m tests.benchmarks.replication [--posts N]

On two throw-away clusters on this machine (a primary and its streaming
standby, tests/integration/db/pg_cluster.py; run as root they run as the
postgres user): the time per invoice posting with asynchronous replication
(the default) and with ``synchronous_commit = remote_apply``; then the
failover time: the primary stopped, the standby promoted, and how long until a
terminal on the multi-host URL has posted again. Unlike the test clusters,
these keep fsync on (a posting's cost is mostly its flushes).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import time
import uuid

from app.db.engine import open_database
from app.db.pg_tools import pg_bin
from app.domain.errors import DatabaseUnavailableError
from app.domain.permissions import Role
from app.services.container import Services
from tests.integration.db.pg_cluster import Cluster, cluster_set
from tests.integration.db.replica_support import PASSWORD, Shop, make_shop, multi_host
from tests.integration.invoicing_helpers import completed_order


def _orders(services: Services, shop: Shop, count: int) -> list[uuid.UUID]:
    name = f"tech{uuid.uuid4().hex[:6]}"
    technician = services.setup.add_user(shop.actor, name, "Tess Tech", Role.TECHNICIAN, PASSWORD)
    return [completed_order(services, shop.actor, shop.vehicle_id, technician).id for _ in range(count)]


def _post_ms(kinds: dict[str, Services], shop: Shop, orders: list[uuid.UUID]) -> dict[str, float]:
    """Median ms per posting for each kind of terminal, postings interleaved (the machine's noise is shared)."""
    times: dict[str, list[float]] = {name: [] for name in kinds}
    names = list(kinds)
    for index, order in enumerate(orders):
        name = names[index % len(names)]
        started = time.perf_counter()
        kinds[name].invoicing.post_from_work_order(shop.actor, order)
        times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def _commit_ms(primary: Cluster, mode: str) -> float:
    """Average latency of a one-row INSERT and its commit (pgbench, one client, 5 s): the wait alone."""
    primary.sql("CREATE TABLE IF NOT EXISTS bench_commit (n int)")
    script = primary.data.parent / "commit.sql"
    script.write_text("INSERT INTO bench_commit VALUES (1);\n", encoding="utf-8")
    env = {**os.environ, "PGOPTIONS": f"-c synchronous_commit={mode}"}
    args = [pg_bin("pgbench"), "-n", "-c", "1", "-T", "5", "-f", str(script), "-h", "127.0.0.1"]
    proc = subprocess.run(
        [*args, "-p", str(primary.port), "-U", "postgres", "postgres"],
        capture_output=True,
        text=True,
        env=env,
    )
    found = re.search(r"latency average = ([0-9.]+) ms", proc.stdout)
    if not found:
        raise RuntimeError(proc.stderr or proc.stdout)
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=40)
    posts = parser.parse_args().posts
    with cluster_set() as clusters:
        durable = {"fsync": "on", "full_page_writes": "on"}
        primary = clusters.primary(**durable)
        shop = make_shop(primary.url())
        standby = clusters.standby_of(primary, synchronous_standby_names="''")
        url = multi_host(primary.port, standby.port)
        primary.sql("ALTER SYSTEM SET synchronous_standby_names = '*'")
        primary.sql("SELECT pg_reload_conf()")
        time.sleep(0.5)
        kinds = {
            mode: Services.build(open_database(f"{url}&options=-c%20synchronous_commit%3D{mode}"))
            for mode in ("local", "remote_apply")
        }
        services = kinds["local"]
        orders = _orders(services, shop, 2 * posts + 2)
        for warm in kinds.values():
            warm.invoicing.post_from_work_order(shop.actor, orders.pop())
        ms = _post_ms(kinds, shop, orders[: 2 * posts])
        extra = ms["remote_apply"] - ms["local"]
        print(
            f"invoice posting, median of {posts} each, interleaved: asynchronous {ms['local']:.1f} ms, "
            f"remote_apply {ms['remote_apply']:.1f} ms (+{extra:.1f} ms)"
        )
        for mode in ("local", "remote_apply"):
            print(f"one-row commit, synchronous_commit={mode}: {_commit_ms(primary, mode):.2f} ms (pgbench)")
        primary.sql("ALTER SYSTEM RESET synchronous_standby_names")
        primary.sql("SELECT pg_reload_conf()")

        spare = _orders(services, shop, 1)[0]
        primary.stop("fast")
        stopped = time.monotonic()
        standby.promote()
        promoted = time.monotonic()
        while True:
            try:
                services.work_orders.create(shop.actor, shop.vehicle_id)
                break
            except DatabaseUnavailableError:
                time.sleep(0.05)
        back = time.monotonic()
        services.invoicing.post_from_work_order(shop.actor, spare)
        print(
            f"failover: primary stopped, promotion took {promoted - stopped:.2f} s; "
            f"the terminal wrote again {back - promoted:.2f} s after the promotion "
            f"({back - stopped:.2f} s after the stop)"
        )
        for terminal in kinds.values():
            terminal.db.dispose()


if __name__ == "__main__":
    main()
