"""job types: a job's (and a canned job's) type, and the rate code a labor line was priced with

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 16:30:00.000000

- ``jobs.job_type``: the kind of work (diagnostic, warranty...) the price
  sheet's ``job_type_rates`` maps to a labor rate; "" for the shop's default.
- ``canned_jobs.job_type``: a canned job brings its type onto the estimate.
- ``work_order_lines.labor_rate_code``: the code of the sheet's labor rate a labor
  line was priced at ("" for a price typed by hand), so a change of the job's
  type re-prices only the lines the sheet priced.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("jobs", "job_type"), ("canned_jobs", "job_type"), ("work_order_lines", "labor_rate_code"))


def upgrade() -> None:
    # plain ADD COLUMN: SQLite keeps the tables' triggers
    for table, column in COLUMNS:
        op.add_column(table, sa.Column(column, sa.String(length=40), server_default="", nullable=False))


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
