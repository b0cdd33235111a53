"""The kinds of alert rule BayDesk knows, as a registry other areas add to.

A kind is a name, the owner's words for it, its limits and defaults, and an
evaluator: a function that reads the shop (inside the check's read
transaction) and says what is true now, as ``Finding``s, one per subject
("work order 2480", "the reorder list"). The alert service turns findings
into alerts: new subjects are raised, vanished ones resolved.

The built-in kinds register in app/services/alerts/conditions.py, the vehicle
readings' in app/services/readings/alert_kinds.py. Another area plugs in its
own the same way, from a module the service container imports::

    from app.services.alerts.registry import KINDS, Finding, RuleKind

    def _not_arrived(ctx: CheckContext) -> list[Finding]:
        ...  # appointments whose drop-off passed ctx.limits["minutes"] ago

    KINDS.register(RuleKind("appointment_not_arrived", "Appointment not arrived", ...,
                            evaluate=_not_arrived, limits=(LimitSpec("minutes", ...),)))

An evaluator returns None when it cannot tell from this machine (the
backup rule on a terminal that takes no backups): nothing is raised or
resolved for that rule then.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.domain.alerts import LimitSpec
from app.domain.locale import AMERICAN, ShopLocale
from app.domain.permissions import Role
from app.services.audit.checks import ChainWatch
from app.services.uow import UnitOfWork

DEFAULT_COOLDOWN_MINUTES = 60


@dataclass(frozen=True)
class Finding:
    """One subject for which a rule's condition holds now."""

    subject: str  # stable key: the same thing gives the same subject on every terminal
    title: str
    detail: str = ""
    link_kind: str = ""  # what "Open" shows: vehicle, work_order, part, day...
    link_id: uuid.UUID | None = None
    fresh: bool = True  # False: keeps an open alert open, but is too old to raise a new one


@dataclass(frozen=True)
class MachineFacts:
    """What only the machine running the check knows (its backups are in its own data folder)."""

    backup_known: bool = False
    last_backup_at: datetime | None = None


@dataclass(frozen=True)
class CheckContext:
    uow: UnitOfWork
    shop_id: uuid.UUID
    zone: ZoneInfo
    now: datetime
    limits: Mapping[str, Decimal]
    facts: MachineFacts
    shop: ShopLocale = AMERICAN  # how the shop writes dates, times and money in an alert's words
    chain: ChainWatch = field(default_factory=ChainWatch)  # what this machine verified of the audit chain


Evaluator = Callable[[CheckContext], list[Finding] | None]


@dataclass(frozen=True)
class RuleKind:
    key: str
    label: str
    description: str
    evaluate: Evaluator = field(compare=False)
    limits: tuple[LimitSpec, ...] = ()
    roles: frozenset[Role] = frozenset({Role.OWNER})
    enabled: bool = True
    clears: bool = True  # the condition can end by itself: its alerts then resolve on their own
    slow: bool = False  # reads a lot (the whole audit chain): terminals check it less often
    watches: frozenset[str] = frozenset()  # tables whose change is worth a prompt re-check
    order: int = 100  # place in the owner's list of rules


class RuleRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, RuleKind] = {}

    def register(self, kind: RuleKind) -> RuleKind:
        """Add a kind; registering the same key twice is a mistake unless it is the same kind."""
        known = self._kinds.get(kind.key)
        if known is not None and known != kind:
            raise ValueError(f"alert rule kind {kind.key!r} is registered already")
        self._kinds[kind.key] = kind
        return kind

    def get(self, key: str) -> RuleKind | None:
        return self._kinds.get(key)

    def all(self) -> list[RuleKind]:
        return sorted(self._kinds.values(), key=lambda k: (k.order, k.label))

    def keys(self, *, slow: bool | None = None) -> frozenset[str]:
        return frozenset(k.key for k in self._kinds.values() if slow is None or k.slow == slow)

    def watched_tables(self) -> frozenset[str]:
        return frozenset().union(*(k.watches for k in self._kinds.values()))


KINDS = RuleRegistry()
