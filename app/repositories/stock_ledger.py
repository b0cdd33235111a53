"""The stock ledger's writes: inventory rows locked, on hand moved, movements appended.

Core statements built once and run on the unit of work's connection: every
stock change of every screen passes here, and the ORM's per-object
bookkeeping cost more than the statements themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, tuple_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.db.models_parts import Inventory, StockMovement
from app.repositories.base import Repository

InventoryKey = tuple[uuid.UUID, uuid.UUID]  # (shop_id, part_id)

_INV = cast(Table, Inventory.__table__)
_MOVES = cast(Table, StockMovement.__table__)
# In part-id order, then shop: two terminals with multi-line tickets queue instead of deadlocking.
# On SQLite the write transaction already holds the database (BEGIN IMMEDIATE) and the dialect
# drops FOR UPDATE.
_LOCK = (
    select(_INV.c.shop_id, _INV.c.part_id, _INV.c.on_hand)
    .where(tuple_(_INV.c.shop_id, _INV.c.part_id).in_(bindparam("keys", expanding=True)))
    .order_by(_INV.c.part_id, _INV.c.shop_id)
    .with_for_update()
)
_LOCK_ONE = (
    select(_INV.c.shop_id, _INV.c.part_id, _INV.c.on_hand)
    .where(_INV.c.shop_id == bindparam("key_shop"), _INV.c.part_id == bindparam("key_part"))
    .with_for_update()
)
_MOVE = (
    update(_INV)
    .where(_INV.c.shop_id == bindparam("key_shop"), _INV.c.part_id == bindparam("key_part"))
    .values(on_hand=bindparam("new_on_hand"), updated_at=bindparam("at"))
)
_APPEND = insert(_MOVES)


def key_order(key: InventoryKey) -> tuple[str, str]:
    return (str(key[1]), str(key[0]))


class StockLedgerRepository(Repository):
    def lock_on_hand(self, keys: Iterable[InventoryKey]) -> dict[InventoryKey, int]:
        """``SELECT ... FOR UPDATE`` the inventory rows of ``keys`` that exist, in part-id order:
        their on hand as read under the lock (a part never stocked here has no row)."""
        wanted = sorted(set(keys), key=key_order)
        if not wanted:
            return {}
        conn = self.session.connection()
        if len(wanted) == 1:
            shop_id, part_id = wanted[0]
            rows = conn.execute(_LOCK_ONE, {"key_shop": shop_id, "key_part": part_id})
        else:
            rows = conn.execute(_LOCK, {"keys": wanted})
        return {(shop_id, part_id): int(on_hand) for shop_id, part_id, on_hand in rows}

    def move(self, on_hand: dict[InventoryKey, int], at: datetime) -> None:
        """Set the locked rows' on hand; an inventory object this session loaded is told too."""
        if not on_hand:
            return
        conn = self.session.connection()
        conn.execute(
            _MOVE,
            [{"key_shop": s, "key_part": p, "new_on_hand": q, "at": at} for (s, p), q in on_hand.items()],
        )
        _refresh_loaded(self.session, on_hand, at)

    def append(self, movements: list[dict[str, Any]]) -> None:
        """Write ``stock_movements`` rows (the columns, ``id`` made here)."""
        if not movements:
            return
        self.session.connection().execute(_APPEND, [{"id": uuid.uuid4(), **m} for m in movements])


def _refresh_loaded(session: Session, on_hand: dict[InventoryKey, int], at: datetime) -> None:
    """An ``Inventory`` the session holds (locked by the caller, a core count) shows the new figure."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Inventory) and (obj.shop_id, obj.part_id) in on_hand:
            set_committed_value(obj, "on_hand", on_hand[(obj.shop_id, obj.part_id)])
            set_committed_value(obj, "updated_at", at)
