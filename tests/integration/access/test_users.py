"""The owner's user management on both databases: add, deactivate (never delete), reset, roles, PINs."""

from __future__ import annotations

import pytest

from app.db.engine import Database
from app.domain.errors import AuthenticationError, ConflictError, NotFoundError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.terminals import TerminalMode
from app.services.access.dto import NewUser
from app.services.container import Services
from tests.integration.integration_support import audit_seqs, count_rows
from tests.integration.users_support import PASSWORDS, FakeClock, add_person, audit_actions, user_row

OWNER_PASSWORD = "owner password 1"


def test_the_owner_adds_a_person_who_can_then_sign_in(services: Services, owner: Actor, db: Database) -> None:
    added = services.users.add(owner, NewUser("  pat ", "Pat Parts", Role.PARTS, "parts password 1"))
    assert (added.username, added.display_name, added.role, added.active) == (
        "pat",
        "Pat Parts",
        Role.PARTS,
        True,
    )
    actor = services.setup.sign_in("PAT", "parts password 1", "Counter")
    assert (actor.name, actor.role) == ("Pat Parts", Role.PARTS)
    listed = {u.username: u for u in services.users.list(owner)}
    assert set(listed) == {"owner", "pat"}
    assert listed["pat"].last_sign_in_at is not None


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        (NewUser("pat", "Pat", Role.PARTS, "short"), "password", "at least 12 characters"),
        (NewUser("pat smith", "Pat", Role.PARTS, "parts password 1"), "username", "without spaces"),
        (NewUser("", "Pat", Role.PARTS, "parts password 1"), "username", "is required"),
        (NewUser("pat", "Pat 4111 1111 1111 1111", Role.PARTS, "parts password 1"), "display_name", "card"),
        (NewUser("pat", "Pat", Role.PARTS, "p" * 2000), "password", "longer than 1024"),
    ],
)
def test_bad_input_for_a_new_person_is_named_and_nothing_is_saved(
    services: Services, owner: Actor, db: Database, data: NewUser, field: str, text: str
) -> None:
    users = count_rows(db, "users")
    with pytest.raises(ValidationError) as caught:
        services.users.add(owner, data)
    assert text in caught.value.errors[field]
    assert count_rows(db, "users") == users


def test_a_user_name_is_taken_whatever_its_case(services: Services, owner: Actor) -> None:
    with pytest.raises(ConflictError, match="'OWNER' is taken"):
        services.users.add(owner, NewUser("OWNER", "Another", Role.FRONT_DESK, "desk password 1"))


def test_deactivating_keeps_the_person_and_their_history_but_stops_their_sign_in(
    services: Services, owner: Actor, db: Database
) -> None:
    desk = add_person(services, owner, Role.FRONT_DESK)
    users = count_rows(db, "users")
    view = services.users.deactivate(owner, desk.user_id)
    assert not view.active
    assert count_rows(db, "users") == users  # never deleted
    with pytest.raises(AuthenticationError):
        services.setup.sign_in("desk", PASSWORDS[Role.FRONT_DESK], "Desk")
    assert services.users.reactivate(owner, desk.user_id).active
    assert services.setup.sign_in("desk", PASSWORDS[Role.FRONT_DESK], "Desk").user_id == desk.user_id


def test_the_last_active_owner_can_be_neither_deactivated_nor_demoted(
    services: Services, owner: Actor, db: Database
) -> None:
    start = len(audit_seqs(db))
    with pytest.raises(ValidationError, match="last active owner"):
        services.users.deactivate(owner, owner.user_id)
    with pytest.raises(ValidationError, match="last active owner"):
        services.users.change_role(owner, owner.user_id, Role.FRONT_DESK)
    assert user_row(db, "owner")["role"] == "owner" and user_row(db, "owner")["active"]
    assert len(audit_seqs(db)) == start

    second = services.users.add(owner, NewUser("olga", "Olga Owner", Role.OWNER, "olga password 1"))
    services.users.change_role(owner, owner.user_id, Role.FRONT_DESK)  # another owner remains
    olga = services.setup.sign_in("olga", "olga password 1", "Office")
    with pytest.raises(ValidationError, match="last active owner"):
        services.users.deactivate(olga, second.id)


