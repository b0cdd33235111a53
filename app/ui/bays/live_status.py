"""The status bar's word on live updates: silent while they flow, loud when they are lost."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QLabel, QStatusBar

from app.services.container import Services
from app.ui.changes import ChangeBridge
from app.ui.widgets import set_level


class LiveStatus:
    """Shows "Live updates lost; reconnecting…" until the feed is back; starts the feed."""

    def __init__(
        self, bar: QStatusBar, changes: ChangeBridge, services: Services, shop_id: uuid.UUID
    ) -> None:
        self.changes = changes
        self.services = services
        self.shop_id = shop_id
        self.label = QLabel()
        self.label.setObjectName("status_live")
        self.label.setToolTip("Changes made on other terminals appear here by themselves while this is quiet")
        set_level(self.label, "")
        bar.addPermanentWidget(self.label)
        changes.live_status_changed.connect(self._changed)

    def start(self) -> None:
        """Hear other terminals' commits from now on (the window's start, not a screenshot)."""
        self.changes.watch(self.services, self.shop_id)

    def stop(self) -> None:
        self.changes.stop_watching()

    def _changed(self, connected: bool, message: str) -> None:
        set_level(
            self.label, "ok" if connected else "error", "Live updates restored" if connected else message
        )
