"""Read models of people, terminals and the audit log (frozen: no ORM object leaves app/services)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.domain.permissions import Role
from app.domain.terminals import TerminalMode


@dataclass(frozen=True)
class UserView:
    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    active: bool
    has_pin: bool
    failed_attempts: int
    locked_until: datetime | None  # only while the lock lasts
    created_at: datetime
    last_sign_in_at: datetime | None = None
    labor_cost_rate: Decimal | None = None  # what an hour of their work costs the shop


@dataclass(frozen=True)
class NewUser:
    username: str
    display_name: str
    role: Role
    password: str


@dataclass(frozen=True)
class TerminalView:
    id: uuid.UUID
    name: str
    mode: TerminalMode
    created_at: datetime
    last_seen_at: datetime | None


@dataclass(frozen=True)
class AuditFilter:
    """What the audit viewer narrows the log to; every field is optional."""

    user_id: uuid.UUID | None = None
    table: str = ""
    record_id: str = ""
    action: str = ""
    date_from: date | None = None  # shop's local dates, inclusive
    date_to: date | None = None


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    user_name: str
    terminal_name: str
    table: str
    record_id: str
    action: str
    fields: tuple[str, ...]  # the names of the fields that changed


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    more: bool  # older entries match too: ask again with before_seq = rows[-1].seq


@dataclass(frozen=True)
class AuditChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditDetail:
    row: AuditRow
    changes: list[AuditChange] = field(default_factory=list)
    hash: str = ""
    prev_hash: str = ""


@dataclass(frozen=True)
class AuditFilterChoices:
    people: list[tuple[uuid.UUID, str]]  # deactivated people too
    tables: list[str]
    actions: list[str]


@dataclass(frozen=True)
class AuditChainHead:
    """The newest entry's hash: kept elsewhere (printed, exported), it shows a truncated log."""

    shop_name: str
    seq: int  # how many entries the chain holds
    hash: str
    last_entry_at: datetime | None
    taken_at: datetime

    def as_text(self) -> str:
        last = self.last_entry_at.isoformat() if self.last_entry_at else "none"
        return (
            f"BayDesk audit chain head\n"
            f"shop: {self.shop_name}\n"
            f"entries: {self.seq}\n"
            f"head hash (SHA-256): {self.hash}\n"
            f"last entry at (UTC): {last}\n"
            f"taken at (UTC): {self.taken_at.isoformat()}\n"
        )