def test_a_reset_password_replaces_the_old_one_and_lifts_a_lockout(
    services: Services, owner: Actor, db: Database
) -> None:
    services.setup.signing.clock = FakeClock()  # type: ignore[method-assign]
    desk = add_person(services, owner, Role.FRONT_DESK)
    for _ in range(10):
        with pytest.raises(AuthenticationError):
            services.setup.sign_in("desk", "a wrong password", "Desk")
    assert user_row(db, "desk")["locked_until"] is not None
    with pytest.raises(ValidationError, match="at least 12"):
        services.users.reset_password(owner, desk.user_id, "too short")
    services.users.reset_password(owner, desk.user_id, "a brand new password")
    assert user_row(db, "desk")["locked_until"] is None
    with pytest.raises(AuthenticationError):
        services.setup.sign_in("desk", PASSWORDS[Role.FRONT_DESK], "Desk")
    assert services.setup.sign_in("desk", "a brand new password", "Desk").user_id == desk.user_id


def test_unlock_lets_a_locked_person_in_before_the_half_hour(
    services: Services, owner: Actor, db: Database
) -> None:
    services.setup.signing.clock = FakeClock()  # type: ignore[method-assign]
    desk = add_person(services, owner, Role.FRONT_DESK)
    for _ in range(10):
        with pytest.raises(AuthenticationError):
            services.setup.sign_in("desk", "a wrong password", "Desk")
    services.users.unlock(owner, desk.user_id)
    assert services.setup.sign_in("desk", PASSWORDS[Role.FRONT_DESK], "Desk").user_id == desk.user_id


def test_pins_are_for_technicians_and_leave_with_a_change_of_role(
    services: Services, owner: Actor, db: Database
) -> None:
    tech = add_person(services, owner, Role.TECHNICIAN)
    desk = add_person(services, owner, Role.FRONT_DESK)
    with pytest.raises(ValidationError, match="only technicians"):
        services.users.set_pin(owner, desk.user_id, "1234")
    with pytest.raises(ValidationError, match="4 to 8 digits"):
        services.users.set_pin(owner, tech.user_id, "12")
    assert services.users.set_pin(owner, tech.user_id, "20261").has_pin
    start = len(audit_seqs(db))
    view = services.users.change_role(owner, tech.user_id, Role.PARTS)
    assert (view.role, view.has_pin) == (Role.PARTS, False)
    assert audit_actions(db, start) == ["change_role"]
    services.users.change_role(owner, tech.user_id, Role.TECHNICIAN)
    services.users.set_pin(owner, tech.user_id, "20261")
    assert not services.users.clear_pin(owner, tech.user_id).has_pin


def test_a_person_of_another_shop_is_not_found(services: Services, owner: Actor) -> None:
    from app.services.access.setup import OwnerInput, ShopInput

    other = services.setup.create_shop(
        ShopInput("Other Garage"), OwnerInput("otto", "Otto", "otto password 1")
    )
    with pytest.raises(NotFoundError):
        services.users.deactivate(other, owner.user_id)
    assert [u.username for u in services.users.list(other)] == ["otto"]


def test_the_owner_sets_each_terminal_mode(services: Services, owner: Actor, db: Database) -> None:
    bay = services.setup.register_terminal(owner.shop_id, "Bay 3")
    start = len(audit_seqs(db))
    view = services.terminals.set_mode(owner, bay, "bay")
    assert view.mode == TerminalMode.BAY
    assert audit_actions(db, start) == ["set_mode"]
    with pytest.raises(ValidationError, match="not a terminal mode"):
        services.terminals.set_mode(owner, bay, "kitchen")
    modes = {t.name: t.mode for t in services.terminals.list(owner)}
    assert modes == {"Front desk 1": TerminalMode.FRONT_DESK, "Bay 3": TerminalMode.BAY}


def test_the_idle_lock_is_fifteen_minutes_until_the_owner_changes_it(
    services: Services, owner: Actor
) -> None:
    desk = add_person(services, owner, Role.FRONT_DESK)
    assert services.terminals.idle_lock_minutes(desk) == 15
    assert services.terminals.set_idle_lock_minutes(owner, 5) == 5
    assert services.terminals.idle_lock_minutes(desk) == 5
    with pytest.raises(ValidationError, match="between 1 and 240"):
        services.terminals.set_idle_lock_minutes(owner, 0)
    assert services.terminals.idle_lock_minutes(desk) == 5
