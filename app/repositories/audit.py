"""The append-only audit log and its chain head."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update

from app.db.models import AuditEntry, AuditHead
from app.domain.audit_chain import GENESIS_HASH
from app.domain.errors import AuditChainBrokenError
from app.repositories.base import Repository

# The append every audited write makes, built once (Core on the unit of work's connection: the
# ORM's per-object bookkeeping cost more than the statements themselves).
_LOG = cast(Table, AuditEntry.__table__)
_HEADS = cast(Table, AuditHead.__table__)
_HEAD_LOCKED = (
    select(_HEADS.c.seq, _HEADS.c.hash).where(_HEADS.c.shop_id == bindparam("shop_id")).with_for_update()
)
_LAST_ENTRY = (
    select(_LOG.c.seq, _LOG.c.hash)
    .where(_LOG.c.shop_id == bindparam("shop_id"))
    .order_by(_LOG.c.seq.desc())
    .limit(1)
)
# SQLite: BEGIN IMMEDIATE already holds the database, so the head and the newest entry come in
# one statement. PostgreSQL reads the entry in a statement of its own, after the lock is granted:
# at READ COMMITTED a statement that waited for the lock still sees the snapshot it started
# with, which lacks the entry the transaction it waited for wrote.
_NEWEST = (
    select(_LOG.c.seq, _LOG.c.hash)
    .where(_LOG.c.shop_id == _HEADS.c.shop_id)
    .order_by(_LOG.c.seq.desc())
    .limit(1)
)
_HEAD_AND_NEWEST = select(
    _HEADS.c.seq,
    _HEADS.c.hash,
    _NEWEST.with_only_columns(_LOG.c.seq).scalar_subquery(),
    _NEWEST.with_only_columns(_LOG.c.hash).scalar_subquery(),
).where(_HEADS.c.shop_id == bindparam("shop_id"))
_APPEND = insert(_LOG)
_MOVE_HEAD = (
    update(_HEADS)
    .where(_HEADS.c.shop_id == bindparam("head_shop"))
    .values(seq=bindparam("head_seq"), hash=bindparam("head_hash"))
)


class AuditRepository(Repository):
    def create_head(self, shop_id: uuid.UUID) -> None:
        self.session.add(AuditHead(shop_id=shop_id, seq=0, hash=GENESIS_HASH))
        self.session.flush()

    def lock_head(self, shop_id: uuid.UUID) -> AuditHead:
        """The chain head, locked until commit: entries from every terminal queue here.

        It is taken last in every transaction (after the business rows), so
        lock order is always business rows, then counters, then this row.
        """
        head = self.find_locked_head(shop_id)
        if head is None:
            raise AuditChainBrokenError(
                "This shop's audit chain head is missing, so nothing can be saved. "
                "Run 'baydesk audit verify' and restore the latest backup."
            )
        return head

    def find_locked_head(self, shop_id: uuid.UUID) -> AuditHead | None:
        """The chain head locked until commit, or None when it is missing."""
        return self.session.scalar(select(AuditHead).where(AuditHead.shop_id == shop_id).with_for_update())

    def locked_head_link(self, shop_id: uuid.UUID) -> tuple[int, str] | None:
        """The chain head's (seq, hash), locked until commit (None: the head is missing)."""
        row = self.session.connection().execute(_HEAD_LOCKED, {"shop_id": shop_id}).first()
        return (int(row[0]), str(row[1])) if row is not None else None

    def last_entry(self, shop_id: uuid.UUID) -> tuple[int, str] | None:
        """The newest entry's (seq, hash): one index probe."""
        row = self.session.connection().execute(_LAST_ENTRY, {"shop_id": shop_id}).first()
        return (int(row[0]), str(row[1])) if row is not None else None

    def locked_head_and_last(
        self, shop_id: uuid.UUID
    ) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
        """The chain head's (seq, hash), locked until commit, and the newest entry's (None: missing);
        the newest entry is not read when the head is missing."""
        conn = self.session.connection()
        if conn.dialect.name != "sqlite":
            head = self.locked_head_link(shop_id)
            return head, (self.last_entry(shop_id) if head is not None else None)
        row = conn.execute(_HEAD_AND_NEWEST, {"shop_id": shop_id}).first()
        if row is None:
            return None, None
        last = (int(row[2]), str(row[3])) if row[2] is not None else None
        return (int(row[0]), str(row[1])), last

    def append(self, shop_id: uuid.UUID, entries: list[dict[str, Any]], seq: int, digest: str) -> None:
        """Write chained entries (``audit_log`` columns, ``id`` made here), then move the head onto
        the last: the database lets the head move only forward onto an entry that is there."""
        conn = self.session.connection()
        conn.execute(_APPEND, [{"id": uuid.uuid4(), **entry} for entry in entries])
        conn.execute(_MOVE_HEAD, {"head_shop": shop_id, "head_seq": seq, "head_hash": digest})

    def head(self, shop_id: uuid.UUID) -> AuditHead | None:
        return self.session.get(AuditHead, shop_id)

    def add(self, entry: AuditEntry) -> None:
        self.session.add(entry)

    def entries(self, shop_id: uuid.UUID, batch: int = 2000, after_seq: int = 0) -> Iterator[AuditEntry]:
        stmt = (
            select(AuditEntry)
            .where(AuditEntry.shop_id == shop_id, AuditEntry.seq > after_seq)
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

    def last_actions(
        self, shop_id: uuid.UUID, table: str, action: str, record_id: str | None = None
    ) -> dict[str, datetime]:
        """When ``action`` last happened to each record of ``table`` (e.g. each person's last sign-in)."""
        stmt = (
            select(AuditEntry.record_id, func.max(AuditEntry.at))
            .where(AuditEntry.shop_id == shop_id, AuditEntry.table_name == table, AuditEntry.action == action)
            .group_by(AuditEntry.record_id)
        )
        if record_id is not None:
            stmt = stmt.where(AuditEntry.record_id == record_id)
        return {rid: at for rid, at in self.session.execute(stmt)}

    def page(
        self,
        shop_id: uuid.UUID,
        *,
        user_id: uuid.UUID | None = None,
        table: str = "",
        record_id: str = "",
        action: str = "",
        at_from: datetime | None = None,
        at_before: datetime | None = None,
        before_seq: int | None = None,
        limit: int = 200,
    ) -> list[AuditEntry]:
        """Newest first, ``limit`` entries older than ``before_seq`` (keyset paging: no OFFSET)."""
        stmt = select(AuditEntry).where(AuditEntry.shop_id == shop_id)
        if user_id is not None:
            stmt = stmt.where(AuditEntry.user_id == user_id)
        if table:
            stmt = stmt.where(AuditEntry.table_name == table)
        if record_id:
            stmt = stmt.where(AuditEntry.record_id == record_id)
        if action:
            stmt = stmt.where(AuditEntry.action == action)
        if at_from is not None:
            stmt = stmt.where(AuditEntry.at >= at_from)
        if at_before is not None:
            stmt = stmt.where(AuditEntry.at < at_before)
        if before_seq is not None:
            stmt = stmt.where(AuditEntry.seq < before_seq)
        return list(self.session.scalars(stmt.order_by(AuditEntry.seq.desc()).limit(limit)))

    def by_seq(self, shop_id: uuid.UUID, seq: int) -> AuditEntry | None:
        return self.session.scalar(
            select(AuditEntry).where(AuditEntry.shop_id == shop_id, AuditEntry.seq == seq)
        )

    def last_entry_at(self, shop_id: uuid.UUID, seq: int) -> datetime | None:
        return self.session.scalar(
            select(AuditEntry.at).where(AuditEntry.shop_id == shop_id, AuditEntry.seq == seq)
        )

    def distinct_values(self, shop_id: uuid.UUID) -> tuple[list[str], list[str], set[uuid.UUID]]:
        """The kinds of record, the actions and the people that occur in the log (filter choices)."""
        where = AuditEntry.shop_id == shop_id
        tables = self.session.scalars(select(AuditEntry.table_name).where(where).distinct())
        actions = self.session.scalars(select(AuditEntry.action).where(where).distinct())
        users = self.session.scalars(
            select(AuditEntry.user_id).where(where, AuditEntry.user_id.is_not(None)).distinct()
        )
        return sorted(tables), sorted(actions), {u for u in users if u is not None}
