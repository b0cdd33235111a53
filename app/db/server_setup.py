"""A locked-down shared PostgreSQL server: two roles, grants, row-level security by shop.

``baydesk server setup`` (app/cli.py) runs ``set_up_server`` as an administrator:

* an **owner role** that owns the schema and runs the migrations (tables are
  its own, so row-level security does not restrict it: data migrations and
  backups see every shop);
* an **application role**, the one terminals sign in with: LOGIN, not
  superuser, not owner, NOBYPASSRLS. It may SELECT/INSERT/UPDATE/DELETE the
  shop tables but only SELECT/INSERT the append-only ones
  (``APPEND_ONLY_TABLES``): an UPDATE or DELETE there is "permission denied";
* **row-level security** on every table with a ``shop_id`` column, found in
  ``Base.metadata`` (new tables are covered when setup or ``baydesk migrate``
  re-applies it), plus ``shops`` itself: the application role sees and
  writes only rows of the shop named by the connection's ``baydesk.shop_id``
  (app/db/engine.py sets it). Shop names, parts and stock on hand
  (``CHAIN_READABLE``) are readable across the chain, so a parts counter sees
  a sister shop's stock; a transfer between shops moves stock in both shops
  in one transaction, so on-hand rows may be updated and stock movements
  written for any shop of the chain (``CHAIN_STOCK``). Customers, vehicles,
  work orders, invoices, payments, users and the audit log stay per shop.

Everything here is idempotent: running it again after an upgrade re-applies
grants and policies to the tables the upgrade added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL

from app.db import migrate
from app.db.all_models import APPEND_ONLY_TABLES, metadata
from app.db.engine import SHOP_SETTING, open_database, without_password
from app.domain.errors import ValidationError

POLICY = "baydesk_shop"
CHAIN_POLICY = "baydesk_chain_read"
CHAIN_READABLE = ("shops", "parts", "inventory")  # readable across the chain (stock at sister shops)
TRANSFER_POLICY = "baydesk_chain_transfer"
# A transfer between shops of the chain: stock leaves here and arrives there in one transaction.
CHAIN_STOCK = {"inventory": ("INSERT", "UPDATE"), "stock_movements": ("INSERT",)}
_SHOP = f"nullif(current_setting('{SHOP_SETTING}', true), '')::uuid"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class ServerSetup:
    owner_role: str
    app_role: str
    database: str
    shop_tables: tuple[str, ...]
    append_only: tuple[str, ...]


def check_role_name(name: str, field: str) -> str:
    if not _ROLE_NAME.match(name):
        raise ValidationError(
            {field: "is lower-case letters, digits and _ (at most 63), starting with a letter"}
        )
    return name


def set_up_server(
    admin_url: URL, owner_role: str, owner_password: str, app_role: str, app_password: str
) -> ServerSetup:
    """Create (or bring up to date) the roles, the database, the schema, the grants and the policies."""
    check_role_name(owner_role, "owner_role")
    check_role_name(app_role, "app_role")
    if owner_role == app_role:
        raise ValidationError({"app_role": "must differ from the owner role"})
    database = admin_url.database or "baydesk"
    admin_url = _psycopg(admin_url)

    maintenance = create_engine(admin_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as conn:
            _ensure_role(conn, owner_role, owner_password)
            _ensure_role(conn, app_role, app_password)
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}
            ).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{database}" OWNER "{owner_role}"'))
    finally:
        maintenance.dispose()

    admin = create_engine(admin_url.set(database=database), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC'))
            conn.execute(
                text(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{owner_role}", "{app_role}"')
            )
            conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
            conn.execute(text(f'GRANT USAGE, CREATE ON SCHEMA public TO "{owner_role}"'))
            conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{app_role}"'))
    finally:
        admin.dispose()

    owner_url = without_password(admin_url.set(database=database, username=owner_role))
    owner_db = open_database(owner_url, password=owner_password or None)
    try:
        migrate.upgrade(owner_db, backup=False)
        with owner_db.engine.begin() as conn:
            tables = apply_grants_and_policies(conn, app_role)
    finally:
        owner_db.dispose()
    append_only = tuple(t for t in APPEND_ONLY_TABLES if t in metadata.tables)
    return ServerSetup(owner_role, app_role, database, tables, append_only)


def apply_grants_and_policies(conn: Connection, app_role: str) -> tuple[str, ...]:
    """Grants and row-level security for ``app_role`` on every table of the schema; run as the owner.

    Returns the tables that carry the shop policy.
    """
    check_role_name(app_role, "app_role")
    role = f'"{app_role}"'
    existing = set(
        conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars()
    )
    shop_tables: list[str] = []
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))
    if "alembic_version" in existing:
        conn.execute(text(f"GRANT SELECT ON alembic_version TO {role}"))
    for table in metadata.sorted_tables:
        name = table.name
        if name not in existing:
            continue
        rights = "SELECT, INSERT" if name in APPEND_ONLY_TABLES else "SELECT, INSERT, UPDATE, DELETE"
        conn.execute(text(f'GRANT {rights} ON "{name}" TO {role}'))
        key = "id" if name == "shops" else "shop_id" if "shop_id" in table.columns else None
        if key is None:
            continue
        shop_tables.append(name)
        conn.execute(text(f'ALTER TABLE "{name}" ENABLE ROW LEVEL SECURITY'))
        transfer_policies = tuple(f"{TRANSFER_POLICY}_{c.lower()}" for c in ("INSERT", "UPDATE"))
        for policy in (POLICY, CHAIN_POLICY, *transfer_policies):
            conn.execute(text(f'DROP POLICY IF EXISTS {policy} ON "{name}"'))
        conn.execute(
            text(
                f'CREATE POLICY {POLICY} ON "{name}" TO {role} USING ({key} = {_SHOP}) WITH CHECK ({key} = {_SHOP})'
            )
        )
        if name in CHAIN_READABLE:
            conn.execute(text(f'CREATE POLICY {CHAIN_POLICY} ON "{name}" FOR SELECT TO {role} USING (true)'))
        for command in CHAIN_STOCK.get(name, ()):
            using = "USING (true) " if command == "UPDATE" else ""
            conn.execute(
                text(
                    f'CREATE POLICY {TRANSFER_POLICY}_{command.lower()} ON "{name}" FOR {command} TO {role} '
                    f"{using}WITH CHECK (true)"
                )
            )
    return tuple(shop_tables)


def reapply_if_owner(conn: Connection) -> list[str]:
    """After ``baydesk migrate`` as the owner role: re-apply grants and policies for every application
    role found on the schema (new tables get them too). Returns the roles, or [] when not the owner."""
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


def _ensure_role(conn: Connection, role: str, password: str) -> None:
    attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar()
    verb = "ALTER" if exists else "CREATE"
    conn.execute(text(f'{verb} ROLE "{role}" WITH {attributes}'))
    if password:
        # a literal, quoted by the driver on the client (utility statements take no parameters)
        raw = conn.connection.dbapi_connection
        from psycopg import sql

        statement = sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password))
        with raw.cursor() as cursor:  # type: ignore[union-attr]
            cursor.execute(statement)


def _psycopg(url: URL) -> URL:
    if url.get_backend_name() != "postgresql":
        raise ValidationError({"url": "is a PostgreSQL server URL (postgresql://admin@host/database)"})
    return url.set(drivername="postgresql+psycopg")
