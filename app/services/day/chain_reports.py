"""The chain's owner reports: every shop's sales and key figures by month, and its stock.

For the owner of a chain whose shops share one server: sales, car count,
ARO, gross profit and effective labor rate by shop and by month, stock value
and slow movers across the shops. Each figure is one set-based statement
(``app.repositories.chain_reports``) over every shop the connection reads.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.db.types import now_utc
from app.domain.errors import ValidationError
from app.domain.money import from_cents
from app.domain.permissions import Action, Actor, require
from app.repositories import chain_reports as queries
from app.services.base import Service
from app.services.day.chain_dto import ChainReport, ShopMonth, ShopStock, SlowMover
from app.services.uow import UnitOfWork

MAX_MONTHS = 120
THOUSAND = Decimal(1000)
_FIGURES = ("tax", "labor", "parts", "parts_cost", "labor_cost", "sublet_cost")


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def months_back(month: date, count: int) -> date:
    """The first of the month ``count - 1`` months before ``month`` (so ``count`` months in all)."""
    index = month.year * 12 + month.month - 1 - (count - 1)
    return date(index // 12, index % 12 + 1, 1)


def _next_month(month: date) -> date:
    return months_back(month, 0)


class ChainReportService(Service):
    def report(
        self,
        actor: Actor,
        last_month: date,
        months: int = 12,
        slow_days: int = 180,
        slow_limit: int = 25,
    ) -> ChainReport:
        """``months`` months of every shop up to ``last_month``; stock slow when unmoved ``slow_days``."""
        require(actor, Action.VIEW_OWNER_REPORTS)
        if not 1 <= months <= MAX_MONTHS:
            raise ValidationError({"months": f"is between 1 and {MAX_MONTHS}"})
        if slow_days < 1:
            raise ValidationError({"slow_days": "is at least one day"})
        last = first_of_month(last_month)
        first = months_back(last, months)
        slow_since = datetime.combine(now_utc().date() - timedelta(days=slow_days), time(), UTC)

        def work(uow: UnitOfWork) -> ChainReport:
            session = uow.session
            shops = queries.shops(session)
            names = dict(shops)
            rows = _months(
                queries.posted_by_month(session, first, _next_month(last)),
                queries.voided_by_month(session, first, _next_month(last)),
                names,
            )
            stock = tuple(_stock(row, names) for row in queries.stock_by_shop(session, slow_since))
            slow = tuple(_slow(row, names) for row in queries.slow_movers(session, slow_since, slow_limit))
            return ChainReport(first, last, slow_since.date(), tuple(shops), rows, stock, slow)

        return self._report(work)


def _months(posted: list[Any], voided: list[Any], names: dict[uuid.UUID, str]) -> tuple[ShopMonth, ...]:
    """Posted less voided, by shop and month, in the shops' order then the months'."""
    sums: dict[tuple[uuid.UUID, date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in posted:
        into = sums[(row.shop_id, date(int(row.year), int(row.month), 1))]
        for name in ("invoices", "car_count", "ro_subtotal", *_amount_names()):
            into[name] += int(row._mapping[name])
    for row in voided:
        into = sums[(row.shop_id, date(int(row.year), int(row.month), 1))]
        for name in _amount_names():
            into[name] -= int(row._mapping[name])
    order = {shop_id: index for index, shop_id in enumerate(names)}
    keys = sorted(sums, key=lambda key: (order.get(key[0], len(order)), key[1]))
    return tuple(
        _shop_month(shop_id, names.get(shop_id, ""), month, sums[(shop_id, month)]) for shop_id, month in keys
    )


def _amount_names() -> tuple[str, ...]:
    return (*queries.MONEY, "billed_hours")


def _shop_month(shop_id: uuid.UUID, shop: str, month: date, cents: dict[str, int]) -> ShopMonth:
    sales = sum(cents[name] for name in ("labor", "parts", "fees", "sublet", "cores"))
    return ShopMonth(
        shop_id,
        shop,
        month,
        invoices=cents["invoices"],
        car_count=cents["car_count"],
        sales=from_cents(sales),
        ro_subtotal=from_cents(cents["ro_subtotal"]),
        billed_hours=Decimal(cents["billed_hours"]) / THOUSAND,
        **{name: from_cents(cents[name]) for name in _FIGURES},
    )


def _value(milli_cents: Any) -> Decimal:
    """Thousandths of a unit times cents, as money (half a cent up)."""
    return (Decimal(int(milli_cents or 0)) / THOUSAND / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _stock(row: Any, names: dict[uuid.UUID, str]) -> ShopStock:
    return ShopStock(
        row.shop_id,
        names.get(row.shop_id, ""),
        int(row.parts),
        _value(row.value),
        int(row.slow_parts),
        _value(row.slow_value),
    )


def _slow(row: Any, names: dict[uuid.UUID, str]) -> SlowMover:
    return SlowMover(
        names.get(row.shop_id, ""),
        row.sku,
        row.name,
        Decimal(int(row.on_hand)) / THOUSAND,
        _value(row.value),
        row.last_out,
    )
