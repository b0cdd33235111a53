"""The chain page's tables: shops over the period, the chain by month, stock by shop, slow movers."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject

from app.services.day.chain_dto import ShopMonth, ShopStock, SlowMover
from app.ui.formatting import amount_text, count_text, day_text, month_text, percent_text, quantity_text
from app.ui.shared.table_model import RIGHT, Column, RowTableModel


def _money(get: Callable[[Any], Decimal | None]) -> tuple[Callable[[Any], str], Callable[[Any], Any]]:
    return (lambda r: amount_text(get(r))), (lambda r: get(r) if get(r) is not None else Decimal("-1"))


def _count(get: Callable[[Any], int]) -> tuple[Callable[[Any], str], Callable[[Any], int]]:
    return (lambda r: count_text(get(r))), get


def _margin(row: ShopMonth) -> str:
    return percent_text(row.gross_margin / 100) if row.gross_margin is not None else "—"


def _figures() -> tuple[Column[ShopMonth], ...]:
    return (
        Column("Invoices", *_count(lambda r: r.invoices), RIGHT, width=80),
        Column("Cars", *_count(lambda r: r.car_count), RIGHT, width=70),
        Column("Sales", *_money(lambda r: r.sales), RIGHT, width=110, tooltip="Net sales before tax"),
        Column("ARO", *_money(lambda r: r.aro), RIGHT, width=80, tooltip="Average repair order before tax"),
        Column("Gross profit", *_money(lambda r: r.gross_profit), RIGHT, width=110),
        Column("Margin", _margin, lambda r: r.gross_margin or Decimal(0), RIGHT, width=70),
        Column(
            "Labor rate",
            *_money(lambda r: r.effective_labor_rate),
            RIGHT,
            width=90,
            tooltip="Effective labor rate: labor sales per billed hour",
        ),
    )


SHOP_COLUMNS: tuple[Column[ShopMonth], ...] = (Column("Shop", lambda r: r.shop, width=190), *_figures())
MONTH_COLUMNS: tuple[Column[ShopMonth], ...] = (
    Column("Month", lambda r: month_text(r.month) if r.month else "", lambda r: r.month, width=110),
    *_figures(),
)
STOCK_COLUMNS: tuple[Column[ShopStock], ...] = (
    Column("Shop", lambda r: r.shop, width=190),
    Column("Parts on hand", *_count(lambda r: r.parts), RIGHT, width=100),
    Column("Value at cost", *_money(lambda r: r.value), RIGHT, width=110),
    Column("Slow parts", *_count(lambda r: r.slow_parts), RIGHT, width=90),
    Column("Slow value", *_money(lambda r: r.slow_value), RIGHT, width=110),
)
SLOW_COLUMNS: tuple[Column[SlowMover], ...] = (
    Column("Shop", lambda r: r.shop, width=170),
    Column("Part", lambda r: r.sku, width=110),
    Column("Description", lambda r: r.name, width=200),
    Column("On hand", lambda r: quantity_text(r.on_hand), lambda r: r.on_hand, RIGHT, width=70),
    Column("Value", *_money(lambda r: r.value), RIGHT, width=100),
    Column(
        "Last out",
        lambda r: day_text(r.last_out) if r.last_out else "never",
        lambda r: r.last_out.timestamp() if r.last_out else 0.0,
        width=110,
    ),
)


class ChainModels:
    """The four table models the chain page shows."""

    def __init__(self, parent: QObject) -> None:
        self.shops: RowTableModel[ShopMonth] = RowTableModel(SHOP_COLUMNS, parent)
        self.months: RowTableModel[ShopMonth] = RowTableModel(MONTH_COLUMNS, parent)
        self.stock: RowTableModel[ShopStock] = RowTableModel(STOCK_COLUMNS, parent)
        self.slow: RowTableModel[SlowMover] = RowTableModel(SLOW_COLUMNS, parent)
