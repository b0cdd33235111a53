"""Behaviour of the Owner area's chain page: read every shop's figures off the GUI thread and show them.

The figures are read when the page is first shown (not when the area opens:
a chain's ten years are a query the owner asked for), again on Refresh or
when the period changes; the report is previewed to print or save.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.day.chain_dto import ChainReport
from app.ui import shortcuts
from app.ui.day.chain_tables import ChainModels
from app.ui.day.chain_view import CHAIN_BUTTONS, ChainPage
from app.ui.day.charts import bar_chart
from app.ui.day.owner_dialogs import from_qdate, to_qdate
from app.ui.errors import error_message
from app.ui.formatting import amount_text, count_text, day_range_text, month_text, shop_locale, shop_today
from app.ui.printing import Document, DocumentPaper
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

ACTIONS = {"refresh_chain": "Re&fresh chain", "chain_report": "Chain re&port…"}


class ChainController(QObject):
    report_shown = Signal(object)  # ChainReport

    def __init__(
        self,
        services: Services,
        actor: Actor,
        page: ChainPage,
        runner: TaskRunner,
        paper: DocumentPaper,
        area: QWidget,
    ) -> None:
        """``area``: the widget whose shortcuts these are (the whole Owner area, as its others)."""
        super().__init__(page)
        self.services, self.actor, self.page = services, actor, page
        self.runner, self.paper = runner, paper
        self.report: ChainReport | None = None
        self.pending = 0
        self.models = ChainModels(self)
        for name in ("shops", "months", "stock", "slow"):
            model = getattr(self.models, name)
            configure_table(page.tables[name], SortProxy(model, self), f"chain_{name}")
        self.actions: dict[str, QAction] = {}
        for name in CHAIN_BUTTONS:
            action = QAction(ACTIONS[name], area)
            action.setObjectName(name)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcuts.assign(action, "owner")
            area.addAction(action)
            page.buttons[name].setDefaultAction(action)
            self.actions[name] = action
        self.actions["refresh_chain"].triggered.connect(self.load)
        self.actions["chain_report"].triggered.connect(self.save_report)
        page.last_month.setDate(to_qdate(shop_today()))
        page.period.currentIndexChanged.connect(lambda _i: self.load())
        page.last_month.dateChanged.connect(lambda _d: self.load())

    def months(self) -> int:
        return int(self.page.period.currentData())

    def last_month(self) -> date:
        return from_qdate(self.page.last_month.date())

    def load(self) -> None:
        """Read the chain's figures for the period chosen (off the GUI thread)."""
        months, last = self.months(), self.last_month()
        set_level(self.page.status, "hint", "Reading every shop’s figures…")
        self.pending += 1
        self.runner.run(
            lambda: self.services.chain_reports.report(self.actor, last, months),
            self._done,
            self._failed,
            channel="chain_report",
        )

    def save_report(self) -> None:
        """The chain report for the period shown, previewed to print or save."""
        months, last, shop = self.months(), self.last_month(), shop_locale()
        owner = self.actor.name

        def render() -> bytes:
            from app.reports.chain_report import render_chain_report  # ReportLab loads at the first print

            return render_chain_report(
                self.services.chain_reports.report(self.actor, last, months), owner, shop
            )

        self.paper.preview(
            Document(
                f"Chain report to {month_text(last)}", f"chain-report-{last.isoformat()[:7]}.pdf", render
            )
        )

    def _done(self, report: ChainReport) -> None:
        self.pending -= 1
        self.report = report
        self.models.shops.set_rows(report.by_shop())
        self.models.months.set_rows(report.by_month())
        self.models.stock.set_rows(report.stock)
        self.models.slow.set_rows(report.slow_movers)
        self._totals(report)
        self._charts(report)
        period = day_range_text(report.first_month, report.last_month)
        set_level(self.page.status, "", f"{len(report.shops)} shops, {period}.")
        self.report_shown.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.pending -= 1
        set_level(self.page.status, "error", error_message(exc))

    def _totals(self, report: ChainReport) -> None:
        total = report.total()
        values: dict[str, Any] = {
            "sales": amount_text(total.sales),
            "car_count": count_text(total.car_count),
            "aro": amount_text(total.aro),
            "gross_profit": amount_text(total.gross_profit),
            "effective_labor_rate": amount_text(total.effective_labor_rate),
            "stock_value": amount_text(sum((s.value for s in report.stock), Decimal(0))),
        }
        for name, text in values.items():
            self.page.totals[name].setText(text or "—")

    def _charts(self, report: ChainReport) -> None:
        shops = report.by_shop()
        names = [row.shop for row in shops]
        self.page.set_chart("sales_by_shop", _legend(bar_chart(
            "Sales and gross profit by shop", names,
            [[float(r.sales) for r in shops], [float(r.gross_profit) for r in shops]],
            horizontal=True, names=("Sales", "Gross profit"),
        )))  # fmt: skip
        months = report.by_month()
        self.page.set_chart("sales_by_month", _legend(bar_chart(
            "Chain sales and gross profit by month", [month_text(m.month) for m in months if m.month],
            [[float(m.sales) for m in months], [float(m.gross_profit) for m in months]],
            names=("Sales", "Gross profit"),
        )))  # fmt: skip
        self.page.set_chart("stock_by_shop", _legend(bar_chart(
            "Stock value and slow stock by shop", [s.shop for s in report.stock],
            [[float(s.value) for s in report.stock], [float(s.slow_value) for s in report.stock]],
            horizontal=True, names=("Value", "Slow"),
        )))  # fmt: skip
        self.page.set_chart("cars_by_shop", bar_chart(
            "Cars by shop", names, [[float(r.car_count) for r in shops]], horizontal=True,
        ))  # fmt: skip


def _legend(chart: Any) -> Any:
    chart.legend().setVisible(True)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart
