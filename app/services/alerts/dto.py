"""Read models of the alerts area: alerts, the status bar's counts, the owner's rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from app.domain.alerts import AlertState, LimitSpec
from app.domain.permissions import Role


@dataclass(frozen=True)
class AlertView:
    id: uuid.UUID
    kind: str
    rule_label: str
    subject: str  # the rule's key for what it is about ("<vehicle id>:P0301", "reorder-list")
    title: str
    detail: str
    link_kind: str
    link_id: uuid.UUID | None
    raised_at: datetime
    state: AlertState
    acknowledged_at: datetime | None = None
    acknowledged_by: str = ""
    acknowledge_note: str = ""
    resolved_at: datetime | None = None
    resolved_by: str = ""
    resolution: str = ""  # "Condition cleared", "Resolved", "Rule switched off"
    resolve_note: str = ""


@dataclass(frozen=True)
class AlertSummary:
    """What the status bar shows: open alerts this person's role sees, the newest first."""

    open: int
    unacknowledged: int
    newest: tuple[AlertView, ...] = ()


@dataclass(frozen=True)
class RuleView:
    kind: str
    label: str
    description: str
    enabled: bool
    limits: tuple[tuple[LimitSpec, Decimal], ...]
    roles: frozenset[Role]
    cooldown_minutes: int
    version: int

    @property
    def limits_text(self) -> str:
        return "; ".join(f"{spec.label} {spec.text(value)}" for spec, value in self.limits) or "—"


@dataclass(frozen=True)
class RuleInput:
    """A rule as the owner sets it: limits as typed (checked by the service)."""

    enabled: bool
    limits: dict[str, str] = field(default_factory=dict)
    roles: frozenset[Role] = frozenset({Role.OWNER})
    cooldown_minutes: int = 60


@dataclass(frozen=True)
class CheckResult:
    """What one evaluation changed (summed over shops by the command line)."""

    raised: int = 0
    resolved: int = 0
    updated: int = 0
    unknown: tuple[str, ...] = ()  # rules this machine cannot judge (no backups here)

    def __add__(self, other: CheckResult) -> CheckResult:
        return CheckResult(
            self.raised + other.raised,
            self.resolved + other.resolved,
            self.updated + other.updated,
            tuple(sorted(set(self.unknown) | set(other.unknown))),
        )
