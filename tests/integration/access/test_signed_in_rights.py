"""A person signed in keeps no right the owner has taken away: every write re-reads who they are now."""

from __future__ import annotations

import pytest

from app.db.engine import Database
from app.domain.errors import SignedOutError
from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.services.parts.counter import SaleInput, SaleLine
from tests.integration.stock_helpers import add_part, on_hand, table_count
from tests.integration.users_support import PASSWORDS, add_person
from tests.integration.work_order_helpers import add_car, audit_ok, counts


def test_a_deactivated_parts_user_still_signed_in_cannot_post_a_counter_sale(
    services: Services, db: Database, owner: Actor
) -> None:
    parts = add_person(services, owner, Role.PARTS)
    oil = add_part(services, owner, "OIL-5W30", "10", price="9.50")
    services.counter.post_sale(parts, SaleInput((SaleLine(oil, "1"),)))  # allowed while active
    services.users.deactivate(owner, parts.user_id)
    tickets = table_count(db, "counter_tickets")

    with pytest.raises(SignedOutError, match="deactivated"):
        services.counter.post_sale(parts, SaleInput((SaleLine(oil, "2"),)))

    assert table_count(db, "counter_tickets") == tickets
    assert on_hand(db, oil) == 9000  # nothing left the shelf
    audit_ok(services)


def test_a_demoted_user_is_told_their_role_changed_and_nothing_is_saved(
    services: Services, db: Database, owner: Actor
) -> None:
    desk = add_person(services, owner, Role.FRONT_DESK)
    vehicle_id = add_car(services, desk).vehicle_id
    services.users.change_role(owner, desk.user_id, Role.TECHNICIAN)
    before = counts(db)

    with pytest.raises(SignedOutError, match="Your role changed; sign in again"):
        services.work_orders.create(desk, vehicle_id)

    assert counts(db) == before
    again = services.setup.sign_in("desk", PASSWORDS[Role.FRONT_DESK], "desk terminal")
    assert again.role == Role.TECHNICIAN  # signed in anew, they have what the owner gave them


def test_a_demoted_owner_cannot_promote_themself_back(services: Services, owner: Actor) -> None:
    second = services.setup.add_user(owner, "boss2", "Second Owner", Role.OWNER, "owner password 2")
    boss2 = services.setup.sign_in("boss2", "owner password 2", "Office")
    services.users.change_role(owner, second, Role.FRONT_DESK)

    with pytest.raises(SignedOutError):
        services.users.change_role(boss2, second, Role.OWNER)
    assert {u.username: u.role for u in services.users.list(owner)}["boss2"] == Role.FRONT_DESK


def test_an_owner_may_still_demote_themself_when_another_owner_remains(
    services: Services, owner: Actor
) -> None:
    services.setup.add_user(owner, "boss2", "Second Owner", Role.OWNER, "owner password 2")
    view = services.users.change_role(owner, owner.user_id, Role.FRONT_DESK)  # as the owner they were
    assert view.role == Role.FRONT_DESK
    with pytest.raises(SignedOutError):  # the next write finds them a service writer
        services.users.change_role(owner, owner.user_id, Role.OWNER)
