"""Services refuse what the actor may not do, and bad passwords, before any database work.

The unit of work here is concrete (no fake repositories), so these tests hand
the services a database that fails the test if a session is ever opened on
it: a refusal must come from the service's own checks, not from the database.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.db.engine import Database, open_database
from app.domain.customers import CustomerInput, VehicleInput
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.services.access import passwords
from app.services.access.setup import OwnerInput, SetupService, ShopInput
from app.services.base import ChangeHub
from app.services.customers.records import CustomerService


class DatabaseTouched(AssertionError):
    pass


class UntouchableDatabase(Database):
    """Any session opened on it fails the test (and its server does not exist)."""

    def session(self, *, write: bool, one_statement: bool = False) -> Session:
        raise DatabaseTouched(f"a {'write' if write else 'read'} session was opened")


def untouchable() -> UntouchableDatabase:
    real = open_database("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")

    @event.listens_for(real.engine, "do_connect")
    def _refuse(*_args: Any) -> None:  # the plain read path connects without a session
        raise DatabaseTouched("a connection was opened")

    return UntouchableDatabase(real.engine, real.url)


def actor(role: Role, name: str) -> Actor:
    return Actor(uuid.uuid4(), uuid.uuid4(), role, name, uuid.uuid4())


TECH = actor(Role.TECHNICIAN, "Terry Tech")
PARTS = actor(Role.PARTS, "Pam Parts")
DESK = actor(Role.FRONT_DESK, "Sam Writer")
SOMEONE = CustomerInput(first_name="Pat", last_name="Lee", phone="(503) 555-0142")
A_CAR = VehicleInput(vin="1G4AH59H45G118341", plate="7ABC123")


@pytest.fixture
def changes() -> list[frozenset[str]]:
    return []


@pytest.fixture
def customers(changes: list[frozenset[str]]) -> CustomerService:
    hub = ChangeHub()
    hub.subscribe(changes.append)
    return CustomerService(untouchable(), hub)


def customer_calls(service: CustomerService, who: Actor) -> dict[str, Any]:
    some_id = uuid.uuid4()
    return {
        "create_customer": lambda: service.create_customer(who, SOMEONE),
        "update_customer": lambda: service.update_customer(who, some_id, SOMEONE, 1),
        "delete_customer": lambda: service.delete_customer(who, some_id, 1),
        "add_vehicle": lambda: service.add_vehicle(who, some_id, A_CAR),
        "update_vehicle": lambda: service.update_vehicle(who, some_id, A_CAR, 1),
        "delete_vehicle": lambda: service.delete_vehicle(who, some_id, 1),
    }


@pytest.mark.parametrize("who", [TECH, PARTS], ids=["technician", "parts"])
@pytest.mark.parametrize(
    "call",
    [
        "create_customer",
        "update_customer",
        "delete_customer",
        "add_vehicle",
        "update_vehicle",
        "delete_vehicle",
    ],
)
def test_shop_floor_roles_may_not_edit_customers_or_vehicles(
    customers: CustomerService, changes: list[frozenset[str]], who: Actor, call: str
) -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        customer_calls(customers, who)[call]()
    assert caught.value.message.startswith(f"{who.name} (")
    assert caught.value.message.endswith("ask the owner.")
    assert changes == []  # no screen is told anything changed


def test_the_refusal_names_the_person_their_role_and_the_action(customers: CustomerService) -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        customers.create_customer(TECH, SOMEONE)
    assert caught.value.message == "Terry Tech (Technician) may not edit customers; ask the owner."


def test_permission_is_checked_before_the_input(customers: CustomerService) -> None:
    with pytest.raises(PermissionDeniedError):
        customers.create_customer(PARTS, CustomerInput(email="not an address"))


def test_parts_staff_may_not_record_odometer_readings(customers: CustomerService) -> None:
    with pytest.raises(PermissionDeniedError, match="record odometer"):
        customers.record_odometer(PARTS, uuid.uuid4(), 1000)


def test_a_technician_may_record_an_odometer_reading(customers: CustomerService) -> None:
    """Past the permission check the service goes to the database: proof it was allowed."""
    with pytest.raises(DatabaseTouched):
        customers.record_odometer(TECH, uuid.uuid4(), 1000)


@pytest.mark.parametrize("who", [TECH, PARTS, DESK], ids=["technician", "parts", "front desk"])
def test_every_role_may_search_customers(customers: CustomerService, who: Actor) -> None:
    with pytest.raises(DatabaseTouched):
        customers.search(who, "lee")


@pytest.mark.parametrize("call", ["create_customer", "delete_customer", "add_vehicle", "delete_vehicle"])
def test_the_front_desk_may_edit_customers_and_vehicles(customers: CustomerService, call: str) -> None:
    with pytest.raises(DatabaseTouched):
        customer_calls(customers, DESK)[call]()


def test_bad_input_is_refused_before_a_transaction_is_opened(
    customers: CustomerService, changes: list[frozenset[str]]
) -> None:
    with pytest.raises(ValidationError) as caught:
        customers.create_customer(DESK, CustomerInput(last_name="Lee", email="lee@", phone="CALL-ME"))
    assert set(caught.value.errors) == {"email", "phone"}
    with pytest.raises(ValidationError) as caught:
        customers.add_vehicle(DESK, uuid.uuid4(), VehicleInput(vin="1G4AH59H55G118341"))
    assert "calls for 4" in caught.value.errors["vin"]
    with pytest.raises(ValidationError):
        customers.record_odometer(DESK, uuid.uuid4(), -5)
    assert changes == []


def test_only_the_owner_may_add_users() -> None:
    setup = SetupService(untouchable())
    with pytest.raises(PermissionDeniedError, match="manage users"):
        setup.add_user(DESK, "new", "New Person", Role.FRONT_DESK, "a long enough password")


# --- passwords ---------------------------------------------------------------------------


class SpyHasher:
    """Stands in for the Argon2 hasher to show it was never asked to work."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def hash(self, password: str) -> str:
        self.calls.append("hash")
        return "$spy$"

    def verify(self, stored: str, password: str) -> bool:
        self.calls.append("verify")
        return True


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> SpyHasher:
    hasher = SpyHasher()
    monkeypatch.setattr(passwords, "_HASHER", hasher)
    return hasher


