"""server walls: per-role shop mapping, posted documents fixed, the audit head only moves forward

- ``server_roles``: which shops a database role may open (row-level security
  keys on it through the login role; app/db/server_setup.py fills it);
  ``shops.live_channel``: each shop's unguessable LISTEN/NOTIFY channel.
- ``chain_stock``: the one cross-shop read a parts counter needs (SKU, shop,
  on hand), on both databases.
- The audit chain head only moves forward, onto an entry that is there, and
  is never deleted (a trigger on both databases; on PostgreSQL it binds the
  terminals' roles, the schema's owner may still repair).
- SQLite: triggers refuse UPDATE/DELETE of the append-only tables and any
  change of a posted invoice's money or identity columns (whoever holds the
  file can drop them: they stop mistakes, ``audit verify`` catches the rest).
- PostgreSQL: the functions the terminals' roles use (their shops, the one
  cross-shop stock transfer) and deferred checks that a change of a
  person's role, active flag or password, a new person, or a void is written
  to the audit log by an owner of the shop in the same transaction.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As of this revision (a later table gets its own triggers in its own migration).
APPEND_ONLY = (
    "audit_log",
    "authorizations",
    "odometer_readings",
    "stock_movements",
    "bay_status_logs",
    "invoice_lines",
    "payments",
    "cash_drawer_movements",
    "day_closes",
)
# What a posted invoice (or credit note) may still change: the void, and the reprint count.
INVOICE_MUTABLE = (
    "status",
    "void_reason",
    "voided_by",
    "voided_at",
    "void_business_date",
    "void_restocked",
    "print_count",
)
INVOICE_FIXED = (
    "id", "shop_id", "kind", "number", "work_order_id", "counter_ticket_id", "credited_invoice_id",
    "customer_id", "vehicle_id", "customer_name", "customer_address", "customer_phone", "customer_email",
    "vehicle_description", "vin", "plate", "odometer_in", "odometer_out", "tax_exempt_number",
    "business_date", "posted_at", "posted_by", "terminal_id", "tax_rate", "rounding", "decimals",
    "fee_rule", "labor_rate", "cash_rounding_step", "labor", "parts", "fees", "shop_supplies", "sublet",
    "cores", "discount", "taxable_base", "tax", "cash_rounding", "total", "parts_cost", "labor_cost",
    "sublet_cost", "billed_hours", "on_account", "terms_days", "due_date", "note",
)  # fmt: skip

CHAIN_STOCK_VIEW = """
CREATE VIEW chain_stock AS
SELECT p.shop_id AS shop_id, s.name AS shop_name, p.sku AS sku, i.on_hand AS on_hand
FROM parts p
JOIN inventory i ON i.part_id = p.id AND i.shop_id = p.shop_id
JOIN shops s ON s.id = p.shop_id
"""


def upgrade() -> None:
    op.create_table(
        "server_roles",
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=True),
        sa.Column("office", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("role_name", name=op.f("pk_server_roles")),
    )
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("live_channel", sa.String(length=63), nullable=True))
    op.execute(CHAIN_STOCK_VIEW)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE shops SET live_channel = 'baydesk_' || lower(hex(randomblob(16)))")
        for statement in _sqlite_triggers():
            op.execute(statement)
    else:
        op.execute("UPDATE shops SET live_channel = 'baydesk_' || replace(gen_random_uuid()::text, '-', '')")
        schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
        for statement in _pg_objects(str(schema)):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _sqlite_trigger_names():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for statement in PG_DROP:
            op.execute(statement)
    op.execute("DROP VIEW chain_stock")
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.drop_column("live_channel")
    op.drop_table("server_roles")


# --- SQLite: triggers ------------------------------------------------------------------------------


def _sqlite_trigger_names() -> list[str]:
    names = [f"walls_{t}_no_{verb}" for t in APPEND_ONLY for verb in ("update", "delete")]
    return [
        *names,
        "walls_audit_heads_forward_only",
        "walls_audit_heads_no_delete",
        "walls_invoices_posted",
        "walls_invoices_no_delete",
    ]


def _abort(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"


def _sqlite_triggers() -> list[str]:
    statements = []
    for table in APPEND_ONLY:
        for verb in ("update", "delete"):
            statements.append(
                f"CREATE TRIGGER walls_{table}_no_{verb} BEFORE {verb.upper()} ON {table} "
                + _abort(f"{table} is append-only: a row is never {verb}d")
            )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in INVOICE_FIXED)
    return [
        *statements,
        "CREATE TRIGGER walls_audit_heads_forward_only BEFORE UPDATE ON audit_heads "
        "WHEN NEW.shop_id IS NOT OLD.shop_id OR NEW.seq <= OLD.seq OR NOT EXISTS "
        "(SELECT 1 FROM audit_log a WHERE a.shop_id = NEW.shop_id AND a.seq = NEW.seq AND a.hash = NEW.hash) "
        + _abort("the audit chain head only moves forward, onto an entry that is there"),
        "CREATE TRIGGER walls_audit_heads_no_delete BEFORE DELETE ON audit_heads "
        + _abort("an audit chain head is never deleted"),
        f"CREATE TRIGGER walls_invoices_posted BEFORE UPDATE ON invoices "
        f"WHEN {changed} OR (OLD.status = 'void' AND NEW.status IS NOT 'void') "
        + _abort("a posted invoice never changes: void it or issue a credit note"),
        "CREATE TRIGGER walls_invoices_no_delete BEFORE DELETE ON invoices "
        + _abort("a posted invoice is never deleted: void it or issue a credit note"),
    ]


# --- PostgreSQL: functions and triggers -------------------------------------------------------------

PG_FUNCTIONS = (
    "baydesk_unrestricted()",
    "baydesk_role_shops()",
    "baydesk_shop_ids()",
    "baydesk_may_use(uuid)",
    "baydesk_audit_head_guard()",
    "baydesk_audit_append(uuid, uuid, uuid, text, text, text, text)",
    "baydesk_require_owner_audit()",
    "baydesk_quantity_text(bigint)",
    "baydesk_transfer_stock(uuid, uuid, bigint, uuid, uuid)",
)
PG_DROP = (
    "DROP TRIGGER IF EXISTS walls_audit_heads_forward_only ON audit_heads",
    "DROP TRIGGER IF EXISTS walls_users_insert_audited ON users",
    "DROP TRIGGER IF EXISTS walls_users_change_audited ON users",
    "DROP TRIGGER IF EXISTS walls_invoices_void_audited ON invoices",
    *(f"DROP FUNCTION IF EXISTS {f}" for f in reversed(PG_FUNCTIONS)),
)
# Functions no terminal may call directly (they run inside the ones that check who calls).
PG_INTERNAL = (
    "baydesk_unrestricted()",
    "baydesk_may_use(uuid)",
    "baydesk_audit_append(uuid, uuid, uuid, text, text, text, text)",
)


def _definer(schema: str) -> str:
    """Runs as the schema's owner, on a fixed search path (no temporary table can stand in)."""
    return f"SECURITY DEFINER SET search_path = {schema}, pg_temp"


