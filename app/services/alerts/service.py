"""Alerts: evaluate the rules, list what a role sees, acknowledge, resolve, set the rules.

``check`` is a job of the machine, not an action of a person: every
terminal runs it on a timer (off the window's thread) and a server's cron
runs ``baydesk alerts check``; the alerts it raises and resolves are audited
with no user. Everything else is done by a signed-in person, for the roles
the rule names (the owner sets who sees what).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime

from app.db.engine import Database
from app.db.models_alerts import Alert, AlertRule
from app.db.types import now_utc
from app.domain.alerts import (
    RESOLUTION_LABELS,
    AlertState,
    Resolution,
    alert_state,
    check_rule_input,
    checked_note,
    parse_limits,
    parse_roles,
    roles_text,
)
from app.domain.errors import ConflictError, NotFoundError, StaleEditError
from app.domain.permissions import Action, Actor, require
from app.repositories.alerts import AlertRepository
from app.services.alerts import conditions as _built_in  # noqa: F401  (registers the built-in kinds)
from app.services.alerts.dto import AlertSummary, AlertView, CheckResult, RuleInput, RuleView
from app.services.alerts.engine import add_default_rules, apply_plan, missing_kinds, plan_check, rule_limits
from app.services.alerts.registry import KINDS, MachineFacts, RuleKind, RuleRegistry
from app.services.audit.checks import ChainWatch
from app.services.base import ChangeHub, Service
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork

LIST_LIMIT = 500
NEWEST = 20
WHICH = {"open": False, "resolved": True, "all": None}


class AlertService(Service):
    def __init__(
        self, db: Database, changes: ChangeHub | None = None, registry: RuleRegistry = KINDS
    ) -> None:
        super().__init__(db, changes)
        self.registry = registry
        self.chain = ChainWatch()  # kept between checks: the audit rule walks the whole chain once a day

    # --- evaluation (the machine's job) --------------------------------------------------------
    def check(
        self,
        shop_id: uuid.UUID,
        *,
        kinds: frozenset[str] | None = None,
        facts: MachineFacts | None = None,
        now: datetime | None = None,
    ) -> CheckResult:
        """Evaluate one shop's rules: raise what is newly true, resolve what cleared."""
        moment = now or now_utc()
        self._ensure_rules(shop_id)
        plan = self._read(
            lambda uow: plan_check(
                uow, shop_id, self.registry, kinds, facts or MachineFacts(), moment, self.chain
            )
        )
        if plan.empty():
            return CheckResult(unknown=tuple(plan.unknown))

        def work(uow: UnitOfWork) -> CheckResult:
            result = apply_plan(uow, shop_id, plan, moment)
            uow.commit()
            return result

        return self._write(work)

    def check_all(
        self, *, kinds: frozenset[str] | None = None, facts: MachineFacts | None = None
    ) -> CheckResult:
        """Every shop this connection may see (the command line on a server)."""
        shop_ids = self._read(lambda uow: [shop.id for shop in uow.shops.all()])
        total = CheckResult()
        for shop_id in shop_ids:
            total = total + self.check(shop_id, kinds=kinds, facts=facts)
        return total

    def _ensure_rules(self, shop_id: uuid.UUID) -> None:
        """A rule row per registered kind, made with its defaults the first time it is needed."""
        if not self._read(lambda uow: missing_kinds(uow, shop_id, self.registry)):
            return

        def work(uow: UnitOfWork) -> None:
            add_default_rules(uow, shop_id, missing_kinds(uow, shop_id, self.registry))
            uow.commit()

        self._write(work)

    # --- what a person sees --------------------------------------------------------------------
    def summary(self, actor: Actor) -> AlertSummary:
        """The status bar: open alerts for this role, and the newest of them."""
        require(actor, Action.VIEW_ALERTS)

        def work(uow: UnitOfWork) -> AlertSummary:
            rules = self._visible_rules(uow, actor)
            repo = AlertRepository(uow.session)
            opened, unacknowledged = repo.open_counts(actor.shop_id, rules)
            newest = repo.listed(actor.shop_id, rules, resolved=False, limit=NEWEST)
            return AlertSummary(opened, unacknowledged, tuple(_views(uow, newest, rules, self.registry)))

        return self._read(work)

    def alerts(self, actor: Actor, which: str = "open", limit: int = LIST_LIMIT) -> list[AlertView]:
        """Newest first: "open" (acknowledged or not), "resolved" or "all"."""
        require(actor, Action.VIEW_ALERTS)

        def work(uow: UnitOfWork) -> list[AlertView]:
            rules = self._visible_rules(uow, actor)
            rows = AlertRepository(uow.session).listed(
                actor.shop_id, rules, resolved=WHICH[which], limit=limit
            )
            return _views(uow, rows, rules, self.registry)

        return self._read(work)

    def acknowledge(self, actor: Actor, alert_id: uuid.UUID, note: str = "") -> AlertView:
        """Someone is on it: who, when and a note; the alert stays open until resolved."""
        require(actor, Action.HANDLE_ALERTS)
        clean = checked_note(note)

        def change(uow: UnitOfWork, alert: Alert) -> None:
            if alert.acknowledged_at is not None:
                who = uow.users.names({alert.acknowledged_by}).get(alert.acknowledged_by, "someone")  # type: ignore[arg-type]
                raise ConflictError(f"{who} acknowledged this alert already.")
            alert.acknowledged_at, alert.acknowledged_by, alert.acknowledge_note = (
                now_utc(),
                actor.user_id,
                clean,
            )
            uow.record(actor, actor.shop_id, "alerts", alert.id, "acknowledge", None, {"note": clean})

        return self._handle(actor, alert_id, change)

    def resolve(self, actor: Actor, alert_id: uuid.UUID, note: str = "") -> AlertView:
        """Closed by a person; if the condition still holds it comes back after the cool-down."""
        require(actor, Action.HANDLE_ALERTS)
        clean = checked_note(note)

        def change(uow: UnitOfWork, alert: Alert) -> None:
            alert.resolved_at, alert.resolved_by = now_utc(), actor.user_id
            alert.resolution, alert.resolve_note = Resolution.PERSON.value, clean
            uow.record(actor, actor.shop_id, "alerts", alert.id, "resolve", None, {"note": clean})

        return self._handle(actor, alert_id, change)

    def _handle(
        self, actor: Actor, alert_id: uuid.UUID, change: Callable[[UnitOfWork, Alert], None]
    ) -> AlertView:
        def work(uow: UnitOfWork) -> AlertView:
            alert = AlertRepository(uow.session).get(actor.shop_id, alert_id, for_update=True)
            rules = self._visible_rules(uow, actor)
            if alert is None or alert.rule_id not in rules:
                raise NotFoundError("That alert is not there (or not shown to your role).")
            if alert.resolved_at is not None:
                raise ConflictError("This alert was resolved already.")
            change(uow, alert)
            uow.session.flush()
            view = _views(uow, [alert], rules, self.registry)[0]
            uow.commit()
            return view

        return self._write(work)

    def _visible_rules(self, uow: UnitOfWork, actor: Actor) -> dict[uuid.UUID, AlertRule]:
        rules = AlertRepository(uow.session).rules(actor.shop_id)
        return {rule.id: rule for rule in rules if actor.role in parse_roles(rule.roles)}

    # --- the owner's rules ---------------------------------------------------------------------
    def rules(self, actor: Actor) -> list[RuleView]:
        require(actor, Action.MANAGE_ALERT_RULES)
        self._ensure_rules(actor.shop_id)

        def work(uow: UnitOfWork) -> list[RuleView]:
            rows = {rule.kind: rule for rule in AlertRepository(uow.session).rules(actor.shop_id)}
            return [_rule_view(rows[k.key], k) for k in self.registry.all() if k.key in rows]

        return self._read(work)

    def save_rule(self, actor: Actor, kind_key: str, data: RuleInput, expected_version: int) -> RuleView:
        """Switch a rule on or off, set its limits, roles and cool-down. Off resolves its open alerts."""
        require(actor, Action.MANAGE_ALERT_RULES)
        kind = self.registry.get(kind_key)
        if kind is None:
            raise NotFoundError(f"No alert rule '{kind_key}'.")
        limits = parse_limits(kind.limits, data.limits)
        check_rule_input(data.roles, data.cooldown_minutes)
        self._ensure_rules(actor.shop_id)

        def work(uow: UnitOfWork) -> RuleView:
            repo = AlertRepository(uow.session)
            rule = repo.rule(actor.shop_id, kind.key, for_update=True)
            if rule is None:
                raise NotFoundError(f"No alert rule '{kind_key}'.")
            if rule.version != expected_version:
                who = uow.users.names({rule.updated_by}).get(rule.updated_by) if rule.updated_by else None  # type: ignore[arg-type]
                raise StaleEditError(
                    f"The rule '{kind.label}'",
                    who or "another user",
                    shop_locale(uow.shops.get(actor.shop_id)).date_time(rule.updated_at),
                )
            before = _rule_fields(rule)
            rule.enabled, rule.roles = data.enabled, roles_text(data.roles)
            rule.limits = json.dumps({key: str(value) for key, value in limits.items()})
            rule.cooldown_minutes = data.cooldown_minutes
            rule.version += 1
            rule.updated_at, rule.updated_by = now_utc(), actor.user_id
            uow.record(actor, actor.shop_id, "alert_rules", rule.id, "update", before, _rule_fields(rule))
            if not rule.enabled:
                _close_all(uow, actor, rule)
            view = _rule_view(rule, kind)
            uow.commit()
            return view

        return self._write(work)


