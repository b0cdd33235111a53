"""a second payer (insurer or warranty company) on work orders, and its part of each invoice

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 13:30:00.000000

- ``work_order_payers``: the payer set on a work order (one at most): the
  account customer that pays, claim or contract number, adjuster, deductible,
  approval amount and the jobs and lines covered.
- ``invoice_payer_parts`` (append-only): the split of a posted invoice or
  credit note into the customer's part and the payer's part.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _money(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "work_order_payers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("payer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("claim_number", sa.String(length=60), nullable=False),
        sa.Column("adjuster", sa.String(length=200), nullable=False),
        _money("deductible"),
        _money("approval", nullable=True),
        sa.Column("covered_job_ids", sa.Text(), nullable=False),
        sa.Column("covered_line_ids", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["customers.id"], name=op.f("fk_work_order_payers_payer_id_customers")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_work_order_payers_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_work_order_payers_updated_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_work_order_payers_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order_payers")),
        sa.UniqueConstraint("work_order_id", name=op.f("uq_work_order_payers_work_order_id")),
    )
    op.create_table(
        "invoice_payer_parts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("payer_id", sa.Uuid(), nullable=False),
        sa.Column("payer_name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("claim_number", sa.String(length=60), nullable=False),
        sa.Column("adjuster", sa.String(length=200), nullable=False),
        _money("deductible_agreed"),
        _money("approval", nullable=True),
        _money("covered"),
        _money("covered_tax"),
        _money("deductible"),
        _money("over_approval"),
        _money("payer_amount"),
        _money("customer_amount"),
        sa.Column("covered_line_ids", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_invoice_payer_parts_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["customers.id"], name=op.f("fk_invoice_payer_parts_payer_id_customers")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_invoice_payer_parts_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_payer_parts")),
        sa.UniqueConstraint("invoice_id", name=op.f("uq_invoice_payer_parts_invoice_id")),
    )
    if op.get_bind().dialect.name == "sqlite":
        # a posted split never changes (a shared server refuses it by grants)
        for verb in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER walls_invoice_payer_parts_no_{verb} BEFORE {verb.upper()} "
                "ON invoice_payer_parts BEGIN SELECT RAISE(ABORT, "
                f"'invoice_payer_parts is append-only: a row is never {verb}d'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS walls_invoice_payer_parts_no_{verb}")
    op.drop_table("invoice_payer_parts")
    op.drop_table("work_order_payers")
