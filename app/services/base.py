"""What every service shares: its database and the change broadcast."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError

from app.db.engine import Database
from app.db.plain import Reads, plain_connection
from app.domain.errors import DatabaseUnavailableError
from app.repositories.base import plan_for_these_values
from app.services.text_gate import gate_public_methods
from app.services.uow import UnitOfWork, _one_line, _reraise, connection_lost, run_read, run_write

T = TypeVar("T")
log = logging.getLogger(__name__)
ChangeListener = Callable[[frozenset[str]], None]


class ChangeHub:
    """After every committed action, one change-set (the tables touched) goes out.

    Listeners are called on the thread that committed; the Qt client forwards
    them to the GUI thread with a queued signal. Once ``unsubscribe`` returns,
    the listener is not being called and will not be: a closed window's
    screens can go.
    """

    def __init__(self) -> None:
        self._listeners: list[ChangeListener] = []
        self._lock = threading.RLock()  # held while listeners run; re-entrant for a listener that subscribes

    def subscribe(self, listener: ChangeListener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def unsubscribe(self, listener: ChangeListener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def listener_count(self) -> int:
        return len(self._listeners)

    def publish(self, changed: frozenset[str]) -> None:
        with self._lock:
            for listener in list(self._listeners):
                listener(changed)


class Service:
    """A group of use cases; each public method's text arguments pass the one gate (app/services/text_gate.py)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        gate_public_methods(cls)

    def __init__(self, db: Database, changes: ChangeHub | None = None) -> None:
        self.db = db
        self.changes = changes or ChangeHub()

    def _write(self, work: Callable[[UnitOfWork], T]) -> T:
        changed: set[str] = set()

        def wrapped(uow: UnitOfWork) -> T:
            result = work(uow)
            changed.clear()
            changed.update(uow.changed)
            return result

        result = run_write(self.db, wrapped)
        if changed:
            self.changes.publish(frozenset(changed))
        return result

    def _read(self, work: Callable[[UnitOfWork], T]) -> T:
        return run_read(self.db, work)

    def _report(self, work: Callable[[UnitOfWork], T]) -> T:
        """A report's read: on the report server (a standby) while it is fit, else on the primary.

        Each statement is planned for its own period (``plan_for_these_values``).
        A standby that fails mid-read (down, or the query cancelled by replay) is
        set aside and the read runs again on the primary: a report never fails
        because the standby did.
        """

        def planned(uow: UnitOfWork) -> T:
            plan_for_these_values(uow.session)
            return work(uow)

        source = self.db.for_reports()
        if source is self.db:
            return run_read(self.db, planned)
        try:
            return run_read(source, planned)
        except DatabaseUnavailableError as exc:
            self.db.reports.failed(exc.message[:120])
            return run_read(self.db, planned)

    def _read_one(self, work: Callable[[UnitOfWork], T]) -> T:
        """A read of exactly one statement: one round trip on PostgreSQL (no BEGIN, no COMMIT)."""
        return run_read(self.db, work, one_statement=True)

    def _rows(self, work: Callable[[Reads], T]) -> T:
        """A read of statements built once in SQLAlchemy Core, run compiled on one pooled driver
        connection (app/db/plain.py); each ``fetch`` of them is one snapshot, ended by COMMIT.

        No session and no unit of work: the front desk's hot reads (a search as the person
        types, a scan) cost little more than their statements."""
        return run_rows(self.db, work)


def run_rows(db: Database, work: Callable[[Reads], T]) -> T:
    """``work`` on a pooled driver connection outside any transaction (each ``fetch`` of
    app/db/plain.py takes its own snapshot); once more on a new connection if the connection
    dropped (as ``run_read``)."""
    for attempt in (1, 2):
        try:
            with plain_connection(db.engine) as connection:
                return work(connection)
        except DBAPIError as exc:
            if attempt == 1 and connection_lost(exc) and not db.is_sqlite:
                log.warning("connection lost (%s); the read is run again", _one_line(exc))
                continue
            _reraise(exc)
    raise AssertionError("unreachable")  # pragma: no cover