def _pg_objects(schema: str) -> list[str]:
    definer = _definer(schema)
    return [
        *_pg_identity(definer, schema),
        *_pg_audit(definer),
        *_pg_on_the_record(definer),
        *_pg_transfer(definer),
        *(f"REVOKE EXECUTE ON FUNCTION {f} FROM PUBLIC" for f in PG_INTERNAL),
    ]


def _pg_identity(definer: str, schema: str) -> list[str]:
    return [
        # The schema's owner, a superuser, or a role exempt from row security: not a terminal.
        # (Plain SQL, no rights of its own: inlined into the functions that ask, planned once there.)
        f"""CREATE FUNCTION baydesk_unrestricted() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles
                       WHERE rolname = session_user AND (rolsuper OR rolbypassrls))
            OR pg_catalog.pg_has_role(session_user, (SELECT relowner FROM pg_catalog.pg_class
                                                     WHERE oid = '{schema}.shops'::regclass), 'MEMBER')
        $$""",
        # This role's shops and their names: a shop's role its shop (no name yet: the shop its first
        # terminal will create), the owner's office every shop there is.
        f"""CREATE FUNCTION baydesk_role_shops() RETURNS TABLE (shop_id uuid, shop_name text)
        LANGUAGE sql STABLE {definer} AS $$
        SELECT k.id, s.name::text FROM (
            SELECT r.shop_id AS id FROM server_roles r
            WHERE r.role_name = session_user AND NOT r.office AND r.shop_id IS NOT NULL
            UNION
            SELECT s.id FROM shops s
            WHERE EXISTS (SELECT 1 FROM server_roles o WHERE o.role_name = session_user AND o.office)
        ) k LEFT JOIN shops s ON s.id = k.id
        WHERE NOT baydesk_unrestricted()
        ORDER BY s.name NULLS LAST, k.id
        $$""",
        # The shops this login role may open now: every row-level policy asks this once per table
        # in a statement, so it is PL/pgSQL (plans kept for the session) and reads one mapping row.
        # The terminal's setting only narrows. Roles row security does not bind (the owner, an
        # administrator) have no mapping: they get none here, and pass ``baydesk_may_use``.
        f"""CREATE FUNCTION baydesk_shop_ids() RETURNS uuid[] LANGUAGE plpgsql STABLE {definer} AS $$
        DECLARE mapped record; chosen text := coalesce(current_setting('baydesk.shop_id', true), ''); ids uuid[];
        BEGIN
            SELECT r.office, r.shop_id INTO mapped FROM server_roles r WHERE r.role_name = session_user;
            IF NOT FOUND THEN
                RETURN '{{}}';
            ELSIF mapped.office THEN
                ids := ARRAY(SELECT s.id FROM shops s);
            ELSE
                ids := CASE WHEN mapped.shop_id IS NULL THEN '{{}}' ELSE ARRAY[mapped.shop_id] END;
            END IF;
            IF chosen <> '' THEN
                ids := ARRAY(SELECT x FROM unnest(ids) AS x WHERE x::text = chosen);
            END IF;
            RETURN ids;
        END $$""",
        f"""CREATE FUNCTION baydesk_may_use(p_shop uuid) RETURNS boolean LANGUAGE sql STABLE {definer} AS $$
        SELECT baydesk_unrestricted() OR p_shop = ANY (baydesk_shop_ids())
        $$""",
    ]


