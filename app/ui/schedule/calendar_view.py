"""The calendar: day or week, by bay or by technician, the day's load, the chosen appointment. Layout only."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.schedule.day_grid import DayGrid
from app.ui.schedule.week_grid import WeekGrid
from app.ui.widgets import heading, named, section_label, set_level, value_label

DETAILS_WIDTH = 250
_TOGGLE_STYLE = "QToolButton:checked { background: #2f6fb3; color: #ffffff; border-color: #2f6fb3; }"


def _tool(name: str) -> QToolButton:
    button = named(QToolButton(), name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class CalendarView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_calendar_view")
        self.title_label = heading("", "schedule_title")
        self.title_label.setMinimumWidth(120)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        names = (
            "previous",
            "today",
            "next",
            "day_view",
            "week_view",
            "by_bay",
            "by_technician",
            "new",
            "print",
        )
        self.buttons = {name: _tool(f"schedule_{name}") for name in names}
        for name in ("day_view", "week_view", "by_bay", "by_technician"):
            self.buttons[name].setStyleSheet(_TOGGLE_STYLE)  # one of each pair is lit
        self.summary_label = named(QLabel(wordWrap=True), "schedule_summary")
        self.message_label = named(QLabel(wordWrap=True), "schedule_message")
        self.live_label = named(QLabel(wordWrap=True), "schedule_live")
        for label in (self.summary_label, self.message_label, self.live_label):
            set_level(label, "")
        self.day_grid = DayGrid()
        self.week_grid = WeekGrid()
        self.stack = named(QStackedWidget(), "schedule_stack")
        self.stack.addWidget(self.day_grid)
        self.stack.addWidget(self.week_grid)
        self.details = self._details()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(4)
        layout.addLayout(self._toolbar())
        layout.addWidget(self.summary_label)
        layout.addWidget(self.live_label)
        body = QHBoxLayout()
        body.setSpacing(8)
        body.addWidget(self.stack, 1)
        body.addWidget(self.details)
        layout.addLayout(body, 1)
        layout.addWidget(self.message_label)

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(4)
        for name in ("previous", "today", "next"):
            row.addWidget(self.buttons[name])
        row.addSpacing(8)
        row.addWidget(self.title_label, 1)
        for names in (("day_view", "week_view"), ("by_bay", "by_technician"), ("new", "print")):
            row.addSpacing(10)
            for name in names:
                row.addWidget(self.buttons[name])
        return row

    def _details(self) -> QFrame:
        panel = named(QFrame(), "card")
        panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        panel.setFixedWidth(DETAILS_WIDTH)
        self.details_title = section_label("No appointment chosen")
        self.details_title.setWordWrap(True)
        self.details_text = named(value_label(), "schedule_details")
        self.details_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details_text.setText("Click an appointment, or walk them with the arrow keys.")
        self.action_buttons = {
            name: _tool(f"schedule_{name}") for name in ("edit", "arrived", "no_show", "cancel")
        }
        column = QVBoxLayout(panel)
        column.setContentsMargins(10, 8, 10, 8)
        column.addWidget(self.details_title)
        column.addWidget(self.details_text, 1)
        for button in self.action_buttons.values():
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            column.addWidget(button)
        return panel

    def show_week(self, week: bool) -> None:
        self.stack.setCurrentWidget(self.week_grid if week else self.day_grid)

    def sizeHint(self) -> QSize:
        return QSize(1100, 640)
