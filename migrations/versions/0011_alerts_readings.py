"""alert rules and alerts; vehicle readings and the jobs their trouble codes became

The partial unique index ``uq_alerts_open_subject`` keeps one open alert per
rule and subject however many terminals evaluate the rules at once;
``vehicle_readings`` holds one row per vehicle and minute (its natural key),
so an import run twice adds nothing the second time.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("limits", sa.Text(), nullable=False),
        sa.Column("roles", sa.String(length=100), nullable=False),
        sa.Column("cooldown_minutes", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_alert_rules_shop_id_shops")),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_alert_rules_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_rules")),
        sa.UniqueConstraint("shop_id", "kind", name=op.f("uq_alert_rules_shop_id")),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("rule_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("link_kind", sa.String(length=20), nullable=False),
        sa.Column("link_id", sa.Uuid(), nullable=True),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.Uuid(), nullable=True),
        sa.Column("acknowledge_note", sa.String(length=400), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=False),
        sa.Column("resolve_note", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"], ["users.id"], name=op.f("fk_alerts_acknowledged_by_users")
        ),
        sa.ForeignKeyConstraint(["resolved_by"], ["users.id"], name=op.f("fk_alerts_resolved_by_users")),
        sa.ForeignKeyConstraint(["rule_id"], ["alert_rules.id"], name=op.f("fk_alerts_rule_id_alert_rules")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_alerts_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_alerts_rule_subject_resolved", ["rule_id", "subject", "resolved_at"], unique=False
        )
        batch_op.create_index("ix_alerts_shop_raised_at", ["shop_id", "raised_at"], unique=False)
        batch_op.create_index(
            "uq_alerts_open_subject",
            ["shop_id", "rule_id", "subject"],
            unique=True,
            sqlite_where=sa.text("resolved_at IS NULL"),
            postgresql_where=sa.text("resolved_at IS NULL"),
        )

    op.create_table(
        "vehicle_readings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("vehicle_id", sa.Uuid(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("odometer", sa.Integer(), nullable=True),
        sa.Column("battery_mv", sa.Integer(), nullable=True),
        sa.Column("fuel_tenths", sa.Integer(), nullable=True),
        sa.Column("coolant_tenths", sa.Integer(), nullable=True),
        sa.Column("codes_read", sa.Boolean(), nullable=False),
        sa.Column("codes", sa.String(length=400), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("mileage_recorded", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["users.id"], name=op.f("fk_vehicle_readings_imported_by_users")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_vehicle_readings_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name=op.f("fk_vehicle_readings_vehicle_id_vehicles")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicle_readings")),
        sa.UniqueConstraint("shop_id", "vehicle_id", "taken_at", name=op.f("uq_vehicle_readings_shop_id")),
    )
    with op.batch_alter_table("vehicle_readings", schema=None) as batch_op:
        batch_op.create_index("ix_vehicle_readings_shop_taken_at", ["shop_id", "taken_at"], unique=False)

    op.create_table(
        "code_recommendations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("vehicle_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("concern", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("work_order_id", sa.Uuid(), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_code_recommendations_job_id_jobs")),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_code_recommendations_requested_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"], ["shops.id"], name=op.f("fk_code_recommendations_shop_id_shops")
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicles.id"], name=op.f("fk_code_recommendations_vehicle_id_vehicles")
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_orders.id"],
            name=op.f("fk_code_recommendations_work_order_id_work_orders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_recommendations")),
    )
    with op.batch_alter_table("code_recommendations", schema=None) as batch_op:
        batch_op.create_index("ix_code_recommendations_vehicle_id", ["vehicle_id"], unique=False)
        batch_op.create_index(
            "uq_code_recommendations_waiting",
            ["shop_id", "vehicle_id", "code"],
            unique=True,
            sqlite_where=sa.text("job_id IS NULL"),
            postgresql_where=sa.text("job_id IS NULL"),
        )
    if op.get_bind().dialect.name == "sqlite":
        # readings are append-only like the other ledgers (a shared server refuses it by grants)
        for verb in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER walls_vehicle_readings_no_{verb} BEFORE {verb.upper()} ON vehicle_readings "
                f"BEGIN SELECT RAISE(ABORT, 'vehicle_readings is append-only: a row is never {verb}d'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS walls_vehicle_readings_no_{verb}")
    with op.batch_alter_table("code_recommendations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_code_recommendations_waiting",
            sqlite_where=sa.text("job_id IS NULL"),
            postgresql_where=sa.text("job_id IS NULL"),
        )
        batch_op.drop_index("ix_code_recommendations_vehicle_id")

    op.drop_table("code_recommendations")
    with op.batch_alter_table("vehicle_readings", schema=None) as batch_op:
        batch_op.drop_index("ix_vehicle_readings_shop_taken_at")

    op.drop_table("vehicle_readings")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_alerts_open_subject",
            sqlite_where=sa.text("resolved_at IS NULL"),
            postgresql_where=sa.text("resolved_at IS NULL"),
        )
        batch_op.drop_index("ix_alerts_shop_raised_at")
        batch_op.drop_index("ix_alerts_rule_subject_resolved")

    op.drop_table("alerts")
    op.drop_table("alert_rules")
