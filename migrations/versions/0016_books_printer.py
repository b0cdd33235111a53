"""the accountant's exports: which periods went out, and when

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 10:20:00.000000

- ``books_exports``: one append-only row per accounting export (period,
  format, entries, debits, the SHA-256 of the bytes handed out, who, when),
  so exporting a period again says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "books_exports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("debits", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("exported_by", sa.Uuid(), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_books_exports_period_in_order")),
        sa.ForeignKeyConstraint(
            ["exported_by"], ["users.id"], name=op.f("fk_books_exports_exported_by_users")
        ),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_books_exports_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_books_exports")),
    )
    with op.batch_alter_table("books_exports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_books_exports_shop_period", ["shop_id", "start_date", "end_date"], unique=False
        )
    if op.get_bind().dialect.name == "sqlite":
        # a record of what went to the accountant is never rewritten (a shared server refuses it by grants)
        for verb in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER walls_books_exports_no_{verb} BEFORE {verb.upper()} ON books_exports "
                f"BEGIN SELECT RAISE(ABORT, 'books_exports is append-only: a row is never {verb}d'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS walls_books_exports_no_{verb}")
    with op.batch_alter_table("books_exports", schema=None) as batch_op:
        batch_op.drop_index("ix_books_exports_shop_period")
    op.drop_table("books_exports")
