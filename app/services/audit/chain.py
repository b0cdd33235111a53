"""Reading and verifying the audit chain: the command-line check and the owner's audit viewer."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.db.models import AuditEntry, AuditHead, Shop
from app.db.types import now_utc
from app.domain.audit_chain import GENESIS_HASH
from app.domain.errors import NotFoundError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.services.access.dto import (
    AuditChainHead,
    AuditChange,
    AuditDetail,
    AuditFilter,
    AuditFilterChoices,
    AuditPage,
    AuditRow,
)
from app.services.audit.checks import HeadMark, head_file, marks_from_file, verify_shop
from app.services.base import Service
from app.services.customers.dto import AuditChainReport
from app.services.uow import UnitOfWork

PAGE_SIZE = 200
MAX_PAGE = 1000


class AuditService(Service):
    def verify(self, against: str | None = None) -> list[AuditChainReport]:
        """Recompute every shop's chain and documents; name what was altered, removed or cut back.

        The command-line tool (``baydesk audit verify``): whoever runs it holds
        the database itself, so there is no signed-in person to check.
        ``against`` is the text of an exported head file, held against the chain too.
        """
        marks = marks_from_file(against) if against is not None else {}

        def work(uow: UnitOfWork) -> list[AuditChainReport]:
            return [verify_shop(uow, shop, _marks_of(marks, shop.id, shop.name)) for shop in uow.shops.all()]

        return self._read(work)

    def export_heads(self) -> str:
        """Every shop's chain head now, as a file to keep elsewhere (``baydesk audit export-head``)."""

        def work(uow: UnitOfWork) -> str:
            heads = []
            for shop in uow.shops.all():
                head = uow.audit.head(shop.id)
                if head is not None:
                    heads.append((shop, head.seq, head.hash))
            return head_file(heads, now_utc())

        return self._read(work)

    def verify_shop(self, actor: Actor) -> AuditChainReport:
        """The owner's "Verify chain": the actor's shop only (reads every entry; run it off the GUI thread)."""
        require(actor, Action.VIEW_AUDIT)

        def work(uow: UnitOfWork) -> AuditChainReport:
            shop = uow.shops.get(actor.shop_id)
            if shop is None:
                raise NotFoundError("This shop does not exist.")
            return _verify(uow, shop)

        return self._report(work)

    def head(self, actor: Actor) -> AuditChainHead:
        """The chain head now: entry count, newest hash and its time (the end-of-day report prints it)."""
        require(actor, Action.VIEW_AUDIT)

        def work(uow: UnitOfWork) -> AuditChainHead:
            shop = uow.shops.get(actor.shop_id)
            head = uow.audit.head(actor.shop_id)
            if shop is None or head is None:
                raise NotFoundError("This shop has no audit chain.")
            return _head(uow, shop, head)

        return self._report(work)

    def page(
        self, actor: Actor, flt: AuditFilter, before_seq: int | None = None, limit: int = PAGE_SIZE
    ) -> AuditPage:
        """Entries matching ``flt``, newest first; the next page starts below the last seq shown."""
        require(actor, Action.VIEW_AUDIT)
        if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
            raise ValidationError({"date_to": "is before the start date"})
        limit = max(1, min(limit, MAX_PAGE))

        def work(uow: UnitOfWork) -> AuditPage:
            zone = _zone(uow, actor)
            rows = uow.audit.page(
                actor.shop_id,
                user_id=flt.user_id,
                table=flt.table.strip(),
                record_id=flt.record_id.strip(),
                action=flt.action.strip(),
                at_from=_start_of(flt.date_from, zone),
                at_before=_start_of(flt.date_to + timedelta(days=1), zone) if flt.date_to else None,
                before_seq=before_seq,
                limit=limit + 1,
            )
            more = len(rows) > limit
            return AuditPage(_rows(uow, rows[:limit]), more)

        return self._report(work)

    def entry(self, actor: Actor, seq: int) -> AuditDetail:
        """One entry with its before/after, field by field."""
        require(actor, Action.VIEW_AUDIT)

        def work(uow: UnitOfWork) -> AuditDetail:
            row = uow.audit.by_seq(actor.shop_id, seq)
            if row is None:
                raise NotFoundError(f"Audit entry {seq} does not exist.")
            return AuditDetail(_rows(uow, [row])[0], _changes(row.diff), row.hash, row.prev_hash)

        return self._report(work)

    def filter_choices(self, actor: Actor) -> AuditFilterChoices:
        """The people, kinds of record and actions the log holds, for the viewer's filters."""
        require(actor, Action.VIEW_AUDIT)

        def work(uow: UnitOfWork) -> AuditFilterChoices:
            tables, actions, user_ids = uow.audit.distinct_values(actor.shop_id)
            user_ids |= {u.id for u in uow.users.all_in_shop(actor.shop_id)}
            names = uow.users.names(user_ids)
            people = sorted(names.items(), key=lambda item: item[1].casefold())
            return AuditFilterChoices(people, tables, actions)

        return self._report(work)


def _marks_of(marks: dict[str, HeadMark], shop_id: uuid.UUID, name: str) -> list[HeadMark] | None:
    """The head file's mark for this shop: by its id, or (the viewer's file) by its name."""
    mark = marks.get(str(shop_id)) or marks.get(name)
    return [mark] if mark is not None else None


def _verify(uow: UnitOfWork, shop: Shop) -> AuditChainReport:
    return verify_shop(uow, shop)


def _head(uow: UnitOfWork, shop: Shop, head: AuditHead) -> AuditChainHead:
    last_at = uow.audit.last_entry_at(shop.id, head.seq) if head.seq else None
    return AuditChainHead(shop.name, head.seq, head.hash or GENESIS_HASH, last_at, now_utc())


def _zone(uow: UnitOfWork, actor: Actor) -> ZoneInfo:
    shop = uow.shops.get(actor.shop_id)
    return ZoneInfo(shop.timezone if shop else "UTC")


def _start_of(day: date | None, zone: ZoneInfo) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=zone) if day else None


def _rows(uow: UnitOfWork, rows: list[AuditEntry]) -> list[AuditRow]:
    people = uow.users.names({r.user_id for r in rows if r.user_id})
    terminals = uow.terminals.names({r.terminal_id for r in rows if r.terminal_id})
    return [
        AuditRow(
            r.seq,
            r.at,
            people.get(r.user_id, "") if r.user_id else "",
            terminals.get(r.terminal_id, "") if r.terminal_id else "",
            r.table_name,
            r.record_id,
            r.action,
            tuple(c.field for c in _changes(r.diff)),
        )
        for r in rows
    ]


def _changes(diff_text: str) -> list[AuditChange]:
    """The stored diff ({"before": {...}, "after": {...}}) as one line per field."""
    try:
        diff: Any = json.loads(diff_text)
    except ValueError:
        return [AuditChange("(unreadable)", None, diff_text)]
    before = diff.get("before", {}) if isinstance(diff, dict) else {}
    after = diff.get("after", {}) if isinstance(diff, dict) else {}
    return [AuditChange(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after))]
