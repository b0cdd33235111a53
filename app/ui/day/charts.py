"""The end of day's four charts in Qt Charts: the same figures the printed report draws."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

from app.domain.end_of_day import DayFigures
from app.ui.formatting import shop_locale
from app.ui.theme import tone

BAR = "info"  # theme colours (app/ui/theme.py): the charts read on a dark desktop too
BAR_2 = "warning"
CATEGORIES = (
    ("Labor", "labor"),
    ("Parts", "parts"),
    ("Fees", "fees"),
    ("Sublet", "sublet"),
    ("Cores", "cores"),
)


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setVisible(False)
    chart.setBackgroundBrush(tone("surface"))
    chart.setTitleBrush(tone("text"))
    chart.legend().setLabelColor(tone("text"))
    return chart


class EndOfDayCharts(QWidget):
    """Sales by category, payments by method, sales by hour, technician hours billed vs clocked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("end_of_day_charts")
        self.views: dict[str, QChartView] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, name in enumerate(("categories", "payments", "hourly", "technicians")):
            view = QChartView()
            view.setObjectName(f"chart_{name}")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(210)
            grid.addWidget(view, index // 2, index % 2)
            self.views[name] = view

    def show_figures(self, figures: DayFigures) -> None:
        net = figures.net
        self._set("categories", self._bars(
            "Sales by category (net)",
            [label for label, _ in CATEGORIES],
            [[float(getattr(net, name)) for _, name in CATEGORIES]],
            horizontal=True,
        ))  # fmt: skip
        payments = figures.payments
        self._set("payments", self._bars(
            "Payments by method",
            [p.label for p in payments] or ["None"],
            [[float(p.amount) for p in payments] or [0.0]],
            horizontal=True,
        ))  # fmt: skip
        hourly = {h.hour: float(h.amount) for h in figures.hourly}
        hours = list(range(min([8, *hourly]), max([17, *hourly]) + 1))
        self._set("hourly", self._bars(
            "Sales by hour",
            [shop_locale().hour_label(h) for h in hours],
            [[hourly.get(h, 0.0) for h in hours]],
        ))  # fmt: skip
        technicians = figures.technicians
        title = "Technician hours: billed vs clocked" + ("" if figures.clock_available else " (no clock)")
        chart = self._bars(
            title,
            [t.name.split(" ")[0] for t in technicians] or ["None"],
            [
                [float(t.billed) for t in technicians] or [0.0],
                [float(t.clocked) for t in technicians] or [0.0],
            ],
            names=("Billed", "Clocked"),
        )
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._set("technicians", chart)

    def chart(self, name: str) -> QChart:
        return self.views[name].chart()

    def _set(self, name: str, chart: QChart) -> None:
        old = self.views[name].chart()
        self.views[name].setChart(chart)
        if old is not None:
            old.deleteLater()

    def _bars(
        self,
        title: str,
        categories: Sequence[str],
        values: Sequence[Sequence[float]],
        *,
        horizontal: bool = False,
        names: Sequence[str] = ("",),
    ) -> QChart:
        return bar_chart(title, categories, values, horizontal=horizontal, names=names)


def bar_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[Sequence[float]],
    *,
    horizontal: bool = False,
    names: Sequence[str] = ("",),
) -> QChart:
    chart = _chart(title)
    if horizontal:  # Qt draws the first category at the bottom; read them top down
        categories = list(reversed(categories))
        values = [list(reversed(row)) for row in values]
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    for index, row in enumerate(values):
        bar_set = QBarSet(names[index] if index < len(names) else "")
        bar_set.append(list(row))
        bar_set.setColor(tone(BAR if index == 0 else BAR_2))
        bar_set.setLabelColor(tone("on_accent") if horizontal else tone("text"))
        series.append(bar_set)
    series.setLabelsVisible(horizontal)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    category_axis = QBarCategoryAxis()
    category_axis.append(list(categories))
    value_axis = QValueAxis()
    flat = [v for row in values for v in row]
    low, high = min([0.0, *flat]), max([0.0, *flat])
    value_axis.setRange(low, high * 1.15 if high > low else low + 1)
    value_axis.applyNiceNumbers()
    value_axis.setLabelFormat("%.0f")
    for axis in (category_axis, value_axis):
        axis.setLabelsColor(tone("text"))
        axis.setGridLineColor(tone("border"))
        axis.setLinePenColor(tone("border_strong"))
    if horizontal:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)
    return chart
