"""The Owner area's chain page: every shop's months and stock, with charts. Layout only."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.formatting import qt_date_format
from app.ui.shared.flow import FlowLayout
from app.ui.widgets import heading, named, section_label

CHAIN_BUTTONS = ("refresh_chain", "chain_report")
PERIODS = ((1, "1 month"), (3, "3 months"), (12, "12 months"), (24, "24 months"), (120, "10 years"))
CHARTS = ("sales_by_shop", "sales_by_month", "stock_by_shop", "cars_by_shop")
TOTALS = (
    ("sales", "Sales"),
    ("car_count", "Car count"),
    ("aro", "Average repair order"),
    ("gross_profit", "Gross profit"),
    ("effective_labor_rate", "Effective labor rate"),
    ("stock_value", "Stock value"),
)


class ChainPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chain_page")
        self.buttons = {name: named(QToolButton(), name) for name in CHAIN_BUTTONS}
        for button in self.buttons.values():
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.period = named(QComboBox(), "chain_period")
        self.period.setAccessibleName("Months in the report")
        for months, label in PERIODS:
            self.period.addItem(label, months)
        self.period.setCurrentIndex(2)
        self.last_month = named(QDateEdit(), "chain_last_month")
        self.last_month.setAccessibleName("Last month of the report")
        self.last_month.setCalendarPopup(True)
        self.last_month.setDisplayFormat(qt_date_format())
        self.status = named(QLabel(wordWrap=True), "chain_status")
        self.tables = {
            name: named(QTableView(), f"chain_{name}") for name in ("shops", "months", "stock", "slow")
        }
        for name, title in (
            ("shops", "Shops over the period"),
            ("months", "The chain month by month"),
            ("stock", "Stock by shop"),
            ("slow", "Slow movers"),
        ):
            self.tables[name].setAccessibleName(title)
            self.tables[name].setMinimumHeight(220)
        self.charts: dict[str, QChartView] = {}
        card = named(QWidget(), "card")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(12, 10, 12, 10)
        inner.addLayout(self._top_row())
        inner.addWidget(self.status)
        inner.addLayout(self._totals())
        for name, title in (("shops", "Shops"), ("months", "Months")):
            inner.addWidget(section_label(title))
            inner.addWidget(self.tables[name])
        inner.addWidget(section_label("Charts"))
        inner.addLayout(self._chart_grid())
        inner.addWidget(section_label("Stock by shop"))
        inner.addWidget(self.tables["stock"])
        inner.addWidget(section_label("Slow movers"))
        inner.addWidget(self.tables["slow"])
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(card)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(scroll, 1)

    def _top_row(self) -> FlowLayout:
        top = FlowLayout()
        top.add_widgets(heading("Chain"), self.period, QLabel("to"), self.last_month)
        top.add_gap(24)
        for name in CHAIN_BUTTONS:
            top.addWidget(self.buttons[name])
        return top

    def _totals(self) -> QGridLayout:
        self.totals: dict[str, QLabel] = {}
        grid = QGridLayout()
        for index, (name, caption) in enumerate(TOTALS):
            value = named(QLabel("—"), f"chain_{name}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setProperty("kpi", True)
            self.totals[name] = value
            box = QVBoxLayout()
            box.addWidget(value)
            box.addWidget(named(QLabel(caption), "subtle"))
            grid.addLayout(box, index // 3, index % 3)
        return grid

    def _chart_grid(self) -> QGridLayout:
        grid = QGridLayout()
        for index, name in enumerate(CHARTS):
            view = named(QChartView(), f"chart_{name}")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(300)
            grid.addWidget(view, index // 2, index % 2)
            self.charts[name] = view
        return grid

    def set_chart(self, name: str, chart: QChart) -> None:
        old = self.charts[name].chart()
        self.charts[name].setChart(chart)
        if old is not None:
            old.deleteLater()
