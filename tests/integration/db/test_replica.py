"""Reports from a streaming standby: read there while it keeps up, from the primary when it lags or is down.

One primary and its standby (``pg_basebackup -R``) on free ports, made for
this module and removed after it, also when a test fails.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from app.db.engine import attach_report_server, open_database
from app.services.container import Services
from tests.integration.db.pg_cluster import Cluster, cluster_set, server_tools_missing
from tests.integration.db.replica_support import Shop, make_shop

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(bool(server_tools_missing()), reason=server_tools_missing() or "-"),
]


@dataclass
class Pair:
    primary: Cluster
    standby: Cluster
    shop: Shop


@pytest.fixture(scope="module")
def pair() -> Iterator[Pair]:
    with cluster_set() as clusters:
        primary = clusters.primary()
        shop = make_shop(primary.url())
        standby = clusters.standby_of(primary)
        yield Pair(primary, standby, shop)


@pytest.fixture
def services(pair: Pair) -> Iterator[Services]:
    """A terminal on the primary whose reports may read from the standby (lag limit 1 s)."""
    if not pair.standby.running:
        pair.standby.start()
    pair.standby.sql("SELECT pg_wal_replay_resume()")
    pair.standby.wait_caught_up(pair.primary)
    db = open_database(pair.primary.url())
    attach_report_server(db, pair.standby.url(), max_lag_s=1.0)
    yield Services.build(db)
    db.dispose()


def _new_customer(services: Services, shop: Shop) -> None:
    from app.domain.customers import CustomerInput

    services.customers.create_customer(shop.actor, CustomerInput(first_name="Ana", last_name="Reyes"))


def _primary_head(pair: Pair) -> int:
    """The audit chain's length as the primary has it (what a report must show at the latest)."""
    db = open_database(pair.primary.url())
    try:
        return Services.build(db).audit.head(pair.shop.actor).seq
    finally:
        db.dispose()


def test_reports_read_from_the_standby_and_writes_go_to_the_primary(services: Services, pair: Pair) -> None:
    # A commit replayed since the standby started, so its lag is known (not "an unknown time")
    _new_customer(services, pair.shop)
    pair.standby.wait_caught_up(pair.primary)
    before = services.audit.head(pair.shop.actor).seq
    pair.standby.sql("SELECT pg_wal_replay_pause()")
    _new_customer(services, pair.shop)  # a write: on the primary, whatever the standby does

    # The standby has not replayed it yet but is within the limit: the audit viewer reads there.
    services.db.reports.recheck()
    assert services.report_source().on_replica
    assert "Reports from 127.0.0.1" in services.report_source().message
    assert services.audit.head(pair.shop.actor).seq == before
    assert _primary_head(pair) == before + 1  # the primary has it
    pair.standby.sql("SELECT pg_wal_replay_resume()")
    pair.standby.wait_caught_up(pair.primary)
    assert services.audit.head(pair.shop.actor).seq == before + 1


def test_a_quiet_server_is_no_lag(services: Services, pair: Pair) -> None:
    """Nothing written for longer than the limit: the standby is current, not behind."""
    time.sleep(1.5)
    services.db.reports.recheck()
    source = services.report_source()
    assert source.on_replica, source.message


def test_a_standby_behind_the_limit_is_passed_over_for_the_primary(services: Services, pair: Pair) -> None:
    pair.standby.sql("SELECT pg_wal_replay_pause()")
    _new_customer(services, pair.shop)
    time.sleep(1.5)  # the limit is 1 s: the standby's last replayed commit is older than that
    _new_customer(services, pair.shop)
    services.db.reports.recheck()

    source = services.report_source()
    assert not source.on_replica
    assert (
        "Reports from the main server: the report server is" in source.message and "behind" in source.message
    )
    assert services.audit.head(pair.shop.actor).seq == _primary_head(pair)
    assert services.day_close.figures(pair.shop.actor, services.day_close.today(pair.shop.actor))


def test_a_stopped_standby_is_passed_over_for_the_primary(services: Services, pair: Pair) -> None:
    _new_customer(services, pair.shop)
    pair.standby.wait_caught_up(pair.primary)
    pair.standby.stop()
    services.db.reports.recheck()

    started = time.monotonic()
    seq = services.audit.head(pair.shop.actor).seq  # read from the primary, no error
    assert time.monotonic() - started < 5
    source = services.report_source()
    assert not source.on_replica and "is down" in source.message
    assert seq == _primary_head(pair)
    pair.standby.start()


def test_a_standby_that_fails_mid_read_sends_the_read_to_the_primary(services: Services, pair: Pair) -> None:
    services.db.reports.recheck()
    assert services.report_source().on_replica
    pair.standby.stop()  # after the check said it was fit: the read itself fails there
    assert services.audit.head(pair.shop.actor).seq > 0
    assert not services.report_source().on_replica
    pair.standby.start()
