"""cash in a drawer, labor cost rates, bays that follow the work order

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 08:00:00.000000

- ``payments.drawer_id``: the cash drawer a cash payment went into. Cash taken
  before this revision is placed in the drawer that was open on its terminal
  at that moment (the rule the count used until now).
- ``users.labor_cost_rate``: what an hour of the technician costs the shop.
- Cars that stayed in a bay after their work order was completed, invoiced
  or cancelled leave it, with a line in the bay's history.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ASSIGNMENTS = sa.table(
    "bay_assignments",
    sa.column("id", sa.Uuid()),
    sa.column("shop_id", sa.Uuid()),
    sa.column("bay_id", sa.Uuid()),
    sa.column("work_order_id", sa.Uuid()),
    sa.column("status", sa.String()),
    sa.column("ended_at", sa.DateTime(timezone=True)),
)
_LOGS = sa.table(
    "bay_status_logs",
    sa.column("id", sa.Uuid()),
    sa.column("shop_id", sa.Uuid()),
    sa.column("bay_id", sa.Uuid()),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("user_id", sa.Uuid()),
    sa.column("event", sa.String()),
    sa.column("old_status", sa.String()),
    sa.column("new_status", sa.String()),
    sa.column("work_order_id", sa.Uuid()),
    sa.column("details", sa.String()),
)
_ORDERS = sa.table("work_orders", sa.column("id", sa.Uuid()), sa.column("status", sa.String()))
_FINISHED = ("completed", "invoiced", "cancelled")


def upgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("drawer_id", sa.Uuid(), nullable=True))
        batch_op.create_index("ix_payments_drawer", ["drawer_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_payments_drawer_id_cash_drawer_sessions"),
            "cash_drawer_sessions",
            ["drawer_id"],
            ["id"],
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("labor_cost_rate", sa.BigInteger(), nullable=True))
    _place_cash_in_drawers()
    _payments_stay_append_only()
    _empty_bays_of_finished_orders()


def _payments_stay_append_only() -> None:
    """SQLite added the foreign key by copying the table, which drops its triggers (0009): again."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for verb in ("update", "delete"):
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS walls_payments_no_{verb} BEFORE {verb.upper()} ON payments "
            f"BEGIN SELECT RAISE(ABORT, 'payments is append-only: a row is never {verb}d'); END"
        )


def _place_cash_in_drawers() -> None:
    op.execute(
        """
        UPDATE payments SET drawer_id = (
            SELECT s.id FROM cash_drawer_sessions s
            WHERE s.terminal_id = payments.terminal_id
              AND s.opened_at <= payments.received_at
              AND (s.counted_at IS NULL OR s.counted_at > payments.received_at)
            ORDER BY s.opened_at DESC
            LIMIT 1
        )
        WHERE method = 'cash'
        """
    )


def _empty_bays_of_finished_orders() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            _ASSIGNMENTS.c.id,
            _ASSIGNMENTS.c.shop_id,
            _ASSIGNMENTS.c.bay_id,
            _ASSIGNMENTS.c.work_order_id,
            _ORDERS.c.status,
        )
        .join(_ORDERS, _ORDERS.c.id == _ASSIGNMENTS.c.work_order_id)
        .where(_ASSIGNMENTS.c.status.in_(("assigned", "in_progress")), _ORDERS.c.status.in_(_FINISHED))
    ).all()
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":  # stored there as naive UTC, as the app's column type does
        now = now.replace(tzinfo=None)
    for row in rows:
        ended = "cancelled" if row.status == "cancelled" else "completed"
        bind.execute(
            sa.update(_ASSIGNMENTS).where(_ASSIGNMENTS.c.id == row.id).values(status=ended, ended_at=now)
        )
        bind.execute(
            sa.insert(_LOGS).values(
                id=uuid.uuid4(),
                shop_id=row.shop_id,
                bay_id=row.bay_id,
                at=now,
                user_id=None,
                event="released",
                old_status="",
                new_status="",
                work_order_id=row.work_order_id,
                details=f"work order {row.status}",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("labor_cost_rate")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_payments_drawer_id_cash_drawer_sessions"), type_="foreignkey")
        batch_op.drop_index("ix_payments_drawer")
        batch_op.drop_column("drawer_id")
    _payments_stay_append_only()
