"""The chain report's months from the day closes' frozen figures, and the invoices only where no close is.

A closed business day can no longer change: nothing is posted, paid or
voided into it after its close (``app.services.day.close``), and days close
in order, so between a shop's first and last close every day with business
is closed. Those days are read from ``day_closes`` (one row a shop and day,
the figures the close froze) rather than from every invoice; the invoices
are read only for the days outside that span (before the shop's first close,
after its last: the open days). What the close froze and the invoices say
today differ in one way only: a repair order voided on a later day still
counts in the car count and ARO of the closed day it was posted on, so those
(few, read through ``ix_invoices_shop_status``) are taken off again.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import BigInteger, Float, Numeric, and_, cast, extract, false, func, or_, select, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from app.db.models_day import DayClose
from app.db.models_invoicing import Invoice
from app.repositories.chain_reports import MONEY, RO_DOCUMENT, RO_SUBTOTAL, posted_by_month, voided_by_month

Span = tuple[date, date]  # [first day, day after the last)
_DOCUMENTS = ("invoices", "credit_notes")  # the day's sales are these less the voids


def sales_by_month(
    session: Session, shop_ids: list[uuid.UUID], start: date, end: date
) -> tuple[list[Any], list[Any]]:
    """(rows to add, rows to take off) by shop and month: closed days as frozen, open days from the invoices.

    Every row to add carries the posted figures; a row to take off only those it names.
    """
    closed = closed_spans(session)
    posted = posted_by_month(
        session, start, end, open_ranges(Invoice.business_date, shop_ids, closed, start, end)
    )
    voided = voided_by_month(
        session,
        start,
        end,
        open_ranges(Invoice.void_business_date, shop_ids, closed, start, end, Invoice.status == "void"),
    )
    added = posted + frozen_by_month(session, start, end)
    return added, voided + voided_after_close(session, closed, start, end)


def closed_spans(session: Session) -> dict[uuid.UUID, Span]:
    """Each shop's closed days, from its first close to the day after its last."""
    stmt = select(DayClose.shop_id, func.min(DayClose.business_date), func.max(DayClose.business_date))
    return {
        shop_id: (first, last + timedelta(days=1))
        for shop_id, first, last in session.execute(stmt.group_by(DayClose.shop_id))
    }


def open_ranges(
    column: Any,
    shop_ids: list[uuid.UUID],
    closed: dict[uuid.UUID, Span],
    start: date,
    end: date,
    *also: Any,
) -> Any:
    """``column`` from ``start`` to before ``end`` outside each shop's closed span, shop by shop.

    One index range per shop and side (``also`` in each: ``status`` picks its index), so the
    statement reads only the open days' rows.
    """
    arms = []
    for shop_id in shop_ids:
        span = closed.get(shop_id)
        ranges = [(start, end)] if span is None else [(start, min(end, span[0])), (max(start, span[1]), end)]
        arms += [
            and_(Invoice.shop_id == shop_id, *also, column >= low, column < high)
            for low, high in ranges
            if low < high
        ]
    return or_(false(), *arms)


def closed_ranges(column: Any, closed: dict[uuid.UUID, Span], start: date, end: date, *also: Any) -> Any:
    """``column`` on a closed day of its shop, from ``start`` to before ``end``."""
    arms = [
        and_(Invoice.shop_id == shop_id, *also, column >= max(start, low), column < min(end, high))
        for shop_id, (low, high) in closed.items()
        if max(start, low) < min(end, high)
    ]
    return or_(false(), *arms)


def frozen_by_month(session: Session, start: date, end: date) -> list[Any]:
    """The closed days from ``start`` to before ``end`` by shop and month, as ``posted_by_month`` less voids.

    Counts and cents as the invoice statements give them: documents posted,
    car count and repair orders' subtotal as frozen, every amount net of the
    day's voids.
    """
    postgresql = session.get_bind().dialect.name == "postgresql"
    if postgresql:  # each day's JSON parsed once, not once per figure read from it
        doc: Any = (
            select(cast(DayClose.figures, JSONB).label("doc")).correlate(DayClose).offset(0).lateral("frozen")
        )
        source = select().select_from(DayClose).join(doc, true())

        def field(*path: str) -> Any:
            return func.jsonb_extract_path_text(doc.c.doc, *path)
    else:
        source = select().select_from(DayClose)

        def field(*path: str) -> Any:
            return func.json_extract(DayClose.figures, "$." + ".".join(path))

    def scaled(path: tuple[str, ...], scale: int) -> Any:
        if postgresql:
            return cast(cast(field(*path), Numeric) * scale, BigInteger)
        return cast(func.round(cast(field(*path), Float) * scale), BigInteger)

    def net(name: str) -> Any:
        scale = 1000 if name == "billed_hours" else 100
        posted = [scaled((kind, name), scale) for kind in _DOCUMENTS]
        return func.sum(posted[0] + posted[1] - scaled(("voids", name), scale)).label(name)

    year, month = extract("year", DayClose.business_date), extract("month", DayClose.business_date)
    stmt = source.add_columns(
        DayClose.shop_id,
        year.label("year"),
        month.label("month"),
        func.sum(sum(cast(field(kind, "count"), BigInteger) for kind in _DOCUMENTS)).label("invoices"),
        func.sum(cast(field("car_count"), BigInteger)).label("car_count"),
        func.sum(scaled(("ro_subtotal",), 100)).label("ro_subtotal"),
        *(net(name) for name in (*MONEY, "billed_hours")),
    )
    stmt = stmt.where(DayClose.business_date >= start, DayClose.business_date < end)
    return list(session.execute(stmt.group_by(DayClose.shop_id, year, month)))


def voided_after_close(session: Session, closed: dict[uuid.UUID, Span], start: date, end: date) -> list[Any]:
    """Repair orders posted on a closed day and voided on a later one, by shop and month posted.

    Their close counted them (they were still posted that evening); the invoices no longer do.
    """
    year, month = extract("year", Invoice.business_date), extract("month", Invoice.business_date)
    stmt = (
        select(
            Invoice.shop_id,
            year.label("year"),
            month.label("month"),
            func.count(func.distinct(Invoice.work_order_id)).label("car_count"),
            func.coalesce(func.sum(RO_SUBTOTAL), 0).label("ro_subtotal"),
        )
        .where(
            closed_ranges(Invoice.business_date, closed, start, end, Invoice.status == "void"),
            RO_DOCUMENT,
            Invoice.void_business_date > Invoice.business_date,
        )
        .group_by(Invoice.shop_id, year, month)
    )
    return list(session.execute(stmt))
