"""The "due soon" service reminders, overdue ones in red."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush

from app.services.work_orders.dto import ReminderView
from app.ui.formatting import day_text, odometer_text
from app.ui.shared.table_model import RIGHT, AnyIndex, Column, RowTableModel
from app.ui.theme import tone

OVERDUE_COLOR = "error"  # a theme colour (app/ui/theme.py)


def date_text(day: date | None) -> str:
    return day_text(day)


def status_text(reminder: ReminderView) -> str:
    """Said in words as well as in red: colour alone is not enough to read a list by."""
    return "Overdue" if reminder.overdue else "Due soon"


REMINDER_COLUMNS: tuple[Column[ReminderView], ...] = (
    Column("Vehicle", lambda r: r.vehicle, width=200),
    Column("Plate", lambda r: r.plate, width=95),
    Column("Service", lambda r: r.title, width=200),
    Column("Due date", lambda r: date_text(r.due_date), lambda r: r.due_date, width=110),
    Column("Due miles", lambda r: odometer_text(r.due_miles), lambda r: r.due_miles, RIGHT, width=90),
    Column(
        "Odometer",
        lambda r: odometer_text(r.odometer),
        lambda r: r.odometer,
        RIGHT,
        width=90,
        tooltip="The vehicle's last recorded reading",
    ),
    Column("Status", status_text, lambda r: (not r.overdue, r.due_date or date.max), width=90),
)


class RemindersModel(RowTableModel[ReminderView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(REMINDER_COLUMNS, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            reminder = self.row_at(index.row()) if index.isValid() else None
            return QBrush(tone(OVERDUE_COLOR)) if reminder is not None and reminder.overdue else None
        return super().data(index, role)
