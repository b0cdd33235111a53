"""cash drawers and day closes

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cash_drawer_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Uuid(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opening_float", sa.BigInteger(), nullable=False),
        sa.Column("opened_by", sa.Uuid(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("counted", sa.BigInteger(), nullable=True),
        sa.Column("expected", sa.BigInteger(), nullable=True),
        sa.Column("cash_taken", sa.BigInteger(), nullable=True),
        sa.Column("paid_in", sa.BigInteger(), nullable=True),
        sa.Column("paid_out", sa.BigInteger(), nullable=True),
        sa.Column("over_short", sa.BigInteger(), nullable=True),
        sa.Column("counted_by", sa.Uuid(), nullable=True),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("over_short_reason", sa.String(length=400), nullable=False),
        sa.Column("deposit", sa.BigInteger(), nullable=True),
        sa.Column("closed_by", sa.Uuid(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "deposit IS NULL OR deposit >= 0", name=op.f("ck_cash_drawer_sessions_deposit_not_negative")
        ),
        sa.CheckConstraint("opening_float >= 0", name=op.f("ck_cash_drawer_sessions_float_not_negative")),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["users.id"], name=op.f("fk_cash_drawer_sessions_closed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["counted_by"], ["users.id"], name=op.f("fk_cash_drawer_sessions_counted_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["users.id"], name=op.f("fk_cash_drawer_sessions_opened_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"], ["shops.id"], name=op.f("fk_cash_drawer_sessions_shop_id_shops")
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_cash_drawer_sessions_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_drawer_sessions")),
    )
    with op.batch_alter_table("cash_drawer_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cash_drawer_sessions_shop_business_date", ["shop_id", "business_date"], unique=False
        )
        batch_op.create_index(
            "uq_cash_drawer_sessions_open_terminal",
            ["terminal_id"],
            unique=True,
            sqlite_where=sa.text("closed_at IS NULL"),
            postgresql_where=sa.text("closed_at IS NULL"),
        )

    op.create_table(
        "cash_drawer_movements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_user", sa.Uuid(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_cash_drawer_movements_amount_positive")),
        sa.ForeignKeyConstraint(
            ["by_user"], ["users.id"], name=op.f("fk_cash_drawer_movements_by_user_users")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cash_drawer_sessions.id"],
            name=op.f("fk_cash_drawer_movements_session_id_cash_drawer_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"], ["shops.id"], name=op.f("fk_cash_drawer_movements_shop_id_shops")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_drawer_movements")),
    )
    with op.batch_alter_table("cash_drawer_movements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cash_drawer_movements_session_id"), ["session_id"], unique=False)

    op.create_table(
        "day_closes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("closed_by", sa.Uuid(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invoice_count", sa.Integer(), nullable=False),
        sa.Column("gross_sales", sa.BigInteger(), nullable=False),
        sa.Column("net_sales", sa.BigInteger(), nullable=False),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("payments_total", sa.BigInteger(), nullable=False),
        sa.Column("grand_total_before", sa.BigInteger(), nullable=False),
        sa.Column("grand_total_after", sa.BigInteger(), nullable=False),
        sa.Column("audit_seq", sa.BigInteger(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "grand_total_after >= grand_total_before", name=op.f("ck_day_closes_grand_total_never_decreases")
        ),
        sa.CheckConstraint("gross_sales >= 0", name=op.f("ck_day_closes_gross_sales_not_negative")),
        sa.ForeignKeyConstraint(["closed_by"], ["users.id"], name=op.f("fk_day_closes_closed_by_users")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_day_closes_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_closes")),
        sa.UniqueConstraint("shop_id", "business_date", name=op.f("uq_day_closes_shop_id")),
    )


def downgrade() -> None:
    op.drop_table("day_closes")
    with op.batch_alter_table("cash_drawer_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cash_drawer_movements_session_id"))
    op.drop_table("cash_drawer_movements")
    with op.batch_alter_table("cash_drawer_sessions", schema=None) as batch_op:
        batch_op.drop_index("uq_cash_drawer_sessions_open_terminal")
        batch_op.drop_index("ix_cash_drawer_sessions_shop_business_date")
    op.drop_table("cash_drawer_sessions")
