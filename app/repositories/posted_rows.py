"""Writing a posted document's rows: one Core INSERT per table, built once, run as executemany.

Posting writes an invoice, its jobs and its lines on the unit of work's
connection at once, instead of through the ORM's flush; the rows are returned
as (transient) model objects holding every column as written, so the read
model is built from what was written rather than read back. The reads and
the counter step posting makes on the way are statements built once too.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Insert, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.db.models import Counter, User
from app.db.models_invoicing import Invoice, InvoiceJob, InvoiceLine

Row = TypeVar("Row", Invoice, InvoiceJob, InvoiceLine)


@cache
def _insert(table: Table) -> Insert:
    return insert(table)


@cache
def _scalar_defaults(table: Table) -> dict[str, Any]:
    """The columns' Python-side scalar defaults, as the ORM would have filled them in."""
    return {
        c.key: getattr(c.default, "arg", None)
        for c in table.columns
        if c.server_default is None and (c.default is None or c.default.is_scalar)
    }


def write_rows(session: Session, model: type[Row], rows: Sequence[dict[str, Any]]) -> list[Row]:
    """Insert ``rows`` (column values; the unset ones take their defaults) into ``model``'s table.

    Callable defaults (ids, times) are not filled in: the caller gives them.
    """
    if not rows:
        return []
    table: Table = model.__table__  # type: ignore[assignment]
    defaults = _scalar_defaults(table)
    full = [{**defaults, **row} for row in rows]
    session.connection().execute(_insert(table), full)
    return [model(**values) for values in full]


# --- what posting reads and counts, on the same connection ----------------------------------------

_NEXT_NUMBER = (
    update(Counter)
    .where(Counter.shop_id == bindparam("shop"), Counter.name == bindparam("counter"))
    .values(value=Counter.value + 1)
    .returning(Counter.value)
)
_PEOPLE = select(User.id, User.display_name, User.labor_cost_rate).where(
    User.id.in_(bindparam("ids", expanding=True))
)


def take_number(session: Session, shop_id: uuid.UUID, counter: str) -> int | None:
    """The counter's next number, its row locked (written) until the transaction ends; None: no row."""
    return session.connection().execute(_NEXT_NUMBER, {"shop": shop_id, "counter": counter}).scalar()


def people(session: Session, user_ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, Decimal | None]]:
    """Each person's display name and labor cost rate (None: none), in one read."""
    if not user_ids:
        return {}
    rows = session.connection().execute(_PEOPLE, {"ids": list(user_ids)})
    return {row.id: (row.display_name, row.labor_cost_rate) for row in rows}
