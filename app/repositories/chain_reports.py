"""The chain reports' queries: set-based, one statement per figure, grouped by shop and month.

Every shop the connection can read is in them (on a shared server, row-level
security decides which: the owner's office role reads every shop). The
monthly figures read the invoices through ``ix_invoices_shop_business_date``;
nothing is computed row by row in Python but the arithmetic on the sums.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, and_, case, extract, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from app.db.models import Shop
from app.db.models_invoicing import Invoice
from app.db.models_parts import Inventory, Part, StockMovement


def _sum(column: Any) -> Any:
    return func.coalesce(func.sum(type_coerce(column, BigInteger)), 0)


MONEY = ("labor", "parts", "fees", "sublet", "cores", "tax", "parts_cost", "labor_cost", "sublet_cost")
_REPAIR_ORDER = and_(
    Invoice.status == "posted", Invoice.kind == "invoice", Invoice.work_order_id.is_not(None)
)
_RO_SUBTOTAL = (
    type_coerce(Invoice.total, BigInteger)
    - type_coerce(Invoice.tax, BigInteger)
    - type_coerce(Invoice.cash_rounding, BigInteger)
)


def _amounts() -> list[Any]:
    return [_sum(getattr(Invoice, name)).label(name) for name in MONEY] + [
        _sum(Invoice.billed_hours).label("billed_hours")
    ]


def shops(session: Session) -> list[tuple[uuid.UUID, str]]:
    return [(row.id, row.name) for row in session.execute(select(Shop.id, Shop.name).order_by(Shop.name))]


def posted_by_month(session: Session, start: date, end: date) -> list[Any]:
    """Documents posted from ``start`` to before ``end``, by shop and month: counts and sums in cents.

    The car count counts the posted repair orders: a work order has one at most (posting
    moves it to invoiced, a void back to completed), so no DISTINCT is needed, and without
    one PostgreSQL hashes the groups (and may scan in parallel) rather than sorting every
    invoice of the period.
    """
    year, month = extract("year", Invoice.business_date), extract("month", Invoice.business_date)
    stmt = (
        select(
            Invoice.shop_id,
            year.label("year"),
            month.label("month"),
            func.count().label("invoices"),
            func.count(case((_REPAIR_ORDER, 1))).label("car_count"),
            func.coalesce(func.sum(case((_REPAIR_ORDER, _RO_SUBTOTAL), else_=0)), 0).label("ro_subtotal"),
            *_amounts(),
        )
        .where(Invoice.business_date >= start, Invoice.business_date < end)
        .group_by(Invoice.shop_id, year, month)
    )
    return list(session.execute(stmt))


def voided_by_month(session: Session, start: date, end: date) -> list[Any]:
    """Documents voided from ``start`` to before ``end`` (whenever posted), by shop and month of the void."""
    year, month = extract("year", Invoice.void_business_date), extract("month", Invoice.void_business_date)
    stmt = (
        select(Invoice.shop_id, year.label("year"), month.label("month"), *_amounts())
        .where(
            Invoice.status == "void",
            Invoice.void_business_date >= start,
            Invoice.void_business_date < end,
        )
        .group_by(Invoice.shop_id, year, month)
    )
    return list(session.execute(stmt))


def stock_by_shop(session: Session, slow_since: datetime) -> list[Any]:
    """Per shop: parts on hand and their value at cost (cents x 1000), and those of them gone slow."""
    value = type_coerce(Inventory.on_hand, BigInteger) * type_coerce(Part.cost, BigInteger)
    slow = _slow_condition(slow_since)
    last = _last_out()
    stmt = (
        select(
            Inventory.shop_id,
            func.count().label("parts"),
            func.coalesce(func.sum(value), 0).label("value"),
            func.count(case((slow, 1))).label("slow_parts"),
            func.coalesce(func.sum(case((slow, value), else_=0)), 0).label("slow_value"),
        )
        .join(Part, Part.id == Inventory.part_id)
        .outerjoin(last, and_(last.c.shop_id == Inventory.shop_id, last.c.part_id == Inventory.part_id))
        .where(Inventory.on_hand > 0)
        .group_by(Inventory.shop_id)
    )
    return list(session.execute(stmt))


def slow_movers(session: Session, slow_since: datetime, limit: int) -> list[Any]:
    """The stock that has not left the shelf since ``slow_since``, the most money first, every shop."""
    value = type_coerce(Inventory.on_hand, BigInteger) * type_coerce(Part.cost, BigInteger)
    last = _last_out()
    stmt = (
        select(
            Inventory.shop_id,
            Part.sku,
            Part.name,
            Inventory.on_hand,
            value.label("value"),
            last.c.last_out,
        )
        .join(Part, Part.id == Inventory.part_id)
        .outerjoin(last, and_(last.c.shop_id == Inventory.shop_id, last.c.part_id == Inventory.part_id))
        .where(Inventory.on_hand > 0, _slow_condition(slow_since))
        .order_by(value.desc(), Part.sku)
        .limit(limit)
    )
    return list(session.execute(stmt))


_LAST_OUT = (
    select(
        StockMovement.shop_id,
        StockMovement.part_id,
        func.max(StockMovement.at).label("last_out"),
    )
    .where(StockMovement.quantity < 0)
    .group_by(StockMovement.shop_id, StockMovement.part_id)
    .subquery("last_out")
)


def _last_out() -> Any:
    """When each part last left each shop's shelf (sold, used on a job, returned to the vendor)."""
    return _LAST_OUT


def _slow_condition(slow_since: datetime) -> Any:
    return or_(_LAST_OUT.c.last_out.is_(None), _LAST_OUT.c.last_out < slow_since)
