"""Every past business day of the demo history closed, in order, with the figures a close would freeze.

The figures are summed from what ``history_invoices`` wrote for the day
(``DayBook``), with the same functions of ``app.domain.end_of_day`` that the
day close uses for hours and technicians, so a frozen day reads exactly as
``build_figures`` would read the day's documents back from the tables. The
job-clock hours come from the clocks the bay history wrote (the last two
weeks), which is why the days close after it. The perpetual grand total is
carried forward day by day; each close notes the audit chain head as it
stands after the load (the history itself has no audit entries).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from app.db.models_day import DayClose
from app.demo.history_invoices import DayBook, Till
from app.domain.end_of_day import (
    DayFigures,
    DrawerSummary,
    MethodTotal,
    Sales,
    clocked_hours,
    figures_to_json,
    hourly_totals,
    technician_hours,
)
from app.repositories.day import DayRepository
from app.repositories.parts import bulk_insert
from app.services.day.end_of_day import day_window
from app.services.uow import UnitOfWork

ZERO = Decimal("0.00")
Span = tuple[uuid.UUID, datetime, datetime | None]


def close_history(
    uow: UnitOfWork, till: Till, books: Iterable[DayBook], zone: ZoneInfo, now: datetime
) -> int:
    """Write the day closes of every business day before today that had business; how many."""
    today = now.astimezone(zone).date()
    days = sorted((b for b in books if b.day < today), key=lambda b: b.day)
    if not days:
        return 0
    repo = DayRepository(uow.session)
    gate = repo.lock_gate(till.shop_id, exclusive=True)
    start, _ = day_window(days[0].day, zone)
    _, end = day_window(days[-1].day, zone)
    spans: list[Span] = list(repo.job_clock_spans(till.shop_id, start, end))
    head = uow.audit.head(till.shop_id)
    seq, digest = (head.seq, head.hash) if head is not None else (0, "")
    grand = repo.grand_total(till.shop_id)
    rows = []
    for book in days:
        figures = day_figures(book, till, spans, zone, now)
        before, grand = grand, grand + figures.invoices.total
        rows.append(_close_row(till, book, figures, before, grand, seq, digest, zone))
    bulk_insert(uow.session, DayClose, rows)
    gate.value += len(rows)  # days closed so far
    return len(rows)


def day_figures(book: DayBook, till: Till, spans: list[Span], zone: ZoneInfo, now: datetime) -> DayFigures:
    """The day's figures as ``app.services.day.end_of_day.build_figures`` reads them from the tables."""
    start, end = day_window(book.day, zone)
    inside = [s for s in spans if s[1] < end and (s[2] is None or s[2] > start)]
    clocked = clocked_hours(inside, start, end, now)
    return DayFigures(
        business_date=book.day,
        invoices=book.invoices,
        credit_notes=Sales(),
        voids=Sales(),
        car_count=len(book.work_orders),
        ro_subtotal=book.ro_subtotal,
        ro_total=book.ro_total,
        payments=tuple(MethodTotal(m, count, amount) for m, (count, amount) in sorted(book.payments.items())),
        hourly=hourly_totals(book.posted, zone),
        technicians=technician_hours(book.billed, clocked, till.technicians),
        clock_available=True,
        drawers=(_drawer(book.drawer, till),) if book.drawer is not None else (),
        first_number=book.first_number,
        last_number=book.last_number,
    )


def _drawer(row: dict[str, Any], till: Till) -> DrawerSummary:
    return DrawerSummary(
        terminal=till.terminal,
        status=row["status"],
        opened_by=till.desk_name,
        opening_float=row["opening_float"],
        cash_taken=row["cash_taken"],
        paid_in=row["paid_in"],
        paid_out=row["paid_out"],
        expected=row["expected"],
        counted=row["counted"],
        over_short=row["over_short"],
        reason=row["over_short_reason"],
        deposit=row["deposit"],
        drawer_id=str(row["id"]),
    )


def _close_row(
    till: Till,
    book: DayBook,
    figures: DayFigures,
    before: Decimal,
    after: Decimal,
    seq: int,
    digest: str,
    zone: ZoneInfo,
) -> dict[str, Any]:
    """The close the owner made that evening, once the drawer was closed."""
    evening = datetime.combine(book.day, time(18, 30), zone)
    if book.drawer is not None:
        evening = max(evening, book.drawer["closed_at"] + timedelta(minutes=5))
    return {
        "id": uuid.uuid4(),
        "shop_id": till.shop_id,
        "business_date": book.day,
        "closed_by": till.owner_id,
        "closed_at": evening,
        "invoice_count": figures.invoices.count,
        "gross_sales": figures.invoices.total,
        "net_sales": figures.net.subtotal,
        "tax": figures.net.tax,
        "payments_total": figures.payments_total,
        "grand_total_before": before,
        "grand_total_after": after,
        "audit_seq": seq,
        "audit_hash": digest,
        "figures": figures_to_json(figures),
    }
