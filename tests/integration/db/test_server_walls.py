"""Someone holding a terminal's database password, on a locked-down server: what they cannot do.

Each test is one attack, made by raw SQL as a shop's own role (what the
password in a terminal's keyring gives), and what the database answers.
Two shops, Alder and Birch, each with its role; the owner's office role
opens both.
"""

from __future__ import annotations

import io
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import psycopg
import pytest
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from app import cli
from app.config import load_settings, settings_path
from app.db.engine import open_database
from app.db.live import live_feed
from app.domain.customers import CustomerInput
from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.services.parts.counter import SaleInput, SaleLine
from tests.integration.db.server_support import Server, drop_server, make_server, new_shop, raw
from tests.integration.stock_helpers import add_part

pytestmark = pytest.mark.postgres
D = Decimal


@dataclass(frozen=True)
class Shop:
    url: URL  # its role's: what its terminals' password opens
    id: uuid.UUID
    owner: str  # the owner's user name (password: "<name> password 12")
    owner_id: uuid.UUID


@dataclass(frozen=True)
class Chain:
    server: Server
    alder: Shop
    birch: Shop
    invoice_id: uuid.UUID  # posted at Alder


@pytest.fixture(scope="module")
def chain(pg_admin_url: URL) -> Iterator[Chain]:
    server = make_server(pg_admin_url, "walls")
    try:
        shops = []
        for label, name in (("alder", "Alder Auto"), ("birch", "Birch Brakes")):
            url, shop_id = server.add_shop(label)
            db = open_database(url, terminal_name=f"{name} desk")
            try:
                services, _ = new_shop(db, name, label)
                owner = services.setup.sign_in(label, f"{label} password 12", f"{name} desk")
                services.customers.create_customer(owner, CustomerInput(first_name="Pat", last_name=name))
                services.setup.add_user(
                    owner, f"{label}_tech", "Tia Tech", Role.TECHNICIAN, "tech password 12"
                )
                add_part(services, owner, "OF-1234", "5", cost="4.10", price="9.95")
                invoice = _counter_invoice(services, owner) if label == "alder" else None
            finally:
                db.dispose()
            shops.append((Shop(url, shop_id, label, owner.user_id), invoice))
        (alder, invoice_id), (birch, _) = shops
        assert invoice_id is not None
        yield Chain(server, alder, birch, invoice_id)
    finally:
        drop_server(pg_admin_url, server)


def _counter_invoice(services: Services, owner: Actor) -> uuid.UUID:
    part = services.parts.search(owner, "OF-1234")[0].id
    ticket = services.counter.post_sale(owner, SaleInput((SaleLine(part, "1"),), "Walk-in"))
    return services.invoicing.post_from_counter_ticket(owner, ticket.id).id


def refused(url: URL, sql: str, shop: uuid.UUID | None = None, **params: object) -> str:
    """The database's refusal of ``sql`` (the statement, or its COMMIT for a deferred check)."""
    with pytest.raises(DBAPIError) as caught:
        raw(url, sql, shop, **params)
    return str(caught.value.orig)


def owner_sees(chain: Chain, sql: str) -> list[tuple[object, ...]]:
    return raw(chain.server.owner, sql)


def services_as(shop: Shop, name: str = "Desk") -> tuple[Services, Actor]:
    db = open_database(shop.url, terminal_name=name)
    services = Services.build(db)
    return services, services.setup.sign_in(shop.owner, f"{shop.owner} password 12", name)


# --- 1. the shop setting is no longer a key -------------------------------------------------------


