"""the shop's locale and paper; the currency on work orders and invoices; receipts counted apart

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 09:00:00.000000

Existing shops keep writing money the American way (en_US) and print on the
paper their invoice settings named (Letter unless A4 was chosen there);
existing work orders and invoices take the shop's currency, which is what
they were written in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=16), nullable=False, server_default="en_US"))
        batch_op.add_column(
            sa.Column("paper_size", sa.String(length=8), nullable=False, server_default="letter")
        )
    for table in ("work_orders", "invoices"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("currency", sa.String(length=3), nullable=False, server_default="USD")
            )
        op.execute(
            f"UPDATE {table} SET currency = (SELECT shops.currency FROM shops WHERE shops.id = {table}.shop_id)"
        )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt_count", sa.Integer(), nullable=False, server_default="0"))
    _paper_from_invoice_settings()
    if op.get_bind().dialect.name == "sqlite":
        # SQLite changes a default only by copying the table, and a copy of invoices would drop
        # the triggers that keep posted invoices as they were (0009); the default does no harm there.
        return
    for table, columns in (
        ("shops", ("locale", "paper_size")),
        ("work_orders", ("currency",)),
        ("invoices", ("currency", "receipt_count")),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, server_default=None)


def _paper_from_invoice_settings() -> None:
    """The paper size moves from the invoice settings to the shop, where every document reads it."""
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT shop_id, value FROM settings WHERE key = 'invoicing'")).all()
    for shop_id, value in rows:
        try:
            data = json.loads(value)
        except ValueError:
            continue
        paper = data.pop("page_size", None)
        if paper in ("letter", "a4"):
            conn.execute(
                sa.text("UPDATE shops SET paper_size = :paper WHERE id = :id"),
                {"paper": paper, "id": shop_id},
            )
        conn.execute(
            sa.text("UPDATE settings SET value = :value WHERE shop_id = :id AND key = 'invoicing'"),
            {"value": json.dumps(data, sort_keys=True), "id": shop_id},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # in place, so the invoices keep their triggers
        for column in ("receipt_count", "currency"):
            op.execute(f"ALTER TABLE invoices DROP COLUMN {column}")
    else:
        with op.batch_alter_table("invoices", schema=None) as batch_op:
            batch_op.drop_column("receipt_count")
            batch_op.drop_column("currency")
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_column("currency")
    with op.batch_alter_table("shops", schema=None) as batch_op:
        batch_op.drop_column("paper_size")
        batch_op.drop_column("locale")
