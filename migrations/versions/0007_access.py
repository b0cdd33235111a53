"""audit viewer indexes (sign-in lockout, PINs and terminal modes use 0001's columns)

The lockout counters (failed_attempts, locked_until), the PIN hash, the
active flag and the terminal's mode came with the foundation (0001); when a
person last signed in or had a password reset is read from the audit log.
This adds the indexes the audit viewer filters by (person, kind of record,
date), newest first, so filtering a long log stays an index range scan.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_shop_user_seq", ["shop_id", "user_id", "seq"], unique=False)
        batch_op.create_index("ix_audit_log_shop_table_seq", ["shop_id", "table_name", "seq"], unique=False)
        batch_op.create_index("ix_audit_log_shop_at", ["shop_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_shop_at")
        batch_op.drop_index("ix_audit_log_shop_table_seq")
        batch_op.drop_index("ix_audit_log_shop_user_seq")
