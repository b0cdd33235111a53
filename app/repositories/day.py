"""Business days, cash drawers and the end-of-day figures, on a session.

The business day is the shop's local date, or the day after the latest close
when that is later (:func:`next_business_day`): closing today moves new work
to tomorrow at once.

The business-day gate. Every transaction that posts, pays or voids into a
business day calls :func:`ensure_day_open` first. It takes the shop's
``business_day`` counter row FOR SHARE (many posts at once share it) and then
looks for a close of that day; a day close takes the same row FOR UPDATE
before it reads the day's figures. So a close waits for every post already
past the gate, and a post that arrives during a close waits for it and then
sees the day closed (PostgreSQL, READ COMMITTED: each statement sees what was
committed before it began). SQLite runs one writer at a time anyway. The
gate row is the first lock either side takes, so the order is always the
gate, then the documents and counters, then the audit head.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, String, and_, bindparam, case, func, select, type_coerce
from sqlalchemy.orm import Session

from app.db.models import Counter, Shop, Terminal, User
from app.db.models_bays import TimeEntry
from app.db.models_day import CashDrawerMovement, CashDrawerSession, DayClose
from app.db.models_invoicing import Invoice, InvoiceLine, Payment
from app.domain.end_of_day import DayClosedError, MethodTotal, Sales
from app.domain.locale import ShopLocale
from app.domain.money import from_cents
from app.repositories.base import Repository
from app.repositories.counters import CounterRepository

GATE = "business_day"
ZERO = Decimal("0.00")
THOUSAND = Decimal(1000)


@dataclass
class PostedDay:
    """What ``DayRepository.posted_documents`` finds for one business day."""

    sales: dict[str, Sales] = field(default_factory=dict)  # by kind: invoice / credit_note
    first_number: int | None = None
    last_number: int | None = None
    car_count: int = 0
    ro_subtotal: Decimal = ZERO
    ro_total: Decimal = ZERO


def next_business_day(last_closed: date | None, today: date) -> date:
    """The business day new work goes into: the shop's today, or the day after the latest close.

    As a POS after its Z report: once today is closed, postings, payments and
    voids go to tomorrow's business day at once, not after midnight.
    """
    if last_closed is None or last_closed < today:
        return today
    return last_closed + timedelta(days=1)


def open_business_day(session: Session, shop_id: uuid.UUID, today: date) -> date:
    """Take the business-day gate (shared) and return the open business day to write into.

    The gate comes first, so a close running now is waited for and then seen.
    """
    repo = DayRepository(session)
    repo.lock_gate(shop_id, exclusive=False)
    return next_business_day(repo.last_closed(shop_id), today)


def ensure_day_open(session: Session, shop_id: uuid.UUID, business_date: date) -> None:
    """Refuse (DayClosedError) to post into a closed business day; see the module note."""
    DayRepository(session).lock_gate(shop_id, exclusive=False)
    if DayRepository(session).is_closed(shop_id, business_date):
        shop = session.get(Shop, shop_id)
        said = ShopLocale(shop.locale).weekday_day(business_date, with_year=True) if shop else ""
        raise DayClosedError(business_date, said)


_MONEY_FIELDS = (
    "labor",
    "parts",
    "fees",
    "sublet",
    "cores",
    "discount",
    "tax",
    "cash_rounding",
    "total",
    "parts_cost",
    "labor_cost",
    "sublet_cost",
)


def _sum(column: Any) -> Any:
    """SUM of a money column as plain integer cents (0 when no row matches)."""
    return func.coalesce(func.sum(type_coerce(column, BigInteger)), 0)


def _money(cents: Any) -> Decimal:
    return from_cents(int(cents or 0))


def _sales_columns() -> tuple[Any, ...]:
    return (
        func.count(),
        _sum(Invoice.labor),
        _sum(Invoice.parts),
        _sum(Invoice.fees),
        _sum(Invoice.sublet),
        _sum(Invoice.cores),
        _sum(Invoice.discount),
        _sum(Invoice.tax),
        _sum(Invoice.cash_rounding),
        _sum(Invoice.total),
        _sum(Invoice.parts_cost),
        _sum(Invoice.labor_cost),
        _sum(Invoice.sublet_cost),
        _sum(Invoice.billed_hours),
    )


def _sales(row: Sequence[Any] | None) -> Sales:
    """A ``Sales`` from the aggregate columns of ``_sales_columns`` (count first, hours last)."""
    if row is None:
        return Sales()
    count, *amounts, hours = row
    values: dict[str, Any] = {name: _money(v) for name, v in zip(_MONEY_FIELDS, amounts, strict=True)}
    return Sales(count=int(count or 0), billed_hours=Decimal(int(hours or 0)) / THOUSAND, **values)


# The day's aggregates, built once (the statement, its cache key and compiled SQL are reused).
_REPAIR_ORDER = and_(Invoice.status == "posted", Invoice.work_order_id.is_not(None))
_RO_TOTAL = type_coerce(Invoice.total, BigInteger)
_RO_SUBTOTAL = (
    _RO_TOTAL - type_coerce(Invoice.tax, BigInteger) - type_coerce(Invoice.cash_rounding, BigInteger)
)
_POSTED: Any = (
    select(
        Invoice.kind,
        *_sales_columns(),
        func.min(Invoice.number),
        func.max(Invoice.number),
        func.count(func.distinct(case((_REPAIR_ORDER, Invoice.work_order_id)))),
        func.coalesce(func.sum(case((_REPAIR_ORDER, _RO_SUBTOTAL), else_=0)), 0),
        func.coalesce(func.sum(case((_REPAIR_ORDER, _RO_TOTAL), else_=0)), 0),
    )
    .where(Invoice.shop_id == bindparam("shop_id"), Invoice.business_date == bindparam("day"))
    .group_by(Invoice.kind)
)
_VOIDED: Any = select(*_sales_columns()).where(
    Invoice.shop_id == bindparam("shop_id"),
    Invoice.void_business_date == bindparam("day"),
    Invoice.status == "void",
)
_PAYMENTS: Any = (
    select(Payment.method, func.count(), _sum(Payment.amount))
    .where(Payment.shop_id == bindparam("shop_id"), Payment.business_date == bindparam("day"))
    .group_by(Payment.method)
    .order_by(Payment.method)
)


def _by_hour(postgresql: bool) -> Any:
    if postgresql:
        bucket: Any = func.to_char(func.timezone("UTC", Invoice.posted_at), "YYYY-MM-DD HH24")
    else:  # stored as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC
        bucket = func.substr(type_coerce(Invoice.posted_at, String), 1, 13)
    return (
        select(bucket, func.count(), _sum(Invoice.total))
        .where(Invoice.shop_id == bindparam("shop_id"), Invoice.business_date == bindparam("day"))
        .group_by(bucket)
    )


_BY_HOUR = {False: _by_hour(False), True: _by_hour(True)}


def _billed(*conditions: Any) -> Any:
    return (
        select(InvoiceLine.technician_id, _sum(InvoiceLine.billed_hours))
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.shop_id == bindparam("shop_id"), InvoiceLine.category == "labor", *conditions)
        .group_by(InvoiceLine.technician_id)
    )


_BILLED_POSTED = _billed(Invoice.business_date == bindparam("day"))
_BILLED_VOIDED = _billed(Invoice.void_business_date == bindparam("day"), Invoice.status == "void")

_CLOSE_OF: Any = select(DayClose).where(
    DayClose.shop_id == bindparam("shop_id"), DayClose.business_date == bindparam("day")
)
_GRAND_TOTAL: Any = select(func.max(type_coerce(DayClose.grand_total_after, BigInteger))).where(
    DayClose.shop_id == bindparam("shop_id")
)
_DRAWERS_OF_DAY: Any = (
    select(CashDrawerSession, Terminal.name, User.display_name)
    .join(Terminal, Terminal.id == CashDrawerSession.terminal_id)
    .join(User, User.id == CashDrawerSession.opened_by)
    .where(
        CashDrawerSession.shop_id == bindparam("shop_id"), CashDrawerSession.business_date == bindparam("day")
    )
    .order_by(Terminal.name, CashDrawerSession.opened_at)
)
_JOB_SPANS: Any = select(TimeEntry.user_id, TimeEntry.started_at, TimeEntry.ended_at).where(
    TimeEntry.shop_id == bindparam("shop_id"),
    TimeEntry.kind == "job",
    TimeEntry.started_at < bindparam("end"),
    (TimeEntry.ended_at.is_(None)) | (TimeEntry.ended_at > bindparam("start")),
)


# The business-day gate and the last close, read by every posting and payment: built once.
_GATE = select(Counter).where(Counter.shop_id == bindparam("shop_id"), Counter.name == GATE)
_GATE_SHARED = _GATE.with_for_update(read=True)
_GATE_EXCLUSIVE = _GATE.with_for_update()
_LAST_CLOSED = select(func.max(DayClose.business_date)).where(DayClose.shop_id == bindparam("shop_id"))


class DayRepository(Repository):
    def _core(self, stmt: Any, params: dict[str, Any] | None = None) -> Any:
        """A column-only query through Core: the same SQL and types, without the ORM's bookkeeping."""
        return self.session.connection().execute(stmt, params or {})

    # --- the gate and the closes --------------------------------------------------------

    def lock_gate(self, shop_id: uuid.UUID, *, exclusive: bool) -> Counter:
        """The shop's business-day row: FOR SHARE to post, FOR UPDATE to close."""
        stmt = _GATE_EXCLUSIVE if exclusive else _GATE_SHARED
        row = self.session.scalar(stmt, {"shop_id": shop_id})
        if row is None:
            CounterRepository(self.session).ensure(shop_id, GATE)
            row = self.session.scalar(stmt, {"shop_id": shop_id})
        if row is None:  # pragma: no cover - ensure() has just made it
            raise LookupError("no business-day row for this shop")
        return row

    def last_closed(self, shop_id: uuid.UUID) -> date | None:
        """The latest business day closed so far (days close in order), None before the first close."""
        return self.session.scalar(_LAST_CLOSED, {"shop_id": shop_id})

    def first_open_business(self, shop_id: uuid.UUID, after: date, before: date) -> date | None:
        """The first day strictly between two dates with any business: a document, a void, a payment or a drawer."""
        candidates = (
            select(func.min(Invoice.business_date)).where(
                Invoice.shop_id == shop_id, Invoice.business_date > after, Invoice.business_date < before
            ),
            select(func.min(Invoice.void_business_date)).where(
                Invoice.shop_id == shop_id,
                Invoice.void_business_date > after,
                Invoice.void_business_date < before,
            ),
            select(func.min(Payment.business_date)).where(
                Payment.shop_id == shop_id, Payment.business_date > after, Payment.business_date < before
            ),
            select(func.min(CashDrawerSession.business_date)).where(
                CashDrawerSession.shop_id == shop_id,
                CashDrawerSession.business_date > after,
                CashDrawerSession.business_date < before,
            ),
        )
        days = [day for stmt in candidates if (day := self.session.scalar(stmt)) is not None]
        return min(days) if days else None

    def is_closed(self, shop_id: uuid.UUID, business_date: date) -> bool:
        stmt = select(DayClose.id).where(DayClose.shop_id == shop_id, DayClose.business_date == business_date)
        return self.session.scalar(stmt) is not None

    def close_of(self, shop_id: uuid.UUID, business_date: date) -> DayClose | None:
        return self.session.scalar(_CLOSE_OF, {"shop_id": shop_id, "day": business_date})

    def closes(self, shop_id: uuid.UUID, start: date, end: date) -> list[DayClose]:
        stmt = (
            select(DayClose)
            .where(DayClose.shop_id == shop_id, DayClose.business_date.between(start, end))
            .order_by(DayClose.business_date)
        )
        return list(self.session.scalars(stmt))

    def recent_closes(self, shop_id: uuid.UUID, limit: int) -> list[DayClose]:
        stmt = (
            select(DayClose)
            .where(DayClose.shop_id == shop_id)
            .order_by(DayClose.business_date.desc())
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def grand_total(self, shop_id: uuid.UUID) -> Decimal:
        """The perpetual grand total so far: it never decreases, so the largest is the latest."""
        return _money(self._core(_GRAND_TOTAL, {"shop_id": shop_id}).scalar())

    def add_close(self, row: DayClose) -> None:
        self.session.add(row)

    # --- drawers ------------------------------------------------------------------------

    def add_session(self, row: CashDrawerSession) -> None:
        self.session.add(row)

    def add_movement(self, row: CashDrawerMovement) -> None:
        self.session.add(row)

    def drawer(
        self, shop_id: uuid.UUID, session_id: uuid.UUID, *, for_update: bool = False
    ) -> CashDrawerSession | None:
        stmt = select(CashDrawerSession).where(
            CashDrawerSession.shop_id == shop_id, CashDrawerSession.id == session_id
        )
        return self.session.scalar(stmt.with_for_update() if for_update else stmt)

    def unclosed_drawer(
        self, shop_id: uuid.UUID, terminal_id: uuid.UUID, *, for_share: bool = False
    ) -> CashDrawerSession | None:
        """The terminal's drawer not yet closed; ``for_share``: locked so a count waits for the payment."""
        stmt = select(CashDrawerSession).where(
            CashDrawerSession.shop_id == shop_id,
            CashDrawerSession.terminal_id == terminal_id,
            CashDrawerSession.closed_at.is_(None),
        )
        return self.session.scalar(stmt.with_for_update(read=True) if for_share else stmt)

    def drawers_of_day(self, shop_id: uuid.UUID, business_date: date) -> list[Any]:
        """(session, terminal name, opened-by name) of every drawer opened on the day."""
        return list(self.session.execute(_DRAWERS_OF_DAY, {"shop_id": shop_id, "day": business_date}))

    def unclosed_drawers(self, shop_id: uuid.UUID, business_date: date) -> list[str]:
        """Names of the terminals whose drawer opened on the day is not closed yet."""
        stmt = (
            select(Terminal.name)
            .join(CashDrawerSession, CashDrawerSession.terminal_id == Terminal.id)
            .where(
                CashDrawerSession.shop_id == shop_id,
                CashDrawerSession.business_date == business_date,
                CashDrawerSession.closed_at.is_(None),
            )
            .order_by(Terminal.name)
        )
        return list(self.session.scalars(stmt))

    def movements(self, session_id: uuid.UUID) -> list[CashDrawerMovement]:
        stmt = select(CashDrawerMovement).where(CashDrawerMovement.session_id == session_id)
        return list(self.session.scalars(stmt.order_by(CashDrawerMovement.at)))

    def movement_totals(self, session_id: uuid.UUID) -> tuple[Decimal, Decimal]:
        """(paid in, paid out) of a drawer."""
        stmt = (
            select(CashDrawerMovement.kind, _sum(CashDrawerMovement.amount))
            .where(CashDrawerMovement.session_id == session_id)
            .group_by(CashDrawerMovement.kind)
        )
        sums = {kind: _money(total) for kind, total in self._core(stmt)}
        return sums.get("paid_in", ZERO), sums.get("paid_out", ZERO)

    def cash_taken(self, drawer_id: uuid.UUID) -> Decimal:
        """Cash payments into a drawer net of change, less cash paid back from it (refunds are negative).

        ``amount`` is what was applied: what was handed over less the change given.
        """
        stmt = select(_sum(Payment.amount)).where(Payment.drawer_id == drawer_id, Payment.method == "cash")
        return _money(self._core(stmt).scalar())

    # --- the day's figures --------------------------------------------------------------

    def posted_documents(self, shop_id: uuid.UUID, business_date: date) -> PostedDay:
        """Documents posted on the day by kind, their numbers, and the repair orders among them.

        One statement: the car count and the repair orders' sums are the invoices of
        a work order still posted (not voided since).
        """
        day = PostedDay()
        width = len(_MONEY_FIELDS) + 2
        for row in self._core(_POSTED, {"shop_id": shop_id, "day": business_date}):
            kind, sales = row[0], _sales(tuple(row[1 : 1 + width]))
            low, high, cars, subtotal, total = row[1 + width :]
            day.sales[kind] = sales
            if kind == "invoice":
                day.first_number, day.last_number = low, high
                day.car_count, day.ro_subtotal, day.ro_total = int(cars or 0), _money(subtotal), _money(total)
        return day

    def voided_sales(self, shop_id: uuid.UUID, business_date: date) -> Sales:
        return _sales(tuple(self._core(_VOIDED, {"shop_id": shop_id, "day": business_date}).one()))

    def payments_by_method(self, shop_id: uuid.UUID, business_date: date) -> list[MethodTotal]:
        rows = self._core(_PAYMENTS, {"shop_id": shop_id, "day": business_date})
        return [MethodTotal(method, int(count), _money(total)) for method, count, total in rows]

    def sales_by_utc_hour(
        self, shop_id: uuid.UUID, business_date: date
    ) -> list[tuple[datetime, int, Decimal]]:
        """(UTC hour, documents, total) of what was posted on the day, summed per UTC hour."""
        stmt = _BY_HOUR[self.session.get_bind().dialect.name == "postgresql"]
        return [
            (datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC), int(count), _money(total))
            for hour, count, total in self._core(stmt, {"shop_id": shop_id, "day": business_date})
        ]

    def posting_times(self, shop_id: uuid.UUID, business_date: date) -> list[Any]:
        """(posted at, total) of every document posted on the day, for the hourly chart."""
        stmt = select(Invoice.posted_at, Invoice.total).where(
            Invoice.shop_id == shop_id, Invoice.business_date == business_date
        )
        return list(self._core(stmt))

    def billed_hours_by_technician(
        self, shop_id: uuid.UUID, business_date: date, *, with_voids: bool = True
    ) -> dict[uuid.UUID | None, Decimal]:
        """Billed labor hours per technician: lines posted on the day less lines voided on it."""
        out: dict[uuid.UUID | None, Decimal] = {}
        passes = [(_BILLED_POSTED, 1), (_BILLED_VOIDED, -1)] if with_voids else [(_BILLED_POSTED, 1)]
        for stmt, sign in passes:
            for technician, hours in self._core(stmt, {"shop_id": shop_id, "day": business_date}):
                out[technician] = (
                    out.get(technician, Decimal("0.000")) + sign * Decimal(int(hours)) / THOUSAND
                )
        return out

    def job_clock_spans(self, shop_id: uuid.UUID, start: datetime, end: datetime) -> list[Any]:
        """(technician, started, ended) of job-clock entries that overlap [start, end)."""
        return list(self._core(_JOB_SPANS, {"shop_id": shop_id, "start": start, "end": end}))

    def user_names(self, user_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not user_ids:
            return {}
        rows = self._core(select(User.id, User.display_name).where(User.id.in_(user_ids)))
        return {row.id: row.display_name for row in rows}

    # --- exports ------------------------------------------------------------------------

    def invoices_between(self, shop_id: uuid.UUID, start: date, end: date) -> list[Invoice]:
        stmt = (
            select(Invoice)
            .where(Invoice.shop_id == shop_id, Invoice.business_date.between(start, end))
            .order_by(Invoice.business_date, Invoice.kind, Invoice.number)
        )
        return list(self.session.scalars(stmt))

    def payments_between(self, shop_id: uuid.UUID, start: date, end: date) -> list[Any]:
        """(payment, invoice kind, invoice number, terminal name) over a date range."""
        stmt = (
            select(Payment, Invoice.kind, Invoice.number, Terminal.name)
            .outerjoin(Invoice, Invoice.id == Payment.invoice_id)
            .outerjoin(Terminal, Terminal.id == Payment.terminal_id)
            .where(Payment.shop_id == shop_id, Payment.business_date.between(start, end))
            .order_by(Payment.business_date, Payment.received_at)
        )
        return list(self.session.execute(stmt))

    def daily_sales(self, shop_id: uuid.UUID, start: date, end: date) -> list[Any]:
        """(business date, kind, sales columns...) per day and kind over a range."""
        stmt = (
            select(Invoice.business_date, Invoice.kind, *_sales_columns())
            .where(Invoice.shop_id == shop_id, Invoice.business_date.between(start, end))
            .group_by(Invoice.business_date, Invoice.kind)
            .order_by(Invoice.business_date)
        )
        return list(self._core(stmt))

    def daily_voids(self, shop_id: uuid.UUID, start: date, end: date) -> list[Any]:
        stmt = (
            select(Invoice.void_business_date, *_sales_columns())
            .where(
                Invoice.shop_id == shop_id,
                Invoice.status == "void",
                Invoice.void_business_date.between(start, end),
            )
            .group_by(Invoice.void_business_date)
        )
        return list(self._core(stmt))


def sales_of(row: Sequence[Any]) -> Sales:
    """A ``Sales`` from the aggregate columns of :func:`_sales_columns` (count first)."""
    return _sales(row)
