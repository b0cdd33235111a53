"""Changes committed by other terminals, as they happen (no Qt here).

PostgreSQL: every write transaction that touched records sends
``pg_notify(<the shop's channel>, payload)`` for each shop it wrote, before it
commits (the server delivers it only if and when the transaction commits).
Each shop has its own channel, a random name kept in ``shops.live_channel``:
PostgreSQL has no permissions on channels, so on a shared server a terminal
hears only the shops whose rows its role may read, and a payload names only
its own shop. A listener thread with a connection of its own ``LISTEN``s to
its shop's channel and hands each change-set to a callback;
when the connection drops it says so, retries with growing waits, and on
reconnecting reports an unknown change (``ANY_TABLE``), since it may have
missed some.

SQLite has no notifications: a poller reads ``PRAGMA data_version`` on its own
connection every 250 ms (it changes when another connection commits), then
the audit rows written since it last looked name the tables touched.

Each process's own commits are already announced in-process by the services,
so a listener skips notifications carrying its own engine's origin token.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import uuid
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.db.engine import Database

CHANNELS_SQL = (
    "SELECT live_channel FROM shops WHERE live_channel IS NOT NULL "
    "AND (%(shop)s::uuid IS NULL OR id = %(shop)s::uuid)"
)
ANY_TABLE = "*"  # "something changed; which tables is unknown": refresh what is shown
POLL_INTERVAL_S = 0.25
MAX_PAYLOAD = 7900  # PostgreSQL refuses NOTIFY payloads of 8000 bytes and more
BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 10.0
PING_EVERY_S = 5.0
LISTENER_NAME = "BayDesk live updates"

log = logging.getLogger("baydesk.live")
ChangeCallback = Callable[[frozenset[str]], None]
StatusCallback = Callable[[bool, str], None]  # (connected, what to tell the person)

_ORIGINS: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()
_ORIGINS_LOCK = threading.Lock()


def origin_of(engine: Engine) -> str:
    """A token naming this engine (one per open database per process)."""
    with _ORIGINS_LOCK:
        token = _ORIGINS.get(engine)
        if token is None:
            token = _ORIGINS[engine] = uuid.uuid4().hex[:12]
        return token


def payload(origin: str, shop_ids: Iterable[uuid.UUID], tables: Iterable[str]) -> str:
    names = sorted(tables)
    body = {"o": origin, "s": sorted(str(s) for s in shop_ids), "t": names}
    text_ = json.dumps(body, separators=(",", ":"))
    if len(text_.encode()) > MAX_PAYLOAD:
        body["t"] = [ANY_TABLE]
        text_ = json.dumps(body, separators=(",", ":"))
    return text_


def parse_payload(text_: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """(origin, shop ids, tables); a payload that is not ours reads as an unknown change."""
    try:
        body = json.loads(text_)
        return str(body["o"]), frozenset(body["s"]), frozenset(body["t"])
    except (ValueError, KeyError, TypeError):
        return "", frozenset(), frozenset({ANY_TABLE})


_NOTIFY = text(
    "SELECT pg_notify(live_channel, :payload) FROM shops WHERE id = :shop AND live_channel IS NOT NULL"
)  # built once: every write transaction on PostgreSQL runs it


def notify_changes(
    session: Session, db: Database, shop_ids: Iterable[uuid.UUID], tables: Iterable[str]
) -> None:
    """Queue the change notices inside the transaction that is about to commit (PostgreSQL only):
    one per shop written, on that shop's channel, naming that shop only."""
    if db.is_sqlite or not db.scope.walls:  # SQLite: polled; a schema older than the channels: nobody listens
        return
    origin, names = origin_of(db.engine), sorted(tables)
    for shop_id in sorted(set(shop_ids)):
        session.execute(_NOTIFY, {"shop": shop_id, "payload": payload(origin, [shop_id], names)})


