"""Alembic environment for BayDesk.

The app passes its ``Database`` in ``config.attributes``; from the command
line (``alembic -c pyproject.toml ...``) the URL comes from
``BAYDESK_DATABASE_URL`` or the user's settings.

SQLite cannot ALTER most things, so batch mode copies tables. A table copy
with foreign keys on would cascade-delete child rows, so foreign keys are
switched off around the migration and ``PRAGMA foreign_key_check`` must come
back empty afterwards. A table copy also ends with a rename, which SQLite
refuses while a view names the table just dropped (``chain_stock`` names
parts, inventory and shops); the legacy rename leaves views alone, and they
find the renamed table by its name again.
"""

from __future__ import annotations

from alembic import context

from app.db import all_models  # noqa: F401  (registers every table)
from app.db.base import Base

# Made in SQL by migration 0022, which the models cannot say (an FTS5 table and its shadow
# tables on SQLite, a pg_trgm GIN index): left out of the models/migrations comparison.
_OUTSIDE_MODELS = ("parts_fts", "ix_parts_search_text_trgm")


def _include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (reflected and compare_to is None and (name or "").startswith(_OUTSIDE_MODELS))


def _database():  # type: ignore[no-untyped-def]
    db = context.config.attributes.get("database")
    if db is not None:
        return db
    from app.config import load_settings, resolve_database

    return resolve_database(load_settings(), None)


def run_migrations_online() -> None:
    db = _database()
    sqlite = db.is_sqlite
    with db.engine.connect() as connection:
        # PRAGMA foreign_keys is a no-op inside a transaction, so it goes
        # straight to the driver connection, before Alembic begins one.
        raw = connection.connection.driver_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
            raw.execute("PRAGMA legacy_alter_table = ON")
        try:
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=sqlite,
                compare_type=True,
                include_object=_include_object,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            if raw is not None:
                # Alembic commits each migration; what is still open here only
                # read (version table, foreign_key_check), and would turn the
                # PRAGMA below into a no-op on a connection the pool hands out.
                if connection.in_transaction():
                    connection.rollback()
                raw.execute("PRAGMA foreign_keys = ON")
                raw.execute("PRAGMA legacy_alter_table = OFF")


if context.is_offline_mode():
    raise SystemExit("BayDesk migrations run online only")
run_migrations_online()
