"""The owner's rules: who sees what, the cool-down, switching off, limits, and kinds other areas add."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from app.db.engine import Database
from app.domain.errors import NotFoundError, StaleEditError, ValidationError
from app.domain.permissions import Actor, Role
from app.services.alerts.dto import CheckResult, RuleInput
from app.services.alerts.registry import CheckContext, Finding, MachineFacts, RuleKind, RuleRegistry
from app.services.alerts.service import AlertService
from app.services.container import Services
from tests.integration.alerts.alert_support import late_work_order
from tests.integration.integration_support import tamper

PROMISES = frozenset({"promised_passed"})
ZONE = ZoneInfo("America/Los_Angeles")  # the test shop's


def _rule(services: Services, owner: Actor, kind: str):  # type: ignore[no-untyped-def]
    return next(r for r in services.alerts.rules(owner) if r.kind == kind)


def _save(services: Services, owner: Actor, kind: str, **changes: object):  # type: ignore[no-untyped-def]
    rule = _rule(services, owner, kind)
    data = RuleInput(
        enabled=rule.enabled,
        limits={spec.key: spec.typed(value) for spec, value in rule.limits},
        roles=rule.roles,
        cooldown_minutes=rule.cooldown_minutes,
    )
    return services.alerts.save_rule(owner, kind, replace(data, **changes), rule.version)  # type: ignore[arg-type]


def test_each_role_sees_the_alerts_its_rules_name(services: Services, owner: Actor, desk: Actor) -> None:
    late_work_order(services, desk, datetime.now(UTC), timedelta(hours=2))
    services.alerts.check(owner.shop_id, kinds=PROMISES)
    services.setup.add_user(owner, "tech", "Tina Tech", Role.TECHNICIAN, "tech password 12")
    tech = services.setup.sign_in("tech", "tech password 12", "Bay 1")
    assert [a.rule_label for a in services.alerts.alerts(desk)] == ["Promised time passed"]
    assert services.alerts.alerts(tech) == []
    assert services.alerts.summary(tech).open == 0
    alert = services.alerts.alerts(desk)[0]
    with pytest.raises(NotFoundError, match="not shown to your role"):
        services.alerts.resolve(tech, alert.id)

    _save(services, owner, "promised_passed", roles=frozenset({Role.OWNER, Role.TECHNICIAN}))
    assert [a.id for a in services.alerts.alerts(tech)] == [alert.id]
    assert services.alerts.alerts(desk) == []


def test_resolved_by_a_person_it_stays_quiet_for_the_cool_down_then_returns(
    services: Services, owner: Actor, desk: Actor
) -> None:
    now = datetime.now(UTC)
    late_work_order(services, desk, now, timedelta(hours=2))
    assert services.alerts.check(owner.shop_id, kinds=PROMISES, now=now).raised == 1
    alert = services.alerts.alerts(desk)[0]
    resolved = services.alerts.resolve(desk, alert.id, "Customer knows; picking up Friday")
    assert (resolved.resolution, resolved.resolved_by) == ("Resolved", "Sam Writer")

    still_late = services.alerts.check(owner.shop_id, kinds=PROMISES, now=now + timedelta(minutes=30))
    assert still_late.raised == 0  # inside the 60-minute cool-down
    later = services.alerts.check(owner.shop_id, kinds=PROMISES, now=now + timedelta(minutes=61))
    assert later.raised == 1
    assert len(services.alerts.alerts(desk)) == 1 and len(services.alerts.alerts(desk, "all")) == 2


def test_switching_a_rule_off_resolves_its_alerts_and_raises_no_more(
    services: Services, owner: Actor, desk: Actor
) -> None:
    late_work_order(services, desk, datetime.now(UTC), timedelta(hours=2))
    services.alerts.check(owner.shop_id, kinds=PROMISES)
    _save(services, owner, "promised_passed", enabled=False)
    [gone] = services.alerts.alerts(desk, "resolved")
    assert (gone.resolution, gone.resolved_by) == ("Rule switched off", "Olivia Owner")
    assert services.alerts.check(owner.shop_id, kinds=PROMISES).raised == 0


def test_limits_are_checked_and_a_stale_save_is_refused(services: Services, owner: Actor) -> None:
    rule = _rule(services, owner, "day_not_closed")
    assert rule.limits_text == "Closed by 21:00"
    with pytest.raises(ValidationError, match="not a time of day"):
        _save(services, owner, "day_not_closed", limits={"close_by": "25:00"})
    with pytest.raises(ValidationError, match="at least one role"):
        _save(services, owner, "day_not_closed", roles=frozenset())
    saved = _save(services, owner, "day_not_closed", limits={"close_by": "19:30"})
    assert saved.limits_text == "Closed by 19:30"
    with pytest.raises(StaleEditError, match="Olivia Owner"):
        services.alerts.save_rule(owner, "day_not_closed", RuleInput(True), rule.version)


def test_a_day_not_closed_by_its_time_raises_and_closing_it_resolves(
    services: Services, owner: Actor
) -> None:
    today = datetime.now(ZONE).date()
    before = datetime.combine(today, datetime.min.time(), ZONE) + timedelta(hours=20, minutes=59)
    after = before + timedelta(minutes=2)
    day_rule = frozenset({"day_not_closed"})
    assert services.alerts.check(owner.shop_id, kinds=day_rule, now=before).raised == 0
    assert services.alerts.check(owner.shop_id, kinds=day_rule, now=after).raised == 1
    assert services.alerts.alerts(owner)[0].title == f"{today:%A, %B} {today.day}, {today.year} is not closed"
    services.day_close.close(owner, today)
    assert services.alerts.check(owner.shop_id, kinds=day_rule, now=after).resolved == 1


def test_backups_are_judged_only_where_they_are_known(services: Services, owner: Actor) -> None:
    rule = frozenset({"backup_overdue"})
    now = datetime.now(UTC)
    unknown = services.alerts.check(owner.shop_id, kinds=rule, facts=MachineFacts())
    assert (unknown.raised, unknown.unknown) == (0, ("backup_overdue",))
    fresh = MachineFacts(True, now - timedelta(hours=5))
    assert services.alerts.check(owner.shop_id, kinds=rule, facts=fresh).raised == 0
    old = MachineFacts(True, now - timedelta(days=3))
    assert services.alerts.check(owner.shop_id, kinds=rule, facts=old).raised == 1
    assert services.alerts.alerts(owner)[0].title == "The last backup is 3 days old"
    assert services.alerts.check(owner.shop_id, kinds=rule, facts=MachineFacts()).resolved == 0
    assert services.alerts.check(owner.shop_id, kinds=rule, facts=fresh).resolved == 1


CHAIN = frozenset({"audit_chain_broken"})


def _chain_check(services: Services, owner: Actor, start: datetime, hours: int) -> CheckResult:
    return services.alerts.check(owner.shop_id, kinds=CHAIN, now=start + timedelta(hours=hours))


def test_an_altered_old_entry_raises_the_chain_alert_at_the_daily_walk(
    services: Services, db: Database, owner: Actor
) -> None:
    start = datetime.now(UTC)
    assert _chain_check(services, owner, start, 0).raised == 0
    tamper(db, "UPDATE audit_log SET diff = '{}' WHERE seq = 2")
    # The hourly checks walk only what was written since the last one...
    assert _chain_check(services, owner, start, 1).raised == 0
    assert _chain_check(services, owner, start, 23).raised == 0
    # ...and the whole chain once a day, from the terminal's first check on.
    assert _chain_check(services, owner, start, 24).raised == 1
    [alert] = services.alerts.alerts(owner)
    assert alert.title == "The audit chain fails verification at entry 2"
    assert _chain_check(services, owner, start, 25).resolved == 0
    assert AlertService(db, services.changes).check(owner.shop_id, kinds=CHAIN).raised == 0  # already open


def test_an_entry_altered_since_the_last_check_raises_the_chain_alert_within_the_hour(
    services: Services, db: Database, owner: Actor
) -> None:
    start = datetime.now(UTC)
    assert _chain_check(services, owner, start, 0).raised == 0
    late_work_order(services, owner, start, timedelta(hours=2))
    tamper(db, "UPDATE audit_log SET diff = '{}' WHERE seq = (SELECT max(seq) FROM audit_log)")
    with db.engine.connect() as conn:
        last = conn.execute(text("SELECT max(seq) FROM audit_log")).scalar_one()
    assert _chain_check(services, owner, start, 1).raised == 1
    [alert] = services.alerts.alerts(owner)
    assert alert.title == f"The audit chain fails verification at entry {last}"
    # The newer entries (the alert's own) follow the altered one: still broken, still open.
    assert _chain_check(services, owner, start, 2).resolved == 0


def test_a_chain_alert_stands_until_a_whole_walk_finds_the_chain_whole(
    services: Services, db: Database, owner: Actor
) -> None:
    start = datetime.now(UTC)
    assert _chain_check(services, owner, start, 0).raised == 0
    with db.engine.connect() as conn:
        diff = conn.execute(text("SELECT diff FROM audit_log WHERE seq = 2")).scalar_one()
    tamper(db, "UPDATE audit_log SET diff = '{}' WHERE seq = 2")
    office = AlertService(db, services.changes)  # another terminal, started since
    assert office.check(owner.shop_id, kinds=CHAIN, now=start + timedelta(minutes=30)).raised == 1
    # This terminal walks only the entries written since its last check: all of them hold,
    # which says nothing of entry 2, so the other terminal's alert stands.
    assert _chain_check(services, owner, start, 1).resolved == 0
    assert [a.title for a in services.alerts.alerts(owner)] == [
        "The audit chain fails verification at entry 2"
    ]
    # Put back (from a backup), the chain is whole again: the next whole walk clears the alert.
    tamper(db, "UPDATE audit_log SET diff = :diff WHERE seq = 2", diff=diff)
    assert _chain_check(services, owner, start, 2).resolved == 0
    assert _chain_check(services, owner, start, 24).resolved == 1


def test_another_area_plugs_in_a_rule_kind_of_its_own(services: Services, db: Database, owner: Actor) -> None:
    waiting: list[str] = ["Ana Ruiz, 9:00"]

    def not_arrived(ctx: CheckContext) -> list[Finding]:
        return [Finding(name, f"Appointment not arrived: {name}") for name in waiting]

    registry = RuleRegistry()
    registry.register(RuleKind("appointment_not_arrived", "Appointment not arrived", "", not_arrived))
    alerts = AlertService(db, services.changes, registry)
    assert alerts.check(owner.shop_id).raised == 1
    assert [a.title for a in alerts.alerts(owner)] == ["Appointment not arrived: Ana Ruiz, 9:00"]
    waiting.clear()
    assert alerts.check(owner.shop_id).resolved == 1
    with pytest.raises(ValueError, match="registered already"):
        registry.register(RuleKind("appointment_not_arrived", "Another", "", not_arrived))


def test_a_rule_kind_nobody_registered_any_more_is_left_alone(services: Services, owner: Actor) -> None:
    unknown = AlertService(services.db, services.changes, RuleRegistry())
    assert unknown.check(owner.shop_id).raised == 0
    with pytest.raises(NotFoundError, match="No alert rule"):
        unknown.save_rule(owner, "promised_passed", RuleInput(True), 1)
