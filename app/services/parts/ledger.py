"""The one way stock changes: lock the inventory rows, check the policy, write the movements.

Every service that moves stock (counter sale, allocation, receiving, counts,
transfers, returns) calls ``apply_stock`` inside its own transaction, so the
movement rows and the change of on hand commit together or not at all, and
``inventory.on_hand`` equals the sum of ``stock_movements.quantity``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from app.db.models_parts import Part
from app.db.types import now_utc
from app.domain.errors import NotFoundError
from app.domain.permissions import Actor
from app.domain.stock import InsufficientStockError, MovementKind, NegativeStock, StockSettings, check_take
from app.repositories.parts import PartsRepository
from app.repositories.stock_ledger import InventoryKey, StockLedgerRepository
from app.services.uow import UnitOfWork

STOCK_KEY = "stock"
STOCK_TABLES = ("inventory", "stock_movements")


@dataclass(frozen=True)
class Change:
    """One movement to write: ``quantity`` is signed thousandths (negative leaves stock)."""

    part_id: uuid.UUID
    quantity: int
    kind: MovementKind
    unit_cost: Decimal | None = None  # None: the part's current cost
    shop_id: uuid.UUID | None = None  # None: the actor's shop
    reason: str = ""
    warning: str = ""


@dataclass(frozen=True)
class Document:
    type: str
    id: uuid.UUID | None = None
    number: str = ""


@dataclass(frozen=True)
class Applied:
    """What one ``apply_stock`` did: on hand after, per part, and the warnings it recorded."""

    on_hand: dict[InventoryKey, int]
    warnings: tuple[str, ...]
    parts: dict[uuid.UUID, Part]


def parts_repo(uow: UnitOfWork) -> PartsRepository:
    return PartsRepository(uow.session)


def stock_settings(uow: UnitOfWork, shop_id: uuid.UUID) -> StockSettings:
    return StockSettings.from_json(uow.shops.setting(shop_id, STOCK_KEY))


def apply_stock(
    uow: UnitOfWork,
    actor: Actor,
    changes: list[Change],
    document: Document,
    settings: StockSettings | None = None,
    parts: dict[uuid.UUID, Part] | None = None,
) -> Applied:
    """Lock, check and write ``changes`` in this transaction.

    Lock order: the inventory rows, by part id (``StockLedgerRepository.lock_on_hand``); callers
    lock their document (work order, ticket counter) before calling, and the
    audit head is locked last by ``commit()``. A part that is not in the shop
    is NotFound; taking more than is on hand under the refuse policy raises
    ``InsufficientStockError`` naming what is available, and nothing is written.
    """
    repo = parts_repo(uow)
    settings = settings or stock_settings(uow, actor.shop_id)
    keyed = [(change.shop_id or actor.shop_id, change) for change in changes]
    if parts is None or any(c.part_id not in parts or parts[c.part_id].shop_id != s for s, c in keyed):
        parts = _parts(repo, keyed)  # callers that loaded the parts already pass them
    net: dict[InventoryKey, int] = defaultdict(int)
    for shop_id, change in keyed:
        net[(shop_id, change.part_id)] += change.quantity
    # rows are created only where stock arrives or may go negative; a refused take needs none
    grow = [k for k, q in net.items() if q > 0 or settings.negative_stock == NegativeStock.WARN]
    repo.ensure_inventory(grow)
    ledger = StockLedgerRepository(uow.session)
    locked = ledger.lock_on_hand(net)
    missing = set(net) - set(locked)
    if missing:
        key = sorted(missing, key=str)[0]
        take = -net[key]
        if take > 0 and settings.negative_stock == NegativeStock.REFUSE:
            raise InsufficientStockError(parts[key[1]].sku, 0, take) from None
        raise NotFoundError(f"Part {parts[key[1]].sku} has no stock record in this shop.") from None
    warnings: dict[InventoryKey, str] = {}
    for key, delta in net.items():
        if delta < 0:
            warning = check_take(parts[key[1]].sku, locked[key], -delta, settings.negative_stock)
            if warning:
                warnings[key] = warning
    recorded = [f"{parts[k[1]].sku}: {w}" for k, w in warnings.items()]
    recorded += [f"{parts[c.part_id].sku}: {c.warning}" for _s, c in keyed if c.warning]
    at = now_utc()
    running = dict(locked)
    movements = []
    for shop_id, change in keyed:
        key = (shop_id, change.part_id)
        running[key] += change.quantity
        policy_note = warnings.pop(key, "") if change.quantity < 0 else ""
        note = "; ".join(w for w in (change.warning, policy_note) if w)
        movements.append(
            _movement(actor, shop_id, change, parts[change.part_id], running[key], document, note, at)
        )
    after = {k: running[k] for k in net}
    ledger.move(after, at)
    ledger.append(movements)
    uow.session.flush()  # the caller's pending rows too, as before the ledger moved to Core
    uow.changed.update(STOCK_TABLES)
    return Applied(after, tuple(recorded), parts)


def _parts(repo: PartsRepository, keyed: list[tuple[uuid.UUID, Change]]) -> dict[uuid.UUID, Part]:
    by_shop: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for shop_id, change in keyed:
        by_shop[shop_id].add(change.part_id)
    found: dict[uuid.UUID, Part] = {}
    for shop_id, ids in by_shop.items():
        rows = repo.parts(shop_id, ids)
        if len(rows) != len(ids):
            raise NotFoundError("A part on this document is not in the shop's catalog (was it removed?).")
        found.update(rows)
    return found


def _movement(
    actor: Actor,
    shop_id: uuid.UUID,
    change: Change,
    part: Part,
    on_hand_after: int,
    document: Document,
    warning: str,
    at: datetime,
) -> dict[str, Any]:
    """One ``stock_movements`` row's columns."""
    return {
        "shop_id": shop_id,
        "part_id": change.part_id,
        "kind": change.kind.value,
        "quantity": change.quantity,
        "on_hand_after": on_hand_after,
        "unit_cost": part.cost if change.unit_cost is None else change.unit_cost,
        "document_type": document.type,
        "document_id": document.id,
        "document_number": document.number,
        "reason": change.reason[:200],
        "warning": warning[:300],
        "user_id": actor.user_id,
        "terminal_id": actor.terminal_id,
        "at": at,
    }
