"""The Owner area's tables: sales by category, payments, drawers, drawer movements, closed days."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject

from app.domain.end_of_day import DayFigures, DrawerSummary, MethodTotal, Sales
from app.services.day.dto import DayCloseRow, DrawerMovementView
from app.ui.formatting import amount_text as money
from app.ui.formatting import day_text, local_time_text
from app.ui.shared.table_model import RIGHT, Column, RowTableModel

CATEGORIES: tuple[tuple[str, Callable[[Sales], Decimal]], ...] = (
    ("Labor", lambda s: s.labor),
    ("Parts", lambda s: s.parts),
    ("Fees and shop supplies", lambda s: s.fees),
    ("Sublet", lambda s: s.sublet),
    ("Core charges", lambda s: s.cores),
    ("Sales before tax", lambda s: s.subtotal),
    ("Tax collected", lambda s: s.tax),
    ("Cash rounding", lambda s: s.cash_rounding),
    ("Total", lambda s: s.total),
)


@dataclass(frozen=True)
class SalesLine:
    label: str
    invoices: Decimal
    credit_notes: Decimal
    voids: Decimal
    net: Decimal


def sales_lines(figures: DayFigures) -> list[SalesLine]:
    net = figures.net
    return [
        SalesLine(label, get(figures.invoices), get(figures.credit_notes), get(figures.voids), get(net))
        for label, get in CATEGORIES
    ]


def _amount(
    get: Callable[[SalesLine], Decimal],
) -> tuple[Callable[[SalesLine], str], Callable[[SalesLine], Decimal]]:
    return (lambda r: money(get(r))), get


SALES_COLUMNS: tuple[Column[SalesLine], ...] = (
    Column("", lambda r: r.label, lambda r: 0, width=145),
    Column("Invoices", *_amount(lambda r: r.invoices), RIGHT, width=90),
    Column("Credit notes", *_amount(lambda r: r.credit_notes), RIGHT, width=100),
    Column(
        "Voids", *_amount(lambda r: r.voids), RIGHT, width=80, tooltip="Documents voided this day: taken off"
    ),
    Column("Net", *_amount(lambda r: r.net), RIGHT, width=95),
)

PAYMENT_COLUMNS: tuple[Column[MethodTotal], ...] = (
    Column("Method", lambda p: p.label, width=140),
    Column("Payments", lambda p: str(p.count), lambda p: p.count, RIGHT, width=80),
    Column("Amount", lambda p: money(p.amount), lambda p: p.amount, RIGHT, width=110),
)

DRAWER_COLUMNS: tuple[Column[DrawerSummary], ...] = (
    Column("Terminal", lambda d: d.terminal, width=130),
    Column("Status", lambda d: d.status.capitalize(), width=80),
    Column("Float", lambda d: money(d.opening_float), lambda d: d.opening_float, RIGHT, width=80),
    Column("Expected", lambda d: money(d.expected), lambda d: d.expected, RIGHT, width=90),
    Column("Counted", lambda d: money(d.counted), lambda d: d.counted, RIGHT, width=90),
    Column("Over/short", lambda d: money(d.over_short), lambda d: d.over_short, RIGHT, width=90),
    Column("Reason", lambda d: d.reason, width=160),
    Column("Deposit", lambda d: money(d.deposit), lambda d: d.deposit, RIGHT, width=90),
)


def movement_columns(zone: ZoneInfo) -> tuple[Column[DrawerMovementView], ...]:
    return (
        Column("Time", lambda m: local_time_text(m.at, zone), lambda m: m.at, width=140),
        Column("In / out", lambda m: "Paid in" if m.kind == "paid_in" else "Paid out", width=80),
        Column("Amount", lambda m: money(m.amount), lambda m: m.amount, RIGHT, width=90),
        Column("Reason", lambda m: m.reason, width=260),
        Column("By", lambda m: m.by, width=130),
    )


def close_columns(zone: ZoneInfo) -> tuple[Column[DayCloseRow], ...]:
    return (
        Column(
            "Business day",
            lambda r: day_text(r.business_date),
            lambda r: r.business_date,
            width=140,
        ),
        Column("Closed", lambda r: local_time_text(r.closed_at, zone), lambda r: r.closed_at, width=140),
        Column("By", lambda r: r.closed_by, width=130),
        Column("Invoices", lambda r: str(r.invoice_count), lambda r: r.invoice_count, RIGHT, width=70),
        Column("Net sales", lambda r: money(r.net_sales), lambda r: r.net_sales, RIGHT, width=100),
        Column("Tax", lambda r: money(r.tax), lambda r: r.tax, RIGHT, width=90),
        Column(
            "Money taken", lambda r: money(r.payments_total), lambda r: r.payments_total, RIGHT, width=100
        ),
        Column(
            "Grand total",
            lambda r: money(r.grand_total_after),
            lambda r: r.grand_total_after,
            RIGHT,
            width=120,
            tooltip="The perpetual grand total: every closed day's invoiced total, added; it never goes down",
        ),
    )


class SalesModel(RowTableModel[SalesLine]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(SALES_COLUMNS, parent)


class PaymentsModel(RowTableModel[MethodTotal]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(PAYMENT_COLUMNS, parent)


class DrawersModel(RowTableModel[DrawerSummary]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(DRAWER_COLUMNS, parent)


class MovementsModel(RowTableModel[DrawerMovementView]):
    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(movement_columns(zone), parent)


class ClosesModel(RowTableModel[DayCloseRow]):
    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(close_columns(zone), parent)
