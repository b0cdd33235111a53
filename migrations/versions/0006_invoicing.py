"""invoices, invoice jobs and lines, payments, customer accounts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("terms_days", sa.Integer(), nullable=False),
        sa.Column("credit_limit", sa.BigInteger(), nullable=True),
        sa.Column("tax_exempt_certificate", sa.String(length=50), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=400), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_customer_accounts_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_customer_accounts_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_customer_accounts_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_accounts")),
        sa.UniqueConstraint("shop_id", "customer_id", name=op.f("uq_customer_accounts_shop_id")),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=True),
        sa.Column("counter_ticket_id", sa.Uuid(), nullable=True),
        sa.Column("credited_invoice_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("vehicle_id", sa.Uuid(), nullable=True),
        sa.Column("customer_name", sa.String(length=300), nullable=False),
        sa.Column("customer_address", sa.String(length=600), nullable=False),
        sa.Column("customer_phone", sa.String(length=40), nullable=False),
        sa.Column("customer_email", sa.String(length=254), nullable=False),
        sa.Column("vehicle_description", sa.String(length=200), nullable=False),
        sa.Column("vin", sa.String(length=17), nullable=False),
        sa.Column("plate", sa.String(length=15), nullable=False),
        sa.Column("odometer_in", sa.Integer(), nullable=True),
        sa.Column("odometer_out", sa.Integer(), nullable=True),
        sa.Column("tax_exempt_number", sa.String(length=50), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_by", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=True),
        sa.Column("tax_rate", sa.Integer(), nullable=False),
        sa.Column("rounding", sa.String(length=20), nullable=False),
        sa.Column("decimals", sa.Integer(), nullable=False),
        sa.Column("fee_rule", sa.Text(), nullable=False),
        sa.Column("labor_rate", sa.BigInteger(), nullable=False),
        sa.Column("cash_rounding_step", sa.BigInteger(), nullable=False),
        sa.Column("labor", sa.BigInteger(), nullable=False),
        sa.Column("parts", sa.BigInteger(), nullable=False),
        sa.Column("fees", sa.BigInteger(), nullable=False),
        sa.Column("shop_supplies", sa.BigInteger(), nullable=False),
        sa.Column("sublet", sa.BigInteger(), nullable=False),
        sa.Column("cores", sa.BigInteger(), nullable=False),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("taxable_base", sa.BigInteger(), nullable=False),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("cash_rounding", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("parts_cost", sa.BigInteger(), nullable=False),
        sa.Column("labor_cost", sa.BigInteger(), nullable=False),
        sa.Column("sublet_cost", sa.BigInteger(), nullable=False),
        sa.Column("billed_hours", sa.BigInteger(), nullable=False),
        sa.Column("on_account", sa.Boolean(), nullable=False),
        sa.Column("terms_days", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("void_reason", sa.String(length=400), nullable=False),
        sa.Column("voided_by", sa.Uuid(), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("void_business_date", sa.Date(), nullable=True),
        sa.Column("void_restocked", sa.Boolean(), nullable=False),
        sa.Column("print_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["credited_invoice_id"], ["invoices.id"], name=op.f("fk_invoices_credited_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_invoices_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(["posted_by"], ["users.id"], name=op.f("fk_invoices_posted_by_users")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_invoices_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_invoices_terminal_id_terminals")
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name=op.f("fk_invoices_vehicle_id_vehicles")
        ),
        sa.ForeignKeyConstraint(["voided_by"], ["users.id"], name=op.f("fk_invoices_voided_by_users")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_invoices_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("shop_id", "kind", "number", name=op.f("uq_invoices_shop_id")),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index("ix_invoices_credited_invoice", ["credited_invoice_id"], unique=False)
        batch_op.create_index("ix_invoices_shop_business_date", ["shop_id", "business_date"], unique=False)
        batch_op.create_index("ix_invoices_shop_customer", ["shop_id", "customer_id"], unique=False)
        batch_op.create_index("ix_invoices_shop_status", ["shop_id", "status"], unique=False)
        batch_op.create_index("ix_invoices_work_order", ["work_order_id"], unique=False)
    op.create_table(
        "invoice_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("concern", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("correction", sa.Text(), nullable=False),
        sa.Column("technician_id", sa.Uuid(), nullable=True),
        sa.Column("technician_name", sa.String(length=100), nullable=False),
        sa.Column("source_job_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_invoice_jobs_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_invoice_jobs_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["technician_id"], ["users.id"], name=op.f("fk_invoice_jobs_technician_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_jobs")),
    )
    with op.batch_alter_table("invoice_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_invoice_jobs_invoice_position", ["invoice_id", "position"], unique=False)
    op.create_table(
        "payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=True),
        sa.Column("work_order_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("tendered", sa.BigInteger(), nullable=True),
        sa.Column("change_given", sa.BigInteger(), nullable=True),
        sa.Column("settles_account", sa.Boolean(), nullable=False),
        sa.Column("card_brand", sa.String(length=20), nullable=False),
        sa.Column("card_last4", sa.String(length=4), nullable=False),
        sa.Column("processor_reference", sa.String(length=64), nullable=False),
        sa.Column("check_number", sa.String(length=30), nullable=False),
        sa.Column("note", sa.String(length=400), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_payments_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_payments_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_payments_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_payments_terminal_id_terminals")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_payments_user_id_users")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_payments_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index("ix_payments_invoice", ["invoice_id"], unique=False)
        batch_op.create_index("ix_payments_shop_business_date", ["shop_id", "business_date"], unique=False)
        batch_op.create_index("ix_payments_shop_customer", ["shop_id", "customer_id"], unique=False)
        batch_op.create_index("ix_payments_work_order", ["work_order_id"], unique=False)
    op.create_table(
        "invoice_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_job_id", sa.Uuid(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=True),
        sa.Column("part_number", sa.String(length=60), nullable=False),
        sa.Column("condition", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("discount_percent", sa.Integer(), nullable=False),
        sa.Column("discount_amount", sa.BigInteger(), nullable=False),
        sa.Column("core_charge", sa.BigInteger(), nullable=False),
        sa.Column("core_amount", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("cost_amount", sa.BigInteger(), nullable=False),
        sa.Column("taxable", sa.Boolean(), nullable=False),
        sa.Column("tax_rate", sa.Integer(), nullable=False),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("fee_rule", sa.String(length=400), nullable=False),
        sa.Column("rounding", sa.String(length=20), nullable=False),
        sa.Column("technician_id", sa.Uuid(), nullable=True),
        sa.Column("billed_hours", sa.BigInteger(), nullable=False),
        sa.Column("vendor", sa.String(length=100), nullable=False),
        sa.Column("source_line_id", sa.Uuid(), nullable=True),
        sa.Column("credited_line_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_invoice_lines_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_job_id"], ["invoice_jobs.id"], name=op.f("fk_invoice_lines_invoice_job_id_invoice_jobs")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_invoice_lines_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["technician_id"], ["users.id"], name=op.f("fk_invoice_lines_technician_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_lines")),
    )
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.create_index("ix_invoice_lines_invoice_position", ["invoice_id", "position"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_invoice_lines_invoice_position")
    op.drop_table("invoice_lines")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_work_order")
        batch_op.drop_index("ix_payments_shop_customer")
        batch_op.drop_index("ix_payments_shop_business_date")
        batch_op.drop_index("ix_payments_invoice")
    op.drop_table("payments")
    with op.batch_alter_table("invoice_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_invoice_jobs_invoice_position")
    op.drop_table("invoice_jobs")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_work_order")
        batch_op.drop_index("ix_invoices_shop_status")
        batch_op.drop_index("ix_invoices_shop_customer")
        batch_op.drop_index("ix_invoices_shop_business_date")
        batch_op.drop_index("ix_invoices_credited_invoice")
    op.drop_table("invoices")
    op.drop_table("customer_accounts")
