"""The "appointment not arrived" alert rule on both databases: raised when late, resolved on arrival."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.domain.alerts import AlertState
from app.domain.permissions import Actor, Role
from app.services.alerts.dto import RuleInput
from app.services.bays.dto import BayView
from app.services.container import Services
from tests.integration.schedule_support import at, book, next_weekday
from tests.integration.work_order_helpers import Car

RULE = frozenset({"appointment_not_arrived"})


def _late(services: Services, actor: Actor) -> list[str]:
    return [a.title for a in services.alerts.alerts(actor) if a.kind == "appointment_not_arrived"]


def test_a_car_not_here_thirty_minutes_after_drop_off_raises_an_alert_its_arrival_resolves(
    services: Services, owner: Actor, desk: Actor, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(2)
    morning = book(services, desk, car.vehicle_id, at(day, 9), "1.5", bay_id=bays[0].id)
    check = services.alerts.check
    assert check(owner.shop_id, kinds=RULE, now=at(day, 9, 25)).raised == 0  # 25 minutes: not late yet
    assert check(owner.shop_id, kinds=RULE, now=at(day, 9, 31)).raised == 1
    assert check(owner.shop_id, kinds=RULE, now=at(day, 9, 35)).raised == 0  # raised once
    [title] = _late(services, desk)
    assert title == "Maria Lopez (2016 Honda Civic 7ABC123) was due at 9:00 AM and has not arrived"
    [alert] = [a for a in services.alerts.alerts(desk) if a.kind == "appointment_not_arrived"]
    assert (alert.state, alert.link_kind, alert.link_id) == (AlertState.OPEN, "schedule", morning.id)
    assert "Brakes squeal" in alert.detail and "(510) 555-0142" in alert.detail

    services.appointments.arrive(desk, morning.id)
    assert check(owner.shop_id, kinds=RULE, now=at(day, 9, 40)).resolved == 1
    [gone] = [a for a in services.alerts.alerts(desk, "resolved") if a.id == alert.id]
    assert (gone.state, gone.resolution) == (AlertState.RESOLVED, "Condition cleared")
    assert _late(services, desk) == []


def test_the_owner_sets_the_minutes_and_who_sees_it_and_old_bookings_stay_quiet(
    services: Services, owner: Actor, desk: Actor, car: Car
) -> None:
    day = next_weekday(3)
    rule = next(r for r in services.alerts.rules(owner) if r.kind == "appointment_not_arrived")
    assert (rule.label, rule.enabled, [(s.key, v) for s, v in rule.limits]) == (
        "Appointment not arrived",
        True,
        [("minutes", Decimal(30))],
    )
    owner_only = frozenset({Role.OWNER})
    services.alerts.save_rule(owner, rule.kind, RuleInput(True, {"minutes": "10"}, owner_only), rule.version)
    book(services, desk, car.vehicle_id, at(day, 13), "1")
    book(services, desk, car.vehicle_id, at(day - timedelta(days=1), 15), "1")  # yesterday's, never marked
    assert services.alerts.check(owner.shop_id, kinds=RULE, now=at(day, 13, 11)).raised == 1
    assert _late(services, desk) == []  # the owner keeps this one to themself
    [title] = _late(services, owner)
    assert title.endswith("was due at 1:00 PM and has not arrived")

    rule = next(r for r in services.alerts.rules(owner) if r.kind == "appointment_not_arrived")
    services.alerts.save_rule(owner, rule.kind, RuleInput(False, {"minutes": "10"}, rule.roles), rule.version)
    assert _late(services, owner) == []  # switched off: its alert resolves, no new ones
    assert services.alerts.check(owner.shop_id, kinds=RULE, now=at(day, 14)).raised == 0
