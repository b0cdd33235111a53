"""The append-only audit log and its chain head."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from sqlalchemy import select

from app.db.models import AuditEntry, AuditHead
from app.domain.audit_chain import GENESIS_HASH
from app.repositories.base import Repository


class AuditRepository(Repository):
    def create_head(self, shop_id: uuid.UUID) -> None:
        self.session.add(AuditHead(shop_id=shop_id, seq=0, hash=GENESIS_HASH))
        self.session.flush()

    def lock_head(self, shop_id: uuid.UUID) -> AuditHead:
        """The chain head, locked until commit: entries from every terminal queue here.

        It is taken last in every transaction (after the business rows), so
        lock order is always business rows, then counters, then this row.
        """
        head = self.session.scalar(select(AuditHead).where(AuditHead.shop_id == shop_id).with_for_update())
        if head is None:
            raise LookupError("this shop has no audit chain head")
        return head

    def head(self, shop_id: uuid.UUID) -> AuditHead | None:
        return self.session.get(AuditHead, shop_id)

    def add(self, entry: AuditEntry) -> None:
        self.session.add(entry)

    def entries(self, shop_id: uuid.UUID, batch: int = 2000) -> Iterator[AuditEntry]:
        stmt = (
            select(AuditEntry)
            .where(AuditEntry.shop_id == shop_id)
            .order_by(AuditEntry.seq)
            .execution_options(yield_per=batch)
        )
        yield from self.session.scalars(stmt)

    def for_record(self, record_id: str, limit: int = 100) -> list[AuditEntry]:
        stmt = (
            select(AuditEntry)
            .where(AuditEntry.record_id == record_id)
            .order_by(AuditEntry.seq.desc())
            .limit(limit)
        )
        return list(self.session.scalars(stmt))
