"""work orders, jobs, lines, authorizations, canned jobs, reminders

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:37:25.949362
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "canned_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("concern", sa.Text(), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.Column("reminder_months", sa.Integer(), nullable=True),
        sa.Column("reminder_miles", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_canned_jobs_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_jobs")),
        sa.UniqueConstraint("shop_id", "name", name=op.f("uq_canned_jobs_shop_id")),
    )
    op.create_table(
        "service_reminders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("vehicle_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("interval_months", sa.Integer(), nullable=True),
        sa.Column("interval_miles", sa.Integer(), nullable=True),
        sa.Column("last_done_on", sa.Date(), nullable=True),
        sa.Column("last_done_miles", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("due_miles", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_service_reminders_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name=op.f("fk_service_reminders_vehicle_id_vehicles")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_reminders")),
    )
    with op.batch_alter_table("service_reminders", schema=None) as batch_op:
        batch_op.create_index("ix_service_reminders_shop_due", ["shop_id", "due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_reminders_vehicle_id"), ["vehicle_id"], unique=False)

    op.create_table(
        "work_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("vehicle_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("hold_reason", sa.String(length=200), nullable=False),
        sa.Column("odometer_in", sa.Integer(), nullable=True),
        sa.Column("odometer_out", sa.Integer(), nullable=True),
        sa.Column("promised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("tax_rate", sa.Integer(), nullable=False),
        sa.Column("rounding", sa.String(length=20), nullable=False),
        sa.Column("fee_rule", sa.Text(), nullable=False),
        sa.Column("labor_rate", sa.BigInteger(), nullable=False),
        sa.Column("tax_exempt_number", sa.String(length=50), nullable=False),
        sa.Column("authorized_total", sa.BigInteger(), nullable=True),
        sa.Column("needs_reauthorization", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_work_orders_created_by_users")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_work_orders_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_work_orders_shop_id_shops")),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_work_orders_updated_by_users")),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name=op.f("fk_work_orders_vehicle_id_vehicles")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_orders")),
        sa.UniqueConstraint("shop_id", "number", name=op.f("uq_work_orders_shop_id")),
    )
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_orders_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index("ix_work_orders_shop_status", ["shop_id", "status"], unique=False)
        batch_op.create_index("ix_work_orders_vehicle_created", ["vehicle_id", "created_at"], unique=False)

    op.create_table(
        "authorizations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("authorized_by", sa.String(length=100), nullable=False),
        sa.Column("relation", sa.String(length=50), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("phone_called", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("previous_amount", sa.BigInteger(), nullable=False),
        sa.Column("approved_jobs", sa.Text(), nullable=False),
        sa.Column("declined_jobs", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_authorizations_shop_id_shops")),
        sa.ForeignKeyConstraint(["taken_by"], ["users.id"], name=op.f("fk_authorizations_taken_by_users")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_authorizations_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authorizations")),
    )
    with op.batch_alter_table("authorizations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_authorizations_work_order_id"), ["work_order_id"], unique=False)

    op.create_table(
        "jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("concern", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("correction", sa.Text(), nullable=False),
        sa.Column("technician_id", sa.Uuid(), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("changed_since_authorized", sa.Boolean(), nullable=False),
        sa.Column("reminder_months", sa.Integer(), nullable=True),
        sa.Column("reminder_miles", sa.Integer(), nullable=True),
        sa.Column("copied_from_job_id", sa.Uuid(), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_jobs_shop_id_shops")),
        sa.ForeignKeyConstraint(["technician_id"], ["users.id"], name=op.f("fk_jobs_technician_id_users")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_jobs_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_work_order_position", ["work_order_id", "position"], unique=False)

    op.create_table(
        "work_order_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("part_number", sa.String(length=60), nullable=False),
        sa.Column("condition", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("taxable", sa.Boolean(), nullable=False),
        sa.Column("discount_percent", sa.Integer(), nullable=False),
        sa.Column("core_charge", sa.BigInteger(), nullable=False),
        sa.Column("vendor", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_work_order_lines_job_id_jobs")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_work_order_lines_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_work_order_lines_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order_lines")),
    )
    with op.batch_alter_table("work_order_lines", schema=None) as batch_op:
        batch_op.create_index("ix_work_order_lines_job_position", ["job_id", "position"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_work_order_lines_work_order_id"), ["work_order_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("work_order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_order_lines_work_order_id"))
        batch_op.drop_index("ix_work_order_lines_job_position")

    op.drop_table("work_order_lines")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_work_order_position")

    op.drop_table("jobs")
    with op.batch_alter_table("authorizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authorizations_work_order_id"))

    op.drop_table("authorizations")
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_work_orders_vehicle_created")
        batch_op.drop_index("ix_work_orders_shop_status")
        batch_op.drop_index(batch_op.f("ix_work_orders_customer_id"))

    op.drop_table("work_orders")
    with op.batch_alter_table("service_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_reminders_vehicle_id"))
        batch_op.drop_index("ix_service_reminders_shop_due")

    op.drop_table("service_reminders")
    op.drop_table("canned_jobs")
