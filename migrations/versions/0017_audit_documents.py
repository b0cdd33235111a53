"""the audit chain covers the money: each document's entry carries its content and hash

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 10:00:00.000000

- ``audit_log.document``: the canonical JSON of the invoice (with its lines),
  credit note, payment or day close an entry records, as it stood when it was
  written; ``audit_log.document_hash``: its SHA-256, which the entry's own
  hash covers. ``audit verify`` recomputes both and names a changed document.
  Entries written before this revision have neither and are checked as before.

- ``sign_in_names``: failed sign-ins counted by a hash of the name typed,
  per shop, so a name no active person has is counted and locked out like
  a real person's (row-level security keys on ``shop_id`` as everywhere).

Both columns are added without copying the table (plain ``ADD COLUMN``), so
SQLite keeps the append-only triggers of ``audit_log``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A downgrade keeps these two columns (see below), so an upgrade after it finds them there.
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("audit_log")}
    if "document" not in present:
        op.add_column("audit_log", sa.Column("document", sa.Text(), nullable=True))
    if "document_hash" not in present:
        op.add_column("audit_log", sa.Column("document_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "sign_in_names",
        sa.Column("shop_id", sa.Uuid(), nullable=False),
        sa.Column("name_key", sa.String(length=64), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], name=op.f("fk_sign_in_names_shop_id_shops")),
        sa.PrimaryKeyConstraint("shop_id", "name_key", name=op.f("pk_sign_in_names")),
    )


def downgrade() -> None:
    # The audit entries' document columns stay: each entry's own hash covers its document hash, so
    # dropping them would break the chain for good; the older schema simply does not read them, and
    # upgrading again finds the chain whole.
    op.drop_table("sign_in_names")