def _pg_audit(definer: str) -> list[str]:
    return [
        # The head moves only forward, onto an entry that is there; it is never deleted.
        f"""CREATE FUNCTION baydesk_audit_head_guard() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF baydesk_unrestricted() THEN RETURN OLD; END IF;
                RAISE EXCEPTION 'permission denied: an audit chain head is never deleted' USING ERRCODE = '42501';
            END IF;
            IF baydesk_unrestricted() THEN RETURN NEW; END IF;
            IF NEW.shop_id <> OLD.shop_id OR NEW.seq <= OLD.seq OR NOT EXISTS (
                SELECT 1 FROM audit_log a WHERE a.shop_id = NEW.shop_id AND a.seq = NEW.seq AND a.hash = NEW.hash
            ) THEN
                RAISE EXCEPTION 'permission denied: the audit chain head only moves forward, onto an entry that is there'
                    USING ERRCODE = '42501';
            END IF;
            RETURN NEW;
        END $$""",
        "CREATE TRIGGER walls_audit_heads_forward_only BEFORE UPDATE OR DELETE ON audit_heads "
        "FOR EACH ROW EXECUTE FUNCTION baydesk_audit_head_guard()",
    ]


def _pg_on_the_record(definer: str) -> list[str]:
    return [
        # An entry written by the database itself, hashed exactly as app/domain/audit_chain.py does.
        f"""CREATE FUNCTION baydesk_audit_append(p_shop uuid, p_user uuid, p_terminal uuid, p_table text,
            p_record text, p_action text, p_diff text) RETURNS void LANGUAGE plpgsql {definer} AS $$
        DECLARE
            head record; v_at timestamptz := clock_timestamp(); v_utc timestamp; v_when text; v_canon text;
            v_hash text;
        BEGIN
            SELECT h.seq, h.hash INTO head FROM audit_heads h WHERE h.shop_id = p_shop FOR UPDATE;
            v_utc := v_at AT TIME ZONE 'UTC';
            v_when := to_char(v_utc, 'YYYY-MM-DD"T"HH24:MI:SS')
                || CASE WHEN to_char(v_utc, 'US') = '000000' THEN '' ELSE '.' || to_char(v_utc, 'US') END
                || '+00:00';
            v_canon := '{{"action":' || to_json(p_action)::text || ',"at":' || to_json(v_when)::text
                || ',"diff":' || to_json(p_diff)::text || ',"record_id":' || to_json(p_record)::text
                || ',"seq":' || (head.seq + 1)::text || ',"shop_id":' || to_json(p_shop::text)::text
                || ',"table":' || to_json(p_table)::text
                || ',"terminal_id":' || coalesce(to_json(p_terminal::text)::text, 'null')
                || ',"user_id":' || coalesce(to_json(p_user::text)::text, 'null') || '}}';
            v_hash := encode(sha256(convert_to(head.hash || v_canon, 'UTF8')), 'hex');
            INSERT INTO audit_log (id, shop_id, seq, at, user_id, terminal_id, table_name, record_id, action,
                                   diff, prev_hash, hash)
            VALUES (gen_random_uuid(), p_shop, head.seq + 1, v_at, p_user, p_terminal, p_table, p_record,
                    p_action, p_diff, head.hash, v_hash);
            UPDATE audit_heads SET seq = head.seq + 1, hash = v_hash WHERE shop_id = p_shop;
        END $$""",
        # A change that must be on the record: an audit entry for the same row, written in this
        # transaction by an active owner of the shop (or by the owner who just stepped down).
        f"""CREATE FUNCTION baydesk_require_owner_audit() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
        DECLARE stepped_down uuid;  -- an owner demoting or deactivating themselves is no owner by now
        BEGIN
            IF baydesk_unrestricted() THEN RETURN NULL; END IF;
            IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'users' THEN
                stepped_down := CASE WHEN OLD.role = 'owner' THEN OLD.id END;
            END IF;
            IF NOT EXISTS (
                SELECT 1 FROM audit_log a JOIN users o ON o.id = a.user_id
                WHERE a.record_id = NEW.id::text AND a.table_name = TG_TABLE_NAME AND a.shop_id = NEW.shop_id
                  AND a.xmin = pg_current_xact_id()::xid AND o.shop_id = NEW.shop_id
                  AND ((o.role = 'owner' AND o.active) OR o.id = stepped_down)
            ) THEN
                RAISE EXCEPTION 'permission denied: a change of % % must be written to the audit log by an owner of the shop',
                    TG_TABLE_NAME, NEW.id USING ERRCODE = '42501';
            END IF;
            RETURN NULL;
        END $$""",
        "CREATE CONSTRAINT TRIGGER walls_users_insert_audited AFTER INSERT ON users "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION baydesk_require_owner_audit()",
        "CREATE CONSTRAINT TRIGGER walls_users_change_audited AFTER UPDATE OF role, active, password_hash "
        "ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role "
        "OR OLD.active IS DISTINCT FROM NEW.active OR OLD.password_hash IS DISTINCT FROM NEW.password_hash) "
        "EXECUTE FUNCTION baydesk_require_owner_audit()",
        "CREATE CONSTRAINT TRIGGER walls_invoices_void_audited AFTER UPDATE OF status ON invoices "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) "
        "EXECUTE FUNCTION baydesk_require_owner_audit()",
    ]


