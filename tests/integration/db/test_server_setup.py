"""The locked-down shared server, tried as the application role the terminals use.

Each run makes its own roles and database (unique names) and drops them at the end.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, ProgrammingError

from app import cli
from app.db import backup_pg
from app.db.all_models import APPEND_ONLY_TABLES, metadata
from app.db.engine import Database, open_database
from app.db.models_parts import Inventory, Part
from app.db.server_setup import CHAIN_READABLE, set_up_server
from app.domain.customers import CustomerInput
from app.domain.errors import AuthenticationError, ConflictError, ValidationError
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services
from app.services.settings.backup import BackupService

pytestmark = pytest.mark.postgres
PASSWORD = "a role password 1"  # the test server trusts local connections; set anyway


@dataclass(frozen=True)
class Server:
    admin: URL
    owner: URL
    app: URL
    owner_role: str
    app_role: str


@pytest.fixture(scope="module")
def server(pg_admin_url: URL) -> Iterator[Server]:
    tag = uuid.uuid4().hex[:8]
    owner_role, app_role, database = f"bd_owner_{tag}", f"bd_app_{tag}", f"baydesk_rls_{tag}"
    admin = pg_admin_url.set(database=database)
    try:
        set_up_server(admin, owner_role, PASSWORD, app_role, PASSWORD)
        yield Server(
            admin,
            admin.set(username=owner_role, password=None),
            admin.set(username=app_role, password=None),
            owner_role,
            app_role,
        )
    finally:
        cleanup = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
        with cleanup.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            for role in (app_role, owner_role):
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        cleanup.dispose()


@pytest.fixture
def app_db(server: Server) -> Iterator[Database]:
    """A terminal on the application role, its shop not known yet."""
    db = open_database(server.app, terminal_name="Desk A")
    yield db
    db.dispose()


def raw(url: URL, sql: str, shop: uuid.UUID | None = None) -> list[tuple[object, ...]]:
    """One statement on a plain connection, with ``baydesk.shop_id`` set to ``shop`` if given."""
    engine = create_engine(url.set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as conn:
            if shop is not None:
                conn.execute(text("SELECT set_config('baydesk.shop_id', :s, true)"), {"s": str(shop)})
            result = conn.execute(text(sql))
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def new_shop(db: Database, name: str, owner: str) -> tuple[Services, uuid.UUID]:
    services = Services.build(db)
    actor = services.setup.create_shop(
        ShopInput(name), OwnerInput(owner, owner.title(), f"{owner} password 12")
    )
    return services, actor.shop_id


# --- roles and rights -----------------------------------------------------------------------------


def test_the_application_role_is_neither_superuser_nor_owner_nor_exempt_from_row_security(
    server: Server,
) -> None:
    [(superuser, bypass, createdb, createrole)] = raw(
        server.admin,
        f"SELECT rolsuper, rolbypassrls, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = '{server.app_role}'",
    )
    assert (superuser, bypass, createdb, createrole) == (False, False, False, False)
    owners = {r[0] for r in raw(server.admin, "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
    assert owners == {server.owner_role}
    with pytest.raises(ProgrammingError, match="permission denied"):
        raw(server.app, "CREATE TABLE sneaky (x int)")
    with pytest.raises(ProgrammingError, match="must be owner"):
        raw(server.app, "ALTER TABLE customers DISABLE ROW LEVEL SECURITY")


def test_the_application_role_may_not_update_or_delete_the_append_only_tables(server: Server) -> None:
    append_only = [t for t in APPEND_ONLY_TABLES if t in metadata.tables]
    assert {"audit_log", "stock_movements", "invoice_lines", "payments", "bay_status_logs"} <= set(
        append_only
    )
    for table in append_only:
        for statement in (f'UPDATE "{table}" SET id = id', f'DELETE FROM "{table}"', f'TRUNCATE "{table}"'):
            with pytest.raises(ProgrammingError) as caught:
                raw(server.app, statement)
            assert isinstance(caught.value.orig, psycopg.errors.InsufficientPrivilege), statement
            assert "permission denied" in str(caught.value.orig)
    # ...while the ordinary shop tables may be changed
    raw(server.app, "UPDATE customers SET notes = notes WHERE false")


def test_a_whole_day_as_the_application_role_and_another_shops_rows_stay_invisible(
    server: Server, app_db: Database
) -> None:
    services = Services.build(app_db)
    assert not services.setup.is_initialized()  # a new shop's first terminal
    services, shop_a = new_shop(app_db, "Alder Auto", "alder")
    assert app_db.scope.shop_id == shop_a  # this terminal now works for the shop it made
    owner = services.setup.sign_in("alder", "alder password 12", "Desk A")
    services.customers.create_customer(
        owner, CustomerInput(first_name="Ann", last_name="Alder", phone="503 555 0101")
    )
    assert [h.name for h in services.customers.search(owner, "alder")] == ["Ann Alder"]
    assert [r.ok for r in services.audit.verify()] == [True]  # one shop: its own

    other_db = open_database(server.app, terminal_name="Desk B")  # another shop of the chain
    try:
        other, shop_b = new_shop(other_db, "Birch Brakes", "birch")
        birch = other.setup.sign_in("birch", "birch password 12", "Desk B")
        other.customers.create_customer(birch, CustomerInput(first_name="Bo", last_name="Birch"))
        assert [h.name for h in other.customers.search(birch, "alder")] == []
    finally:
        other_db.dispose()

    # raw SQL as the application role: only the own shop's rows, whatever the query
    assert raw(server.app, "SELECT last_name FROM customers ORDER BY last_name", shop_a) == [("Alder",)]
    assert raw(server.app, "SELECT count(*) FROM customers WHERE last_name = 'Birch'", shop_a) == [(0,)]
    assert raw(server.app, "SELECT count(*) FROM users", shop_a) == [(1,)]
    assert raw(server.app, "SELECT name FROM shops ORDER BY name", shop_a) == [  # names: chain-wide
        ("Alder Auto",),
        ("Birch Brakes",),
    ]
    assert raw(server.app, "SELECT count(*) FROM customers") == [(0,)]  # no shop set: nothing
    assert raw(server.app, "SELECT count(*) FROM audit_log", shop_b) == raw(
        server.owner, f"SELECT count(*) FROM audit_log WHERE shop_id = '{shop_b}'"
    )
    assert raw(server.app, "SELECT DISTINCT shop_id FROM audit_log", shop_b) == [(shop_b,)]
    # nor can it write into another shop
    with pytest.raises(ProgrammingError, match="row-level security"):
        raw(
            server.app,
            f"INSERT INTO customers (id, shop_id, kind, first_name, last_name) "
            f"VALUES ('{uuid.uuid4()}', '{shop_b}', 'person', 'Eve', 'Intruder')",
            shop_a,
        )
    assert (
        raw(server.app, "UPDATE customers SET notes = 'x' WHERE last_name = 'Birch' RETURNING id", shop_a)
        == []
    )
    # the owner role (migrations, backups) sees the whole chain
    assert raw(server.owner, "SELECT count(*) FROM customers") == [(2,)]

    # a second terminal of shop A, told its shop in the settings
    second = open_database(server.app, terminal_name="Desk A2", shop_id=shop_a)
    try:
        desk = Services.build(second)
        assert desk.setup.sign_in("alder", "alder password 12", "Desk A2").shop_id == shop_a
        with pytest.raises(AuthenticationError):
            desk.setup.sign_in("birch", "birch password 12", "Desk A2")  # another shop's user is unknown here
    finally:
        second.dispose()


def test_parts_and_stock_on_hand_are_readable_across_the_chain(server: Server) -> None:
    policies = raw(
        server.admin,
        "SELECT tablename, policyname, cmd FROM pg_policies WHERE policyname = 'baydesk_chain_read' ORDER BY 1",
    )
    assert policies == [
        (t, "baydesk_chain_read", "SELECT") for t in sorted(CHAIN_READABLE) if t in metadata.tables
    ]


def test_a_parts_counter_sees_and_transfers_a_sister_shops_stock_and_nothing_else_is_shared(
    server: Server,
) -> None:
    shops = []
    for name, user in (("Cedar Cars", "cedar"), ("Dogwood Diesel", "dogwood")):
        db = open_database(server.app)
        try:
            shops.append(new_shop(db, name, user)[1])
        finally:
            db.dispose()
    cedar, dogwood = shops
    owner_db = open_database(server.owner)  # stock put in by the owner role, for both shops
    try:
        with owner_db.session(write=True) as session:
            for shop, on_hand in ((cedar, 2000), (dogwood, 7000)):
                part = Part(shop_id=shop, sku="OF-1234", name="Oil filter", cost=Decimal("4.10"))
                session.add(part)
                session.flush()
                session.add(Inventory(shop_id=shop, part_id=part.id, on_hand=on_hand))
            session.commit()
    finally:
        owner_db.dispose()
    chain_stock = (
        "SELECT p.shop_id, i.on_hand FROM parts p JOIN inventory i ON i.part_id = p.id ORDER BY i.on_hand"
    )
    assert raw(server.app, chain_stock, cedar) == [(cedar, 2000), (dogwood, 7000)]
    # a transfer through the service, as a Cedar terminal: out of Cedar, into Dogwood, one transaction
    cedar_db = open_database(server.app, terminal_name="Cedar parts", shop_id=cedar)
    try:
        services = Services.build(cedar_db)
        actor = services.setup.sign_in("cedar", "cedar password 12", "Cedar parts")
        part_id = raw(server.app, "SELECT id FROM parts WHERE sku = 'OF-1234'", cedar)[0][0]
        assert isinstance(part_id, uuid.UUID)
        services.inventory.transfer(actor, part_id, dogwood, "2")
        sister = services.parts.search(actor, "OF-1234")
    finally:
        cedar_db.dispose()
    assert raw(server.owner, "SELECT shop_id, on_hand FROM inventory ORDER BY on_hand") == [
        (cedar, 0),
        (dogwood, 9000),
    ]
    assert [(s.shop_name, s.on_hand) for hit in sister for s in hit.other_shops] == [("Dogwood Diesel", 9)]
    # the catalog stays the shop's own, and nothing else is shared
    assert raw(server.app, f"DELETE FROM parts WHERE shop_id = '{cedar}' RETURNING shop_id", dogwood) == []
    assert raw(server.app, "SELECT count(*) FROM customers", cedar) == [(0,)]
    assert raw(server.app, "SELECT count(*) FROM users", cedar) == [(1,)]


def test_every_table_with_a_shop_id_has_row_level_security(server: Server) -> None:
    expected = {t.name for t in metadata.sorted_tables if "shop_id" in t.columns} | {"shops"}
    assert expected == set(metadata.tables)  # no table escapes: a new one without shop_id fails here
    secured = {r[0] for r in raw(server.admin, "SELECT relname FROM pg_class WHERE relrowsecurity")}
    assert expected <= secured
    with_policy = {
        r[0] for r in raw(server.admin, "SELECT tablename FROM pg_policies WHERE policyname = 'baydesk_shop'")
    }
    assert with_policy == expected


def test_setup_runs_again_after_an_upgrade_and_migrate_reapplies_grants(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    # a grant lost (as if a new table came with an upgrade): migrate as the owner puts it back
    raw(server.owner, f'REVOKE ALL ON customers FROM "{server.app_role}"')
    with pytest.raises(ProgrammingError, match="permission denied"):
        raw(server.app, "SELECT count(*) FROM customers")
    owner_url = server.owner.render_as_string(hide_password=False)
    assert cli.main(["--database", owner_url, "migrate"]) == 0
    assert server.app_role in capsys.readouterr().out
    raw(server.app, "SELECT count(*) FROM customers")
    # and setup itself is idempotent
    again = set_up_server(server.admin, server.owner_role, PASSWORD, server.app_role, PASSWORD)
    assert "customers" in again.shop_tables
    with pytest.raises(ProgrammingError, match="permission denied"):
        raw(server.app, "DELETE FROM audit_log")


def test_a_user_name_taken_in_another_shop_is_a_clear_conflict(server: Server) -> None:
    first = open_database(server.app, terminal_name="Elm desk")
    second = open_database(server.app, terminal_name="Fir desk")
    try:
        new_shop(first, "Elm Exhaust", "elmer")
        with pytest.raises(ConflictError, match="'elmer' is taken"):
            new_shop(second, "Fir Fleet", "elmer")  # elmer's row is invisible to this terminal
        assert raw(server.owner, "SELECT count(*) FROM shops WHERE name = 'Fir Fleet'") == [(0,)]
    finally:
        first.dispose()
        second.dispose()


def test_bad_role_names_are_refused_before_anything_runs(server: Server) -> None:
    for bad in ("Robert'); DROP TABLE shops;--", "", "x" * 64, "has space"):
        with pytest.raises(ValidationError):
            set_up_server(server.admin, bad, PASSWORD, server.app_role, PASSWORD)
    with pytest.raises(ValidationError, match="differ"):
        set_up_server(server.admin, server.app_role, PASSWORD, server.app_role, PASSWORD)
    with pytest.raises(DBAPIError):  # what a plain app connection cannot do: become the owner
        raw(server.app, f'SET ROLE "{server.owner_role}"')


@pytest.mark.skipif(bool(backup_pg.missing_tools()), reason="pg_dump/pg_restore/psql are not installed")
def test_a_backup_and_restore_by_the_owner_role_keep_the_server_locked_down(
    server: Server, tmp_path: Path
) -> None:
    owner_db = open_database(server.owner)
    try:
        backups = BackupService(owner_db, tmp_path / "data")
        result = backups.backup(tmp_path / "server.dump")
        restored = backups.restore(result.path)
    finally:
        owner_db.dispose()
    assert restored.counts == result.counts
    with pytest.raises(ProgrammingError, match="permission denied"):
        raw(server.app, "DELETE FROM audit_log")
    assert raw(server.app, "SELECT count(*) FROM customers") == [(0,)]  # still no shop, no rows
    owners = {r[0] for r in raw(server.admin, "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
    assert owners == {server.owner_role}
    unsecured = raw(
        server.admin, "SELECT relname FROM pg_class WHERE relname = 'customers' AND NOT relrowsecurity"
    )
    assert unsecured == []


def test_the_setup_command_prepares_a_server_and_prints_what_the_terminals_use(
    pg_admin_url: URL, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tag = uuid.uuid4().hex[:8]
    owner_role, app_role, database = f"bd_cli_owner_{tag}", f"bd_cli_app_{tag}", f"baydesk_cli_{tag}"
    admin = pg_admin_url.set(database=database).render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("owner secret pw1\napp secret pw 1\n"))
    args = ["server", "setup", "--url", admin, "--owner-role", owner_role, "--app-role", app_role]
    try:
        assert cli.main([*args, "--password-stdin"]) == 0
        out = capsys.readouterr().out
        assert f"baydesk server connect postgresql://{app_role}@" in out
        assert "secret" not in out
        app_url = pg_admin_url.set(database=database, username=app_role)
        with pytest.raises(ProgrammingError, match="permission denied"):
            raw(app_url, "DELETE FROM payments")
    finally:
        cleanup = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
        with cleanup.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            for role in (app_role, owner_role):
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        cleanup.dispose()