def test_1_naming_another_shop_in_the_setting_opens_nothing_of_it(chain: Chain) -> None:
    alder, birch = chain.alder, chain.birch
    for shop in (None, alder.id, birch.id):
        users = raw(alder.url, "SELECT username FROM users ORDER BY username", shop)
        assert users == ([] if shop == birch.id else [("alder",), ("alder_tech",)])  # never birch's hashes
    assert raw(alder.url, "SELECT count(*) FROM customers", birch.id) == [(0,)]
    assert (
        raw(alder.url, "UPDATE users SET display_name = 'x' WHERE username = 'birch' RETURNING id", birch.id)
        == []
    )
    assert raw(alder.url, "SELECT count(*) FROM audit_log WHERE shop_id = :b", birch.id, b=birch.id) == [(0,)]
    # the mapping the walls key on is out of reach, and so is becoming another role
    assert "permission denied" in refused(alder.url, "SELECT * FROM server_roles")
    assert "permission denied" in refused(
        alder.url,
        "INSERT INTO server_roles (role_name, shop_id, office) VALUES (current_user, :b, true)",
        b=birch.id,
    )
    assert "permission denied" in refused(alder.url, f'SET ROLE "{birch.url.username}"')
    assert "permission denied" in refused(alder.url, f'SET ROLE "{chain.server.office_role}"')
    # the owner's office opens both shops, each terminal narrowing to the one it works for
    office = chain.server.office
    assert raw(office, "SELECT count(*) FROM customers") == [(2,)]
    assert raw(office, "SELECT last_name FROM customers", birch.id) == [("Birch Brakes",)]


# --- 2. posted means posted -------------------------------------------------------------------------


def test_2_posted_money_and_who_may_do_what_cannot_be_changed_behind_the_apps_back(chain: Chain) -> None:
    alder, invoice = chain.alder, chain.invoice_id
    total = owner_sees(chain, f"SELECT total FROM invoices WHERE id = '{invoice}'")
    for sql in (
        "UPDATE invoices SET total = 1 WHERE id = :i",
        "UPDATE invoices SET customer_name = 'Someone else' WHERE id = :i",
        "UPDATE invoice_lines SET unit_price = 1 WHERE invoice_id = :i",
        "UPDATE payments SET amount = 1",
        "UPDATE day_closes SET gross_sales = 0",
        "DELETE FROM invoices WHERE id = :i",
        "DELETE FROM users",
    ):
        assert "permission denied" in refused(alder.url, sql, i=invoice), sql
    assert owner_sees(chain, f"SELECT total FROM invoices WHERE id = '{invoice}'") == total
    # a promotion, a deactivation, a password, a new person or a void that is not on the record
    for sql in (
        "UPDATE users SET role = 'owner' WHERE username = 'alder_tech'",
        "UPDATE users SET active = false WHERE username = 'alder'",
        "UPDATE users SET password_hash = 'known' WHERE username = 'alder'",
        "UPDATE invoices SET status = 'void' WHERE id = :i",
        "INSERT INTO users (id, shop_id, username, display_name, role, password_hash, active, failed_attempts, "
        "created_at) SELECT gen_random_uuid(), id, 'mallory', 'M', 'owner', 'x', true, 0, now() FROM shops",
    ):
        message = refused(alder.url, sql, i=invoice)
        assert "must be written to the audit log by an owner" in message, sql
    assert owner_sees(chain, "SELECT count(*) FROM users WHERE username = 'mallory'") == [(0,)]


def test_2_the_owner_still_voids_reprints_and_manages_people_through_the_app(chain: Chain) -> None:
    services, owner = services_as(chain.alder, "Office")
    try:
        tech = services.setup.add_user(
            owner, f"tech{uuid.uuid4().hex[:6]}", "Tia Tech", Role.TECHNICIAN, "tech password 12"
        )
        services.users.change_role(owner, tech, Role.PARTS)
        services.users.deactivate(owner, tech)
        services.users.reactivate(owner, tech)
        services.users.reset_password(owner, tech, "another password 12")
        services.invoicing.record_print(owner, chain.invoice_id)
        voided = services.invoicing.void(owner, chain.invoice_id, "Rang up twice")
        assert voided.status == "void"
        assert [r.ok for r in services.audit.verify()] == [True]
    finally:
        services.db.dispose()
    # ...and a person who is not an owner cannot put the change on the record for themselves
    assert "must be written to the audit log by an owner" in refused(
        chain.alder.url,
        "UPDATE users SET role = 'owner' WHERE id = :t",
        t=tech,
    )


