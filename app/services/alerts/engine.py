"""One evaluation of a shop's rules: read what is true, then raise, resolve, retitle.

The plan is made in a read transaction (no write lock while rules read the
shop); only when something changes does a short write transaction apply it.
The write needs no lock of its own: raising is an insert that the partial
unique index of open alerts turns into nothing when another terminal raised
the same subject first, and resolving an update of rows still open. Each
change that really happened is audited, so four terminals evaluating at
once leave one "raise" entry, not four.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.db.models_alerts import AlertRule
from app.db.types import now_utc
from app.domain.alerts import Resolution, limits_with_defaults, roles_text, within_cooldown
from app.repositories.alerts import AlertRepository
from app.services.alerts.dto import CheckResult
from app.services.alerts.registry import (
    DEFAULT_COOLDOWN_MINUTES,
    CheckContext,
    Finding,
    MachineFacts,
    RuleKind,
    RuleRegistry,
)
from app.services.audit.checks import ChainWatch
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork


@dataclass
class Plan:
    raises: list[tuple[AlertRule, Finding]] = field(default_factory=list)
    resolves: list[uuid.UUID] = field(default_factory=list)
    retitles: list[tuple[uuid.UUID, Finding]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.raises or self.resolves or self.retitles)


def missing_kinds(uow: UnitOfWork, shop_id: uuid.UUID, registry: RuleRegistry) -> list[RuleKind]:
    have = {rule.kind for rule in AlertRepository(uow.session).rules(shop_id)}
    return [kind for kind in registry.all() if kind.key not in have]


def add_default_rules(uow: UnitOfWork, shop_id: uuid.UUID, kinds: list[RuleKind]) -> int:
    """Each kind's rule row with its defaults; a row another terminal added first is left alone."""
    repo = AlertRepository(uow.session)
    added = 0
    for kind in kinds:
        values = {
            "id": uuid.uuid4(),
            "shop_id": shop_id,
            "kind": kind.key,
            "enabled": kind.enabled,
            "limits": json.dumps({spec.key: str(spec.default) for spec in kind.limits}),
            "roles": roles_text(kind.roles),
            "cooldown_minutes": DEFAULT_COOLDOWN_MINUTES,
            "version": 1,
            "updated_at": now_utc(),
        }
        rule_id = repo.add_rule_if_missing(values)
        if rule_id is not None:
            added += 1
            uow.record(None, shop_id, "alert_rules", rule_id, "create", None, {"kind": kind.key})
    return added


def rule_limits(rule: AlertRule, kind: RuleKind) -> dict[str, Decimal]:
    """The rule's stored limits, a default for any that is missing or unreadable."""
    try:
        stored = json.loads(rule.limits)
    except ValueError:
        stored = {}
    return limits_with_defaults(kind.limits, stored if isinstance(stored, dict) else {})


def plan_check(
    uow: UnitOfWork,
    shop_id: uuid.UUID,
    registry: RuleRegistry,
    kinds: frozenset[str] | None,
    facts: MachineFacts,
    now: datetime,
    chain: ChainWatch | None = None,
) -> Plan:
    """Compare what each enabled rule finds with the alerts open for it."""
    repo = AlertRepository(uow.session)
    shop = uow.shops.get(shop_id)
    zone = ZoneInfo(shop.timezone if shop else "UTC")
    words = shop_locale(shop)
    rules = [
        (rule, kind)
        for rule in repo.rules(shop_id)
        if rule.enabled
        and (kind := registry.get(rule.kind)) is not None
        and (kinds is None or rule.kind in kinds)
    ]
    open_alerts = repo.open_for_rules(shop_id, (rule.id for rule, _kind in rules))
    longest = max((rule.cooldown_minutes for rule, _kind in rules), default=0)
    recent = repo.last_resolved(shop_id, (r.id for r, _k in rules), now - timedelta(minutes=longest))
    plan = Plan()
    for rule, kind in rules:
        limits = rule_limits(rule, kind)
        context = CheckContext(uow, shop_id, zone, now, limits, facts, words, chain or ChainWatch())
        findings = kind.evaluate(context)
        if findings is None:
            plan.unknown.append(kind.key)
            continue
        found = {finding.subject: finding for finding in findings}
        opened = {a.subject: a for a in open_alerts if a.rule_id == rule.id}
        for subject, finding in found.items():
            alert = opened.get(subject)
            if alert is not None:
                if (alert.title, alert.detail) != (finding.title[:300], finding.detail):
                    plan.retitles.append((alert.id, finding))
            elif finding.fresh and not within_cooldown(
                recent.get((rule.id, subject)), now, rule.cooldown_minutes
            ):
                plan.raises.append((rule, finding))
        if kind.clears:
            plan.resolves.extend(alert.id for subject, alert in opened.items() if subject not in found)
    return plan


def apply_plan(uow: UnitOfWork, shop_id: uuid.UUID, plan: Plan, now: datetime) -> CheckResult:
    """Write the plan; only what this transaction really changed is audited and counted."""
    repo = AlertRepository(uow.session)
    raised = resolved = updated = 0
    for rule, finding in plan.raises:
        alert_id = repo.raise_if_new(
            {
                "id": uuid.uuid4(),
                "shop_id": shop_id,
                "rule_id": rule.id,
                "kind": rule.kind,
                "subject": finding.subject,
                "title": finding.title[:300],
                "detail": finding.detail,
                "link_kind": finding.link_kind,
                "link_id": finding.link_id,
                "raised_at": now,
                "acknowledge_note": "",
                "resolution": "",
                "resolve_note": "",
            }
        )
        if alert_id is not None:
            raised += 1
            after = {"kind": rule.kind, "subject": finding.subject, "title": finding.title[:300]}
            uow.record(None, shop_id, "alerts", alert_id, "raise", None, after)
    for alert_id in plan.resolves:
        if repo.resolve_if_open(alert_id, now, None, Resolution.CLEARED.value):
            resolved += 1
            uow.record(None, shop_id, "alerts", alert_id, "resolve", None, {"resolution": "cleared"})
    for alert_id, finding in plan.retitles:
        if repo.retitle_if_open(alert_id, finding.title[:300], finding.detail):
            updated += 1
            uow.record(None, shop_id, "alerts", alert_id, "update", None, {"title": finding.title[:300]})
    return CheckResult(raised, resolved, updated, tuple(plan.unknown))
