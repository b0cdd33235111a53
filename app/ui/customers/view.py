"""The Customers & vehicles area: search box, results, customer, vehicle history.

Layout only: no service is called here. ``CustomersController`` fills it and
reacts to it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from app.ui.customers.detail_view import CustomerDetailView
from app.ui.customers.vehicle_history_view import VehicleHistoryView
from app.ui.widgets import SearchLineEdit, focus_first_row, named

SEARCH_HINT = "Name, company, phone, email, plate or VIN (last 6 or more)"
RESULTS_SHARE = 0.45  # of the area's height, for the search results, the first time it is shown


class CustomersView(QWidget):
    """Search on top, results under it; the chosen customer and vehicle below, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customers_view")
        self.search_edit = named(SearchLineEdit(placeholderText=SEARCH_HINT), "search")
        self.search_edit.setAccessibleName("Find customers and vehicles")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip("Search as you type (Ctrl+F). Down arrow: into the results.")
        self.result_summary = named(QLabel(), "subtle")
        self.results_table = QTableView()
        self.results_table.setAccessibleName("Customers found")
        self.detail = CustomerDetailView()
        self.history = VehicleHistoryView()
        self.lower_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.lower_splitter.addWidget(_panel(self.detail))
        self.lower_splitter.addWidget(_panel(self.history))
        self.lower_splitter.setStretchFactor(0, 3)
        self.lower_splitter.setStretchFactor(1, 2)
        self.main_splitter = QSplitter(Qt.Orientation.Vertical)
        self.main_splitter.addWidget(self._results_panel())
        self.main_splitter.addWidget(self.lower_splitter)
        self.main_splitter.setStretchFactor(0, 2)
        self.main_splitter.setStretchFactor(1, 3)
        self.main_splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.main_splitter)
        self.search_edit.down_pressed.connect(lambda: focus_first_row(self.results_table))
        self.setTabOrder(self.search_edit, self.results_table)
        self._first_split_done = False

    def showEvent(self, event: QShowEvent) -> None:
        """The first time it is shown, the results get a fair share of the height: the splitter
        alone sizes them by their hint (four rows on a 768-pixel screen)."""
        super().showEvent(event)
        if not self._first_split_done:
            self._first_split_done = True
            total = sum(self.main_splitter.sizes())
            if total > 0:
                results = int(total * RESULTS_SHARE)
                self.main_splitter.setSizes([results, total - results])

    def _results_panel(self) -> QWidget:
        panel = QWidget()
        search_row = QHBoxLayout()
        caption = QLabel("Find")
        caption.setBuddy(self.search_edit)
        search_row.addWidget(caption)
        search_row.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_row)
        layout.addWidget(self.results_table, 1)
        layout.addWidget(self.result_summary)
        return panel

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()


def _panel(content: QWidget) -> QWidget:
    """A white card around a detail panel, so the two halves read as separate things."""
    frame = named(QWidget(), "card")
    frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 10, 12, 10)
    layout.addWidget(content)
    return frame
