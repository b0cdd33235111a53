"""A locked-down shared PostgreSQL server: an owner role, a role per shop, the owner's office role.

``baydesk server setup`` (app/cli.py) runs ``set_up_server`` as an administrator:

* an **owner role** that owns the schema and runs the migrations (tables are
  its own, so row-level security does not restrict it: data migrations and
  backups see every shop);
* an **app role**, NOLOGIN: the group that holds every right a terminal has
  (app/db/server_grants.py). Nobody signs in with it;
* the **owner's office role**: LOGIN, a member of the app role, opens every
  shop of the chain (an office terminal picks one in its settings).

``baydesk server add-shop`` runs ``add_shop``: a new LOGIN role, a member of
the app role, mapped in ``server_roles`` to one shop (a new shop id, which
that role's first terminal creates, or an existing shop's). A terminal's
password opens its own shop and nothing else: row-level security keys on the
login role through that mapping, which no terminal may read or write.

Everything here is idempotent: running it again after an upgrade re-applies
grants and policies to the tables the upgrade added, and brings the roles up
to date (a shared application login of an earlier version becomes the
NOLOGIN group: each shop then connects with its own role).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL

from app.db import migrate
from app.db.all_models import APPEND_ONLY_TABLES, metadata
from app.db.engine import open_database, without_password
from app.db.server_grants import apply_grants_and_policies
from app.domain.errors import ConflictError, ValidationError

DEFAULT_OWNER_ROLE = "baydesk_owner"
DEFAULT_APP_ROLE = "baydesk_app"
DEFAULT_OFFICE_ROLE = "baydesk_office"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class LoginRole:
    """A role people's terminals (or the owner's tools) sign in with."""

    name: str
    password: str


@dataclass(frozen=True)
class ServerSetup:
    owner_role: str
    app_role: str
    office_role: str
    database: str
    shop_tables: tuple[str, ...]
    append_only: tuple[str, ...]
    shops_without_role: tuple[tuple[uuid.UUID, str], ...]  # made before per-shop roles: run add-shop
    words_index_missing: str = ""  # why part look-up by words scans (no pg_trgm), or ""


@dataclass(frozen=True)
class ShopRole:
    role: str
    shop_id: uuid.UUID
    shop_name: str | None  # None: not created yet; the role's first terminal creates it


def check_role_name(name: str, field: str) -> str:
    if not _ROLE_NAME.match(name):
        raise ValidationError(
            {field: "is lower-case letters, digits and _ (at most 63), starting with a letter"}
        )
    return name


def set_up_server(
    admin_url: URL, owner: LoginRole, office: LoginRole, app_role: str = DEFAULT_APP_ROLE
) -> ServerSetup:
    """Create (or bring up to date) the roles, the database, the schema, the grants and the policies."""
    names = {"owner_role": owner.name, "office_role": office.name, "app_role": app_role}
    for field, name in names.items():
        check_role_name(name, field)
    if len(set(names.values())) != len(names):
        raise ValidationError({"app_role": "the owner, office and app roles need three different names"})
    database = admin_url.database or "baydesk"
    admin_url = _psycopg(admin_url)

    with _engine(admin_url.set(database="postgres")) as maintenance, maintenance.connect() as conn:
        _ensure_role(conn, owner.name, owner.password)
        _ensure_role(conn, app_role, "", login=False)
        _ensure_role(conn, office.name, office.password)
        conn.execute(text(f'GRANT "{app_role}" TO "{office.name}"'))
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{database}" OWNER "{owner.name}"'))

    with _engine(admin_url.set(database=database)) as admin, admin.connect() as conn:
        conn.execute(text(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC'))
        conn.execute(
            text(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{owner.name}", "{app_role}"')
        )
        conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
        conn.execute(text(f'GRANT USAGE, CREATE ON SCHEMA public TO "{owner.name}"'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{app_role}"'))

    owner_url = without_password(admin_url.set(database=database, username=owner.name))
    owner_db = open_database(owner_url, password=owner.password or None)
    try:
        migrate.upgrade(owner_db, backup=False)
        with owner_db.engine.begin() as conn:
            tables = apply_grants_and_policies(conn, app_role)
            _map(conn, office.name, None, office=True)
            orphans = _shops_without_role(conn)
            words_index_missing = _words_index_missing(conn)
    finally:
        owner_db.dispose()
    append_only = tuple(t for t in APPEND_ONLY_TABLES if t in metadata.tables)
    return ServerSetup(
        owner.name, app_role, office.name, database, tables, append_only, orphans, words_index_missing
    )


def _words_index_missing(conn: Connection) -> str:
    """Why part look-up by words scans (the migration, run by the owner role, could not install
    pg_trgm: a trusted extension, but its contrib package must be on the server), or ''."""
    if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
        return ""
    return (
        "PostgreSQL extension pg_trgm is not installed in this database: part look-up by words "
        "scans the shop's parts. Install the server's contrib package, then run this setup again."
    )


def add_shop(
    admin_url: URL,
    role: LoginRole,
    app_role: str = DEFAULT_APP_ROLE,
    shop_id: uuid.UUID | None = None,
) -> ShopRole:
    """A login role for one shop: a new shop's (made by its first terminal) or an existing shop's.

    Run again for the same role, it changes the password and keeps the shop.
    """
    check_role_name(role.name, "role")
    check_role_name(app_role, "app_role")
    database = admin_url.database or "baydesk"
    admin_url = _psycopg(admin_url)
    with _engine(admin_url.set(database=database), autocommit=False) as admin, admin.begin() as conn:
        if conn.execute(text("SELECT to_regclass('server_roles') IS NULL")).scalar():
            raise ValidationError({"url": f"run `baydesk server setup` on {database} first"})
        if role.name in _special_roles(conn, app_role):
            raise ValidationError(
                {"role": f"{role.name} is the owner, office or app role; name the shop's own"}
            )
        current = conn.execute(
            text("SELECT shop_id, office FROM server_roles WHERE role_name = :r"), {"r": role.name}
        ).first()
        if current is not None and (current.office or (shop_id is not None and current.shop_id != shop_id)):
            raise ConflictError(f"The role {role.name} already opens another shop; choose another name.")
        if shop_id is not None and not _shop_exists(conn, shop_id):
            raise ValidationError({"shop_id": f"no shop {shop_id} on this server (`baydesk server shops`)"})
        mapped = current.shop_id if current is not None else shop_id or uuid.uuid4()
        _ensure_role(conn, role.name, role.password)
        conn.execute(text(f'GRANT "{app_role}" TO "{role.name}"'))
        _map(conn, role.name, mapped, office=False)
        name = conn.execute(text("SELECT name FROM shops WHERE id = :s"), {"s": mapped}).scalar()
    return ShopRole(role.name, mapped, name)


def reapply_if_owner(conn: Connection) -> list[str]:
    """After ``baydesk migrate`` as the owner role: re-apply grants and policies for every app role
    found on the schema (new tables get them too). Returns the roles, or [] when not the owner."""
    owner = conn.execute(
        text("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'shops'")
    ).scalar()
    if owner is None or owner != conn.execute(text("SELECT current_user")).scalar():
        return []
    roles = sorted(
        conn.execute(
            text(
                "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
                "WHERE table_schema = current_schema() AND table_name = 'shops' "
                "AND grantee NOT IN (current_user, 'PUBLIC')"
            )
        ).scalars()
    )
    for app_role in roles:
        apply_grants_and_policies(conn, app_role)
    return roles


def _map(conn: Connection, role: str, shop_id: uuid.UUID | None, *, office: bool) -> None:
    conn.execute(
        text(
            "INSERT INTO server_roles (role_name, shop_id, office) VALUES (:r, :s, :o) "
            "ON CONFLICT (role_name) DO UPDATE SET shop_id = excluded.shop_id, office = excluded.office"
        ),
        {"r": role, "s": shop_id, "o": office},
    )


def _shops_without_role(conn: Connection) -> tuple[tuple[uuid.UUID, str], ...]:
    rows = conn.execute(
        text(
            "SELECT s.id, s.name FROM shops s WHERE NOT EXISTS "
            "(SELECT 1 FROM server_roles r WHERE r.shop_id = s.id AND NOT r.office) ORDER BY s.name"
        )
    )
    return tuple((row.id, row.name) for row in rows)


def _special_roles(conn: Connection, app_role: str) -> set[str]:
    owner = conn.execute(
        text("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'shops'")
    ).scalar()
    offices = set(conn.execute(text("SELECT role_name FROM server_roles WHERE office")).scalars())
    return {app_role, str(owner), *offices}


def _shop_exists(conn: Connection, shop_id: uuid.UUID) -> bool:
    return conn.execute(text("SELECT 1 FROM shops WHERE id = :s"), {"s": shop_id}).scalar() is not None


def _ensure_role(conn: Connection, role: str, password: str, *, login: bool = True) -> None:
    attributes = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
    attributes = f"{'LOGIN' if login else 'NOLOGIN'} {attributes}"
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar()
    verb = "ALTER" if exists else "CREATE"
    conn.execute(text(f'{verb} ROLE "{role}" WITH {attributes}'))
    if password and login:
        # a literal, quoted by the driver on the client (utility statements take no parameters)
        raw = conn.connection.dbapi_connection
        from psycopg import sql

        statement = sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password))
        with raw.cursor() as cursor:  # type: ignore[union-attr]
            cursor.execute(statement)


class _engine:
    """An engine for one block (AUTOCOMMIT unless told: CREATE DATABASE needs it), disposed after it."""

    def __init__(self, url: URL, *, autocommit: bool = True) -> None:
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT") if autocommit else create_engine(url)

    def __enter__(self) -> Engine:
        return self.engine

    def __exit__(self, *_exc: object) -> None:
        self.engine.dispose()


def _psycopg(url: URL) -> URL:
    if url.get_backend_name() != "postgresql":
        raise ValidationError({"url": "is a PostgreSQL server URL (postgresql://admin@host/database)"})
    return url.set(drivername="postgresql+psycopg")