def _pg_transfer(definer: str) -> list[str]:
    """The only writer of another shop's rows: stock out here, in there, and both shops' audit chains."""
    quantity = """CREATE FUNCTION baydesk_quantity_text(p bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT trim_scale(p::numeric / 1000)::text
    $$"""
    return [quantity, TRANSFER.replace("{definer}", definer)]


TRANSFER = """
    CREATE FUNCTION baydesk_transfer_stock(p_part uuid, p_to_shop uuid, p_quantity bigint, p_user uuid,
        p_terminal uuid)
    RETURNS TABLE (status text, transfer_id uuid, on_hand_after bigint, available bigint, warning text,
                   to_shop_name text)
    LANGUAGE plpgsql {definer} AS $$
    DECLARE
        src parts%ROWTYPE; dst_part uuid; from_name text; to_name text; v_policy text; v_channel text;
        src_on_hand bigint; src_after bigint; dst_after bigint; v_id uuid := gen_random_uuid();
        v_at timestamptz := clock_timestamp(); v_warning text := '';
        v_shop uuid; v_record text; v_action text; v_diff text;
    BEGIN
        SELECT * INTO src FROM parts WHERE id = p_part;
        IF NOT FOUND OR NOT baydesk_may_use(src.shop_id) THEN
            RAISE EXCEPTION 'permission denied: part % is not in this shop''s catalog', p_part USING ERRCODE = '42501';
        END IF;
        IF p_quantity <= 0 OR p_to_shop = src.shop_id THEN
            RAISE EXCEPTION 'a transfer sends a positive quantity to another shop' USING ERRCODE = '22023';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM users WHERE id = p_user AND shop_id = src.shop_id AND active)
           OR (p_terminal IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM terminals WHERE id = p_terminal AND shop_id = src.shop_id)) THEN
            RAISE EXCEPTION 'permission denied: the sender is not a person or terminal of the sending shop'
                USING ERRCODE = '42501';
        END IF;
        SELECT name INTO from_name FROM shops WHERE id = src.shop_id;
        SELECT name INTO to_name FROM shops WHERE id = p_to_shop;
        SELECT id INTO dst_part FROM parts WHERE shop_id = p_to_shop AND sku = src.sku;
        IF to_name IS NULL OR dst_part IS NULL THEN
            RETURN QUERY SELECT 'no_target_part', NULL::uuid, NULL::bigint, NULL::bigint, NULL::text, to_name;
            RETURN;
        END IF;
        v_policy := coalesce((SELECT value::json ->> 'negative_stock' FROM settings
                              WHERE shop_id = src.shop_id AND key = 'stock'), 'refuse');
        INSERT INTO inventory (id, shop_id, part_id, on_hand, bin_location, reorder_point, reorder_quantity,
                               updated_at)
        SELECT gen_random_uuid(), k.shop_id, k.part_id, 0, '', 0, 0, v_at
        FROM (VALUES (p_to_shop, dst_part), (src.shop_id, src.id)) AS k (shop_id, part_id)
        WHERE k.shop_id = p_to_shop OR v_policy = 'warn'
        ON CONFLICT (shop_id, part_id) DO NOTHING;
        PERFORM 1 FROM inventory
        WHERE (shop_id = src.shop_id AND part_id = src.id) OR (shop_id = p_to_shop AND part_id = dst_part)
        ORDER BY part_id, shop_id FOR UPDATE;
        SELECT on_hand INTO src_on_hand FROM inventory WHERE shop_id = src.shop_id AND part_id = src.id;
        IF src_on_hand IS NULL OR src_on_hand < p_quantity THEN
            IF v_policy <> 'warn' THEN
                RETURN QUERY SELECT 'short', NULL::uuid, NULL::bigint, greatest(coalesce(src_on_hand, 0), 0),
                    NULL::text, to_name;
                RETURN;
            END IF;
            v_warning := 'stock went negative: ' || baydesk_quantity_text(src_on_hand) || ' on hand, '
                || baydesk_quantity_text(p_quantity) || ' taken (shop allows negative stock)';
        END IF;
        UPDATE inventory SET on_hand = on_hand - p_quantity, updated_at = v_at
        WHERE shop_id = src.shop_id AND part_id = src.id RETURNING on_hand INTO src_after;
        UPDATE inventory SET on_hand = on_hand + p_quantity, updated_at = v_at
        WHERE shop_id = p_to_shop AND part_id = dst_part RETURNING on_hand INTO dst_after;
        INSERT INTO stock_movements (id, shop_id, part_id, kind, quantity, on_hand_after, unit_cost,
            document_type, document_id, document_number, reason, warning, user_id, terminal_id, at)
        VALUES
            (gen_random_uuid(), src.shop_id, src.id, 'transfer_out', -p_quantity, src_after, src.cost,
             'transfer', v_id, '', left('to ' || to_name, 200), left(v_warning, 300), p_user, p_terminal, v_at),
            (gen_random_uuid(), p_to_shop, dst_part, 'transfer_in', p_quantity, dst_after, src.cost,
             'transfer', v_id, '', left('from ' || from_name, 200), '', p_user, p_terminal, v_at);
        -- both shops' chains, heads locked in shop-id order like every other writer of several shops
        FOR v_shop, v_record, v_action, v_diff IN
            SELECT * FROM (VALUES
                (src.shop_id, src.id::text, 'transfer',
                 '{"after":{"quantity":' || p_quantity || ',"to":' || to_json(to_name)::text || '},"before":{}}'),
                (p_to_shop, dst_part::text, 'transfer_in',
                 '{"after":{"from":' || to_json(from_name)::text || ',"quantity":' || p_quantity || '},"before":{}}')
            ) AS e (shop_id, record_id, action, diff) ORDER BY 1
        LOOP
            PERFORM baydesk_audit_append(v_shop, p_user, p_terminal, 'inventory', v_record, v_action, v_diff);
        END LOOP;
        SELECT live_channel INTO v_channel FROM shops WHERE id = p_to_shop;
        IF v_channel IS NOT NULL THEN
            PERFORM pg_notify(v_channel, json_build_object('o', '', 's', json_build_array(p_to_shop),
                't', json_build_array('inventory', 'stock_movements'))::text);
        END IF;
        RETURN QUERY SELECT 'ok', v_id, src_after, NULL::bigint, v_warning, to_name;
    END $$
    """
