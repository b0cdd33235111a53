"""The Settings area: the shop's pricing on the left, its canned jobs on the right. Layout only.

``SettingsController`` fills both halves and reacts to them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.settings.books_accounts import BooksPanel
from app.ui.settings.locale_view import ShopLocaleView
from app.ui.settings.pricing_form_view import PricingFormView
from app.ui.settings.printer_setup import PrinterPanel
from app.ui.widgets import heading, named, section_label

CANNED_HINT = "Saved jobs with their labor and parts, inserted into an estimate in one step."


def tool_button(name: str) -> QToolButton:
    """A button that takes its text, tooltip and enabled state from a QAction later."""
    button = named(QToolButton(), name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class CannedJobsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canned_jobs_panel")
        self.table = QTableView()
        self.table.setAccessibleName("Canned jobs")
        self.new_button = tool_button("new_canned_job")
        self.edit_button = tool_button("edit_canned_job")
        self.remove_button = tool_button("remove_canned_job")
        self.summary_label = named(QLabel(wordWrap=True), "subtle")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section_label("Canned jobs"))
        layout.addWidget(named(QLabel(CANNED_HINT, wordWrap=True), "subtle"))
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)


class SettingsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_view")
        self.pricing = PricingFormView()
        self.canned = CannedJobsPanel()
        self.region = ShopLocaleView()
        self.books = BooksPanel()
        self.printer = PrinterPanel()
        self.price_sheet_button = tool_button("price_sheet_button")
        self.pricing_card = _card(self.pricing, "Pricing and tax", self.price_sheet_button)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(_card(self.region, "Country, money and paper"))
        self.books_card = _card(self.books, "Accounting export")
        right_column.addWidget(self.books_card)
        right_column.addWidget(_card(self.printer, "Receipt printer and cash drawer"))
        right_column.addWidget(_card(self.canned), 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.pricing_card)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)  # the form keeps its width; the list takes the rest
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(heading("Settings"))
        layout.addWidget(self.splitter, 1)

    def show_pricing(self, shown: bool) -> None:
        """Hide the pricing half (a seat that may not even read it)."""
        self.pricing_card.setVisible(shown)


def _card(content: QWidget, title: str = "", *below: QWidget) -> QWidget:
    """A white card around a half of the area, as in the Customers area."""
    frame = named(QWidget(), "card")
    frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 10, 12, 10)
    if title:
        layout.addWidget(section_label(title))
    layout.addWidget(content)
    for widget in below:
        layout.addWidget(widget)
    return frame
