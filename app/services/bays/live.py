"""Other terminals' commits into this process's change hub (the UI's handle on app/db/live.py)."""

from __future__ import annotations

import uuid

from app.db.engine import Database
from app.db.live import ANY_TABLE, LiveFeed, StatusCallback, live_feed
from app.services.base import ChangeHub

__all__ = ["ANY_TABLE", "LiveFeed", "watch_changes"]


def watch_changes(
    db: Database, hub: ChangeHub, on_status: StatusCallback, shop_id: uuid.UUID | None = None
) -> LiveFeed | None:
    """Start feeding remote change-sets into ``hub``; None for an in-memory database."""
    if db.is_sqlite and db.sqlite_path is None:
        return None
    feed = live_feed(db, hub.publish, on_status, shop_id)
    feed.start()
    return feed
