"""appointments, schedule day locks, technician hours, days off, shop closed days

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "schedule_day_locks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("resource_kind", sa.String(length=12), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_schedule_day_locks_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_day_locks")),
        sa.UniqueConstraint(
            "shop_id", "day", "resource_kind", "resource_id", name=op.f("uq_schedule_day_locks_shop_id")
        ),
    )
    op.create_table(
        "shop_closed_days",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_shop_closed_days_created_by_users")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_shop_closed_days_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shop_closed_days")),
        sa.UniqueConstraint("shop_id", "day", name=op.f("uq_shop_closed_days_shop_id")),
    )
    op.create_table(
        "technician_days_off",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_technician_days_off_created_by_users")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_technician_days_off_shop_id_shops")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_technician_days_off_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technician_days_off")),
        sa.UniqueConstraint("user_id", "day", name=op.f("uq_technician_days_off_user_id")),
    )
    with op.batch_alter_table("technician_days_off", schema=None) as batch_op:
        batch_op.create_index("ix_technician_days_off_shop_day", ["shop_id", "day"], unique=False)

    op.create_table(
        "technician_hours",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_technician_hours_shop_id_shops")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_technician_hours_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technician_hours")),
        sa.UniqueConstraint("user_id", "weekday", name=op.f("uq_technician_hours_user_id")),
    )
    with op.batch_alter_table("technician_hours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_technician_hours_shop_id"), ["shop_id"], unique=False)

    op.create_table(
        "appointments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("vehicle_id", sa.Uuid(), nullable=False),
        sa.Column("concern", sa.Text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("drop_off_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("promised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expected_hours", sa.BigInteger(), nullable=False),
        sa.Column("bay_id", sa.Uuid(), nullable=True),
        sa.Column("technician_id", sa.Uuid(), nullable=True),
        sa.Column("waiting", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("reminder_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_note", sa.String(length=200), nullable=False),
        sa.Column("override_reason", sa.String(length=200), nullable=False),
        sa.Column("work_order_id", sa.Uuid(), nullable=True),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bay_id"], ["service_bays.id"], name=op.f("fk_appointments_bay_id_service_bays")
        ),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_appointments_created_by_users")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_appointments_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["reminder_id"],
            ["service_reminders.id"],
            name=op.f("fk_appointments_reminder_id_service_reminders"),
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_appointments_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["technician_id"], ["users.id"], name=op.f("fk_appointments_technician_id_users")
        ),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_appointments_updated_by_users")),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name=op.f("fk_appointments_vehicle_id_vehicles")
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_appointments_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index("ix_appointments_reminder", ["reminder_id"], unique=False)
        batch_op.create_index("ix_appointments_shop_day", ["shop_id", "day"], unique=False)
        batch_op.create_index("ix_appointments_shop_status_day", ["shop_id", "status", "day"], unique=False)
        batch_op.create_index("ix_appointments_vehicle", ["vehicle_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_vehicle")
        batch_op.drop_index("ix_appointments_shop_status_day")
        batch_op.drop_index("ix_appointments_shop_day")
        batch_op.drop_index("ix_appointments_reminder")

    op.drop_table("appointments")
    with op.batch_alter_table("technician_hours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_technician_hours_shop_id"))

    op.drop_table("technician_hours")
    with op.batch_alter_table("technician_days_off", schema=None) as batch_op:
        batch_op.drop_index("ix_technician_days_off_shop_day")

    op.drop_table("technician_days_off")
    op.drop_table("shop_closed_days")
    op.drop_table("schedule_day_locks")
