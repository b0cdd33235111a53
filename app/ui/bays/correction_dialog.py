"""Correct one clock entry: its start and end in the shop's time, and why."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDateTimeEdit, QFormLayout, QLabel, QLineEdit, QWidget

from app.services.bays.dto import ClockEntryView
from app.ui.formatting import qdatetime, qt_datetime_format
from app.ui.shared.form import FormDialog
from app.ui.widgets import named


def _edit(name: str, moment: datetime, zone: ZoneInfo) -> QDateTimeEdit:
    local = moment.astimezone(zone).replace(second=0, microsecond=0)
    edit = named(QDateTimeEdit(qdatetime(local)), name)
    edit.setDisplayFormat(qt_datetime_format(weekday=True))
    edit.setCalendarPopup(True)
    return edit


class CorrectionDialog(FormDialog):
    """``correction_submitted`` carries (start, end, reason), the times aware and in UTC."""

    correction_submitted = Signal(object, object, str)
    geometry_key = "clock_correction_dialog"

    def __init__(self, entry: ClockEntryView, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__("Correct a clock entry", parent)
        self.zone = zone
        what = "Shift clock" if entry.kind == "shift" else f"Job clock: {entry.job_title}"
        if entry.work_order_number is not None:
            what += f" (work order {entry.work_order_number})"
        self.start = _edit("started_at", entry.started_at, zone)
        # a running clock is offered the end of its start's hour: the owner types the real one
        self.end = _edit("ended_at", entry.ended_at or entry.started_at, zone)
        self.reason = named(QLineEdit(placeholderText="e.g. forgot to clock out; left at 4:30"), "reason")
        self.reason.setMaxLength(200)
        form = QFormLayout()
        form.addRow("For", QLabel(f"{entry.technician} · {what}"))
        if entry.ended_at is None:
            form.addRow(
                named(QLabel("This clock is still running: give the time it should have ended."), "hint")
            )
        form.addRow("Start", self.field("started_at", self.start))
        form.addRow("End", self.field("end", self.end))
        form.addRow("Reason", self.field("reason", self.reason))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order([self.start, self.end, self.reason])
        self.enter_submits_from = (self.reason,)
        self.setMinimumWidth(480)
        self.restore_geometry()
        (self.end if entry.ended_at is None else self.start).setFocus()

    def moment(self, edit: QDateTimeEdit) -> datetime:
        local: datetime = edit.dateTime().toPython()  # type: ignore[assignment]
        return local.replace(tzinfo=self.zone).astimezone(UTC)

    def focus_field(self, name: str) -> None:
        {"started_at": self.start, "end": self.end, "reason": self.reason}.get(name, self.reason).setFocus()

    def emit_submitted(self) -> None:
        self.correction_submitted.emit(self.moment(self.start), self.moment(self.end), self.reason.text())
