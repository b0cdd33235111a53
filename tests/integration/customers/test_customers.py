"""The front desk's customers and vehicles through CustomerService, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import pytest

from app.db.engine import Database
from app.domain.customers import CustomerInput, CustomerKind, VehicleInput
from app.domain.errors import ConflictError, NotFoundError, StaleEditError, ValidationError
from app.domain.permissions import Actor
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services
from app.services.customers import records as customers_module
from app.services.customers.dto import CustomerView
from tests.integration.integration_support import audit_rows, count_rows, row_counts

BUICK_VIN = "1G4AH59H45G118341"
BUS_VIN = "1M8GDM9AXKP042788"


@dataclass(frozen=True)
class Shop:
    pat: CustomerView
    patricia: CustomerView
    john: CustomerView
    acme: CustomerView
    buick_id: uuid.UUID
    bus_id: uuid.UUID


@pytest.fixture
def shop(services: Services, desk: Actor) -> Shop:
    c = services.customers
    pat = c.create_customer(
        desk,
        CustomerInput(first_name="Pat", last_name="Lee", phone="(503) 555-0142", email="Pat.Lee@example.com"),
    )
    patricia = c.create_customer(
        desk,
        CustomerInput(
            first_name="Patricia", last_name="Smith", phone="503-555-0199", email="psmith@example.org"
        ),
    )
    john = c.create_customer(
        desk, CustomerInput(first_name="John", last_name="Smithers", phone="+1 415 555 2671")
    )
    acme = c.create_customer(
        desk,
        CustomerInput(
            kind=CustomerKind.COMPANY, company_name="Acme Fleet", first_name="Dana", last_name="Ops"
        ),
    )
    buick = c.add_vehicle(desk, patricia.id, VehicleInput(vin=BUICK_VIN, plate="7abc 123", make="Buick"))
    bus = c.add_vehicle(desk, acme.id, VehicleInput(vin=BUS_VIN, plate="FLEET-07", unit_number="07"))
    return Shop(pat, patricia, john, acme, buick.vehicle.id, bus.vehicle.id)


def names(services: Services, actor: Actor, text: str) -> set[str]:
    return {hit.name for hit in services.customers.search(actor, text)}


def vehicle_hits(services: Services, actor: Actor, text: str) -> set[uuid.UUID]:
    return {hit.vehicle_id for hit in services.customers.search(actor, text) if hit.vehicle_id}


# --- search -----------------------------------------------------------------------------------


NAME_SEARCHES = {
    "smi": {"Patricia Smith", "John Smithers"},
    "SMITH": {"Patricia Smith", "John Smithers"},
    "smithe": {"John Smithers"},
    "pat": {"Pat Lee", "Patricia Smith"},
    "patricia": {"Patricia Smith"},
    "pat smi": {"Patricia Smith"},
    "smith patricia": {"Patricia Smith"},
    "john smith": {"John Smithers"},
    "acme": {"Acme Fleet"},
    "dana": {"Acme Fleet"},
    "acme fleet": {"Acme Fleet"},  # a company name of several words
    "dana ops": {"Acme Fleet"},
    "zed": set(),
}
PHONE_SEARCHES = {
    "(503) 555-0142": {"Pat Lee"},
    "503.555.0142": {"Pat Lee"},
    "555 0142": {"Pat Lee"},  # the last digits
    "0142": {"Pat Lee"},
    "503555": {"Pat Lee", "Patricia Smith"},  # the first digits
    "503-555": {"Pat Lee", "Patricia Smith"},
    "555-2671": {"John Smithers"},
    "1 415 555": {"John Smithers"},
    "555 0143": set(),
}
EMAIL_SEARCHES = {
    "pat.lee@": {"Pat Lee"},
    "PSMITH@EXAMPLE": {"Patricia Smith"},
    "psm": {"Patricia Smith"},
}


def misses(services: Services, actor: Actor, cases: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every search whose customers differ from the expected ones, with what it found."""
    found = {typed: names(services, actor, typed) for typed in cases}
    return {typed: got for typed, got in found.items() if got != cases[typed]}


def test_search_by_name_prefix(services: Services, desk: Actor, shop: Shop) -> None:
    assert misses(services, desk, NAME_SEARCHES) == {}


