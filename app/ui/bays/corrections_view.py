"""The owner's clock corrections: one technician's clock entries of one day. Layout only."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.formatting import qt_date_format
from app.ui.widgets import heading, named, set_level

HINT = (
    "A forgotten clock-out or a wrong time spoils shift hours, productivity and pay. Choose the entry and "
    "correct it (Ctrl+K) with the reason; the audit log keeps the times before and after."
)


class ClockCorrectionsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clock_corrections_view")
        self.technician_box = named(QComboBox(), "correction_technician")
        self.day_edit = named(QDateEdit(QDate.currentDate().addDays(-1)), "correction_day")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat(qt_date_format(weekday=True))
        self.correct_button = named(QToolButton(), "correct_clock")
        self.correct_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.correct_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.entries_table = QTableView()
        self.message_label = named(QLabel(wordWrap=True), "corrections_message")
        self.technician_box.setAccessibleName("Technician whose clock to correct")
        self.day_edit.setAccessibleName("Day of the clock entries")
        self.entries_table.setAccessibleName("Clock entries of the day")
        self.correct_button.setAccessibleName("Correct the chosen clock entry")
        set_level(self.message_label, "")
        top = QHBoxLayout()
        top.addWidget(heading("Clock corrections"))
        top.addSpacing(16)
        top.addWidget(QLabel("Technician:"))
        top.addWidget(self.technician_box)
        top.addWidget(QLabel("Day:"))
        top.addWidget(self.day_edit)
        top.addStretch(1)
        top.addWidget(self.correct_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(named(QLabel(HINT, wordWrap=True), "subtle"))
        layout.addWidget(self.message_label)
        layout.addWidget(self.entries_table, 1)
        self.setTabOrder(self.technician_box, self.day_edit)
        self.setTabOrder(self.day_edit, self.entries_table)
        self.setTabOrder(self.entries_table, self.correct_button)
