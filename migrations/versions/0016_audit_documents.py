"""the audit chain covers the money: each document's entry carries its content and hash

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 10:00:00.000000

- ``audit_log.document``: the canonical JSON of the invoice (with its lines),
  credit note, payment or day close an entry records, as it stood when it was
  written; ``audit_log.document_hash``: its SHA-256, which the entry's own
  hash covers. ``audit verify`` recomputes both and names a changed document.
  Entries written before this revision have neither and are checked as before.

Both columns are added without copying the table (plain ``ADD COLUMN``), so
SQLite keeps the append-only triggers of ``audit_log``.
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
    op.add_column("audit_log", sa.Column("document", sa.Text(), nullable=True))
    op.add_column("audit_log", sa.Column("document_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # DROP COLUMN is refused while a trigger names the table on older SQLite; drop them and
        # put them back as 0009 made them.
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS walls_audit_log_no_{verb}")
    op.drop_column("audit_log", "document_hash")
    op.drop_column("audit_log", "document")
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER walls_audit_log_no_{verb} BEFORE {verb.upper()} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: a row is never {verb}d'); END"
            )
