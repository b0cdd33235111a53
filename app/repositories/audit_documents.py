"""The documents the audit chain covers, read as canonical content.

An invoice (or credit note) with its lines, a payment, a day close, a return
to a vendor: the same Core read serves the unit of work when it records the document and
``audit verify`` when it checks it, so both see the same values the same way.
A posted invoice's columns that may still change (its void, its reprint
count) are left out.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, select
from sqlalchemy.orm import Session

# (table, action) of the entries that record a document; None: every action on that table.
DOCUMENT_ACTIONS: dict[str, frozenset[str] | None] = {
    "invoices": frozenset({"post", "credit_note"}),
    "payments": None,  # append-only: every entry is the payment's creation
    "day_closes": frozenset({"close"}),
    "vendor_returns": frozenset({"post"}),  # the return's header: vendor, RMA, credit
}


def records_document(table: str, action: str) -> bool:
    """Whether an entry of ``action`` on ``table`` records a whole document."""
    if table not in DOCUMENT_ACTIONS:
        return False
    actions = DOCUMENT_ACTIONS[table]
    return actions is None or action in actions


def document_json(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def read_document(session: Session, table: str, record_id: str) -> dict[str, Any] | None:
    """One document's canonical content, or None when its row is gone.

    Every audited posting reads its document back here before COMMIT, so the statements are
    built once per table; ``read_documents`` (what ``audit verify`` reads) finds the same rows."""
    wanted = _uuids([record_id])
    if not wanted:
        return None
    header, lines = _one_document(table)
    found = session.execute(header, {"id": wanted[0]}).first()
    if found is None:
        return None
    document = _plain(found._mapping)
    if lines is None:
        return document
    rows = [_plain(row._mapping) for row in session.execute(lines, {"id": wanted[0]})]
    return {"invoice": document, "lines": sorted(rows, key=lambda line: str(line["id"]))}


@cache
def _one_document(table: str) -> tuple[Select[Any], Select[Any] | None]:
    """The statements that read one document of ``table`` by id: its header, and an invoice's lines."""
    from app.db.all_models import POSTED_INVOICE_MUTABLE, metadata  # where used (start-up)

    header = metadata.tables[table]
    columns = [c for c in header.columns if not (table == "invoices" and c.name in POSTED_INVOICE_MUTABLE)]
    one = select(*columns).where(header.c.id == bindparam("id"))
    if table != "invoices":
        return one, None
    lines = metadata.tables["invoice_lines"]
    return one, select(lines).where(lines.c.invoice_id == bindparam("id")).order_by(lines.c.id)


def read_documents(
    session: Session, table: str, shop_id: uuid.UUID | None, ids: Iterable[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Documents of ``table`` by id: a shop's (``shop_id``) or the ones named (``ids``)."""
    from app.db.all_models import POSTED_INVOICE_MUTABLE, metadata  # the documents' tables, when one is read

    header = metadata.tables[table]
    columns = [c for c in header.columns if not (table == "invoices" and c.name in POSTED_INVOICE_MUTABLE)]
    stmt = select(*columns)
    wanted = _uuids(ids)
    if shop_id is not None:
        stmt = stmt.where(header.c.shop_id == shop_id)
    if wanted is not None:
        stmt = stmt.where(header.c.id.in_(wanted))
    docs = {str(row.id): _plain(row._mapping) for row in session.execute(stmt)}
    if table == "invoices":
        _add_lines(session, metadata.tables["invoice_lines"], docs, shop_id, wanted)
    return docs


def _add_lines(
    session: Session,
    lines: Table,
    docs: dict[str, dict[str, Any]],
    shop_id: uuid.UUID | None,
    wanted: list[uuid.UUID] | None,
) -> None:
    """Each invoice's lines, in id order, under ``"lines"`` (an invoice without lines has an empty list)."""
    lines_of: dict[str, list[dict[str, Any]]] = {key: [] for key in docs}
    stmt = select(lines).order_by(lines.c.invoice_id, lines.c.id)
    if shop_id is not None:
        stmt = stmt.where(lines.c.shop_id == shop_id)
    if wanted is not None:
        stmt = stmt.where(lines.c.invoice_id.in_(wanted))
    for row in session.execute(stmt):
        found = lines_of.get(str(row.invoice_id))
        if found is not None:
            found.append(_plain(row._mapping))
    for key, header in list(docs.items()):
        docs[key] = {"invoice": header, "lines": sorted(lines_of[key], key=lambda line: str(line["id"]))}


def _uuids(ids: Iterable[str] | None) -> list[uuid.UUID] | None:
    if ids is None:
        return None
    out = []
    for value in ids:
        try:
            out.append(uuid.UUID(value))
        except ValueError:
            continue
    return out


def _plain(row: Any) -> dict[str, Any]:
    return {key: plain_value(value) for key, value in row.items()}


def plain_value(value: Any) -> Any:
    """JSON-safe and the same on both databases (times in UTC, money as its decimal text)."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return str(value)
