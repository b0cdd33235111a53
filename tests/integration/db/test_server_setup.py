"""The locked-down shared server, tried as the application role the terminals use.

Each run makes its own roles and database (unique names) and drops them at the end.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, ProgrammingError

from app import cli
from app.config import load_settings, settings_path
from app.db import backup_pg
from app.db.all_models import APPEND_ONLY_TABLES, metadata
from app.db.engine import open_database
from app.db.models_parts import Inventory, Part
from app.db.server_grants import SERVER_ONLY
from app.db.server_setup import LoginRole, add_shop, set_up_server
from app.domain.customers import CustomerInput
from app.domain.errors import AuthenticationError, ConflictError, ValidationError
from app.services.container import Services
from app.services.settings.backup import BackupService
from tests.integration.db.server_support import PASSWORD, Server, drop_server, make_server, new_shop, raw

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def server(pg_admin_url: URL) -> Iterator[Server]:
    server = make_server(pg_admin_url, "rls")
    try:
        yield server
    finally:
        drop_server(pg_admin_url, server)


@pytest.fixture
def shop_a(server: Server) -> tuple[URL, uuid.UUID]:
    """A new shop's role: its terminals' URL and the id its first terminal will create the shop under."""
    return server.add_shop("alder")


# --- roles and rights -----------------------------------------------------------------------------


def test_no_terminal_role_is_superuser_owner_or_exempt_and_the_shared_app_role_cannot_sign_in(
    server: Server, shop_a: tuple[URL, uuid.UUID]
) -> None:
    shop_role = shop_a[0].username
    flags = raw(
        server.admin,
        "SELECT rolname, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolcanlogin FROM pg_roles "
        "WHERE rolname IN (:app, :office, :role) ORDER BY rolname = :app, rolname",
        app=server.app_role,
        office=server.office_role,
        role=shop_role,
    )
    assert [(name, sup, by, cdb, crole) for name, sup, by, cdb, crole, _ in flags] == [
        (name, False, False, False, False) for name in sorted((server.office_role, shop_role))
    ] + [(server.app_role, False, False, False, False)]
    assert [login for *_, login in flags] == [True, True, False]  # nobody signs in with the group
    owners = {r[0] for r in raw(server.admin, "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
    assert owners == {server.owner_role}
    with pytest.raises(ProgrammingError, match="permission denied"):
        raw(shop_a[0], "CREATE TABLE sneaky (x int)")
    with pytest.raises(ProgrammingError, match="must be owner"):
        raw(shop_a[0], "ALTER TABLE customers DISABLE ROW LEVEL SECURITY")
    with pytest.raises(DBAPIError):
        raw(server.url(server.app_role), "SELECT 1")  # the group role has no login


def test_a_shops_role_may_not_update_or_delete_the_append_only_tables(
    server: Server, shop_a: tuple[URL, uuid.UUID]
) -> None:
    append_only = [t for t in APPEND_ONLY_TABLES if t in metadata.tables]
    assert {"audit_log", "stock_movements", "invoice_lines", "payments", "bay_status_logs"} <= set(
        append_only
    )
    for table in append_only:
        column = next(iter(metadata.tables[table].primary_key.columns)).name
        for statement in (
            f'UPDATE "{table}" SET {column} = {column}',
            f'DELETE FROM "{table}"',
            f'TRUNCATE "{table}"',
        ):
            with pytest.raises(ProgrammingError) as caught:
                raw(shop_a[0], statement)
            assert isinstance(caught.value.orig, psycopg.errors.InsufficientPrivilege), statement
            assert "permission denied" in str(caught.value.orig)
    # ...while the ordinary shop tables may be changed
    raw(shop_a[0], "UPDATE customers SET notes = notes WHERE false")


def test_a_whole_day_as_each_shops_role_and_another_shops_rows_stay_invisible(
    server: Server, shop_a: tuple[URL, uuid.UUID]
) -> None:
    alder_url, shop_id = shop_a
    app_db = open_database(alder_url, terminal_name="Desk A")  # no shop in the settings: the role says
    try:
        services = Services.build(app_db)
        assert not services.setup.is_initialized()  # a new shop's first terminal
        services, made = new_shop(app_db, "Alder Auto", "alder")
        assert made == shop_id == app_db.scope.shop_id  # the shop the server reserved for this role
        owner = services.setup.sign_in("alder", "alder password 12", "Desk A")
        services.customers.create_customer(
            owner, CustomerInput(first_name="Ann", last_name="Alder", phone="503 555 0101")
        )
        assert [h.name for h in services.customers.search(owner, "alder")] == ["Ann Alder"]
        assert [r.ok for r in services.audit.verify()] == [True]  # one shop: its own
    finally:
        app_db.dispose()

    birch_url, shop_b = server.add_shop("birch")  # another shop of the chain
    other_db = open_database(birch_url, terminal_name="Desk B")
    try:
        other, _ = new_shop(other_db, "Birch Brakes", "birch")
        birch = other.setup.sign_in("birch", "birch password 12", "Desk B")
        other.customers.create_customer(birch, CustomerInput(first_name="Bo", last_name="Birch"))
        assert [h.name for h in other.customers.search(birch, "alder")] == []
    finally:
        other_db.dispose()

    # raw SQL as a shop's role: only its own shop's rows, whatever the query or the setting
    assert raw(alder_url, "SELECT last_name FROM customers ORDER BY last_name") == [("Alder",)]
    assert raw(alder_url, "SELECT count(*) FROM customers WHERE last_name = 'Birch'") == [(0,)]
    assert raw(alder_url, "SELECT count(*) FROM users") == [(1,)]
    assert raw(alder_url, "SELECT name FROM shops") == [("Alder Auto",)]
    assert raw(alder_url, "SELECT count(*) FROM customers", shop_b) == [(0,)]  # naming B opens nothing
    assert raw(birch_url, "SELECT count(*) FROM audit_log") == raw(
        server.owner, f"SELECT count(*) FROM audit_log WHERE shop_id = '{shop_b}'"
    )
    assert raw(birch_url, "SELECT DISTINCT shop_id FROM audit_log") == [(shop_b,)]
    # nor can it write into another shop
    with pytest.raises(ProgrammingError, match="row-level security"):
        raw(
            alder_url,
            f"INSERT INTO customers (id, shop_id, kind, first_name, last_name) "
            f"VALUES ('{uuid.uuid4()}', '{shop_b}', 'person', 'Eve', 'Intruder')",
        )
    assert raw(alder_url, "UPDATE customers SET notes = 'x' WHERE last_name = 'Birch' RETURNING id") == []
    # the owner role (migrations, backups) sees the whole chain
    assert raw(server.owner, "SELECT count(*) FROM customers") == [(2,)]

    # a second terminal of shop A: the role finds its shop
    second = open_database(alder_url, terminal_name="Desk A2")
    try:
        desk = Services.build(second)
        assert desk.setup.sign_in("alder", "alder password 12", "Desk A2").shop_id == shop_id
        with pytest.raises(AuthenticationError):
            desk.setup.sign_in("birch", "birch password 12", "Desk A2")  # another shop's user is unknown here
    finally:
        second.dispose()


def test_only_sku_shop_name_and_on_hand_are_readable_across_the_chain(server: Server) -> None:
    cedar_url, cedar = server.add_shop("cedar")
    dogwood_url, dogwood = server.add_shop("dogwood")
    for url, name, user in ((cedar_url, "Cedar Cars", "cedar"), (dogwood_url, "Dogwood Diesel", "dogwood")):
        db = open_database(url)
        try:
            new_shop(db, name, user)
        finally:
            db.dispose()
    _stock(server, ((cedar, 2000), (dogwood, 7000)))
    assert raw(cedar_url, "SELECT shop_name, sku, on_hand FROM chain_stock ORDER BY on_hand") == [
        ("Cedar Cars", "OF-1234", 2000),
        ("Dogwood Diesel", "OF-1234", 7000),
    ]
    # the rows themselves stay with their shop: no sister's catalog, cost or bin
    assert raw(cedar_url, "SELECT DISTINCT shop_id FROM parts") == [(cedar,)]
    assert raw(cedar_url, "SELECT DISTINCT shop_id FROM inventory") == [(cedar,)]
    assert raw(cedar_url, "SELECT name FROM shops") == [("Cedar Cars",)]
    assert raw(cedar_url, f"DELETE FROM parts WHERE shop_id = '{dogwood}' RETURNING shop_id") == []
    assert raw(cedar_url, "SELECT count(*) FROM customers") == [(0,)]
    cedar_db = open_database(cedar_url, terminal_name="Cedar parts")
    try:
        services = Services.build(cedar_db)
        actor = services.setup.sign_in("cedar", "cedar password 12", "Cedar parts")
        sister = services.parts.search(actor, "OF-1234")
    finally:
        cedar_db.dispose()
    assert [(s.shop_name, s.on_hand) for hit in sister for s in hit.other_shops] == [("Dogwood Diesel", 7)]


def _stock(server: Server, shops: tuple[tuple[uuid.UUID, int], ...]) -> None:
    """An oil filter with stock in each shop, put in by the owner role."""
    owner_db = open_database(server.owner)
    try:
        with owner_db.session(write=True) as session:
            for shop, on_hand in shops:
                part = Part(shop_id=shop, sku="OF-1234", name="Oil filter", cost=Decimal("4.10"))
                session.add(part)
                session.flush()
                session.add(Inventory(shop_id=shop, part_id=part.id, on_hand=on_hand))
            session.commit()
    finally:
        owner_db.dispose()


def test_every_table_with_a_shop_id_has_row_level_security(server: Server) -> None:
    expected = {t.name for t in metadata.sorted_tables if "shop_id" in t.columns} | {"shops"}
    assert expected == set(metadata.tables)  # no table escapes: a new one without shop_id fails here
    secured = {r[0] for r in raw(server.admin, "SELECT relname FROM pg_class WHERE relrowsecurity")}
    assert expected <= secured
    with_policy = {
        r[0] for r in raw(server.admin, "SELECT tablename FROM pg_policies WHERE policyname = 'baydesk_shop'")
    }
    assert with_policy == expected - set(SERVER_ONLY)
    # the role-to-shop mapping: no terminal right at all
    grants = raw(
        server.admin,
        "SELECT privilege_type FROM information_schema.role_table_grants WHERE table_name = 'server_roles' "
        "AND grantee = :app",
        app=server.app_role,
    )
    assert grants == []


def test_setup_runs_again_after_an_upgrade_and_migrate_reapplies_grants(
    server: Server, shop_a: tuple[URL, uuid.UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    # a grant lost (as if a new table came with an upgrade): migrate as the owner puts it back
    raw(server.owner, f'REVOKE ALL ON customers FROM "{server.app_role}"')
    with pytest.raises(ProgrammingError, match="permission denied"):
        raw(shop_a[0], "SELECT count(*) FROM customers")
    owner_url = server.owner.render_as_string(hide_password=False)
    assert cli.main(["--database", owner_url, "migrate"]) == 0
    assert server.app_role in capsys.readouterr().out
    raw(shop_a[0], "SELECT count(*) FROM customers")
    # and setup itself is idempotent, the shops' roles keep their shops
    again = set_up_server(
        server.admin,
        LoginRole(server.owner_role, PASSWORD),
        LoginRole(server.office_role, PASSWORD),
        server.app_role,
    )
    assert "customers" in again.shop_tables
    assert (
        add_shop(server.admin, LoginRole(shop_a[0].username or "", PASSWORD), server.app_role).shop_id
        == shop_a[1]
    )
    with pytest.raises(ProgrammingError, match="permission denied"):
        raw(shop_a[0], "DELETE FROM audit_log")


def test_a_user_name_taken_in_another_shop_is_a_clear_conflict(server: Server) -> None:
    elm_url, _ = server.add_shop("elm")
    fir_url, fir = server.add_shop("fir")
    first = open_database(elm_url, terminal_name="Elm desk")
    second = open_database(fir_url, terminal_name="Fir desk")
    try:
        new_shop(first, "Elm Exhaust", "elmer")
        with pytest.raises(ConflictError, match="'elmer' is taken"):
            new_shop(second, "Fir Fleet", "elmer")  # elmer's row is invisible to this terminal
        assert raw(server.owner, "SELECT count(*) FROM shops WHERE name = 'Fir Fleet'") == [(0,)]
        assert second.scope.reserved == fir  # still free for the shop's real first start
    finally:
        first.dispose()
        second.dispose()


def test_bad_role_names_are_refused_before_anything_runs(server: Server) -> None:
    office = LoginRole(server.office_role, PASSWORD)
    for bad in ("Robert'); DROP TABLE shops;--", "", "x" * 64, "has space"):
        with pytest.raises(ValidationError):
            set_up_server(server.admin, LoginRole(bad, PASSWORD), office, server.app_role)
        with pytest.raises(ValidationError):
            add_shop(server.admin, LoginRole(bad, PASSWORD), server.app_role)
    with pytest.raises(ValidationError, match="different"):
        set_up_server(server.admin, LoginRole(server.app_role, PASSWORD), office, server.app_role)
    with pytest.raises(ValidationError, match="office"):  # a shop's role is never the office's
        add_shop(server.admin, office, server.app_role)
    with pytest.raises(DBAPIError):  # what a terminal's connection cannot do: become the owner
        raw(server.office, f'SET ROLE "{server.owner_role}"')


@pytest.mark.skipif(bool(backup_pg.missing_tools()), reason="pg_dump/pg_restore/psql are not installed")
def test_a_backup_and_restore_by_the_owner_role_keep_the_server_locked_down(
    server: Server, shop_a: tuple[URL, uuid.UUID], tmp_path: Path
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
        raw(shop_a[0], "DELETE FROM audit_log")
    assert raw(shop_a[0], "SELECT count(*) FROM customers") == [(0,)]  # its shop is not made yet
    owners = {r[0] for r in raw(server.admin, "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
    assert owners == {server.owner_role}
    unsecured = raw(
        server.admin, "SELECT relname FROM pg_class WHERE relname = 'customers' AND NOT relrowsecurity"
    )
    assert unsecured == []
    assert raw(server.admin, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'walls%'") == [(4,)]


def test_the_setup_and_add_shop_commands_prepare_a_server_and_print_what_the_terminals_use(
    pg_admin_url: URL, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tag = uuid.uuid4().hex[:8]
    roles = f"bd_cli_owner_{tag}", f"bd_cli_office_{tag}", f"bd_cli_app_{tag}", f"bd_cli_shop_{tag}"
    owner_role, office_role, app_role, shop_role = roles
    database = f"baydesk_cli_{tag}"
    admin = pg_admin_url.set(database=database).render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("owner secret pw1\noffice secret pw1\n"))
    args = ["server", "setup", "--url", admin, "--owner-role", owner_role, "--office-role", office_role]
    try:
        assert cli.main([*args, "--app-role", app_role, "--password-stdin"]) == 0
        out = capsys.readouterr().out
        assert f"baydesk server connect postgresql://{office_role}@" in out
        assert "server add-shop" in out and "secret" not in out
        assert "The owner role's password was NOT kept: this computer has no keyring." in out  # the null one
        monkeypatch.setattr("sys.stdin", io.StringIO("shop secret pw 1\n"))
        add = ["server", "add-shop", "--url", admin, "--role", shop_role, "--app-role", app_role]
        assert cli.main([*add, "--password-stdin"]) == 0
        out = capsys.readouterr().out
        assert f"baydesk server connect postgresql://{shop_role}@" in out and "a new shop" in out
        shop_url = pg_admin_url.set(database=database, username=shop_role)
        with pytest.raises(ProgrammingError, match="permission denied"):
            raw(shop_url, "DELETE FROM payments")
        # a terminal of that shop: connect remembers the shop its role opens
        monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
        url = shop_url.set(drivername="postgresql").render_as_string(hide_password=False)
        assert cli.main(["server", "connect", url, "--password-stdin"]) == 0
        reserved = raw(
            pg_admin_url.set(database=database),
            f"SELECT shop_id FROM server_roles WHERE role_name = '{shop_role}'",
        )
        assert load_settings().shop_id == str(reserved[0][0])
    finally:
        settings_path().unlink(missing_ok=True)
        cleanup = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
        with cleanup.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            for role in (shop_role, office_role, app_role, owner_role):
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        cleanup.dispose()
