"""The Reminders area: services falling due soon, to call the customers about. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QToolButton, QVBoxLayout, QWidget

from app.services.customers.reminders import SOON_DAYS, SOON_MILES
from app.ui.widgets import heading, named, set_level

EXPLANATION = (
    f"Services due within {SOON_DAYS} days or {SOON_MILES:,} miles, whichever comes first. "
    "Overdue ones are in red. Enter opens the vehicle and its owner; Ctrl+B books the service "
    "at the first free time from tomorrow."
)


class RemindersView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminders_view")
        self.table = QTableView()
        self.table.setAccessibleName("Service reminders due soon")
        self.summary_label = named(QLabel(wordWrap=True), "subtle")
        self.message_label = named(QLabel(wordWrap=True), "reminders_message")
        set_level(self.message_label, "")
        self.refresh_button = named(QToolButton(), "refresh_reminders")
        self.book_button = named(QToolButton(), "book_reminder")
        title_row = QHBoxLayout()
        title_row.addWidget(heading("Service reminders due soon"), 1)
        for button in (self.book_button, self.refresh_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            title_row.addWidget(button)
        card = named(QWidget(), "card")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(12, 10, 12, 10)
        inner.addWidget(named(QLabel(EXPLANATION, wordWrap=True), "subtle"))
        inner.addWidget(self.table, 1)
        inner.addWidget(self.summary_label)
        inner.addWidget(self.message_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(title_row)
        layout.addWidget(card, 1)

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.table.model() and self.table.model().rowCount():
            self.table.selectRow(0)
