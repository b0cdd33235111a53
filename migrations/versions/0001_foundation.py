"""foundation: shops, users, customers, vehicles, audit

Revision ID: 0001
Revises:
Create Date: 2026-11-22 03:30:16.933332
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "shops",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=400), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("tax_rate", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shops")),
    )
    op.create_table(
        "audit_heads",
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_audit_heads_shop_id_shops")),
        sa.PrimaryKeyConstraint("shop_id", name=op.f("pk_audit_heads")),
    )
    op.create_table(
        "counters",
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_counters_shop_id_shops")),
        sa.PrimaryKeyConstraint("shop_id", "name", name=op.f("pk_counters")),
    )
    op.create_table(
        "settings",
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_settings_shop_id_shops")),
        sa.PrimaryKeyConstraint("shop_id", "key", name=op.f("pk_settings")),
    )
    op.create_table(
        "terminals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_terminals_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terminals")),
        sa.UniqueConstraint("shop_id", "name", name=op.f("uq_terminals_shop_id")),
    )
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_terminals_shop_id"), ["shop_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_users_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_shop_id"), ["shop_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("terminal_id", sa.Uuid(), nullable=True),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("diff", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_audit_log_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_audit_log_terminal_id_terminals")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("shop_id", "seq", name=op.f("uq_audit_log_shop_id")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_record_id"), ["record_id"], unique=False)

    op.create_table(
        "customers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("company_name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("alt_phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("address_line1", sa.String(length=200), nullable=False),
        sa.Column("address_line2", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("postal_code", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("tax_exempt_number", sa.String(length=50), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column(
            "first_key",
            sa.String(length=100).with_variant(sa.String(length=100, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "last_key",
            sa.String(length=100).with_variant(sa.String(length=100, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "company_key",
            sa.String(length=200).with_variant(sa.String(length=200, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "email_key",
            sa.String(length=254).with_variant(sa.String(length=254, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "phone_digits",
            sa.String(length=40).with_variant(sa.String(length=40, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "phone_rev",
            sa.String(length=40).with_variant(sa.String(length=40, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "alt_phone_digits",
            sa.String(length=40).with_variant(sa.String(length=40, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "alt_phone_rev",
            sa.String(length=40).with_variant(sa.String(length=40, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_customers_shop_id_shops")),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_customers_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customers_shop_alt_phone_digits", ["shop_id", "alt_phone_digits"], unique=False
        )
        batch_op.create_index("ix_customers_shop_alt_phone_rev", ["shop_id", "alt_phone_rev"], unique=False)
        batch_op.create_index("ix_customers_shop_company_key", ["shop_id", "company_key"], unique=False)
        batch_op.create_index("ix_customers_shop_email_key", ["shop_id", "email_key"], unique=False)
        batch_op.create_index("ix_customers_shop_first_key", ["shop_id", "first_key"], unique=False)
        batch_op.create_index("ix_customers_shop_last_key", ["shop_id", "last_key"], unique=False)
        batch_op.create_index("ix_customers_shop_phone_digits", ["shop_id", "phone_digits"], unique=False)
        batch_op.create_index("ix_customers_shop_phone_rev", ["shop_id", "phone_rev"], unique=False)

    op.create_table(
        "vehicles",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column(
            "vin",
            sa.String(length=17).with_variant(sa.String(length=17, collation="C"), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "vin_rev",
            sa.String(length=17).with_variant(sa.String(length=17, collation="C"), "postgresql"),
            nullable=True,
        ),
        sa.Column("vin_non_standard", sa.Boolean(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("make", sa.String(length=50), nullable=False),
        sa.Column("model", sa.String(length=50), nullable=False),
        sa.Column("trim", sa.String(length=50), nullable=False),
        sa.Column("engine", sa.String(length=50), nullable=False),
        sa.Column("color", sa.String(length=30), nullable=False),
        sa.Column("plate", sa.String(length=15), nullable=False),
        sa.Column(
            "plate_key",
            sa.String(length=15).with_variant(sa.String(length=15, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("plate_region", sa.String(length=30), nullable=False),
        sa.Column("unit_number", sa.String(length=30), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("odometer", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_vehicles_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_vehicles_shop_id_shops")),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_vehicles_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicles")),
    )
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vehicles_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index("ix_vehicles_shop_plate_key", ["shop_id", "plate_key"], unique=False)
        batch_op.create_index("ix_vehicles_shop_vin_rev", ["shop_id", "vin_rev"], unique=False)
        batch_op.create_index(
            "uq_vehicles_shop_vin_live",
            ["shop_id", "vin"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL AND vin IS NOT NULL"),
            postgresql_where=sa.text("deleted_at IS NULL AND vin IS NOT NULL"),
        )

    op.create_table(
        "odometer_readings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("vehicle_id", sa.Uuid(), nullable=False),
        sa.Column("reading", sa.Integer(), nullable=False),
        sa.Column("lower_reason", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_odometer_readings_recorded_by_users")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_odometer_readings_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name=op.f("fk_odometer_readings_vehicle_id_vehicles")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_odometer_readings")),
    )
    with op.batch_alter_table("odometer_readings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_odometer_readings_vehicle_id"), ["vehicle_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("odometer_readings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_odometer_readings_vehicle_id"))

    op.drop_table("odometer_readings")
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_vehicles_shop_vin_live",
            sqlite_where=sa.text("deleted_at IS NULL AND vin IS NOT NULL"),
            postgresql_where=sa.text("deleted_at IS NULL AND vin IS NOT NULL"),
        )
        batch_op.drop_index("ix_vehicles_shop_vin_rev")
        batch_op.drop_index("ix_vehicles_shop_plate_key")
        batch_op.drop_index(batch_op.f("ix_vehicles_customer_id"))

    op.drop_table("vehicles")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_shop_phone_rev")
        batch_op.drop_index("ix_customers_shop_phone_digits")
        batch_op.drop_index("ix_customers_shop_last_key")
        batch_op.drop_index("ix_customers_shop_first_key")
        batch_op.drop_index("ix_customers_shop_email_key")
        batch_op.drop_index("ix_customers_shop_company_key")
        batch_op.drop_index("ix_customers_shop_alt_phone_rev")
        batch_op.drop_index("ix_customers_shop_alt_phone_digits")

    op.drop_table("customers")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_record_id"))

    op.drop_table("audit_log")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_shop_id"))

    op.drop_table("users")
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_terminals_shop_id"))

    op.drop_table("terminals")
    op.drop_table("settings")
    op.drop_table("counters")
    op.drop_table("audit_heads")
    op.drop_table("shops")
