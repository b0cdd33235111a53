"""A work order's job and ticket discounts as the price sheet applies them: to its totals, its
invoice and the editor's list.

The jobs they apply to are the counted ones (not declined; on the invoice, the
approved ones), each known to the arithmetic by its index among them. A
discount on a job that is not counted takes nothing off. A discount the lines
no longer allow (an amount above what its job now comes to) is listed with a
note and takes nothing off, so the estimate still opens; posting refuses it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from app.domain.errors import ValidationError
from app.domain.invoices import SourceLine
from app.domain.price_sheet import PriceSheet
from app.domain.sheet_invoices import estimate_ticket
from app.domain.ticket_pricing import Discount, DiscountKind, DocumentDiscount
from app.services.work_orders.dto import OrderDiscountView

TICKET = "Ticket"
NOT_APPLIED = "more than its lines now come to: change or remove it"
Row = Any  # a read-only row of OrderDiscountRepository.rows


class DiscountRow(Protocol):
    job_id: uuid.UUID | None
    kind: str
    value: Decimal
    reason: str


R = TypeVar("R", bound=DiscountRow)


def document_discounts(rows: Sequence[R], index: dict[uuid.UUID, int]) -> list[tuple[R, DocumentDiscount]]:
    """The rows that apply to the counted jobs (``index``: job id → its index), job ones first,
    as the arithmetic takes them: its discount lines come back in this order."""
    out = []
    for row in rows:
        if row.job_id is not None and row.job_id not in index:
            continue
        job = None if row.job_id is None else index[row.job_id]
        out.append((row, DocumentDiscount(Discount(DiscountKind(row.kind), row.value, row.reason), job)))
    return sorted(out, key=lambda pair: pair[1].job is None)


def discount_views(
    sheet: PriceSheet | None,
    sources: Sequence[SourceLine],
    rows: Sequence[Row],
    jobs: Sequence[Any],
    index: dict[uuid.UUID, int],
    exempt_number: str,
) -> tuple[OrderDiscountView, ...]:
    """Each discount with what it takes off the estimate (the counted jobs), for the editor."""
    applied = document_discounts(rows, index)
    amounts: dict[uuid.UUID, Decimal] = {}
    note = ""
    if sheet is not None and applied and sources:
        try:
            ticket = estimate_ticket(
                sources,
                sheet,
                day=date.today(),
                exempt_number=exempt_number,
                discounts=[d for _, d in applied],
            )
            amounts = {row.id: line.amount for (row, _), line in zip(applied, ticket.discounts, strict=True)}
        except ValidationError:
            note = NOT_APPLIED
    titles = {job.id: job.title for job in jobs}
    return tuple(_view(row, titles, amounts, index, note) for row in rows)


def _view(
    row: Row,
    titles: dict[uuid.UUID, str],
    amounts: dict[uuid.UUID, Decimal],
    index: dict[uuid.UUID, int],
    note: str,
) -> OrderDiscountView:
    if row.job_id is not None and row.job_id not in index:
        note = "the job is declined or removed: nothing off"
    return OrderDiscountView(
        job_id=row.job_id,
        label=TICKET if row.job_id is None else titles.get(row.job_id, "Job"),
        kind=row.kind,
        value=row.value,
        reason=row.reason,
        amount=amounts.get(row.id, Decimal("0.00")),
        given_by=row.given_by_name or "",
        approved_by=row.approved_by_name or "",
        note=note if row.id not in amounts else "",
    )
