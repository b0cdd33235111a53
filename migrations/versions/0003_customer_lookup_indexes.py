"""indexes for a customer's vehicles and the recent-customers list

Without them, both databases answer "this customer's vehicles" and "recently
changed customers" by walking every row of the shop (on SQLite the planner,
having no statistics, picks a (shop_id, ...) search index): 0.3-1 s per
customer opened or saved on the large demo shop.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 05:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index("ix_customers_shop_updated_at", ["shop_id", "updated_at"], unique=False)
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.create_index("ix_vehicles_shop_customer_id", ["shop_id", "customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.drop_index("ix_vehicles_shop_customer_id")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_shop_updated_at")
