"""Every owner-only service method refuses the other roles by itself, on both databases.

The UI hides what a role cannot do; these calls go around the UI, as a
script would, with a service writer's, a technician's and a parts person's
own signed-in identity. Each must raise ``PermissionDeniedError`` and leave
every row as it was (the audit log included).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from app.db.engine import Database
from app.domain.errors import PermissionDeniedError
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.services.access.dto import AuditFilter, NewUser
from app.services.container import Services
from tests.integration.users_support import add_person, snapshot


@dataclass
class Targets:
    """Real records the refused calls aim at (so a missing check would really change something)."""

    owner: Actor
    user_id: uuid.UUID
    terminal_id: uuid.UUID
    bay_id: uuid.UUID | None
    pricing: ShopPricing


Call = Callable[[Services, Actor, Targets], Any]


def _bay_calls() -> dict[str, Call]:
    from app.domain.bays import BayStatus
    from app.services.bays.board import BayInput

    return {
        "bays.save_bay (new)": lambda s, a, t: s.bays.save_bay(a, BayInput("Bay 9")),
        "bays.set_status": lambda s, a, t: s.bays.set_status(a, t.bay_id, BayStatus.MAINTENANCE, "lift"),
        "bays.save_settings": lambda s, a, t: s.bays.save_settings(a, s.bays.settings(t.owner)),
        "technician_reports.report": lambda s, a, t: s.technician_reports.report(
            a, date(2026, 1, 1), date(2026, 1, 31)
        ),
    }


OWNER_ONLY: dict[str, Call] = {
    "users.list": lambda s, a, t: s.users.list(a),
    "users.add": lambda s, a, t: s.users.add(
        a, NewUser("mallory", "Mallory", Role.OWNER, "mallory password")
    ),
    "setup.add_user": lambda s, a, t: s.setup.add_user(
        a, "mallory", "Mallory", Role.OWNER, "mallory password"
    ),
    "users.deactivate": lambda s, a, t: s.users.deactivate(a, t.user_id),
    "users.reactivate": lambda s, a, t: s.users.reactivate(a, t.user_id),
    "users.reset_password": lambda s, a, t: s.users.reset_password(a, t.user_id, "taken over by me"),
    "users.unlock": lambda s, a, t: s.users.unlock(a, t.user_id),
    "users.change_role (self to owner)": lambda s, a, t: s.users.change_role(a, a.user_id, Role.OWNER),
    "users.set_pin": lambda s, a, t: s.users.set_pin(a, t.user_id, "1234"),
    "users.clear_pin": lambda s, a, t: s.users.clear_pin(a, t.user_id),
    "terminals.list": lambda s, a, t: s.terminals.list(a),
    "terminals.set_mode": lambda s, a, t: s.terminals.set_mode(a, t.terminal_id, "office"),
    "terminals.set_idle_lock_minutes": lambda s, a, t: s.terminals.set_idle_lock_minutes(a, 240),
    "settings.update_pricing": lambda s, a, t: s.settings.update_pricing(a, t.pricing),
    "audit.page": lambda s, a, t: s.audit.page(a, AuditFilter()),
    "audit.entry": lambda s, a, t: s.audit.entry(a, 1),
    "audit.verify_shop": lambda s, a, t: s.audit.verify_shop(a),
    "audit.head": lambda s, a, t: s.audit.head(a),
    "audit.filter_choices": lambda s, a, t: s.audit.filter_choices(a),
    **_bay_calls(),
}


@pytest.fixture
def targets(services: Services, owner: Actor) -> Targets:
    from app.services.bays.board import BayInput

    victim = services.users.add(owner, NewUser("victim", "Vic Tim", Role.TECHNICIAN, "victim password"))
    services.users.set_pin(owner, victim.id, "2468")
    bay = services.bays.save_bay(owner, BayInput("Bay 1"))
    return Targets(
        owner, victim.id, owner.terminal_id or uuid.uuid4(), bay.id, services.settings.pricing(owner)
    )


@pytest.mark.parametrize("name", sorted(OWNER_ONLY))
def test_an_owner_only_call_is_refused_to_every_other_role_and_changes_nothing(
    services: Services, owner: Actor, targets: Targets, db: Database, name: str
) -> None:
    others = [add_person(services, owner, role) for role in (Role.FRONT_DESK, Role.TECHNICIAN, Role.PARTS)]
    before = snapshot(db)
    for actor in others:
        with pytest.raises(PermissionDeniedError, match="ask the owner"):
            OWNER_ONLY[name](services, actor, targets)
    assert snapshot(db) == before
    OWNER_ONLY[name](services, owner, targets)  # the owner may: the call itself works


def test_a_pin_sign_in_never_gives_more_than_technician_rights(
    services: Services, owner: Actor, targets: Targets, db: Database
) -> None:
    services.setup.register_terminal(owner.shop_id, "Bay 1", "bay")
    services.users.change_role(owner, targets.user_id, Role.TECHNICIAN)
    actor = services.setup.sign_in("victim", "2468", "Bay 1")
    assert actor.role == Role.TECHNICIAN
    with pytest.raises(PermissionDeniedError):
        services.users.change_role(actor, actor.user_id, Role.OWNER)
