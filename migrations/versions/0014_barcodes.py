"""barcodes: every stored UPC-A in its 13-digit EAN form

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 08:00:00.000000

BayDesk now stores and looks up a UPC-A (12 digits) as the EAN-13 it is
(a leading 0; app/domain/barcodes.py), so a scan of either form finds the
part. Codes stored before are brought to that form here: 12 digits whose
check digit adds up. Where the shop already has the 13-digit form on a part,
the 12-digit row is dropped if it is the same part and left alone if it is
another (a clash a person has to settle; the look-up finds the 13-digit one).
Nothing else changes; downgrading keeps the 13-digit form, which the old
look-up found by an exact scan of it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from stdnum import ean

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

barcodes = sa.table(
    "part_barcodes",
    sa.column("id", sa.Uuid()),
    sa.column("shop_id", sa.Uuid()),
    sa.column("part_id", sa.Uuid()),
    sa.column("code", sa.String(64)),
)


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(barcodes).where(sa.func.length(barcodes.c.code) == 12)).all()
    for row in rows:
        if not (row.code.isdigit() and row.code.isascii() and ean.is_valid(row.code)):
            continue
        long_form = "0" + row.code
        holder = conn.execute(
            sa.select(barcodes.c.part_id).where(
                barcodes.c.shop_id == row.shop_id, barcodes.c.code == long_form
            )
        ).scalar()
        if holder is None:
            conn.execute(sa.update(barcodes).where(barcodes.c.id == row.id).values(code=long_form))
        elif holder == row.part_id:
            conn.execute(sa.delete(barcodes).where(barcodes.c.id == row.id))


def downgrade() -> None:
    pass