def _close_all(uow: UnitOfWork, actor: Actor, rule: AlertRule) -> None:
    repo = AlertRepository(uow.session)
    for alert in repo.open_for_rules(actor.shop_id, [rule.id]):
        if repo.resolve_if_open(alert.id, now_utc(), actor.user_id, Resolution.RULE_OFF.value):
            uow.record(actor, actor.shop_id, "alerts", alert.id, "resolve", None, {"resolution": "rule_off"})


def _rule_fields(rule: AlertRule) -> dict[str, object]:
    return {
        "enabled": rule.enabled,
        "limits": rule.limits,
        "roles": rule.roles,
        "cooldown_minutes": rule.cooldown_minutes,
    }


def _rule_view(rule: AlertRule, kind: RuleKind) -> RuleView:
    limits = rule_limits(rule, kind)
    return RuleView(
        kind=kind.key,
        label=kind.label,
        description=kind.description,
        enabled=rule.enabled,
        limits=tuple((spec, limits[spec.key]) for spec in kind.limits),
        roles=parse_roles(rule.roles),
        cooldown_minutes=rule.cooldown_minutes,
        version=rule.version,
    )


def _views(
    uow: UnitOfWork, rows: list[Alert], rules: dict[uuid.UUID, AlertRule], registry: RuleRegistry
) -> list[AlertView]:
    people = uow.users.names({p for a in rows for p in (a.acknowledged_by, a.resolved_by) if p})
    out = []
    for a in rows:
        kind = registry.get(a.kind)
        state = alert_state(a.acknowledged_at, a.resolved_at)
        out.append(
            AlertView(
                id=a.id,
                kind=a.kind,
                rule_label=kind.label if kind else a.kind.replace("_", " ").capitalize(),
                subject=a.subject,
                title=a.title,
                detail=a.detail,
                link_kind=a.link_kind,
                link_id=a.link_id,
                raised_at=a.raised_at,
                state=state,
                acknowledged_at=a.acknowledged_at,
                acknowledged_by=people.get(a.acknowledged_by, "") if a.acknowledged_by else "",
                acknowledge_note=a.acknowledge_note,
                resolved_at=a.resolved_at,
                resolved_by=people.get(a.resolved_by, "") if a.resolved_by else "",
                resolution=RESOLUTION_LABELS[Resolution(a.resolution)]
                if state is AlertState.RESOLVED
                else "",
                resolve_note=a.resolve_note,
            )
        )
    return out
