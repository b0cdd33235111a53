"""job and ticket discounts on work orders

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 16:40:00.000000

- ``work_order_discounts``: a work order's discount on one job (``job_id``) or
  on the whole ticket (``job_id`` NULL): percent or amount, its reason, who
  gave it and, above the giver's limit on the price sheet, the owner who
  approved it. The price sheet prices it and the invoice prints it. Rows are
  replaced or removed while the order is open, so the table is not append-only;
  on a shared server it carries the shop policy like every ``shop_id`` table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "work_order_discounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("given_by", sa.Uuid(), nullable=False),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["users.id"], name=op.f("fk_work_order_discounts_approved_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["given_by"], ["users.id"], name=op.f("fk_work_order_discounts_given_by_users")
        ),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_work_order_discounts_job_id_jobs")),
        sa.ForeignKeyConstraint(
            ["shop_id"], ["shops.id"], name=op.f("fk_work_order_discounts_shop_id_shops")
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_orders.id"],
            name=op.f("fk_work_order_discounts_work_order_id_work_orders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order_discounts")),
    )
    with op.batch_alter_table("work_order_discounts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_work_order_discounts_shop_work_order", ["shop_id", "work_order_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("work_order_discounts", schema=None) as batch_op:
        batch_op.drop_index("ix_work_order_discounts_shop_work_order")
    op.drop_table("work_order_discounts")