@pytest.mark.parametrize("password", ["", "short", "elevenchars"])
def test_passwords_under_12_characters_are_refused(password: str) -> None:
    with pytest.raises(ValidationError) as caught:
        passwords.hash_password(password)
    assert caught.value.errors["password"] == f"must be at least 12 characters ({len(password)} given)"


def test_a_very_long_password_is_refused_without_hashing(spy: SpyHasher) -> None:
    with pytest.raises(ValidationError) as caught:
        passwords.hash_password("x" * 1025)
    assert caught.value.errors["password"] == "is longer than 1024 characters"
    assert not passwords.verify_password("$argon2id$whatever", "x" * 1_000_000)
    assert spy.calls == []


def test_a_1024_character_password_is_still_accepted(spy: SpyHasher) -> None:
    passwords.hash_password("x" * 1024)
    assert spy.calls == ["hash"]


def test_shop_creation_with_a_weak_owner_password_is_refused_before_hashing_or_saving(spy: SpyHasher) -> None:
    setup = SetupService(untouchable())
    with pytest.raises(ValidationError) as caught:
        setup.create_shop(ShopInput("Joe's Garage", timezone="Mars/Olympus"), OwnerInput("joe", "Joe", "joe"))
    assert set(caught.value.errors) == {"timezone", "password"}
    assert spy.calls == []


def test_hashes_are_argon2id_with_the_owasp_minimum_parameters() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "correct horse" not in stored
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse batterY")


def test_the_same_password_hashes_differently_each_time() -> None:
    assert passwords.hash_password("same password 1") != passwords.hash_password("same password 1")


def test_a_damaged_stored_hash_means_wrong_password_not_a_crash() -> None:
    assert not passwords.verify_password("not a hash at all", "a long enough password")