def test_search_by_phone_in_any_formatting(services: Services, desk: Actor, shop: Shop) -> None:
    assert misses(services, desk, PHONE_SEARCHES) == {}


def test_search_by_email_prefix(services: Services, desk: Actor, shop: Shop) -> None:
    assert misses(services, desk, EMAIL_SEARCHES) == {}


def test_search_by_plate_with_or_without_spaces(services: Services, desk: Actor, shop: Shop) -> None:
    for typed in ["7ABC123", "7abc 123", "7-ABC-123", "7abc"]:
        hits = [h for h in services.customers.search(desk, typed) if h.vehicle_id]
        assert [(h.name, h.vehicle_id) for h in hits] == [("Patricia Smith", shop.buick_id)], typed
        assert "7ABC 123" in hits[0].vehicle
        assert BUICK_VIN in hits[0].vehicle


def test_search_by_full_vin_or_its_last_six(services: Services, desk: Actor, shop: Shop) -> None:
    for typed in [BUICK_VIN, BUICK_VIN.lower(), "118341", "5G118341", "h45g118341"]:
        assert vehicle_hits(services, desk, typed) == {shop.buick_id}, typed
    hits = [h for h in services.customers.search(desk, "042788") if h.vehicle_id]
    assert [(h.name, h.vehicle_id) for h in hits] == [("Acme Fleet", shop.bus_id)]


def test_empty_search_lists_recent_customers(services: Services, desk: Actor, shop: Shop) -> None:
    assert names(services, desk, "") == {"Pat Lee", "Patricia Smith", "John Smithers", "Acme Fleet"}


def test_search_is_scoped_to_the_shop(services: Services, desk: Actor, shop: Shop) -> None:
    other = services.setup.create_shop(
        ShopInput("Other Garage", timezone="America/Chicago"),
        OwnerInput("other", "Otto Other", "other password 1"),
    )
    services.customers.create_customer(other, CustomerInput(first_name="Pat", last_name="Other"))
    assert names(services, desk, "pat") == {"Pat Lee", "Patricia Smith"}
    assert names(services, other, "pat") == {"Pat Other"}
    assert vehicle_hits(services, other, "118341") == set()


# --- soft delete ------------------------------------------------------------------------------


def test_a_deleted_customer_and_their_vehicles_leave_every_search(
    services: Services, desk: Actor, shop: Shop, db: Database
) -> None:
    services.customers.delete_customer(desk, shop.patricia.id, shop.patricia.version)
    assert names(services, desk, "pat") == {"Pat Lee"}
    assert names(services, desk, "503555") == {"Pat Lee"}
    assert vehicle_hits(services, desk, "7abc123") == set()
    assert vehicle_hits(services, desk, BUICK_VIN) == set()
    with pytest.raises(NotFoundError, match="no longer exists"):
        services.customers.get(desk, shop.patricia.id)
    with pytest.raises(NotFoundError):
        services.customers.vehicle_history(desk, shop.buick_id)
    assert count_rows(db, "customers") == 4  # soft: the rows stay
    assert count_rows(db, "vehicles") == 2


def test_a_deleted_vehicle_leaves_search_but_its_owner_stays(
    services: Services, desk: Actor, shop: Shop
) -> None:
    services.customers.delete_vehicle(desk, shop.buick_id, 1)
    assert vehicle_hits(services, desk, "7abc123") == set()
    assert vehicle_hits(services, desk, "118341") == set()
    assert names(services, desk, "patricia") == {"Patricia Smith"}
    assert services.customers.get(desk, shop.patricia.id).vehicles == ()


# --- VIN uniqueness ---------------------------------------------------------------------------


def test_a_duplicate_vin_is_refused_and_names_the_existing_vehicle(
    services: Services, desk: Actor, shop: Shop, db: Database
) -> None:
    before = row_counts(db)
    with pytest.raises(ConflictError) as caught:
        services.customers.add_vehicle(
            desk, shop.pat.id, VehicleInput(vin=" 1g4ah59h45-g118341", odometer="5000")
        )
    assert caught.value.existing_id == shop.buick_id
    assert "Patricia Smith" in caught.value.message
    assert row_counts(db) == before
    found = services.customers.find_vehicle_by_vin(desk, "1g4ah59h45g118341")
    assert found is not None
    assert found.id == shop.buick_id


