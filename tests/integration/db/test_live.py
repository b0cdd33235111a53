"""Live updates between two processes on one database (PostgreSQL LISTEN/NOTIFY, SQLite data_version)."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import statistics
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import migrate
from app.db.engine import Database, open_database, sqlite_url
from app.db.live import ANY_TABLE, LISTENER_NAME, live_feed, parse_payload, payload
from app.domain.permissions import Actor
from app.services.bays.board import BayInput
from app.services.container import Services
from tests.integration.bay_support import add_bays, approved_order, live_assigner

CARS = 4
WAIT_S = 15.0


class BoardWatcher:
    """What the wall board does: on each change-set that concerns it, read the board again."""

    def __init__(self, services: Services, actor: Actor) -> None:
        self.services = services
        self.actor = actor
        self.changes: list[frozenset[str]] = []
        self.seen: dict[uuid.UUID, float] = {}
        self.arrived = threading.Condition()

    def changed(self, tables: frozenset[str]) -> None:
        self.changes.append(tables)
        if not tables & {"bay_assignments", ANY_TABLE}:
            return
        board = self.services.bays.board(self.actor)
        now = time.time()
        with self.arrived:
            for cards in board.in_bays.values():
                for card in cards:
                    self.seen.setdefault(card.work_order_id, now)
            self.arrived.notify_all()

    def wait_for(self, work_order_id: uuid.UUID) -> float | None:
        with self.arrived:
            self.arrived.wait_for(lambda: work_order_id in self.seen, timeout=WAIT_S)
            return self.seen.get(work_order_id)


def test_a_car_assigned_in_one_process_appears_on_the_other_processs_board(
    services: Services, owner: Actor, desk: Actor, db: Database
) -> None:
    (bay,) = add_bays(services, owner, 1)
    orders = [approved_order(services, desk, f"{i}LIVE{i}") for i in range(CARS)]
    # the wall board is its own terminal: its own engine on the same database
    board_db = open_database(db.url, terminal_name="Wall board")
    watcher = BoardWatcher(Services.build(board_db), desk)
    feed = live_feed(board_db, watcher.changed, shop_id=desk.shop_id)
    feed.start()
    time.sleep(0.5)  # listening before the first commit
    ctx = multiprocessing.get_context("spawn")
    ready, results = ctx.Queue(), ctx.Queue()
    url = db.url.render_as_string(hide_password=False)
    child = ctx.Process(
        target=live_assigner, args=(url, desk, [o.id for o in orders], bay.id, ready, results)
    )
    child.start()
    delays = []
    try:
        for order in orders:
            ready.put(True)
            status, value = results.get(timeout=60)
            assert status == "assigned", value
            seen = watcher.wait_for(order.id)
            assert seen is not None, f"work order {order.number} never reached the other board"
            delays.append(max(0.0, seen - value))
    finally:
        ready.put(False)
        child.join(timeout=20)
        if child.is_alive():
            child.terminate()
        feed.stop()
        board_db.dispose()
    assert child.exitcode == 0
    assert any("bay_assignments" in c for c in watcher.changes)  # the tables were named, not guessed
    print(
        f"\n{db.url.get_backend_name()}: commit -> other board, median {statistics.median(delays) * 1000:.0f} ms, "
        f"max {max(delays) * 1000:.0f} ms over {len(delays)} cars"
    )


def test_a_process_does_not_hear_its_own_notifications(
    services: Services, owner: Actor, db: Database
) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite polling cannot tell whose commit it was; local duplicates are harmless")
    heard: list[frozenset[str]] = []
    feed = live_feed(db, heard.append)
    feed.start()
    time.sleep(0.5)
    services.bays.save_bay(owner, BayInput("Bay 1"))  # this process: announced in-process already
    other = open_database(db.url)
    Services.build(other).bays.save_bay(owner, BayInput("Bay 2"))  # another terminal
    time.sleep(1.0)
    feed.stop()
    other.dispose()
    assert heard == [frozenset({"service_bays", "bay_status_logs"})]


def test_a_rolled_back_transaction_notifies_nobody(services: Services, owner: Actor, db: Database) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite sends no notifications")
    heard: list[frozenset[str]] = []
    other = open_database(db.url)
    feed = live_feed(other, heard.append)
    feed.start()
    time.sleep(0.5)
    notify = "SELECT pg_notify(live_channel, :p) FROM shops"  # the shop's own channel
    with db.engine.begin() as conn:
        conn.execute(text(notify), {"p": payload("x", [owner.shop_id], ["customers"])})
    with db.engine.connect() as conn:
        conn.execute(text(notify), {"p": payload("x", [owner.shop_id], ["vehicles"])})
        conn.rollback()
    time.sleep(1.0)
    feed.stop()
    other.dispose()
    assert heard == [frozenset({"customers"})]


def test_payloads_name_the_tables_and_fall_back_to_unknown() -> None:
    shop = uuid.uuid4()
    origin, shops, tables = parse_payload(payload("abc", [shop], {"bay_assignments", "work_orders"}))
    assert (origin, shops, tables) == (
        "abc",
        frozenset({str(shop)}),
        frozenset({"bay_assignments", "work_orders"}),
    )
    assert parse_payload(payload("abc", [], [f"table_{i:05d}" for i in range(2000)]))[2] == {ANY_TABLE}
    assert parse_payload("not json")[2] == {ANY_TABLE}


def test_a_dropped_listener_says_so_reconnects_and_refreshes_everything(
    services: Services, owner: Actor, db: Database
) -> None:
    if db.is_sqlite:
        pytest.skip("a SQLite file has no connection to lose")
    heard: list[frozenset[str]] = []
    statuses: list[tuple[bool, str]] = []
    other = open_database(db.url)
    feed = live_feed(other, heard.append, lambda ok, message: statuses.append((ok, message)))
    feed.start()
    time.sleep(0.5)
    with db.engine.begin() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name AND datname = current_database()"
            ),
            {"name": LISTENER_NAME},
        ).scalar_one()
    assert killed == 1
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline and len(statuses) < 2:
        time.sleep(0.1)
    services.bays.save_bay(owner, BayInput("Bay 1"))
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline and not any("service_bays" in h for h in heard):
        time.sleep(0.1)
    feed.stop()
    other.dispose()
    assert [ok for ok, _ in statuses] == [False, True]
    assert "Live updates lost" in statuses[0][1]
    assert heard[0] == {ANY_TABLE}  # what was missed while away is unknown: refresh all
    assert any("service_bays" in h for h in heard[1:])


def test_a_sqlite_file_replaced_under_the_poller_is_reported_not_followed(tmp_path: Path) -> None:
    """A copy moved over the open file: the status bar says to restart; the poller does not open the new one."""
    path = tmp_path / "shop.sqlite3"
    db = open_database(sqlite_url(path))
    migrate.upgrade(db, backup=False)
    statuses: list[tuple[bool, str]] = []
    heard: list[frozenset[str]] = []
    feed = live_feed(db, heard.append, lambda ok, message: statuses.append((ok, message)))
    feed.start()
    try:
        time.sleep(0.6)  # connected and polling
        copy = tmp_path / "restored.sqlite3"
        source, target = sqlite3.connect(path), sqlite3.connect(copy)
        source.backup(target)
        source.close()
        target.close()
        os.replace(copy, path)  # what a manual restore by copying does
        deadline = time.monotonic() + WAIT_S
        while not statuses and time.monotonic() < deadline:
            time.sleep(0.05)
        assert statuses and statuses[0][0] is False
        assert "replaced by another program" in statuses[0][1] and "open it again" in statuses[0][1]
    finally:
        feed.stop()
        feed.join(5)
        db.dispose()
    assert not feed.is_alive()  # type: ignore[attr-defined]
