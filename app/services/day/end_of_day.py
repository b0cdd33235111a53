"""The day's figures, read from the documents, payments, drawers and time clock of one business day.

A business day is the shop's local date (``invoices.business_date``); its
hours run from local midnight to the next, whatever UTC says.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.db.models_day import CashDrawerSession
from app.db.types import now_utc
from app.domain.end_of_day import (
    ZERO,
    DayFigures,
    DrawerSummary,
    HourTotal,
    PayerTotal,
    Sales,
    TechnicianHours,
    clocked_hours,
    expected_cash,
    hourly_totals,
    technician_hours,
)
from app.domain.money import from_cents
from app.repositories.day import DayRepository
from app.repositories.payers import PayerRepository
from app.services.uow import UnitOfWork


def shop_zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def day_window(business_date: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The business day's [start, end) in UTC: local midnight to the next local midnight."""
    start = datetime.combine(business_date, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(business_date + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def build_figures(uow: UnitOfWork, shop_id: uuid.UUID, business_date: date, zone: ZoneInfo) -> DayFigures:
    repo = DayRepository(uow.session)
    posted = repo.posted_documents(shop_id, business_date)
    voids = repo.voided_sales(shop_id, business_date)
    return DayFigures(
        business_date=business_date,
        invoices=posted.sales.get("invoice", Sales()),
        credit_notes=posted.sales.get("credit_note", Sales()),
        voids=voids,
        car_count=posted.car_count,
        ro_subtotal=posted.ro_subtotal,
        ro_total=posted.ro_total,
        payments=tuple(repo.payments_by_method(shop_id, business_date)),
        hourly=_hourly(repo, shop_id, business_date, zone),
        technicians=_technicians(repo, shop_id, business_date, zone, with_voids=voids.count > 0),
        clock_available=True,
        drawers=tuple(
            drawer_summary(repo, row, terminal, opened_by)
            for row, terminal, opened_by in repo.drawers_of_day(shop_id, business_date)
        ),
        first_number=posted.first_number,
        last_number=posted.last_number,
        second_payers=tuple(
            PayerTotal(
                r.payer_name,
                int(r.documents),
                from_cents(int(r.payer_cents)),
                from_cents(int(r.customer_cents)),
            )
            for r in PayerRepository(uow.session).day_totals(shop_id, business_date)
        ),
    )


def _hourly(
    repo: DayRepository, shop_id: uuid.UUID, business_date: date, zone: ZoneInfo
) -> tuple[HourTotal, ...]:
    """Sales by the shop's local hour: summed per UTC hour in SQL, each UTC hour then named locally.

    Where the shop's offset is not a whole number of hours (India, Newfoundland),
    a UTC hour straddles two local hours: then every document is placed by itself.
    """
    buckets = repo.sales_by_utc_hour(shop_id, business_date)
    if any(at.astimezone(zone).minute for at, _count, _total in buckets):
        buckets = [(at, 1, total) for at, total in repo.posting_times(shop_id, business_date)]
    return hourly_totals(buckets, zone)


def _technicians(
    repo: DayRepository, shop_id: uuid.UUID, business_date: date, zone: ZoneInfo, *, with_voids: bool
) -> tuple[TechnicianHours, ...]:
    """Billed hours (invoice labor lines) beside job-clock hours, per technician."""
    billed = repo.billed_hours_by_technician(shop_id, business_date, with_voids=with_voids)
    start, end = day_window(business_date, zone)
    clocked = clocked_hours(repo.job_clock_spans(shop_id, start, end), start, end, now_utc())
    names = repo.user_names({key for key in (*billed, *clocked) if key is not None})
    return technician_hours(billed, clocked, names)


def drawer_summary(
    repo: DayRepository, row: CashDrawerSession, terminal: str, opened_by: str
) -> DrawerSummary:
    """A drawer as the day's report shows it; a drawer still open shows what it should hold now."""
    if row.status == "open":
        paid_in, paid_out = repo.movement_totals(row.id)
        taken = repo.cash_taken(row.id)
    else:
        paid_in, paid_out, taken = row.paid_in or ZERO, row.paid_out or ZERO, row.cash_taken or ZERO
    return DrawerSummary(
        terminal=terminal,
        status=row.status,
        opened_by=opened_by,
        opening_float=row.opening_float,
        cash_taken=taken,
        paid_in=paid_in,
        paid_out=paid_out,
        expected=row.expected
        if row.expected is not None
        else expected_cash(row.opening_float, taken, paid_in, paid_out),
        counted=row.counted,
        over_short=row.over_short,
        reason=row.over_short_reason,
        deposit=row.deposit,
        drawer_id=str(row.id),
    )
