"""Grants and row-level security for the terminals' roles on a shared server, run as the owner role.

Every right a terminal has comes through one NOLOGIN group role (the "app
role"); each shop's login role and the owner's office role are members of it.
Row-level security keys on the login role through ``server_roles``
(``baydesk_shop_ids()``, migration 0009), never on a setting a client may
change: the ``baydesk.shop_id`` setting can only narrow an office terminal to
one of its shops.

- Every table with a ``shop_id`` (and ``shops``): a terminal reads and writes
  its own shop's rows only. Nothing is readable across the chain but the
  ``chain_stock`` view (SKU, shop name, on hand); the one cross-shop write is
  ``baydesk_transfer_stock``.
- Append-only tables: SELECT and INSERT only.
- Posted invoices and credit notes: UPDATE only of the void and reprint
  columns (``UPDATABLE``); people, shops and audit heads likewise, and none of
  them may be deleted. A change of a person's role, active flag or password,
  a new person, and a void must be written to the audit log by an owner in the
  same transaction (deferred triggers of migration 0009), and an audit head
  only moves forward onto an entry that is there.
- ``server_roles``: no rights at all.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from app.db.all_models import APPEND_ONLY_TABLES, POSTED_INVOICE_MUTABLE, metadata
from app.domain.audit_chain import GENESIS_HASH

POLICY = "baydesk_shop"
NEW_HEAD_POLICY = "baydesk_new_head"
# Policies of earlier versions, dropped on the way (setup and migrate are re-run after upgrades).
OLD_POLICIES = ("baydesk_chain_read", "baydesk_chain_transfer_insert", "baydesk_chain_transfer_update")
MY_SHOPS = "((SELECT baydesk_shop_ids())::uuid[])"  # an array from a subquery: evaluated once per statement
SERVER_ONLY = ("server_roles",)  # no terminal may read or write these
CHAIN_VIEWS = ("chain_stock",)  # the reads across the chain: these columns only
# Where a terminal may UPDATE only some columns; other tables: whole rows (append-only ones: none).
UPDATABLE: dict[str, tuple[str, ...]] = {
    "invoices": POSTED_INVOICE_MUTABLE,
    "users": (
        "display_name",
        "role",
        "active",
        "password_hash",
        "pin_hash",
        "failed_attempts",
        "locked_until",
    ),
    "shops": ("name", "address", "phone", "timezone", "currency", "tax_rate"),
    "audit_heads": ("seq", "hash"),
}
NEVER_DELETED = ("invoices", "users", "shops", "audit_heads", "terminals")
# What a terminal may call; every other baydesk_ function runs only inside these or as a trigger.
CALLABLE = (
    "baydesk_shop_ids()",
    "baydesk_role_shops()",
    "baydesk_transfer_stock(uuid,uuid,bigint,uuid,uuid)",
)


def apply_grants_and_policies(conn: Connection, app_role: str) -> tuple[str, ...]:
    """Grants and row-level security for ``app_role`` (the group) on the whole schema; run as the owner.

    Returns the tables that carry the shop policy. Idempotent: every grant is
    revoked and given again, every policy dropped and made again.
    """
    role = f'"{app_role}"'
    existing = set(
        conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars()
    )
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))
    if "alembic_version" in existing:
        conn.execute(text(f"GRANT SELECT ON alembic_version TO {role}"))
    shop_tables: list[str] = []
    for table in metadata.sorted_tables:
        name = table.name
        if name not in existing:
            continue
        if name in SERVER_ONLY:
            conn.execute(text(f'ALTER TABLE "{name}" ENABLE ROW LEVEL SECURITY'))
            continue
        for grant in _grants(name):
            conn.execute(text(f'GRANT {grant} ON "{name}" TO {role}'))
        key = "id" if name == "shops" else "shop_id" if "shop_id" in table.columns else None
        if key is not None:
            _shop_policy(conn, name, key, role)
            shop_tables.append(name)
    for view in CHAIN_VIEWS:
        if _exists(conn, view):
            conn.execute(text(f'GRANT SELECT ON "{view}" TO {role}'))
    _functions(conn, role)
    return tuple(shop_tables)


def _grants(table: str) -> list[str]:
    rights = ["SELECT", "INSERT"]
    if table in APPEND_ONLY_TABLES:
        return [", ".join(rights)]
    columns = UPDATABLE.get(table)
    grants = [", ".join(rights if columns is not None else [*rights, "UPDATE"])]
    if columns is not None:
        grants.append(f"UPDATE ({', '.join(columns)})")
    if table not in NEVER_DELETED:
        grants.append("DELETE")
    return grants


def _shop_policy(conn: Connection, name: str, key: str, role: str) -> None:
    conn.execute(text(f'ALTER TABLE "{name}" ENABLE ROW LEVEL SECURITY'))
    for policy in (POLICY, NEW_HEAD_POLICY, *OLD_POLICIES):
        conn.execute(text(f'DROP POLICY IF EXISTS {policy} ON "{name}"'))
    conn.execute(
        text(
            f'CREATE POLICY {POLICY} ON "{name}" TO {role} '
            f"USING ({key} = ANY {MY_SHOPS}) WITH CHECK ({key} = ANY {MY_SHOPS})"
        )
    )
    if name == "audit_heads":  # a new shop's head starts at the beginning, nowhere else
        conn.execute(
            text(
                f'CREATE POLICY {NEW_HEAD_POLICY} ON "{name}" AS RESTRICTIVE FOR INSERT TO {role} '
                f"WITH CHECK (seq = 0 AND hash = '{GENESIS_HASH}')"
            )
        )


def _functions(conn: Connection, role: str) -> None:
    """Only the group may call the callable functions; nobody else (PUBLIC) calls any."""
    ours = conn.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'baydesk%'"
        )
    ).scalars()
    for function in list(ours):
        conn.execute(text(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC"))
        conn.execute(text(f"REVOKE EXECUTE ON FUNCTION {function} FROM {role}"))
        if function.replace(" ", "") in CALLABLE:
            conn.execute(text(f"GRANT EXECUTE ON FUNCTION {function} TO {role}"))


def _exists(conn: Connection, relation: str) -> bool:
    return conn.execute(text("SELECT to_regclass(:r) IS NOT NULL"), {"r": relation}).scalar() is True
