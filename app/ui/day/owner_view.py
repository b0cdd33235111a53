"""The Owner area: this terminal's cash drawer, the day's figures and close, the closed days. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.day.chain_view import ChainPage
from app.ui.day.charts import EndOfDayCharts
from app.ui.formatting import qt_date_format
from app.ui.shared.flow import FlowLayout, title_row
from app.ui.widgets import heading, named, section_label

DRAWER_BUTTONS = ("open_drawer", "paid_in", "paid_out", "count_drawer", "close_drawer", "no_sale")
DAY_BUTTONS = ("previous_day", "next_day", "refresh_day", "close_day", "save_report", "export", "import_data")
KPIS = (
    ("car_count", "Car count"),
    ("aro", "Average repair order"),
    ("aro_with_tax", "ARO with tax"),
    ("gross_profit", "Gross profit"),
    ("parts_gross_profit", "Gross profit on parts"),
    ("labor_gross_profit", "Gross profit on labor"),
    ("effective_labor_rate", "Effective labor rate"),
    ("hours", "Hours billed / clocked"),
)


def _button(name: str) -> QToolButton:
    button = named(QToolButton(), name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


def _card() -> tuple[QWidget, QVBoxLayout]:
    card = named(QWidget(), "card")
    card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    inner = QVBoxLayout(card)
    inner.setContentsMargins(12, 10, 12, 10)
    return card, inner


class OwnerView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("owner_view")
        self.buttons = {name: _button(name) for name in (*DRAWER_BUTTONS, *DAY_BUTTONS)}
        self.tabs = named(QTabWidget(), "owner_tabs")
        self.drawer_page = self._drawer_page()
        self.day_page = self._day_page()
        self.history_page = self._history_page()
        self.chain_page = ChainPage()
        self.tabs.addTab(self.day_page, "End of day")
        self.tabs.addTab(self.drawer_page, "Cash drawer")
        self.tabs.addTab(self.history_page, "Closed days")
        self.tabs.addTab(self.chain_page, "Chain")
        self.message = named(QLabel(wordWrap=True), "owner_message")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

    # --- the drawer ---------------------------------------------------------------------
    def _drawer_page(self) -> QWidget:
        page = QWidget()
        card, inner = _card()
        row = title_row(heading("This terminal's cash drawer"), *(self.buttons[n] for n in DRAWER_BUTTONS))
        self.drawer_status = named(QLabel(wordWrap=True), "drawer_status")
        self.drawer_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.movements_table = named(QTableView(), "drawer_movements")
        self.movements_table.setAccessibleName("Cash paid in and out")
        inner.addLayout(row)
        inner.addWidget(self.drawer_status)
        inner.addWidget(section_label("Cash paid in and out"))
        inner.addWidget(self.movements_table, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(card, 1)
        return page

    # --- the day ------------------------------------------------------------------------
    def _day_page(self) -> QWidget:
        self.day_status = named(QLabel(wordWrap=True), "day_status")
        self.charts = EndOfDayCharts()
        self.grand_total = named(QLabel(wordWrap=True), "grand_total")
        self.grand_total.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card, inner = _card()
        inner.addLayout(self._day_top_row())
        inner.addWidget(self.day_status)
        inner.addLayout(self._kpi_grid())
        inner.addLayout(self._day_tables())
        inner.addWidget(section_label("Charts"))
        inner.addWidget(self.charts)
        inner.addWidget(self.grand_total)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(card)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(scroll, 1)
        return page

    def _day_top_row(self) -> FlowLayout:
        """The business date shown, the days either side, and what can be done with the day."""
        self.date_edit = named(QDateEdit(), "business_date")
        self.date_edit.setAccessibleName("Business date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(qt_date_format(weekday=True))
        top = FlowLayout()
        top.add_widgets(heading("End of day"), self.buttons["previous_day"], self.date_edit)
        top.addWidget(self.buttons["next_day"])
        top.add_gap(24)
        for name in ("refresh_day", "save_report", "export", "close_day", "import_data"):
            top.addWidget(self.buttons[name])
        return top

    def _kpi_grid(self) -> QGridLayout:
        """The day's key figures, four to a row, each a large value over its caption."""
        self.kpi_values: dict[str, QLabel] = {}
        kpi_grid = QGridLayout()
        for index, (name, caption) in enumerate(KPIS):
            value = named(QLabel("—"), f"kpi_{name}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setProperty("kpi", True)  # the type scale's large figure (resources/style.qss)
            self.kpi_values[name] = value
            box = QVBoxLayout()
            box.addWidget(value)
            box.addWidget(named(QLabel(caption), "subtle"))
            kpi_grid.addLayout(box, index // 4, index % 4)
        return kpi_grid

    def _day_tables(self) -> QHBoxLayout:
        """Sales by category on the left; payments by method and the cash drawers on the right."""
        self.sales_table = named(QTableView(), "sales_by_category")
        self.sales_table.setAccessibleName("Sales by category")
        self.payments_table = named(QTableView(), "payments_by_method")
        self.payments_table.setAccessibleName("Payments by method")
        self.drawers_table = named(QTableView(), "day_drawers")
        self.drawers_table.setAccessibleName("Cash drawers")
        for table in (self.sales_table, self.payments_table, self.drawers_table):
            table.setMinimumHeight(150)
        self.sales_table.setMinimumHeight(270)
        tables = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(section_label("Sales"))
        left.addWidget(self.sales_table)
        right = QVBoxLayout()
        right.addWidget(section_label("Payments"))
        right.addWidget(self.payments_table)
        right.addWidget(section_label("Cash drawers"))
        right.addWidget(self.drawers_table)
        tables.addLayout(left, 3)
        tables.addLayout(right, 2)
        return tables

    # --- closed days --------------------------------------------------------------------
    def _history_page(self) -> QWidget:
        page = QWidget()
        card, inner = _card()
        inner.addWidget(heading("Closed business days"))
        inner.addWidget(
            named(
                QLabel(
                    "Each close froze its day's figures. The grand total adds every closed day's invoiced "
                    "total and never goes down.",
                    wordWrap=True,
                ),
                "subtle",
            )
        )
        self.closes_table = named(QTableView(), "closed_days")
        self.closes_table.setAccessibleName("Closed business days")
        inner.addWidget(self.closes_table, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(card, 1)
        return page
