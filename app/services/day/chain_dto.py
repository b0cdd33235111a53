"""Read models of the chain reports: every shop's month, its stock, its slow movers.

The key figures are the end of day's (``app.domain.end_of_day``), summed by
shop and month instead of by day: net sales are the documents posted in the
month (credit notes negative) less the documents voided in it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal

from app.domain.end_of_day import (
    ZERO,
    average_repair_order,
    effective_labor_rate,
    gross_profit,
    margin_percent,
)

HOURS_ZERO = Decimal("0.000")


@dataclass(frozen=True)
class ShopMonth:
    """One shop's month (or, summed, a shop's period or the chain's month)."""

    shop_id: uuid.UUID | None
    shop: str
    month: date | None  # the first of the month; None for a sum over months
    invoices: int = 0
    car_count: int = 0
    sales: Decimal = ZERO  # net, before tax
    tax: Decimal = ZERO
    labor: Decimal = ZERO
    parts: Decimal = ZERO
    ro_subtotal: Decimal = ZERO
    parts_cost: Decimal = ZERO
    labor_cost: Decimal = ZERO
    sublet_cost: Decimal = ZERO
    billed_hours: Decimal = HOURS_ZERO

    @property
    def aro(self) -> Decimal | None:
        return average_repair_order(self.ro_subtotal, self.car_count)

    @property
    def gross_profit(self) -> Decimal:
        return gross_profit(self.sales, self.parts_cost, self.labor_cost, self.sublet_cost)

    @property
    def gross_margin(self) -> Decimal | None:
        return margin_percent(self.gross_profit, self.sales)

    @property
    def effective_labor_rate(self) -> Decimal | None:
        return effective_labor_rate(self.labor, self.billed_hours)


def sum_months(
    rows: Iterable[ShopMonth], shop_id: uuid.UUID | None, shop: str, month: date | None
) -> ShopMonth:
    """The rows added up, labelled as ``shop`` and ``month``."""
    summed = {f.name: getattr(ShopMonth(None, "", None), f.name) for f in fields(ShopMonth)}
    for row in rows:
        for f in fields(ShopMonth):
            if f.name not in ("shop_id", "shop", "month"):
                summed[f.name] += getattr(row, f.name)
    summed.update(shop_id=shop_id, shop=shop, month=month)
    return ShopMonth(**summed)


@dataclass(frozen=True)
class ShopStock:
    shop_id: uuid.UUID
    shop: str
    parts: int  # parts with stock on hand
    value: Decimal  # on hand at each part's cost
    slow_parts: int  # of those, parts not sold or used since the cut-off
    slow_value: Decimal


@dataclass(frozen=True)
class SlowMover:
    shop: str
    sku: str
    name: str
    on_hand: Decimal
    value: Decimal
    last_out: datetime | None  # the last time any left the shelf; None: never


@dataclass(frozen=True)
class ChainReport:
    """The chain's months from ``first_month`` to ``last_month`` (first days), and its stock now."""

    first_month: date
    last_month: date
    slow_since: date
    shops: tuple[tuple[uuid.UUID, str], ...]
    months: tuple[ShopMonth, ...]  # by shop and month, only where a shop had business
    stock: tuple[ShopStock, ...]
    slow_movers: tuple[SlowMover, ...]

    def month_list(self) -> list[date]:
        out, current = [], self.first_month
        while current <= self.last_month:
            out.append(current)
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
        return out

    def by_shop(self) -> list[ShopMonth]:
        """Each shop over the whole period, in the shops' order."""
        return [
            sum_months((m for m in self.months if m.shop_id == sid), sid, name, None)
            for sid, name in self.shops
        ]

    def by_month(self) -> list[ShopMonth]:
        """The whole chain month by month."""
        return [
            sum_months((m for m in self.months if m.month == month), None, "Chain", month)
            for month in self.month_list()
        ]

    def total(self) -> ShopMonth:
        return sum_months(self.months, None, "Chain", None)

    def shop_month(self, shop_id: uuid.UUID, month: date) -> ShopMonth:
        for row in self.months:
            if row.shop_id == shop_id and row.month == month:
                return row
        name = dict(self.shops).get(shop_id, "")
        return ShopMonth(shop_id, name, month)
