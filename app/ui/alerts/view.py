"""The Alerts area: open alerts (or resolved, or all), the selected one, and the owner's rules. Layout only.

``AlertsController`` fills the tables and gives the buttons their actions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import heading, named, section_label, value_label

EXPLANATION = (
    "Raised by the owner's alert rules, checked on every terminal; each at most once. Acknowledge one to say "
    "someone is on it; it resolves by itself when its condition clears, or when you resolve it. Enter opens "
    "what it is about."
)
RULES_EXPLANATION = (
    "Switch each rule on or off, set its limits, and choose the roles whose terminals show its alerts. "
    "After an alert is resolved, the same thing is not raised again before its cool-down has passed."
)
SHOW_CHOICES = (("open", "Open"), ("resolved", "Resolved"), ("all", "All"))
ALERT_BUTTONS = ("acknowledge", "resolve", "open_subject", "recommend_job")
TOP_BUTTONS = ("check_now", "refresh_alerts")


def tool_button(name: str) -> QToolButton:
    button = named(QToolButton(), name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


def card() -> tuple[QWidget, QVBoxLayout]:
    widget = named(QWidget(), "card")
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(12, 10, 12, 10)
    return widget, layout


class AlertsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alerts_view")
        self.buttons = {name: tool_button(name) for name in (*TOP_BUTTONS, *ALERT_BUTTONS, "edit_rule")}
        self.show_box = named(QComboBox(), "alerts_show")
        for key, label in SHOW_CHOICES:
            self.show_box.addItem(label, key)
        self.show_box.setAccessibleName("Alerts to show")
        self.table = QTableView()
        self.table.setAccessibleName("Alerts")
        self.rules_table = QTableView()
        self.rules_table.setAccessibleName("Alert rules")
        self.summary_label = named(QLabel(wordWrap=True), "subtle")
        self.title_label = named(value_label(), "alert_title")
        title_font = self.title_label.font()
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.detail_label = named(value_label(), "alert_detail")
        self.state_label = named(value_label(), "alert_state")
        self.tabs = named(QTabWidget(), "alerts_tabs")
        self.tabs.addTab(self._alerts_page(), "Alerts")
        self.rules_page = self._rules_page()
        self.tabs.addTab(self.rules_page, "Rules")
        top = QHBoxLayout()
        top.addWidget(heading("Alerts"), 1)
        for name in TOP_BUTTONS:
            top.addWidget(self.buttons[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.show_detail(None)

    def _alerts_page(self) -> QWidget:
        list_card, inner = card()
        inner.addWidget(named(QLabel(EXPLANATION, wordWrap=True), "subtle"))
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show"))
        filters.addWidget(self.show_box)
        filters.addWidget(self.summary_label, 1)
        inner.addLayout(filters)
        inner.addWidget(self.table, 1)
        detail_card, detail = card()
        detail.addWidget(section_label("Selected alert"))
        detail.addWidget(self.title_label)
        detail.addWidget(self.detail_label)
        detail.addWidget(self.state_label)
        row = QHBoxLayout()
        for name in ALERT_BUTTONS:
            row.addWidget(self.buttons[name])
        row.addStretch(1)
        detail.addLayout(row)
        detail.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(list_card)
        self.splitter.addWidget(detail_card)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        return self.splitter

    def _rules_page(self) -> QWidget:
        page, inner = card()
        inner.addWidget(named(QLabel(RULES_EXPLANATION, wordWrap=True), "subtle"))
        inner.addWidget(self.rules_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.buttons["edit_rule"])
        row.addStretch(1)
        inner.addLayout(row)
        return page

    def hide_rules(self) -> None:
        """Only the owner sets the rules."""
        self.tabs.removeTab(self.tabs.indexOf(self.rules_page))
        self.tabs.tabBar().hide()  # one page left: no tab to choose

    def show_detail(self, title: str | None, detail: str = "", state: str = "") -> None:
        self.title_label.setText(title or "Select an alert to see what it is about.")
        self.detail_label.setText(detail)
        self.state_label.setText(state)
        self.detail_label.setVisible(bool(detail))
        self.state_label.setVisible(bool(state))

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.table.model() and self.table.model().rowCount():
            self.table.selectRow(0)