def test_a_vin_is_free_again_once_its_vehicle_is_deleted(services: Services, desk: Actor, shop: Shop) -> None:
    services.customers.delete_vehicle(desk, shop.buick_id, 1)
    saved = services.customers.add_vehicle(desk, shop.pat.id, VehicleInput(vin=BUICK_VIN))
    assert saved.vehicle.id != shop.buick_id
    assert vehicle_hits(services, desk, "118341") == {saved.vehicle.id}
    assert services.customers.find_vehicle_by_vin(desk, BUICK_VIN).customer_id == shop.pat.id


def test_editing_a_vehicle_to_a_vin_already_taken_is_refused(
    services: Services, desk: Actor, shop: Shop
) -> None:
    with pytest.raises(ConflictError) as caught:
        services.customers.update_vehicle(desk, shop.bus_id, VehicleInput(vin=BUICK_VIN), 1)
    assert caught.value.existing_id == shop.buick_id
    assert services.customers.find_vehicle_by_vin(desk, BUS_VIN).id == shop.bus_id


def test_the_database_refuses_a_duplicate_vin_the_service_did_not_see(
    services: Services, desk: Actor, shop: Shop, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two terminals racing: the partial unique index has the last word, and nothing is half-saved."""
    monkeypatch.setattr(customers_module, "_refuse_duplicate_vin", lambda *args: None)
    before = row_counts(db)
    with pytest.raises(ConflictError, match="Another terminal just saved a vehicle with this VIN"):
        services.customers.add_vehicle(desk, shop.pat.id, VehicleInput(vin=BUICK_VIN, odometer="10"))
    assert row_counts(db) == before


def test_vehicles_without_a_vin_do_not_collide(services: Services, desk: Actor, shop: Shop) -> None:
    first = services.customers.add_vehicle(desk, shop.pat.id, VehicleInput(plate="TEMP 1"))
    second = services.customers.add_vehicle(desk, shop.pat.id, VehicleInput(plate="TEMP 2"))
    assert first.vehicle.vin is None
    assert second.vehicle.vin is None
    assert len(services.customers.get(desk, shop.pat.id).vehicles) == 2


def test_a_foreign_vin_with_a_wrong_check_digit_is_saved_with_a_warning(
    services: Services, desk: Actor, shop: Shop
) -> None:
    saved = services.customers.add_vehicle(desk, shop.pat.id, VehicleInput(vin="WBA3A5C50CF256551"))
    assert saved.vehicle.vin == "WBA3A5C50CF256551"
    assert saved.warnings and "check digit" in saved.warnings[0]


# --- odometer -----------------------------------------------------------------------------------


def test_a_lower_odometer_needs_a_reason_and_is_stored_with_it(
    services: Services, desk: Actor, shop: Shop, db: Database
) -> None:
    c = services.customers
    car = c.add_vehicle(desk, shop.pat.id, VehicleInput(plate="ODO 1", odometer="120,500")).vehicle
    before = row_counts(db)
    with pytest.raises(ValidationError) as caught:
        c.update_vehicle(desk, car.id, VehicleInput(plate="ODO 1", color="Red", odometer="3200"), car.version)
    assert "lower than the last reading 120,500" in caught.value.errors["odometer"]
    assert row_counts(db) == before
    unchanged = c.vehicle_history(desk, car.id)
    assert (unchanged.vehicle.odometer, unchanged.vehicle.color, unchanged.vehicle.version) == (
        120_500,
        "",
        1,
    )

    reason = "instrument cluster replaced"
    c.update_vehicle(
        desk, car.id, VehicleInput(plate="ODO 1", odometer="3200", odometer_reason=reason), car.version
    )
    history = c.vehicle_history(desk, car.id)
    assert history.vehicle.odometer == 3200
    assert [(r.reading, r.lower_reason) for r in history.readings][:1] == [(3200, reason)]
    assert {(r.reading, r.lower_reason, r.recorded_by) for r in history.readings} == {
        (120_500, "", "Sam Writer"),
        (3200, reason, "Sam Writer"),
    }


def test_record_odometer_refuses_lower_without_reason_and_keeps_higher(
    services: Services, desk: Actor, shop: Shop
) -> None:
    c = services.customers
    car = c.add_vehicle(desk, shop.pat.id, VehicleInput(plate="ODO 2", odometer="50000")).vehicle
    assert c.record_odometer(desk, car.id, 50_100).odometer == 50_100
    with pytest.raises(ValidationError, match="give a reason"):
        c.record_odometer(desk, car.id, 100)
    assert c.vehicle_history(desk, car.id).vehicle.odometer == 50_100
    assert c.record_odometer(desk, car.id, 100, "  odometer rolled over  ").odometer == 100
    readings = c.vehicle_history(desk, car.id).readings
    assert sorted((r.reading, r.lower_reason) for r in readings) == [
        (100, "odometer rolled over"),
        (50_000, ""),
        (50_100, ""),
    ]


# --- stale edits ----------------------------------------------------------------------------------


def test_a_stale_customer_edit_is_refused_naming_who_changed_it(
    services: Services, owner: Actor, desk: Actor, shop: Shop
) -> None:
    c = services.customers
    opened_by_owner = c.get(owner, shop.pat.id)
    opened_by_desk = c.get(desk, shop.pat.id)
    c.update_customer(
        desk,
        shop.pat.id,
        CustomerInput(first_name="Pat", last_name="Lee", phone="503 555 0000"),
        opened_by_desk.version,
    )
    with pytest.raises(StaleEditError) as caught:
        c.update_customer(
            owner, shop.pat.id, CustomerInput(first_name="Patrick", last_name="Lee"), opened_by_owner.version
        )
    assert caught.value.changed_by == "Sam Writer"
    assert "changed by Sam Writer" in caught.value.message
    assert "not saved" in caught.value.message
    now = c.get(owner, shop.pat.id)
    assert (now.first_name, now.phone, now.version) == ("Pat", "503 555 0000", 2)
    with pytest.raises(StaleEditError):
        c.delete_customer(owner, shop.pat.id, opened_by_owner.version)
    assert names(services, owner, "pat lee") == {"Pat Lee"}


def test_a_stale_vehicle_edit_is_refused(services: Services, owner: Actor, desk: Actor, shop: Shop) -> None:
    c = services.customers
    c.update_vehicle(desk, shop.buick_id, VehicleInput(vin=BUICK_VIN, plate="NEW 1"), 1)
    with pytest.raises(StaleEditError, match="Sam Writer"):
        c.update_vehicle(owner, shop.buick_id, VehicleInput(vin=BUICK_VIN, plate="OLD 1"), 1)
    with pytest.raises(StaleEditError):
        c.delete_vehicle(owner, shop.buick_id, 1)
    assert c.vehicle_history(owner, shop.buick_id).vehicle.plate == "NEW 1"


# --- bad input ------------------------------------------------------------------------------------


def test_refused_input_saves_nothing(services: Services, desk: Actor, shop: Shop, db: Database) -> None:
    before = row_counts(db)
    c = services.customers
    with pytest.raises(ValidationError):
        c.create_customer(desk, CustomerInput(first_name="Al", email="al@", notes="4111 1111 1111 1111"))
    with pytest.raises(ValidationError):
        c.update_customer(desk, shop.pat.id, CustomerInput(first_name="Pat", phone="CALL ME"), 1)
    with pytest.raises(ValidationError):
        c.add_vehicle(desk, shop.pat.id, VehicleInput(vin="1G4AH59H55G118341", odometer="1000"))
    with pytest.raises(NotFoundError):
        c.add_vehicle(desk, uuid.uuid4(), VehicleInput(plate="GHOST", odometer="1000"))
    assert row_counts(db) == before
    assert c.get(desk, shop.pat.id).phone == "(503) 555-0142"


def test_a_failure_half_way_through_a_save_leaves_nothing(
    services: Services, desk: Actor, shop: Shop, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vehicle row is written, then recording its odometer fails: neither is kept."""

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(customers_module, "add_odometer_reading", broken)
    before = row_counts(db)
    with pytest.raises(RuntimeError):
        services.customers.add_vehicle(desk, shop.pat.id, VehicleInput(plate="HALF 1", odometer="1000"))
    assert row_counts(db) == before
    assert vehicle_hits(services, desk, "HALF1") == set()


NAMES = [
    ("Zoë", "Ørsted", "zoë ør"),
    ("محمد", "عبد الله", "عبد الله"),
    ("דוד", "כהן", "כה"),
    ("太郎", "山田", "山"),
    ("Anna", "van der Berg", "anna van der berg"),  # surnames of several words
    ("Siobhán", "Ó Briain", "ó bri"),
    ("María José", "de la Cruz", "de la cruz"),
    ("\u200fנועה", "בן-דוד", "בן"),
    ("Robert'); DROP TABLE customers;--", "Tables", "robert');"),
    ("1' OR '1'='1", "Quote", "1' or '1"),
    ("%_\\", "Wildcards", "%_"),
    ("Hans", "ß" * 100, "ßß"),  # at the length limit; its search key ("ss"...) is twice as long
]


def test_unusual_names_round_trip_exactly_and_are_found(
    services: Services, desk: Actor, db: Database
) -> None:
    saved = {}
    for first, last, _typed in NAMES:
        notes = f"{first} {last}"
        view = services.customers.create_customer(
            desk, CustomerInput(first_name=first, last_name=last, notes=notes, city=first)
        )
        saved[(first, last)] = view.id
    for first, last, typed in NAMES:
        read = services.customers.get(desk, saved[(first, last)])
        assert (read.first_name, read.last_name, read.notes, read.city) == (
            first,
            last,
            f"{first} {last}",
            first,
        )
        found = {h.customer_id for h in services.customers.search(desk, typed)}
        assert saved[(first, last)] in found, f"{typed!r} did not find {first} {last}"
    assert count_rows(db, "customers") == len(NAMES)


def test_sql_typed_into_the_search_box_is_only_text(
    services: Services, desk: Actor, shop: Shop, db: Database
) -> None:
    assert names(services, desk, "'; DROP TABLE customers;--") == set()
    assert names(services, desk, "x' OR 1=1 --") == set()
    assert names(services, desk, "pa%") == set()  # not a wildcard
    assert count_rows(db, "customers") == 4


# --- audit ------------------------------------------------------------------------------------------


def test_every_write_is_audited_and_the_chain_verifies(services: Services, desk: Actor, db: Database) -> None:
    c = services.customers
    start = max((r["seq"] for r in audit_rows(db)), default=0)
    changed: list[frozenset[str]] = []
    services.changes.subscribe(changed.append)

    pat = c.create_customer(desk, CustomerInput(first_name="Pat", last_name="Lee", phone="503 555 0142"))
    pat = c.update_customer(
        desk, pat.id, CustomerInput(first_name="Pat", last_name="Lee", phone="503 555 0199"), pat.version
    )
    car = c.add_vehicle(desk, pat.id, VehicleInput(vin=BUICK_VIN, odometer="1000")).vehicle
    c.record_odometer(desk, car.id, 900, "cluster replaced")
    c.delete_customer(desk, pat.id, pat.version)

    rows = audit_rows(db, start)
    assert [(r["table_name"], r["action"]) for r in rows] == [
        ("customers", "create"),
        ("customers", "update"),
        ("vehicles", "create"),
        ("odometer_readings", "record"),
        ("odometer_readings", "record"),
        ("vehicles", "delete"),
        ("customers", "delete"),
    ]
    assert {uuid.UUID(str(r["user_id"])) for r in rows} == {desk.user_id}
    assert json.loads(rows[1]["diff"]) == {
        "before": {"phone": "503 555 0142"},
        "after": {"phone": "503 555 0199"},
    }
    assert json.loads(rows[4]["diff"])["after"] == {"odometer": 900, "reason": "cluster replaced"}
    assert rows[0]["record_id"] == str(pat.id)
    assert changed[0] == frozenset({"customers"})
    assert frozenset({"vehicles", "odometer_readings"}) in changed

    reports = services.audit.verify()
    assert [(r.shop_name, r.ok) for r in reports] == [("Test Garage", True)]
    assert reports[0].checked == rows[-1]["seq"]


def test_a_refused_write_adds_no_audit_entry(
    services: Services, desk: Actor, shop: Shop, db: Database
) -> None:
    before = audit_rows(db)
    with pytest.raises(ConflictError):
        services.customers.add_vehicle(desk, shop.pat.id, VehicleInput(vin=BUICK_VIN))
    with pytest.raises(StaleEditError):
        services.customers.update_customer(desk, shop.john.id, CustomerInput(last_name="X"), 99)
    assert audit_rows(db) == before
    assert services.audit.verify()[0].ok
