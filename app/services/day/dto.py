"""Read models of the owner's end of day: drawers, the day's figures, closes, the sales report."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.domain.end_of_day import DayFigures, Kpis, Sales


@dataclass(frozen=True)
class BusinessDay:
    """Where new postings go now, beside the shop's calendar date (they differ after today's close)."""

    business_date: date
    calendar_date: date
    last_closed: date | None

    @property
    def after_close(self) -> bool:
        return self.business_date != self.calendar_date


@dataclass(frozen=True)
class DrawerMovementView:
    kind: str  # paid_in / paid_out
    amount: Decimal
    reason: str
    at: datetime
    by: str


@dataclass(frozen=True)
class DrawerView:
    """One terminal's drawer. ``expected`` and ``over_short`` stay None until the blind count."""

    id: uuid.UUID
    terminal: str
    business_date: date
    status: str  # open / counted / closed
    opening_float: Decimal
    opened_by: str
    opened_at: datetime
    paid_in: Decimal
    paid_out: Decimal
    movements: tuple[DrawerMovementView, ...]
    counted: Decimal | None = None
    expected: Decimal | None = None
    cash_taken: Decimal | None = None
    over_short: Decimal | None = None
    over_short_reason: str = ""
    deposit: Decimal | None = None
    closed_at: datetime | None = None

    @property
    def status_label(self) -> str:
        return {"open": "Open", "counted": "Counted, not closed", "closed": "Closed"}.get(
            self.status, self.status
        )


@dataclass(frozen=True)
class EndOfDayView:
    """A business day's figures, frozen if the day is closed, as they stand if not."""

    shop_name: str
    shop_address: str
    shop_phone: str
    timezone: str
    business_date: date
    figures: DayFigures
    kpis: Kpis
    closed: bool
    closed_by: str
    closed_at: datetime | None
    grand_total_before: Decimal
    grand_total_after: Decimal
    audit_seq: int
    audit_hash: str
    unclosed_drawers: tuple[str, ...] = ()


@dataclass(frozen=True)
class DayCloseRow:
    business_date: date
    closed_at: datetime
    closed_by: str
    invoice_count: int
    net_sales: Decimal
    tax: Decimal
    payments_total: Decimal
    grand_total_after: Decimal


@dataclass(frozen=True)
class SalesDay:
    """One day of the date-range sales report (net: invoices + credit notes - voids)."""

    business_date: date
    invoice_count: int
    credit_note_count: int
    void_count: int
    net: Sales
    closed: bool


@dataclass(frozen=True)
class SalesReport:
    start: date
    end: date
    days: tuple[SalesDay, ...]
    total: Sales
