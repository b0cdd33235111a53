"""the first day on BayDesk: rows imported from another system, and the column mappings used

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 13:30:00.000000

- ``import_keys``: one append-only row per imported row (its key, what it
  became), so importing the same file again imports nothing twice.
- ``import_mappings``: the column mapping last used per source (a file's
  column names), offered again next time.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("row_key", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("imported_by", sa.Uuid(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["imported_by"], ["users.id"], name=op.f("fk_import_keys_imported_by_users")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_import_keys_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_keys")),
        sa.UniqueConstraint("shop_id", "kind", "row_key", name=op.f("uq_import_keys_shop_id")),
    )
    with op.batch_alter_table("import_keys", schema=None) as batch_op:
        batch_op.create_index("ix_import_keys_source", ["shop_id", "kind", "source_id"], unique=False)
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.Uuid(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["saved_by"], ["users.id"], name=op.f("fk_import_mappings_saved_by_users")),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_import_mappings_shop_id_shops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
        sa.UniqueConstraint("shop_id", "kind", "signature", name=op.f("uq_import_mappings_shop_id")),
    )
    if op.get_bind().dialect.name == "sqlite":
        # what was imported stays known, or a second run would import it again (a shared server: grants)
        for verb in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER walls_import_keys_no_{verb} BEFORE {verb.upper()} ON import_keys "
                f"BEGIN SELECT RAISE(ABORT, 'import_keys is append-only: a row is never {verb}d'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS walls_import_keys_no_{verb}")
    op.drop_table("import_mappings")
    with op.batch_alter_table("import_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_import_keys_source")
    op.drop_table("import_keys")