# --- 3. another shop's stock -------------------------------------------------------------------------


def test_3_another_shops_stock_moves_only_through_the_transfer_function(chain: Chain) -> None:
    alder, birch = chain.alder, chain.birch
    birch_part = owner_sees(chain, f"SELECT id FROM parts WHERE shop_id = '{birch.id}'")[0][0]
    assert (
        raw(alder.url, "UPDATE inventory SET on_hand = 5000000 WHERE shop_id = :b RETURNING id", b=birch.id)
        == []
    )
    assert "row-level security" in refused(
        alder.url,
        "INSERT INTO stock_movements (id, shop_id, part_id, kind, quantity, on_hand_after, unit_cost, "
        "document_type, document_number, reason, warning, at) "
        "VALUES (gen_random_uuid(), :b, :p, 'receive', 1000000, 1000000, 0, '', '', '', '', now())",
        b=birch.id,
        p=birch_part,
    )
    # the function itself checks whose part and whose person it is given
    assert "permission denied" in refused(
        alder.url,
        "SELECT * FROM baydesk_transfer_stock(:p, :a, 1000, :u, NULL)",
        p=birch_part,
        a=alder.id,
        u=birch.owner_id,
    )
    alder_part = raw(alder.url, "SELECT id FROM parts")[0][0]
    assert "permission denied" in refused(
        alder.url,
        "SELECT * FROM baydesk_transfer_stock(:p, :b, 1000, :u, NULL)",
        p=alder_part,
        b=birch.id,
        u=birch.owner_id,
    )
    assert "permission denied" in refused(  # the inner helper that writes any shop's chain
        alder.url,
        "SELECT baydesk_audit_append(:b, NULL, NULL, 'inventory', 'x', 'forged', '{}')",
        b=birch.id,
    )
    # the real transfer: both ledgers agree with on hand, and both chains hold their entry
    services, owner = services_as(alder, "Parts")
    try:
        done = services.inventory.transfer(owner, alder_part, birch.id, "2")  # type: ignore[arg-type]
    finally:
        services.db.dispose()
    assert done.on_hand == D("2.000")  # 5 received, 1 sold, 2 sent
    ledger = owner_sees(
        chain,
        "SELECT i.shop_id, i.on_hand, (SELECT sum(quantity) FROM stock_movements m "
        "WHERE m.shop_id = i.shop_id AND m.part_id = i.part_id) FROM inventory i ORDER BY i.on_hand",
    )
    assert sorted((on_hand, total) for _s, on_hand, total in ledger) == [(2000, 2000), (7000, 7000)]
    entries = owner_sees(
        chain,
        "SELECT shop_id, action FROM audit_log WHERE action LIKE 'transfer%' ORDER BY action",
    )
    assert entries == [(alder.id, "transfer"), (birch.id, "transfer_in")]
    owner_db = open_database(chain.server.owner)
    try:
        assert [(r.ok, r.problem) for r in Services.build(owner_db).audit.verify()] == [(True, None)] * 2
    finally:
        owner_db.dispose()


# --- 4. the audit chain head ------------------------------------------------------------------------


def test_4_the_audit_head_cannot_be_rolled_back_or_deleted(chain: Chain) -> None:
    alder = chain.alder
    [(seq, digest)] = raw(alder.url, "SELECT seq, hash FROM audit_heads")
    for sql in (
        "DELETE FROM audit_heads",
        "DELETE FROM audit_log WHERE seq = :s",
        "UPDATE audit_heads SET seq = seq - 1",
        "UPDATE audit_heads SET seq = seq + 5",  # onto no entry
        "UPDATE audit_heads SET hash = repeat('0', 64)",
    ):
        assert "permission denied" in refused(alder.url, sql, s=seq), sql
    assert "row-level security" in refused(  # no second head, and no head that starts elsewhere
        alder.url,
        "INSERT INTO audit_heads (shop_id, seq, hash) VALUES (:b, 7, :h)",
        b=chain.birch.id,
        h=digest,
    )
    assert raw(alder.url, "SELECT seq, hash FROM audit_heads") == [(seq, digest)]
    services, owner = services_as(alder, "After")
    try:  # and the app's own path still moves it on
        services.customers.create_customer(owner, CustomerInput(first_name="Next", last_name="One"))
        assert [r.ok for r in services.audit.verify()] == [True]
    finally:
        services.db.dispose()
    assert raw(alder.url, "SELECT seq FROM audit_heads")[0][0] > seq  # type: ignore[operator]


