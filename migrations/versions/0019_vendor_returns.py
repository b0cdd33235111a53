"""returns to vendors: return documents, the vendor's account, special-order parts

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 13:11:53.295212

- ``vendor_returns`` and ``vendor_return_lines``: a numbered return document
  (RMA number, reason, lines with quantity and unit cost); append-only.
- ``vendor_account_entries``: the vendor's account, one append-only row per
  change (a return's credit).
- ``special_orders``: a part ordered for a work order, with what of it was
  returned or kept in stock; the order does not close while some is neither.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("vendor_returns", "vendor_return_lines", "vendor_account_entries")


def upgrade() -> None:
    op.create_table(
        "vendor_account_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("document_type", sa.String(length=30), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("document_number", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["shop_id"], ["shops.id"], name=op.f("fk_vendor_account_entries_shop_id_shops")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_vendor_account_entries_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendors.id"], name=op.f("fk_vendor_account_entries_vendor_id_vendors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_account_entries")),
    )
    with op.batch_alter_table("vendor_account_entries", schema=None) as batch_op:
        batch_op.create_index("ix_vendor_account_entries_shop_vendor", ["shop_id", "vendor_id"], unique=False)

    op.create_table(
        "special_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("returned", sa.BigInteger(), nullable=False),
        sa.Column("kept", sa.BigInteger(), nullable=False),
        sa.Column("kept_reason", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_special_orders_created_by_users")
        ),
        sa.ForeignKeyConstraint(["part_id"], ["parts.id"], name=op.f("fk_special_orders_part_id_parts")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_special_orders_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendors.id"], name=op.f("fk_special_orders_vendor_id_vendors")
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_special_orders_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_orders")),
    )
    with op.batch_alter_table("special_orders", schema=None) as batch_op:
        batch_op.create_index("ix_special_orders_shop_work_order", ["shop_id", "work_order_id"], unique=False)

    op.create_table(
        "vendor_returns",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("rma_number", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=True),
        sa.Column("credit", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("terminal_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_vendor_returns_created_by_users")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_vendor_returns_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_vendor_returns_terminal_id_terminals")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendors.id"], name=op.f("fk_vendor_returns_vendor_id_vendors")
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_vendor_returns_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_returns")),
        sa.UniqueConstraint("shop_id", "number", name=op.f("uq_vendor_returns_shop_id")),
    )
    with op.batch_alter_table("vendor_returns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vendor_returns_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "vendor_return_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.String(length=60), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("special_order_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["part_id"], ["parts.id"], name=op.f("fk_vendor_return_lines_part_id_parts")),
        sa.ForeignKeyConstraint(
            ["return_id"], ["vendor_returns.id"], name=op.f("fk_vendor_return_lines_return_id_vendor_returns")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_vendor_return_lines_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["special_order_id"],
            ["special_orders.id"],
            name=op.f("fk_vendor_return_lines_special_order_id_special_orders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_return_lines")),
    )
    with op.batch_alter_table("vendor_return_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vendor_return_lines_return_id"), ["return_id"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        # a return document and the vendor's account are never rewritten (a shared server refuses it by grants)
        for table in APPEND_ONLY:
            for verb in ("update", "delete"):
                op.execute(
                    f"CREATE TRIGGER walls_{table}_no_{verb} BEFORE {verb.upper()} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: a row is never {verb}d'); END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS walls_{table}_no_{verb}")
    with op.batch_alter_table("vendor_return_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_return_lines_return_id"))

    op.drop_table("vendor_return_lines")
    with op.batch_alter_table("vendor_returns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_returns_vendor_id"))

    op.drop_table("vendor_returns")
    with op.batch_alter_table("special_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_special_orders_shop_work_order")

    op.drop_table("special_orders")
    with op.batch_alter_table("vendor_account_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_vendor_account_entries_shop_vendor")

    op.drop_table("vendor_account_entries")
