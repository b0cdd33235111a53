"""Unit of work: one user action, one transaction, rolled back unless committed.

``run_write`` wraps a unit of work in the retry PostgreSQL asks for: on a
serialization failure (40001) or a deadlock (40P01) the *whole* transaction
is run again, a bounded number of times with growing, jittered waits.

A connection that drops (the server restarted, or a standby was promoted and
the multi-host URL now leads elsewhere) has its pool thrown away by
SQLAlchemy, and the whole action is run once more on a new connection; but
only if COMMIT was not yet sent: a commit whose answer was lost may have
happened, so that one becomes a message asking the person to look first.
"""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

from app.db.engine import Database
from app.db.live import notify_changes
from app.db.types import now_utc
from app.domain.audit_chain import ChainEntry, canonical_json, document_hash, entry_hash
from app.domain.errors import AuditChainBrokenError, DatabaseUnavailableError, SignedOutError
from app.domain.permissions import Actor, Role
from app.repositories.audit import AuditRepository
from app.repositories.audit_documents import document_json, read_document, records_document
from app.repositories.counters import CounterRepository
from app.repositories.customers import CustomerRepository, VehicleRepository
from app.repositories.shops import ShopRepository, TerminalRepository, UserRepository

if TYPE_CHECKING:
    from app.repositories.work_orders import CannedJobRepository, ReminderRepository, WorkOrderRepository

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_SQLSTATES = {"40001", "40P01"}
MAX_ATTEMPTS = 6


@dataclass
class _PendingAudit:
    actor: Actor | None
    shop_id: uuid.UUID
    table: str
    record_id: str
    action: str
    diff: dict[str, Any]


