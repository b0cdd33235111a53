"""A rule's limits, roles and cool-down, as the owner types and the shop lives them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.domain.alerts import (
    TIME_UNIT,
    AlertState,
    LimitSpec,
    alert_state,
    check_rule_input,
    limits_with_defaults,
    parse_limits,
    parse_roles,
    roles_label,
    roles_text,
    within_cooldown,
)
from app.domain.errors import ValidationError
from app.domain.permissions import Role

AMOUNT = LimitSpec("amount", "More than", "$", Decimal("5.00"), Decimal("0"), Decimal("10000"), 2)
CLOSE_BY = LimitSpec("close_by", "Closed by", TIME_UNIT, Decimal(1260), Decimal(0), Decimal(1439))
NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def test_limits_read_as_typed_and_show_in_their_unit() -> None:
    assert parse_limits([AMOUNT, CLOSE_BY], {"amount": "12.5", "close_by": "19.30"}) == {
        "amount": Decimal("12.50"),
        "close_by": Decimal(19 * 60 + 30),
    }
    assert (AMOUNT.text(Decimal("12.5")), CLOSE_BY.text(Decimal(1170))) == ("$12.50", "19:30")
    assert (AMOUNT.typed(Decimal("12.5")), CLOSE_BY.typed(Decimal(1170))) == ("12.50", "19:30")
    assert parse_limits([AMOUNT, CLOSE_BY], {}) == {"amount": Decimal("5.00"), "close_by": Decimal(1260)}


def test_every_bad_limit_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_limits([AMOUNT, CLOSE_BY], {"amount": "-1", "close_by": "24:10"})
    assert caught.value.errors == {
        "amount": "is between $0.00 and $10000.00",
        "close_by": "'24:10' is not a time of day (HH:MM, e.g. 21:00)",
    }


def test_a_stored_limit_that_cannot_be_read_falls_back_to_its_default() -> None:
    assert limits_with_defaults([AMOUNT, CLOSE_BY], {"amount": "lots", "close_by": "1200"}) == {
        "amount": Decimal("5.00"),
        "close_by": Decimal(1200),
    }


def test_roles_are_stored_in_one_order_and_named_for_people() -> None:
    roles = parse_roles("parts, owner,nobody")
    assert roles == frozenset({Role.OWNER, Role.PARTS})
    assert roles_text(roles) == "owner,parts"
    assert roles_label(roles) == "Owner, Parts"
    with pytest.raises(ValidationError, match="at least one role"):
        check_rule_input(frozenset(), 60)


def test_the_cool_down_keeps_a_resolved_subject_quiet_for_its_minutes() -> None:
    assert within_cooldown(NOW - timedelta(minutes=59), NOW, 60)
    assert not within_cooldown(NOW - timedelta(minutes=60), NOW, 60)
    assert not within_cooldown(None, NOW, 60)
    assert not within_cooldown(NOW, NOW, 0)


def test_an_alert_is_open_until_resolved_whether_acknowledged_or_not() -> None:
    assert alert_state(None, None) is AlertState.OPEN
    assert alert_state(NOW, None) is AlertState.ACKNOWLEDGED
    assert alert_state(NOW, NOW) is AlertState.RESOLVED
