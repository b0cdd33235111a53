"""service bays, assignments, bay status history, technician time, inspection items, parts requests

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_bays",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("area", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("equipment", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_note", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_service_bays_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_bays")),
        sa.UniqueConstraint("shop_id", "name", name=op.f("uq_service_bays_shop_id")),
    )
    with op.batch_alter_table("service_bays", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_bays_shop_id"), ["shop_id"], unique=False)
    op.create_table(
        "bay_assignments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("bay_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("technician_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notes", sa.String(length=400), nullable=False),
        sa.Column("override_reason", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bay_id"], ["service_bays.id"], name=op.f("fk_bay_assignments_bay_id_service_bays")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_bay_assignments_created_by_users")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_bay_assignments_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["technician_id"], ["users.id"], name=op.f("fk_bay_assignments_technician_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_bay_assignments_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bay_assignments")),
    )
    with op.batch_alter_table("bay_assignments", schema=None) as batch_op:
        batch_op.create_index("ix_bay_assignments_bay_status", ["bay_id", "status"], unique=False)
        batch_op.create_index("ix_bay_assignments_shop_ended", ["shop_id", "ended_at"], unique=False)
        batch_op.create_index("ix_bay_assignments_shop_status", ["shop_id", "status"], unique=False)
        batch_op.create_index("ix_bay_assignments_work_order", ["work_order_id"], unique=False)
    op.create_table(
        "bay_status_logs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("bay_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("old_status", sa.String(length=20), nullable=False),
        sa.Column("new_status", sa.String(length=20), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=True),
        sa.Column("details", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["bay_id"], ["service_bays.id"], name=op.f("fk_bay_status_logs_bay_id_service_bays")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_bay_status_logs_shop_id_shops")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_bay_status_logs_user_id_users")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_bay_status_logs_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bay_status_logs")),
    )
    with op.batch_alter_table("bay_status_logs", schema=None) as batch_op:
        batch_op.create_index("ix_bay_status_logs_bay_at", ["bay_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_bay_status_logs_shop_id"), ["shop_id"], unique=False)
    op.create_table(
        "time_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_time_entries_job_id_jobs")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_time_entries_shop_id_shops")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_time_entries_user_id_users")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_time_entries_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_entries")),
    )
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.create_index("ix_time_entries_shop_started", ["shop_id", "started_at"], unique=False)
        batch_op.create_index("ix_time_entries_user_open", ["shop_id", "user_id", "ended_at"], unique=False)
        batch_op.create_index("ix_time_entries_work_order", ["work_order_id"], unique=False)
    op.create_table(
        "inspection_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("condition", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("photo_type", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_inspection_items_created_by_users")
        ),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_inspection_items_job_id_jobs")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_inspection_items_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_inspection_items_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_items")),
    )
    with op.batch_alter_table("inspection_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_items_work_order_id"), ["work_order_id"], unique=False
        )
    op.create_table(
        "parts_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=400), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_parts_requests_job_id_jobs")),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_parts_requests_requested_by_users")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_parts_requests_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_parts_requests_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parts_requests")),
    )
    with op.batch_alter_table("parts_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parts_requests_work_order_id"), ["work_order_id"], unique=False)

    # the bay board's "done today": orders completed since midnight, without walking years of invoices
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.create_index("ix_work_orders_shop_completed", ["shop_id", "completed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_work_orders_shop_completed")
    with op.batch_alter_table("parts_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parts_requests_work_order_id"))
    op.drop_table("parts_requests")
    with op.batch_alter_table("inspection_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_items_work_order_id"))
    op.drop_table("inspection_items")
    with op.batch_alter_table("time_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_time_entries_work_order")
        batch_op.drop_index("ix_time_entries_user_open")
        batch_op.drop_index("ix_time_entries_shop_started")
    op.drop_table("time_entries")
    with op.batch_alter_table("bay_status_logs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bay_status_logs_shop_id"))
        batch_op.drop_index("ix_bay_status_logs_bay_at")
    op.drop_table("bay_status_logs")
    with op.batch_alter_table("bay_assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_bay_assignments_work_order")
        batch_op.drop_index("ix_bay_assignments_shop_status")
        batch_op.drop_index("ix_bay_assignments_shop_ended")
        batch_op.drop_index("ix_bay_assignments_bay_status")
    op.drop_table("bay_assignments")
    with op.batch_alter_table("service_bays", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_bays_shop_id"))
    op.drop_table("service_bays")
