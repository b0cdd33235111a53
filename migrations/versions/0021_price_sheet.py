"""the price sheet: customers' price levels and rates, exemption certificates, invoice pricing

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 13:30:00.000000

- ``pricing_profiles``: a customer's or a vehicle's price level and labor rate.
- ``tax_exempt_certificates``: a customer's certificates, with their expiry and
  the tax components they exempt from.
- ``invoice_pricing``: one append-only row per invoice priced by the sheet: the
  sheet as it was and every printed figure (tax components, fees, discounts).

- ``work_orders.price_sheet``: the sheet an estimate is priced with (its snapshot,
  renewed only by re-pricing), so the authorized amount is what the invoice bills.

The sheet itself is a ``settings`` row and needs no table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMN: SQLite keeps the work orders' triggers
    op.add_column("work_orders", sa.Column("price_sheet", sa.Text(), nullable=True))
    op.create_table(
        "pricing_profiles",
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("subject_kind", sa.String(length=10), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("price_level", sa.String(length=40), nullable=False),
        sa.Column("labor_rate", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_pricing_profiles_shop_id_shops")),
        sa.PrimaryKeyConstraint("shop_id", "subject_kind", "subject_id", name=op.f("pk_pricing_profiles")),
    )
    op.create_table(
        "tax_exempt_certificates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("components", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_tax_exempt_certificates_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"], ["shops.id"], name=op.f("fk_tax_exempt_certificates_shop_id_shops")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_exempt_certificates")),
    )
    with op.batch_alter_table("tax_exempt_certificates", schema=None) as batch_op:
        batch_op.create_index("ix_tax_exempt_certificates_customer", ["shop_id", "customer_id"], unique=False)
    op.create_table(
        "invoice_pricing",
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("discount_total", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_invoice_pricing_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_invoice_pricing_shop_id_shops")),
        sa.PrimaryKeyConstraint("invoice_id", name=op.f("pk_invoice_pricing")),
    )
    with op.batch_alter_table("invoice_pricing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_pricing_shop_id"), ["shop_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        # what an invoice printed is never rewritten (a shared server refuses it by grants)
        for verb in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER walls_invoice_pricing_no_{verb} BEFORE {verb.upper()} ON invoice_pricing "
                f"BEGIN SELECT RAISE(ABORT, 'invoice_pricing is append-only: a row is never {verb}d'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS walls_invoice_pricing_no_{verb}")
    with op.batch_alter_table("invoice_pricing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_pricing_shop_id"))
    op.drop_table("invoice_pricing")
    with op.batch_alter_table("tax_exempt_certificates", schema=None) as batch_op:
        batch_op.drop_index("ix_tax_exempt_certificates_customer")
    op.drop_table("tax_exempt_certificates")
    op.drop_table("pricing_profiles")
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_column("price_sheet")
