"""stock follows the work order line; cores apart from sellable stock; the parts request queue

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_movements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("cores_after", sa.BigInteger(), nullable=False),
        sa.Column("document_type", sa.String(length=30), nullable=False),
        sa.Column("document_number", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("terminal_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["part_id"], ["parts.id"], name=op.f("fk_core_movements_part_id_parts")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_core_movements_shop_id_shops")),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_core_movements_terminal_id_terminals")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_core_movements_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_movements")),
    )
    with op.batch_alter_table("core_movements", schema=None) as batch_op:
        batch_op.create_index("ix_core_movements_shop_part_at", ["shop_id", "part_id", "at"], unique=False)

    with op.batch_alter_table("inventory", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cores_on_hand", sa.BigInteger(), server_default="0", nullable=False))

    with op.batch_alter_table("parts_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("part_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("closed_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("close_note", sa.String(length=400), server_default="", nullable=False))
        batch_op.create_index("ix_parts_requests_shop_status", ["shop_id", "status"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_parts_requests_part_id_parts"), "parts", ["part_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_parts_requests_closed_by_users"), "users", ["closed_by"], ["id"]
        )

    with op.batch_alter_table("work_order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allocated", sa.BigInteger(), server_default="0", nullable=False))
    # until now a line linked to a part was written only by an allocation: all of it left the shelf
    op.execute("UPDATE work_order_lines SET allocated = quantity WHERE part_id IS NOT NULL")
    if op.get_bind().dialect.name == "sqlite":
        # the core ledger is append-only like the stock ledger (a shared server refuses it by grants)
        for verb in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER walls_core_movements_no_{verb} BEFORE {verb.upper()} ON core_movements "
                f"BEGIN SELECT RAISE(ABORT, 'core_movements is append-only: a row is never {verb}d'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS walls_core_movements_no_{verb}")
    with op.batch_alter_table("work_order_lines", schema=None) as batch_op:
        batch_op.drop_column("allocated")

    with op.batch_alter_table("parts_requests", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_parts_requests_closed_by_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_parts_requests_part_id_parts"), type_="foreignkey")
        batch_op.drop_index("ix_parts_requests_shop_status")
        batch_op.drop_column("close_note")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("closed_by")
        batch_op.drop_column("part_id")

    with op.batch_alter_table("inventory", schema=None) as batch_op:
        batch_op.drop_column("cores_on_hand")

    with op.batch_alter_table("core_movements", schema=None) as batch_op:
        batch_op.drop_index("ix_core_movements_shop_part_at")
    op.drop_table("core_movements")
