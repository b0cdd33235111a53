"""The audit entries the services would have written for a batch of demo history, chained in bulk.

A work order opened (``work_orders`` / ``create``), its invoice posted
(``invoices`` / ``post``, with the invoice and its lines as the recorded
document) and its payment taken (``payments`` / ``create``, with the payment
as the document): the same diff, the same canonical document and the same
hash arithmetic as ``UnitOfWork`` uses, in the order they happened inside the
batch, appended to the shop's chain head under its lock. ``audit verify``
recomputes every one of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from app.db.all_models import POSTED_INVOICE_MUTABLE
from app.db.models import AuditEntry
from app.db.models_invoicing import Invoice, InvoiceLine, Payment
from app.demo.history_invoices import Rows, Till, with_defaults
from app.demo.work_orders import History
from app.domain.audit_chain import ChainEntry, canonical_json, document_hash, entry_hash
from app.repositories.audit_documents import document_json, plain_value
from app.repositories.parts import bulk_insert
from app.services.uow import UnitOfWork, audit_diff


@dataclass(frozen=True)
class _Event:
    at: datetime
    user_id: uuid.UUID | None
    terminal_id: uuid.UUID | None
    table: str
    record_id: str
    action: str
    after: dict[str, Any]


class HistoryAudit:
    """Chains each batch of the history as it is written; remembers the numbers later entries name."""

    def __init__(self, till: Till) -> None:
        self.till = till
        self.numbers: dict[uuid.UUID, int] = {}
        self.written = 0

    def batch(self, uow: UnitOfWork, history: History, rows: Rows) -> None:
        self.numbers.update((o["id"], o["number"]) for o in history.orders)
        self.written += audit_history(uow, self.till, history, rows, self.numbers)
        for invoice in rows.invoices:  # each order is invoiced once
            self.numbers.pop(invoice["work_order_id"], None)
        for payment in rows.payments:
            self.numbers.pop(payment["invoice_id"], None)


def audit_history(
    uow: UnitOfWork, till: Till, history: History, rows: Rows, numbers: dict[uuid.UUID, int]
) -> int:
    """Chain the batch's entries onto the shop's head (locked); how many were written."""
    events = sorted(_events(till, history, rows, numbers), key=lambda e: (e.at, e.table != "work_orders"))
    if not events:
        return 0
    documents = _documents(uow, rows)
    head = uow.audit.find_locked_head(till.shop_id)
    if head is None:
        raise RuntimeError("the demo shop has no audit chain head")
    seq, digest = head.seq, head.hash
    entries = []
    for event in events:
        seq += 1
        document = documents.get(event.record_id) if event.table != "work_orders" else None
        entry, digest = _entry(till.shop_id, seq, digest, event, document)
        entries.append(entry)
    bulk_insert(uow.session, AuditEntry, entries)
    head.seq, head.hash = seq, digest  # onto an entry that is there now (the walls allow only that)
    uow.session.flush()
    return len(entries)


def _events(till: Till, history: History, rows: Rows, orders: dict[uuid.UUID, int]) -> list[_Event]:
    out = [
        _Event(
            o["created_at"],
            o["created_by"],
            None,
            "work_orders",
            str(o["id"]),
            "create",
            {"number": o["number"], "vehicle_id": o["vehicle_id"], "odometer_in": o["odometer_in"]},
        )
        for o in history.orders
    ]
    for inv in rows.invoices:
        orders[inv["id"]] = inv["number"]  # the payments name their invoice by number
        after = {
            "number": inv["number"],
            "work_order": orders[inv["work_order_id"]],
            "total": inv["total"],
            "tax": inv["tax"],
            "business_date": inv["business_date"],
            "on_account": False,
        }
        out.append(
            _Event(
                inv["posted_at"],
                inv["posted_by"],
                till.terminal_id,
                "invoices",
                str(inv["id"]),
                "post",
                after,
            )
        )
    for pay in rows.payments:
        after = {"invoice": orders.get(pay["invoice_id"]), "kind": "invoice", "method": pay["method"]}
        after["amount"] = pay["amount"]
        if pay["method"] == "card":
            after["card"] = f"{pay['card_brand']} {pay['card_last4']} {pay['processor_reference']}"
        if pay["method"] == "check":
            after["check"] = pay["check_number"]
        if pay.get("change_given"):
            after["change"] = pay["change_given"]
        out.append(
            _Event(
                pay["received_at"],
                pay["user_id"],
                till.terminal_id,
                "payments",
                str(pay["id"]),
                "create",
                after,
            )
        )
    return out


class _RoundTrip:
    """A table's rows as the database gives them back, so the documents are the ones
    ``read_documents`` reads (without reading a million of them back).

    A value whose column type converts it (money to cents and back, rates, UTC
    times) goes through that type's bind and then result processor, with the
    same dialect; the plain types come back as they went in.
    """

    def __init__(self, dialect: Dialect, model: type, leave_out: tuple[str, ...] = ()) -> None:
        table = model.__table__  # type: ignore[attr-defined]
        self.model = model
        self.columns = [(c.key, _converter(c.type, dialect)) for c in table.columns if c.key not in leave_out]

    def plain(self, row: dict[str, Any]) -> dict[str, Any]:
        full = with_defaults(self.model, row)
        return {key: None if full[key] is None else convert(full[key]) for key, convert in self.columns}


def _converter(column_type: Any, dialect: Dialect) -> Callable[[Any], Any]:
    """A column's value as the document holds it once read back: through the column type, then plain.

    Amounts repeat (prices, rates, totals), so a Decimal's text is worked out once per value:
    what a converting type gives back depends on the number alone, not on how it is written.
    """
    if not isinstance(column_type, TypeDecorator):
        return plain_value
    impl = column_type.dialect_impl(dialect)
    bind = impl.bind_processor(dialect) or _same
    result = impl.result_processor(dialect, None) or _same
    known: dict[Decimal, Any] = {}

    def convert(value: Any) -> Any:
        if type(value) is not Decimal:
            return plain_value(result(bind(value)))
        text = known.get(value)
        if text is None:
            text = known[value] = plain_value(result(bind(value)))
        return text

    return convert


def _same(value: Any) -> Any:
    return value


def _documents(uow: UnitOfWork, rows: Rows) -> dict[str, str]:
    """Each invoice (with its lines) and payment as canonical JSON, as ``audit verify`` will read it."""
    dialect = uow.session.connection().dialect
    invoices = _RoundTrip(dialect, Invoice, POSTED_INVOICE_MUTABLE)
    lines = _RoundTrip(dialect, InvoiceLine)
    payments = _RoundTrip(dialect, Payment)
    lines_of: dict[Any, list[dict[str, Any]]] = {}
    for line in rows.lines:
        lines_of.setdefault(line["invoice_id"], []).append(lines.plain(line))
    out = {}
    for invoice in rows.invoices:
        content = {
            "invoice": invoices.plain(invoice),
            "lines": sorted(lines_of.get(invoice["id"], []), key=lambda line: str(line["id"])),
        }
        out[str(invoice["id"])] = document_json(content)
    for payment in rows.payments:
        out[str(payment["id"])] = document_json(payments.plain(payment))
    return out


def _entry(
    shop_id: uuid.UUID, seq: int, prev: str, event: _Event, document: str | None
) -> tuple[dict[str, Any], str]:
    at = event.at.astimezone(UTC)
    chain = ChainEntry(
        shop_id=str(shop_id),
        seq=seq,
        at=at.isoformat(),
        user_id=str(event.user_id) if event.user_id else None,
        terminal_id=str(event.terminal_id) if event.terminal_id else None,
        table_name=event.table,
        record_id=event.record_id,
        action=event.action,
        diff=canonical_json(audit_diff(None, event.after)),
        document_hash=document_hash(document) if document is not None else None,
    )
    digest = entry_hash(prev, chain)
    row = {
        "id": uuid.uuid4(),
        "shop_id": shop_id,
        "seq": seq,
        "at": at,
        "user_id": event.user_id,
        "terminal_id": event.terminal_id,
        "table_name": event.table,
        "record_id": event.record_id,
        "action": event.action,
        "diff": chain.diff,
        "prev_hash": prev,
        "hash": digest,
        "document": document,
        "document_hash": chain.document_hash,
    }
    return row, digest
