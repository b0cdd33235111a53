"""Point-in-time recovery drill, through the commands an administrator types.

Archive, write, note the time, write more; recover a copy to the noted time:
it holds exactly the work orders and the audit chain head there were then,
and its audit chain verifies.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from app.cli import main
from app.db.engine import open_database
from app.services.access.dto import AuditChainHead
from app.services.container import Services
from tests.integration.db.pg_cluster import Cluster, cluster_set, free_port, server_tools_missing
from tests.integration.db.replica_support import Shop, make_shop, work_order_numbers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(bool(server_tools_missing()), reason=server_tools_missing() or "-"),
]


def _url(cluster_url: URL) -> str:
    return cluster_url.render_as_string(hide_password=False)


def _open_orders(url: URL, shop: Shop, count: int) -> None:
    db = open_database(url)
    try:
        services = Services.build(db)
        for _ in range(count):
            services.work_orders.create(shop.actor, shop.vehicle_id)
    finally:
        db.dispose()


def _head(url: URL, shop: Shop) -> AuditChainHead:
    db = open_database(url)
    try:
        return Services.build(db).audit.head(shop.actor)
    finally:
        db.dispose()


def _archive_current_segment(primary: Cluster, archive: Path) -> None:
    """Close the WAL segment being written and wait until the archiver has copied it."""
    segment = primary.sql("SELECT pg_walfile_name(pg_current_wal_lsn())")
    primary.sql("SELECT pg_switch_wal()")
    deadline = time.monotonic() + 30
    while not (archive / str(segment)).exists():
        assert time.monotonic() < deadline, f"{segment} was not archived"
        time.sleep(0.1)


def test_a_copy_recovered_to_a_noted_time_is_the_server_as_it_was_then(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with cluster_set() as clusters:
        primary = clusters.primary()
        shop = make_shop(primary.url())
        archive = clusters.path("archive")

        assert main(["server", "setup", "--url", _url(primary.url()), "--wal-archive", str(archive)]) == 0
        assert "RESTART NEEDED" in capsys.readouterr().out
        primary.stop()
        primary.start()
        assert primary.sql("SHOW archive_mode") == "on"
        base = clusters.root / "base"
        assert main(["server", "base-backup", "--url", _url(primary.url()), str(base)]) == 0

        _open_orders(primary.url(), shop, 3)
        then_orders = work_order_numbers(primary.url())
        then_head = _head(primary.url(), shop)
        time.sleep(1.2)
        noted = datetime.now().strftime("%Y-%m-%d %H:%M:%S")  # this computer's clock, to the second
        time.sleep(1.2)
        _open_orders(primary.url(), shop, 4)
        assert len(work_order_numbers(primary.url())) == len(then_orders) + 4
        _archive_current_segment(primary, archive)

        port = free_port()
        target = clusters.root / "recovered"
        command = ["server", "restore-to", noted, "--base-backup", str(base), "--wal-archive", str(archive)]
        assert main([*command, "--target-dir", str(target), "--port", str(port)]) == 0
        assert f"running on port {port}" in capsys.readouterr().out

        copy = URL.create("postgresql+psycopg", "postgres", None, "127.0.0.1", port, "postgres")
        assert work_order_numbers(copy) == then_orders
        head = _head(copy, shop)
        assert (head.seq, head.hash) == (then_head.seq, then_head.hash)
        assert main(["--database", _url(copy), "audit", "verify"]) == 0
        assert "audit chain intact" in capsys.readouterr().out
        assert len(work_order_numbers(primary.url())) == len(then_orders) + 4  # the original is untouched