# --- 5. LISTEN/NOTIFY --------------------------------------------------------------------------------


def test_5_a_shop_hears_only_its_own_changes(chain: Chain) -> None:
    alder, birch = chain.alder, chain.birch
    heard: dict[str, list[frozenset[str]]] = {"alder": [], "birch": []}
    feeds = []
    for name, shop in (("alder", alder), ("birch", birch)):
        db = open_database(shop.url, terminal_name=f"{name} board")
        feed = live_feed(db, heard[name].append, shop_id=None)  # whatever its role can hear
        feed.start()
        feeds.append((feed, db))
    time.sleep(0.5)
    services, owner = services_as(birch, "Birch desk 2")
    try:
        services.customers.create_customer(owner, CustomerInput(first_name="Only", last_name="Birch"))
    finally:
        services.db.dispose()
    _wait(lambda: bool(heard["birch"]))
    time.sleep(0.5)
    for feed, db in feeds:
        feed.stop()
        db.dispose()
    assert "customers" in frozenset().union(*heard["birch"])
    assert heard["alder"] == []
    # Alder cannot learn Birch's channel: not from shops, not from the listener's query text
    assert raw(alder.url, "SELECT count(*) FROM shops WHERE live_channel IS NOT NULL") == [(1,)]
    channel = owner_sees(chain, f"SELECT live_channel FROM shops WHERE id = '{birch.id}'")[0][0]
    with psycopg.connect(
        birch.url.set(drivername="postgresql").render_as_string(hide_password=False)
    ) as conn:
        conn.execute(f'LISTEN "{channel}"')
        conn.commit()
        visible = raw(
            alder.url, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%' || :c || '%'", c=channel
        )
    assert visible == [(0,)]


def _wait(done: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done():  # type: ignore[operator]
        time.sleep(0.05)


def test_an_office_terminal_works_for_the_shop_it_picked(chain: Chain) -> None:
    db = open_database(chain.server.office, terminal_name="Office", shop_id=chain.birch.id)
    try:
        services = Services.build(db)
        owner = services.setup.sign_in("birch", "birch password 12", "Office")
        assert owner.shop_id == chain.birch.id
        assert [h.name for h in services.customers.search(owner, "Pat")] == ["Pat Birch Brakes"]
        assert {c.shop_id for c in db.scope.role_shops or ()} == {chain.alder.id, chain.birch.id}
    finally:
        db.dispose()


@pytest.fixture
def own_settings() -> Iterator[None]:
    """This test writes the terminal's settings file; nothing of it outlives the test."""
    settings_path().unlink(missing_ok=True)
    yield
    settings_path().unlink(missing_ok=True)


@pytest.mark.usefixtures("own_settings")
def test_connecting_an_office_terminal_asks_which_shop(
    chain: Chain, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = chain.server.office.set(drivername="postgresql").render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("office password\n2\n"))
    assert cli.main(["server", "connect", url, "--password-stdin"]) == 0
    out = capsys.readouterr().out
    assert "1  Alder Auto" in out and "2  Birch Brakes" in out
    assert load_settings().shop_id == str(chain.birch.id)
    # a shop's role offers no choice: another shop's id is refused and nothing is saved
    monkeypatch.setattr("sys.stdin", io.StringIO("shop password\n"))
    shop_url = chain.alder.url.set(drivername="postgresql").render_as_string(hide_password=False)
    assert (
        cli.main(["server", "connect", shop_url, "--shop-id", str(chain.birch.id), "--password-stdin"]) == 2
    )
    assert "not a shop this role opens" in capsys.readouterr().err
    assert load_settings().shop_id == str(chain.birch.id)
