"""Who works when (the owner's tab): technicians' weeks, days off, days the shop is closed. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QToolButton, QVBoxLayout, QWidget

from app.ui.widgets import heading, named, section_label, set_level


def _tool(name: str) -> QToolButton:
    button = named(QToolButton(), name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class HoursView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_hours_view")
        self.weeks_table = QTableView()
        self.days_off_table = QTableView()
        self.closed_table = QTableView()
        self.weeks_table.setAccessibleName("Technicians' working weeks")
        self.days_off_table.setAccessibleName("Days off")
        self.closed_table.setAccessibleName("Days the shop is closed")
        self.buttons = {
            name: _tool(f"hours_{name}")
            for name in ("edit_week", "add_day_off", "remove_day_off", "add_closed_day", "remove_closed_day")
        }
        self.message_label = named(QLabel(wordWrap=True), "hours_message")
        set_level(self.message_label, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(heading("Who works when"))
        layout.addWidget(
            named(
                QLabel(
                    "A technician with no week of their own works the bays' opening hours (Bay board, Bays tab). "
                    "Days off and closed days take their hours out of the schedule's capacity.",
                    wordWrap=True,
                ),
                "subtle",
            )
        )
        layout.addLayout(self._section("Technicians' weeks", self.weeks_table, ("edit_week",)), 3)
        lower = QHBoxLayout()
        lower.addLayout(self._section("Days off", self.days_off_table, ("add_day_off", "remove_day_off")), 3)
        lower.addLayout(
            self._section(
                "Days the shop is closed", self.closed_table, ("add_closed_day", "remove_closed_day")
            ),
            2,
        )
        layout.addLayout(lower, 2)
        layout.addWidget(self.message_label)

    def _section(self, title: str, table: QTableView, buttons: tuple[str, ...]) -> QVBoxLayout:
        column = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(section_label(title), 1)
        for name in buttons:
            row.addWidget(self.buttons[name])
        column.addLayout(row)
        column.addWidget(table, 1)
        return column
