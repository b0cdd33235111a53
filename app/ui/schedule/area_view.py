"""The schedule area: the calendar, and for the owner who works when, as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.schedule.calendar_view import CalendarView
from app.ui.schedule.hours_view import HoursView
from app.ui.widgets import named


class ScheduleAreaView(QWidget):
    def __init__(self, manage_hours: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_area_view")
        self.tabs = named(QTabWidget(), "schedule_tabs")
        self.calendar = CalendarView()
        self.hours = HoursView() if manage_hours else None
        self.tabs.addTab(self.calendar, "Calendar")
        if self.hours is not None:
            self.tabs.addTab(self.hours, "Who works when")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
