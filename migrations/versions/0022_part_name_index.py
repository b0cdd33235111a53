"""an index that serves "part by words of its name": FTS5 trigram on SQLite, pg_trgm GIN on PostgreSQL

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 13:20:00.000000

The parts counter finds a part by any words of its name, brand and category
(``parts.search_text``, case-folded), each matched anywhere in the text.
Without an index that is a scan over every part of every shop.

- SQLite: ``parts_fts``, an FTS5 table with the trigram tokenizer whose
  content is ``parts.search_text`` (external content keyed on the rowid: the
  text is not stored twice), kept in step by three triggers. A word of three
  characters or more is found through it; the query still checks each word
  with LIKE on ``parts``, so what is found does not change. A later migration
  that copies ``parts`` (batch mode) must rebuild the table and its triggers:
  ``INSERT INTO parts_fts(parts_fts) VALUES ('rebuild')``.
- PostgreSQL: ``pg_trgm`` and a GIN index on ``search_text`` with
  ``gin_trgm_ops``, which serves ``LIKE '%word%'`` as it is written. Where the
  server does not have the extension (a package not installed, a role not
  allowed to create it) the migration says so and goes on: the look-up then
  scans, as before, until an administrator runs ``CREATE EXTENSION pg_trgm``
  and ``baydesk migrate`` again, or ``baydesk server setup``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

PG_INDEX = "ix_parts_search_text_trgm"
PG_MISSING = (
    "PostgreSQL extension pg_trgm is not available on this server ({why}); part look-up by words "
    "will scan the shop's parts. Install the server's contrib package and run "
    "'CREATE EXTENSION pg_trgm' as an administrator, then 'baydesk migrate'."
)

SQLITE_UP = (
    "CREATE VIRTUAL TABLE parts_fts USING fts5(search_text, content='parts', tokenize='trigram')",
    "CREATE TRIGGER parts_fts_insert AFTER INSERT ON parts BEGIN"
    " INSERT INTO parts_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER parts_fts_delete AFTER DELETE ON parts BEGIN"
    " INSERT INTO parts_fts(parts_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER parts_fts_update AFTER UPDATE OF search_text ON parts BEGIN"
    " INSERT INTO parts_fts(parts_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);"
    " INSERT INTO parts_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "INSERT INTO parts_fts(parts_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS parts_fts_update",
    "DROP TRIGGER IF EXISTS parts_fts_delete",
    "DROP TRIGGER IF EXISTS parts_fts_insert",
    "DROP TABLE IF EXISTS parts_fts",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        if not _sqlite_has_fts5(bind):
            log.warning(
                "this SQLite has no FTS5 trigram tokenizer: part look-up by words will scan the shop's parts"
            )
            return
        for statement in SQLITE_UP:
            op.execute(statement)
        return
    if _pg_trgm(bind):
        op.execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON parts USING gin (search_text gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
        return
    op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")  # the extension stays: other databases may use it


def _sqlite_has_fts5(bind: sa.Connection) -> bool:
    """FTS5 compiled in, and a SQLite new enough for its trigram tokenizer (3.34)."""
    version = bind.exec_driver_sql("SELECT sqlite_version()").scalar() or "0"
    if tuple(int(part) for part in version.split(".")[:2]) < (3, 34):
        return False
    options = {row[0] for row in bind.exec_driver_sql("PRAGMA compile_options")}
    return "ENABLE_FTS5" in options


def _pg_trgm(bind: sa.Connection) -> bool:
    """pg_trgm installed in this database, or installed now; False (and said why) where it cannot be."""
    if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
        return True
    if not bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").first():
        log.warning(PG_MISSING.format(why="its contrib package is not installed"))
        return False
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as exc:
        log.warning(PG_MISSING.format(why=" ".join(str(exc.orig).split())[:160]))
        return False
    return True