class LiveFeed(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...

    def join(self, timeout: float | None = None) -> None: ...


def live_feed(
    db: Database,
    on_change: ChangeCallback,
    on_status: StatusCallback | None = None,
    shop_id: uuid.UUID | None = None,
) -> LiveFeed:
    """The feed for this database: LISTEN on PostgreSQL, data_version polling on SQLite."""
    status = on_status or (lambda _ok, _text: None)
    if db.is_sqlite:
        return SqlitePoller(db, on_change, status)
    return PgListener(db, on_change, status, shop_id)


class _Feed(threading.Thread):
    def __init__(self, name: str, on_change: ChangeCallback, on_status: StatusCallback) -> None:
        super().__init__(name=name, daemon=True)
        self._on_change = on_change
        self._on_status = on_status
        self._stopping = threading.Event()
        self._connected: bool | None = None

    def stop(self) -> None:
        self._stopping.set()

    def _publish(self, tables: frozenset[str]) -> None:
        try:
            self._on_change(tables)
        except Exception:  # a listener's bug must not end the feed
            log.exception("a change listener failed")

    def _set_status(self, connected: bool, message: str) -> None:
        if connected == self._connected:
            return
        was = self._connected
        self._connected = connected
        if connected and was is None:
            return  # the first connection is not news
        log.info("live updates: %s", message)
        self._on_status(connected, message)


class PgListener(_Feed):
    def __init__(
        self, db: Database, on_change: ChangeCallback, on_status: StatusCallback, shop_id: uuid.UUID | None
    ) -> None:
        super().__init__("baydesk-listen", on_change, on_status)
        # The dialect's own reading of the URL: a multi-host URL (failover) becomes libpq's host lists.
        _args, params = db.engine.dialect.create_connect_args(db.url)
        self._params = {k: v for k, v in params.items() if isinstance(v, str | int)}
        self._origin = origin_of(db.engine)
        self._shop = str(shop_id) if shop_id else None

    def run(self) -> None:
        backoff = BACKOFF_FIRST_S
        while not self._stopping.is_set():
            try:
                self._listen()
                backoff = BACKOFF_FIRST_S
            except Exception as exc:  # noqa: BLE001 - any failure means: reconnect
                if self._stopping.is_set():
                    break
                self._set_status(False, f"Live updates lost ({_one_line(exc)}); reconnecting…")
                self._stopping.wait(backoff)
                backoff = min(BACKOFF_MAX_S, backoff * 2)

    def _listen(self) -> None:
        import psycopg
        from psycopg.conninfo import make_conninfo

        conninfo = make_conninfo("", **self._params, connect_timeout=5, application_name=LISTENER_NAME)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            from psycopg import sql

            channels = [row[0] for row in conn.execute(CHANNELS_SQL, {"shop": self._shop})]
            for channel in channels:  # this shop's (or every shop this role reads, when none is given)
                conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
            reconnected = self._connected is False
            self._set_status(True, "Live updates restored")
            if reconnected:
                self._publish(frozenset({ANY_TABLE}))  # what happened meanwhile is unknown
            idle = 0.0
            while not self._stopping.is_set():
                got = False
                for note in conn.notifies(timeout=POLL_INTERVAL_S, stop_after=64):
                    got = True
                    self._handle(note.payload)
                idle = 0.0 if got else idle + POLL_INTERVAL_S
                if idle >= PING_EVERY_S:  # a dead server shows itself on the next statement
                    conn.execute("SELECT 1")
                    idle = 0.0

    def _handle(self, text_: str) -> None:
        origin, shops, tables = parse_payload(text_)
        if origin == self._origin:
            return
        if self._shop is not None and shops and self._shop not in shops:
            return
        self._publish(tables)


class SqlitePoller(_Feed):
    def __init__(self, db: Database, on_change: ChangeCallback, on_status: StatusCallback) -> None:
        super().__init__("baydesk-poll", on_change, on_status)
        path = db.sqlite_path
        if path is None:
            raise ValueError("an in-memory database has no other terminals to hear from")
        self._path = path

    def run(self) -> None:
        backoff = BACKOFF_FIRST_S
        while not self._stopping.is_set():
            try:
                self._poll()
            except sqlite3.Error as exc:
                if self._stopping.is_set():
                    break
                self._set_status(False, f"Live updates lost ({exc}); retrying…")
                self._stopping.wait(backoff)
                backoff = min(BACKOFF_MAX_S, backoff * 2)

    def _poll(self) -> None:
        opened = _identity(self._path)
        conn = sqlite3.connect(self._path, timeout=5, isolation_level=None)  # reads only
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            version = _scalar(conn, "PRAGMA data_version")
            last_row = _scalar(conn, "SELECT coalesce(max(rowid), 0) FROM audit_log")
            self._set_status(True, "Live updates restored")
            while not self._stopping.wait(POLL_INTERVAL_S):
                if _identity(self._path) != opened:
                    self._replaced()
                    return
                now = _scalar(conn, "PRAGMA data_version")
                if now == version:
                    continue
                version = now
                rows = conn.execute(
                    "SELECT rowid, table_name FROM audit_log WHERE rowid > ? ORDER BY rowid", (last_row,)
                ).fetchall()
                if rows:
                    last_row = rows[-1][0]
                self._publish(frozenset(r[1] for r in rows) or frozenset({ANY_TABLE}))
        finally:
            conn.close()

    def _replaced(self) -> None:
        """The path names another file now (copied or moved over ours): say so, and do not follow it.

        Opening the new file from this process, while this process's other
        connections still use the old one, would give the process a second
        shared-memory index under the same -shm name, which SQLite cannot
        tell apart from a first opener's: it truncates it, under the mappings
        of the old one. So the poller stops and the person is told to restart.
        """
        self._set_status(
            False,
            "The shop's database file was replaced by another program while BayDesk had it open; "
            "close BayDesk on this computer and open it again (what is saved now goes to the old file).",
        )
        self._stopping.wait()


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` names (device, inode); None when it names none."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def _scalar(conn: sqlite3.Connection, sql: str) -> Any:
    return conn.execute(sql).fetchone()[0]


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__
