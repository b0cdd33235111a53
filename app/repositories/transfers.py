"""Stock sent to another shop of the chain on a shared server: the one write into another shop.

On PostgreSQL the terminals' roles may not touch another shop's rows
(app/db/server_grants.py); ``baydesk_transfer_stock`` (migration 0009) does
the whole transfer under the schema owner's rights: it checks the part, the
person and the terminal belong to the caller's shop, locks both inventory
rows in part-id order, writes the pair of movements and an audit entry in
each shop's chain, and tells the receiving shop's terminals. SQLite holds one
shop per file and keeps the in-process path (app/services/parts/stock.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import text

from app.repositories.base import Repository


class TransferStatus(StrEnum):
    OK = "ok"
    NO_TARGET_PART = "no_target_part"  # the other shop has no part with this SKU
    SHORT = "short"  # not enough on hand and the shop refuses negative stock: nothing was written


@dataclass(frozen=True)
class TransferResult:
    status: TransferStatus
    transfer_id: uuid.UUID | None
    on_hand_after: int | None  # this shop's, thousandths
    available: int | None  # when SHORT
    warning: str
    to_shop_name: str | None


class TransferRepository(Repository):
    def transfer(
        self,
        part_id: uuid.UUID,
        to_shop_id: uuid.UUID,
        quantity: int,
        user_id: uuid.UUID,
        terminal_id: uuid.UUID | None,
    ) -> TransferResult:
        row = self.session.execute(
            text(
                "SELECT status, transfer_id, on_hand_after, available, warning, to_shop_name "
                "FROM baydesk_transfer_stock(:part, :to_shop, :quantity, :user_id, :terminal)"
            ),
            {
                "part": part_id,
                "to_shop": to_shop_id,
                "quantity": quantity,
                "user_id": user_id,
                "terminal": terminal_id,
            },
        ).one()
        return TransferResult(
            TransferStatus(row.status),
            row.transfer_id,
            row.on_hand_after,
            row.available,
            row.warning or "",
            row.to_shop_name,
        )
