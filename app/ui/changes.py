"""Committed change-sets, delivered on the GUI thread.

The services' ``ChangeHub`` calls its listeners on whatever thread committed
(often a worker of the task runner). Widgets may only be touched on the GUI
thread, so this bridge re-emits each change-set through a queued signal and
every open view decides for itself whether the tables named concern it.

``watch()`` adds what other terminals commit (app/db/live.py: PostgreSQL
LISTEN/NOTIFY, SQLite data_version polling) to the same hub, and reports a
lost or restored connection through ``live_status_changed``. A change-set
holding ``ANY_TABLE`` means "something changed, tables unknown".
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, Qt, Signal

from app.services.base import ChangeHub
from app.services.bays.live import ANY_TABLE, LiveFeed, watch_changes
from app.services.container import Services

__all__ = ["ANY_TABLE", "ChangeBridge", "concerns"]

FEED_JOIN_TIMEOUT_S = 5.0  # a poll is 250 ms; a LISTEN wait is as long


def concerns(changed: frozenset[str], watched: frozenset[str]) -> bool:
    """Does this change-set matter to a view that shows ``watched`` tables?"""
    return bool(changed & watched) or ANY_TABLE in changed


class ChangeBridge(QObject):
    """One window's ear on the hub; ``close()`` (the window closing) stops the feed and lets go of the hub.

    Every screen of a window connects to its bridge, so a closed window's
    screens hear nothing more once the bridge is closed, and go with it.
    """

    records_changed = Signal(object)  # frozenset[str] of table names
    live_status_changed = Signal(bool, str)  # connected, what to tell the person
    _arrived = Signal(object)
    _status = Signal(bool, str)

    def __init__(self, hub: ChangeHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        self._feed: LiveFeed | None = None
        self.live_connected = True
        self.closed = False
        # Queued even when the commit happened on the GUI thread, so a view
        # never refreshes in the middle of the handler that caused the change.
        self._arrived.connect(self.records_changed.emit, Qt.ConnectionType.QueuedConnection)
        self._status.connect(self._status_arrived, Qt.ConnectionType.QueuedConnection)
        hub.subscribe(self._publish)

    def watch(self, services: Services, shop_id: uuid.UUID | None = None) -> None:
        """Hear other terminals' commits too (one feed per bridge; a second call is ignored)."""
        if self._feed is None and not self.closed:
            self._feed = watch_changes(services.db, self._hub, self._status.emit, shop_id)

    def stop_watching(self) -> None:
        """Stop hearing other terminals; returns once the feed's thread and its connection are gone."""
        if self._feed is not None:
            feed, self._feed = self._feed, None
            feed.stop()
            feed.join(FEED_JOIN_TIMEOUT_S)

    def close(self) -> None:
        """The window is closing: no feed, and no more change-sets from the hub."""
        self.stop_watching()
        self._hub.unsubscribe(self._publish)
        self.closed = True

    def _publish(self, changed: frozenset[str]) -> None:
        self._arrived.emit(frozenset(changed))

    def _status_arrived(self, connected: bool, message: str) -> None:
        self.live_connected = connected
        self.live_status_changed.emit(connected, message)
