"""Puts one business day's figures on the Owner area's End of day tab: KPIs, tables, charts, totals."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject

from app.services.day.dto import DayCloseRow, EndOfDayView
from app.ui.day.owner_view import OwnerView
from app.ui.day.tables import (
    ClosesModel,
    DrawersModel,
    PaymentsModel,
    SalesModel,
    money,
    sales_lines,
)
from app.ui.formatting import local_time_text, quantity_text
from app.ui.formatting import money as money_with_symbol
from app.ui.shared.table_model import SortProxy
from app.ui.widgets import configure_table, set_level

TENTH = Decimal("0.1")


def dollars(value: Decimal | None) -> str:
    """A KPI with its currency; '—' where the day has nothing to measure it on."""
    return "—" if value is None else money_with_symbol(value)


class DayPresenter(QObject):
    def __init__(self, view: OwnerView, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.zone = zone
        self.sales = SalesModel(self)
        self.payments = PaymentsModel(self)
        self.drawers = DrawersModel(self)
        self.closes = ClosesModel(zone, self)
        configure_table(view.sales_table, SortProxy(self.sales, self), "owner_sales")
        configure_table(view.payments_table, SortProxy(self.payments, self), "owner_payments")
        self.drawers_proxy = SortProxy(self.drawers, self)
        configure_table(view.drawers_table, self.drawers_proxy, "owner_drawers")
        configure_table(view.closes_table, SortProxy(self.closes, self), "owner_closes")
        view.sales_table.setSortingEnabled(False)  # the categories read in their own order
        self.shown: EndOfDayView | None = None

    def show(self, day: EndOfDayView) -> None:
        self.shown = day
        f, k = day.figures, day.kpis
        values = {
            "car_count": str(k.car_count),
            "aro": dollars(k.aro),
            "aro_with_tax": dollars(k.aro_with_tax),
            "gross_profit": dollars(k.gross_profit)
            + (f" ({k.gross_margin} %)" if k.gross_margin is not None else ""),
            "parts_gross_profit": dollars(k.parts_gross_profit),
            "labor_gross_profit": dollars(k.labor_gross_profit),
            "effective_labor_rate": dollars(k.effective_labor_rate)
            + (" /h" if k.effective_labor_rate else ""),
            "hours": f"{quantity_text(k.billed_hours.quantize(TENTH))} / {quantity_text(k.clocked_hours.quantize(TENTH))}",
        }
        for name, text in values.items():
            self.view.kpi_values[name].setText(text)
        self.sales.set_rows(sales_lines(f))
        self.payments.set_rows(list(f.payments))
        self.drawers.set_rows(list(f.drawers))
        self.view.charts.show_figures(f)
        set_level(self.view.day_status, *_status(day, self.zone))
        numbers = "" if f.first_number is None else f" Invoices {f.first_number} to {f.last_number}."
        self.view.grand_total.setText(
            f"Grand total {money(day.grand_total_before)} before this day, {money(day.grand_total_after)} "
            f"after{'' if day.closed else ' (once closed)'}.{numbers} Audit chain head: entry {day.audit_seq}, "
            f"{day.audit_hash[:16]}…"
        )

    def show_closes(self, rows: list[DayCloseRow]) -> None:
        self.closes.set_rows(rows)


def _status(day: EndOfDayView, zone: ZoneInfo) -> tuple[str, str]:
    f = day.figures
    counts = (
        f"{f.invoices.count} invoices, {f.credit_notes.count} credit notes, {f.voids.count} voids; "
        f"net sales {money(f.net.subtotal)} plus tax {money(f.net.tax)}; money taken {money(f.payments_total)}."
    )
    if day.closed and day.closed_at is not None:
        return "ok", f"Closed by {day.closed_by} at {local_time_text(day.closed_at, zone)}. {counts}"
    if day.unclosed_drawers:
        return "warning", (
            f"Open: {counts} Before closing, count and close the drawer on {', '.join(day.unclosed_drawers)} "
            "(Enter on it in Cash drawers)."
        )
    return "hint", f"Open: {counts} The figures are frozen when the day is closed (Ctrl+Shift+D)."
