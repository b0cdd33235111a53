"""Parts by words of their name, brand and category, through the index the database has.

Each word is matched anywhere in ``parts.search_text`` (case-folded), and a
part must hold every word. Migration 0022 gives the match an index: on SQLite
an FTS5 table with the trigram tokenizer (``parts_fts``), on PostgreSQL a
``pg_trgm`` GIN index that serves ``LIKE '%word%'`` as written. On SQLite the
FTS5 table narrows the parts to those holding every word of three characters
or more (a trigram index knows nothing shorter), and LIKE then checks every
word as the scan did, so what is found never depends on the index. Without
the index (a SQLite built without FTS5, a server without pg_trgm) the same
LIKE conditions scan the shop's parts.

The statements are built once per number of words and kept: only the values change.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, column, literal_column, select, table, text

from app.db.models_parts import Part

_ESCAPE = "/"
_PARTS = Part.__table__
_FTS = table("parts_fts", column("rowid"))
_FTS_PRESENT: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def find_by_words(conn: Connection, shop_id: uuid.UUID, words: Sequence[str], limit: int) -> list[uuid.UUID]:
    """Ids of the shop's parts whose text holds every one of ``words``, by name then SKU."""
    if not words:
        return []
    params: dict[str, Any] = {"shop_id": shop_id, "limit": limit}
    params.update({f"w{i}": f"%{_like_escaped(w)}%" for i, w in enumerate(words)})
    indexed = [w for w in words if len(w) >= 3]
    if indexed and conn.dialect.name == "sqlite" and _has_fts(conn):
        params["match"] = " AND ".join(_fts_string(w) for w in indexed)
        stmt = _through_fts(len(words))
    else:
        stmt = _with_like(len(words))
    return list(conn.execute(stmt, params).scalars())


def _has_fts(conn: Connection) -> bool:
    """Whether this SQLite database has ``parts_fts`` (asked once per connection pool)."""
    pool = conn.engine.pool
    present = _FTS_PRESENT.get(pool)
    if present is None:
        found = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'parts_fts'"
        ).first()
        present = _FTS_PRESENT[pool] = found is not None
    return present


def _likes(words: int) -> list[Any]:
    return [_PARTS.c.search_text.like(bindparam(f"w{i}"), escape=_ESCAPE) for i in range(words)]


@lru_cache(maxsize=8)
def _with_like(words: int) -> Select[Any]:
    return (
        select(_PARTS.c.id)
        .where(_PARTS.c.shop_id == bindparam("shop_id"), *_likes(words))
        .order_by(_PARTS.c.name, _PARTS.c.sku)
        .limit(bindparam("limit"))
    )


@lru_cache(maxsize=8)
def _through_fts(words: int) -> Select[Any]:
    # FTS5 first (the join's left side): the parts holding the long words, then their rows.
    return (
        select(_PARTS.c.id)
        .select_from(_FTS.join(_PARTS, literal_column("parts.rowid") == _FTS.c.rowid))
        .where(text("parts_fts MATCH :match"), _PARTS.c.shop_id == bindparam("shop_id"), *_likes(words))
        .order_by(_PARTS.c.name, _PARTS.c.sku)
        .limit(bindparam("limit"))
    )


def _fts_string(word: str) -> str:
    """``word`` as an FTS5 string: matched as typed, whatever its punctuation."""
    return '"' + word.replace('"', '""') + '"'


def _like_escaped(word: str) -> str:
    return word.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
