"""The owner's small forms for working hours: a technician's week, days off, a closed day."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.schedule.dto import TechnicianWeek
from app.ui.formatting import qt_date_format, qt_time_format
from app.ui.widgets import named

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class DaysOff:
    user_id: uuid.UUID
    first: date
    last: date
    reason: str


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _time(edit: QTimeEdit) -> time:
    value = edit.time().toPython()
    assert isinstance(value, time)
    return value


def _date(edit: QDateEdit) -> date:
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


class WeekDialog(QDialog):
    """Each weekday worked, from when to when; or the bays' opening hours."""

    def __init__(
        self, week: TechnicianWeek, defaults: tuple[time, time], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{week.name}'s week")
        self.follow = named(QCheckBox("Works the bays' opening hours"), "follow_bays")
        self.follow.setChecked(not week.own)
        own = {d: (s, e) for d, s, e in week.days}
        grid = QGridLayout()
        self.days: list[tuple[QCheckBox, QTimeEdit, QTimeEdit]] = []
        for index, name in enumerate(WEEKDAYS):
            start, end = own.get(index, defaults)
            check = named(QCheckBox(name), f"works_{index}")
            check.setChecked(index in own if week.own else index < 5)
            edits = [
                named(QTimeEdit(QTime(t.hour, t.minute)), f"{kind}_{index}")
                for t, kind in ((start, "start"), (end, "end"))
            ]
            for edit in edits:
                edit.setDisplayFormat(qt_time_format())
            grid.addWidget(check, index, 0)
            grid.addWidget(edits[0], index, 1)
            grid.addWidget(QLabel("to"), index, 2)
            grid.addWidget(edits[1], index, 3)
            self.days.append((check, edits[0], edits[1]))
        self.follow.toggled.connect(self._follow)
        self._follow(self.follow.isChecked())
        layout = QVBoxLayout(self)
        layout.addWidget(self.follow)
        layout.addLayout(grid)
        layout.addWidget(_buttons(self))

    def _follow(self, follow: bool) -> None:
        for check, start, end in self.days:
            for widget in (check, start, end):
                widget.setEnabled(not follow)

    def value(self) -> dict[int, tuple[time, time]] | None:
        if self.follow.isChecked():
            return None
        return {i: (_time(s), _time(e)) for i, (check, s, e) in enumerate(self.days) if check.isChecked()}


class DaysOffDialog(QDialog):
    def __init__(
        self, technicians: Sequence[TechnicianWeek], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Days off")
        self.technician = named(QComboBox(), "technician")
        for week in technicians:
            self.technician.addItem(week.name, week.id)
        self.first = named(QDateEdit(QDate(today.year, today.month, today.day)), "first")
        self.last = named(QDateEdit(QDate(today.year, today.month, today.day)), "last")
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(qt_date_format(weekday=True))
        self.first.dateChanged.connect(lambda d: self.last.setDate(max(d, self.last.date())))
        self.reason = named(QLineEdit(placeholderText="e.g. vacation, training, sick"), "reason")
        form = QFormLayout(self)
        form.addRow("Technician", self.technician)
        form.addRow("From", self.first)
        form.addRow("To", self.last)
        form.addRow("Reason", self.reason)
        form.addRow(_buttons(self))

    def value(self) -> DaysOff:
        return DaysOff(self.technician.currentData(), _date(self.first), _date(self.last), self.reason.text())


class ClosedDayDialog(QDialog):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The shop is closed")
        self.day = named(QDateEdit(QDate(today.year, today.month, today.day)), "day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(qt_date_format(weekday=True))
        self.reason = named(QLineEdit(placeholderText="e.g. Thanksgiving, stocktake"), "reason")
        form = QFormLayout(self)
        form.addRow("Day", self.day)
        form.addRow("Reason", self.reason)
        form.addRow(_buttons(self))

    def value(self) -> tuple[date, str]:
        return _date(self.day), self.reason.text()
