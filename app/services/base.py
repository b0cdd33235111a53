"""What every service shares: its database and the change broadcast."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.db.engine import Database
from app.services.uow import UnitOfWork, run_read, run_write

T = TypeVar("T")
ChangeListener = Callable[[frozenset[str]], None]


class ChangeHub:
    """After every committed action, one change-set (the tables touched) goes out.

    Listeners are called on the thread that committed; the Qt client forwards
    them to the GUI thread with a queued signal.
    """

    def __init__(self) -> None:
        self._listeners: list[ChangeListener] = []

    def subscribe(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def publish(self, changed: frozenset[str]) -> None:
        for listener in list(self._listeners):
            listener(changed)


class Service:
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