class UnitOfWork:
    """Repositories on one session; ``commit()`` also closes the audit chain."""

    def __init__(self, db: Database, *, write: bool, one_statement: bool = False) -> None:
        self.db = db
        self.write = write
        self.one_statement = one_statement and not write
        self._pending: list[_PendingAudit] = []
        self._standing_checked: set[uuid.UUID] = set()
        self.changed: set[str] = set()
        self.changed_shops: set[uuid.UUID] = set()  # whose terminals hear of the change
        self.commit_sent = False  # past this point a dropped connection may have saved the work

    def __enter__(self) -> UnitOfWork:
        self.session = self.db.session(write=self.write, one_statement=self.one_statement)
        self.shops = ShopRepository(self.session)
        self.users = UserRepository(self.session)
        self.terminals = TerminalRepository(self.session)
        self.customers = CustomerRepository(self.session)
        self.vehicles = VehicleRepository(self.session)
        self.counters = CounterRepository(self.session)
        self.audit = AuditRepository(self.session)
        self._committed = False
        return self

    # The work order repositories (and their models) load when a unit of work first needs one.
    @cached_property
    def work_orders(self) -> WorkOrderRepository:
        from app.repositories.work_orders import WorkOrderRepository

        return WorkOrderRepository(self.session)

    @cached_property
    def canned_jobs(self) -> CannedJobRepository:
        from app.repositories.work_orders import CannedJobRepository

        return CannedJobRepository(self.session)

    @cached_property
    def reminders(self) -> ReminderRepository:
        from app.repositories.work_orders import ReminderRepository

        return ReminderRepository(self.session)

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if not self._committed:
            if self.write or exc_type is not None:
                self.session.rollback()
            else:
                # A read that went well ends with COMMIT: it has nothing to write
                # (expunge_all drops any object it touched), and psycopg throws
                # its prepared statements away on every ROLLBACK, so each search
                # would otherwise be parsed and planned afresh.
                self.session.expunge_all()
                self.session.commit()
        self.session.close()

    def record(
        self,
        actor: Actor | None,
        shop_id: uuid.UUID,
        table: str,
        record_id: object,
        action: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Queue an audit entry; it is chained and written by ``commit()``.

        Every write is audited, so this is also where a write learns that its
        actor was deactivated or given another role since signing in: it is
        refused at once and the whole transaction rolls back.
        """
        if actor is not None and actor.user_id not in self._standing_checked:
            self.check_standing(actor)
        diff = audit_diff(before, after)
        self._pending.append(_PendingAudit(actor, shop_id, table, str(record_id), action, diff))
        self.changed.add(table)
        self.changed_shops.add(shop_id)

    @property
    def audited(self) -> int:
        """How many audit entries this transaction has queued: every write queues one."""
        return len(self._pending)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A part of the transaction that may fail alone: its rows and its audit entries go, the rest stays."""
        pending = len(self._pending)
        nested = self.session.begin_nested()
        try:
            yield
            nested.commit()
        except BaseException:
            nested.rollback()
            del self._pending[pending:]
            raise

    def check_standing(self, actor: Actor) -> None:
        """Refuse (SignedOutError) an actor whose account is no longer what they signed in with."""
        standing = self.users.standing(actor.user_id)
        if standing is None:
            raise SignedOutError("Your account no longer exists here; sign in again. Nothing was saved.")
        role, active = standing
        if not active:
            raise SignedOutError("Your account was deactivated; nothing was saved. Ask the owner.")
        if role != actor.role.value and not (actor.by_pin and actor.role == Role.TECHNICIAN):
            raise SignedOutError("Your role changed; sign in again. Nothing was saved.")
        self._standing_checked.add(actor.user_id)

    def commit(self) -> None:
        self._flush_audit()
        if self.changed:  # other terminals hear of it when (and only if) this commits
            notify_changes(self.session, self.db, self.changed_shops, self.changed)
        self.session.flush()
        self.commit_sent = True
        self.session.commit()
        self._committed = True

    def _flush_audit(self) -> None:
        by_shop: dict[uuid.UUID, list[_PendingAudit]] = {}
        for item in self._pending:
            by_shop.setdefault(item.shop_id, []).append(item)
        self.session.flush()  # business rows first; the head is the last lock taken
        for shop_id in sorted(by_shop):
            head_seq, head_hash = self._lock_sound_head(shop_id)
            rows: list[dict[str, Any]] = []
            for item in by_shop[shop_id]:
                at = now_utc()
                seq = head_seq + 1
                document = self._document(item)
                chain = ChainEntry(
                    shop_id=str(shop_id),
                    seq=seq,
                    at=at.isoformat(),
                    user_id=str(item.actor.user_id) if item.actor else None,
                    terminal_id=str(item.actor.terminal_id)
                    if item.actor and item.actor.terminal_id
                    else None,
                    table_name=item.table,
                    record_id=item.record_id,
                    action=item.action,
                    diff=canonical_json(item.diff),
                    document_hash=document_hash(document) if document is not None else None,
                )
                digest = entry_hash(head_hash, chain)
                rows.append(
                    {
                        "shop_id": shop_id,
                        "seq": seq,
                        "at": at,
                        "user_id": item.actor.user_id if item.actor else None,
                        "terminal_id": item.actor.terminal_id if item.actor else None,
                        "table_name": item.table,
                        "record_id": item.record_id,
                        "action": item.action,
                        "diff": chain.diff,
                        "prev_hash": head_hash,
                        "hash": digest,
                        "document": document,
                        "document_hash": chain.document_hash,
                    }
                )
                head_seq, head_hash = seq, digest
            self.audit.append(shop_id, rows, head_seq, head_hash)
        self._pending.clear()

    def _lock_sound_head(self, shop_id: uuid.UUID) -> tuple[int, str]:
        """The chain head's (seq, hash), locked, once it is known to stand on the chain's last entry.

        A head that is gone, or that does not match the newest entry (entries
        removed, or the head moved back), would write entries that break the
        chain further: the write is refused with a message instead.
        """
        head, last = self.audit.locked_head_and_last(shop_id)
        if head is None:
            raise AuditChainBrokenError(
                "This shop's audit chain head is missing, so nothing can be saved. "
                "Run 'baydesk audit verify' and restore the latest backup."
            )
        if (last is None and head[0] != 0) or (last is not None and head != last):
            raise AuditChainBrokenError(
                f"This shop's audit chain head (entry {head[0]}) does not match its last entry "
                f"({last[0] if last else 0}), so nothing can be saved. "
                "Run 'baydesk audit verify' and restore the latest backup."
            )
        return head

    def _document(self, item: _PendingAudit) -> str | None:
        """The recorded document's canonical JSON, read as it now stands in this transaction."""
        if not records_document(item.table, item.action):
            return None
        content = read_document(self.session, item.table, item.record_id)
        return document_json(content) if content is not None else None


def audit_diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """Only the fields that changed, as JSON-safe values."""
    before = {k: _jsonable(v) for k, v in (before or {}).items()}
    after = {k: _jsonable(v) for k, v in (after or {}).items()}
    keys = sorted(set(before) | set(after))
    changed = [k for k in keys if before.get(k) != after.get(k)]
    return {
        "before": {k: before[k] for k in changed if k in before},
        "after": {k: after[k] for k in changed if k in after},
    }


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return json.loads(json.dumps(value, default=str))


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def connection_lost(exc: DBAPIError) -> bool:
    """The connection itself failed (server gone, shut down, or restarted), not the statement."""
    state = _sqlstate(exc) or ""
    if exc.connection_invalidated or state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return True
    text = str(exc.orig).lower()
    return not state and ("connection" in text and ("closed" in text or "lost" in text or "terminat" in text))


def run_write(db: Database, work: Callable[[UnitOfWork], T]) -> T:
    """Run ``work`` in a write transaction, retrying it whole on 40001/40P01, and once on a dropped
    connection when COMMIT had not been sent."""
    reconnected = False
    attempt = 0
    while True:  # a reconnect does not use up a retry: each path out returns or raises
        attempt += 1
        uow = UnitOfWork(db, write=True)
        try:
            with uow:
                return work(uow)
        except DBAPIError as exc:
            if connection_lost(exc) and not reconnected and not db.is_sqlite:
                if uow.commit_sent:
                    raise DatabaseUnavailableError(
                        "The connection to the database dropped while saving, so whether this was saved "
                        "is not known. Look it up before saving it again."
                    ) from exc
                log.warning("connection lost (%s); the action is run again", _one_line(exc))
                reconnected = True
                continue
            if _sqlstate(exc) in RETRY_SQLSTATES and attempt < MAX_ATTEMPTS:
                pause = min(0.5, 0.01 * 2**attempt) * (0.5 + random.random())
                log.info("transaction retried after %s (attempt %d)", _sqlstate(exc), attempt)
                time.sleep(pause)
                continue
            _reraise(exc)


def run_read(db: Database, work: Callable[[UnitOfWork], T], *, one_statement: bool = False) -> T:
    """Run ``work`` in a read transaction; once more on a new connection if the connection dropped.

    ``one_statement``: ``work`` runs a single statement, its own snapshot: on PostgreSQL it then
    runs without BEGIN and COMMIT, one round trip."""
    for attempt in (1, 2):
        try:
            with UnitOfWork(db, write=False, one_statement=one_statement) as uow:
                return work(uow)
        except DBAPIError as exc:
            if attempt == 1 and connection_lost(exc) and not db.is_sqlite:
                log.warning("connection lost (%s); the read is run again", _one_line(exc))
                continue
            _reraise(exc)
    raise AssertionError("unreachable")  # pragma: no cover


def _reraise(exc: DBAPIError) -> NoReturn:
    """Connection trouble and lock time-outs become a message; bugs stay bugs."""
    text = str(exc.orig).lower()
    state = _sqlstate(exc) or ""
    if "locked" in text or "busy" in text or state in RETRY_SQLSTATES or state == "55P03":
        raise DatabaseUnavailableError(
            "The database is busy (another terminal is saving). Nothing was saved; try again."
        ) from exc
    unreachable = exc.connection_invalidated or state.startswith(("08", "57P"))
    if isinstance(exc, OperationalError) and (unreachable or (not state and "unable to open" in text)):
        first_line = _one_line(exc)
        raise DatabaseUnavailableError(
            f"The database cannot be reached ({first_line}). "
            "Nothing was saved. Check the network or the server, then try again."
        ) from exc
    if (
        isinstance(exc, OperationalError)
        and not state
        and exc.orig.__class__.__module__.startswith("psycopg")
    ):
        # psycopg reports a failed connection attempt without an SQLSTATE
        raise DatabaseUnavailableError(f"The database server cannot be reached: {_one_line(exc)}") from exc
    raise exc


def _one_line(exc: DBAPIError) -> str:
    """The driver's message on one line (psycopg spreads it over several, with tabs)."""
    return " ".join(str(exc.orig).split())[:200]
