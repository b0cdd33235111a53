"""parts catalog, inventory and the stock ledger

Vendors, parts with barcodes and vendor part numbers, inventory per shop and
part, the append-only stock_movements ledger, purchase orders, counter
tickets, and work_order_lines.part_id for parts allocated from stock.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "parts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column(
            "sku",
            sa.String(length=60).with_variant(sa.String(length=60, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("brand", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("search_text", sa.String(length=420), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=True),
        sa.Column("core_charge", sa.BigInteger(), nullable=False),
        sa.Column("taxable", sa.Boolean(), nullable=False),
        sa.Column("fractional", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_parts_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parts")),
        sa.UniqueConstraint("shop_id", "sku", name=op.f("uq_parts_shop_id")),
    )
    with op.batch_alter_table("parts", schema=None) as batch_op:
        batch_op.create_index("ix_parts_sku", ["sku"], unique=False)

    op.create_table(
        "vendors",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("account_number", sa.String(length=60), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_vendors_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendors")),
        sa.UniqueConstraint("shop_id", "name", name=op.f("uq_vendors_shop_id")),
    )
    op.create_table(
        "counter_tickets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("void_reason", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_counter_tickets_created_by_users")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_counter_tickets_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counter_tickets")),
        sa.UniqueConstraint("shop_id", "number", name=op.f("uq_counter_tickets_shop_id")),
    )
    with op.batch_alter_table("counter_tickets", schema=None) as batch_op:
        batch_op.create_index("ix_counter_tickets_shop_status", ["shop_id", "status"], unique=False)

    op.create_table(
        "inventory",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("on_hand", sa.BigInteger(), nullable=False),
        sa.Column("bin_location", sa.String(length=40), nullable=False),
        sa.Column("reorder_point", sa.BigInteger(), nullable=False),
        sa.Column("reorder_quantity", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["part_id"], ["parts.id"], name=op.f("fk_inventory_part_id_parts")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_inventory_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory")),
        sa.UniqueConstraint("shop_id", "part_id", name=op.f("uq_inventory_shop_id")),
    )
    with op.batch_alter_table("inventory", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inventory_part_id"), ["part_id"], unique=False)
        batch_op.create_index("ix_inventory_shop_bin", ["shop_id", "bin_location"], unique=False)

    op.create_table(
        "part_barcodes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column(
            "code",
            sa.String(length=64).with_variant(sa.String(length=64, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["part_id"], ["parts.id"], name=op.f("fk_part_barcodes_part_id_parts")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_part_barcodes_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_part_barcodes")),
        sa.UniqueConstraint("shop_id", "code", name=op.f("uq_part_barcodes_shop_id")),
    )
    with op.batch_alter_table("part_barcodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_part_barcodes_part_id"), ["part_id"], unique=False)

    op.create_table(
        "part_vendors",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_part_number", sa.String(length=60), nullable=False),
        sa.Column(
            "number_key",
            sa.String(length=60).with_variant(sa.String(length=60, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("preferred", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["part_id"], ["parts.id"], name=op.f("fk_part_vendors_part_id_parts")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_part_vendors_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendors.id"], name=op.f("fk_part_vendors_vendor_id_vendors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_part_vendors")),
        sa.UniqueConstraint(
            "shop_id", "vendor_id", "vendor_part_number", name=op.f("uq_part_vendors_shop_id")
        ),
    )
    with op.batch_alter_table("part_vendors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_part_vendors_part_id"), ["part_id"], unique=False)
        batch_op.create_index("ix_part_vendors_shop_number_key", ["shop_id", "number_key"], unique=False)

    op.create_table(
        "purchase_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_purchase_orders_created_by_users")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_purchase_orders_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendors.id"], name=op.f("fk_purchase_orders_vendor_id_vendors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_orders")),
        sa.UniqueConstraint("shop_id", "number", name=op.f("uq_purchase_orders_shop_id")),
    )
    with op.batch_alter_table("purchase_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_purchase_orders_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "stock_movements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("on_hand_after", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("document_type", sa.String(length=30), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("document_number", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("warning", sa.String(length=300), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("terminal_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["part_id"], ["parts.id"], name=op.f("fk_stock_movements_part_id_parts")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_stock_movements_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_stock_movements_terminal_id_terminals")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_stock_movements_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movements")),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index("ix_stock_movements_document_id", ["document_id"], unique=False)
        batch_op.create_index("ix_stock_movements_shop_part_at", ["shop_id", "part_id", "at"], unique=False)

    op.create_table(
        "counter_ticket_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.String(length=60), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("taxable", sa.Boolean(), nullable=False),
        sa.Column("core_charge", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["part_id"], ["parts.id"], name=op.f("fk_counter_ticket_lines_part_id_parts")
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"], ["shops.id"], name=op.f("fk_counter_ticket_lines_shop_id_shops")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["counter_tickets.id"],
            name=op.f("fk_counter_ticket_lines_ticket_id_counter_tickets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counter_ticket_lines")),
    )
    with op.batch_alter_table("counter_ticket_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counter_ticket_lines_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "purchase_order_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("purchase_order_id", sa.Uuid(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("quantity_ordered", sa.BigInteger(), nullable=False),
        sa.Column("quantity_received", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["part_id"], ["parts.id"], name=op.f("fk_purchase_order_lines_part_id_parts")
        ),
        sa.ForeignKeyConstraint(
            ["purchase_order_id"],
            ["purchase_orders.id"],
            name=op.f("fk_purchase_order_lines_purchase_order_id_purchase_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"], ["shops.id"], name=op.f("fk_purchase_order_lines_shop_id_shops")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_order_lines")),
    )
    with op.batch_alter_table("purchase_order_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchase_order_lines_purchase_order_id"), ["purchase_order_id"], unique=False
        )

    with op.batch_alter_table("work_order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("part_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_work_order_lines_part_id_parts"), "parts", ["part_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("work_order_lines", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_work_order_lines_part_id_parts"), type_="foreignkey")
        batch_op.drop_column("part_id")

    with op.batch_alter_table("purchase_order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_order_lines_purchase_order_id"))

    op.drop_table("purchase_order_lines")
    with op.batch_alter_table("counter_ticket_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counter_ticket_lines_ticket_id"))

    op.drop_table("counter_ticket_lines")
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movements_shop_part_at")
        batch_op.drop_index("ix_stock_movements_document_id")

    op.drop_table("stock_movements")
    with op.batch_alter_table("purchase_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_orders_vendor_id"))

    op.drop_table("purchase_orders")
    with op.batch_alter_table("part_vendors", schema=None) as batch_op:
        batch_op.drop_index("ix_part_vendors_shop_number_key")
        batch_op.drop_index(batch_op.f("ix_part_vendors_part_id"))

    op.drop_table("part_vendors")
    with op.batch_alter_table("part_barcodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_part_barcodes_part_id"))

    op.drop_table("part_barcodes")
    with op.batch_alter_table("inventory", schema=None) as batch_op:
        batch_op.drop_index("ix_inventory_shop_bin")
        batch_op.drop_index(batch_op.f("ix_inventory_part_id"))

    op.drop_table("inventory")
    with op.batch_alter_table("counter_tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_counter_tickets_shop_status")

    op.drop_table("counter_tickets")
    op.drop_table("vendors")
    with op.batch_alter_table("parts", schema=None) as batch_op:
        batch_op.drop_index("ix_parts_sku")

    op.drop_table("parts")
