"""Committed change-sets, delivered on the GUI thread.

The services' ``ChangeHub`` calls its listeners on whatever thread committed
(often a worker of the task runner). Widgets may only be touched on the GUI
thread, so this bridge re-emits each change-set through a queued signal and
every open view decides for itself whether the tables named concern it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from app.services.base import ChangeHub


class ChangeBridge(QObject):
    """Owns no widgets; lives as long as the hub holds its listener."""

    records_changed = Signal(object)  # frozenset[str] of table names
    _arrived = Signal(object)

    def __init__(self, hub: ChangeHub) -> None:
        super().__init__()
        # Queued even when the commit happened on the GUI thread, so a view
        # never refreshes in the middle of the handler that caused the change.
        self._arrived.connect(self.records_changed.emit, Qt.ConnectionType.QueuedConnection)
        hub.subscribe(self._publish)

    def _publish(self, changed: frozenset[str]) -> None:
        self._arrived.emit(frozenset(changed))
