"""The week grid: a row per bay (or technician), a column per day, each appointment a line in its cell.

Each cell shows that bay's or technician's booked hours against what it
offers that day, on a light red ground when over. An appointment is dragged
to another day or row (it keeps its time of day); a click on a day's header
opens that day; a double click books into an empty cell.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from app.domain.schedule import Level
from app.services.schedule.dto import AppointmentView, DayLoad
from app.ui.formatting import weekday_day_text
from app.ui.schedule.grid_layout import WeekCell
from app.ui.schedule.look import (
    booked_of,
    clock,
    grid_colours,
    short_name,
    tooltip,
)

ROW_HEAD = 118
HEADER = 40
CHIP = 17
DRAG_START = 4


@dataclass
class _Drag:
    appointment: AppointmentView
    pressed: QPointF
    target: tuple[str, date] | None = None
    moved: bool = False


class WeekGrid(QWidget):
    appointment_selected = Signal(object)  # uuid.UUID or None
    appointment_activated = Signal(object)  # uuid.UUID
    appointment_moved = Signal(object, str, object)  # id, row key, the new day
    slot_requested = Signal(str, object)  # row key, day
    day_requested = Signal(object)  # a day whose header was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_week_grid")
        self._c = grid_colours()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(420, 320)
        self.rows: list[tuple[str, str]] = []
        self.days: list[date] = []
        self.cells: dict[tuple[str, date], WeekCell] = {}
        self.loads: dict[date, DayLoad] = {}
        self.today = date.min
        self.times: dict[uuid.UUID, tuple[datetime, datetime]] = {}
        self.selected: uuid.UUID | None = None
        self.editable = True
        self._drag: _Drag | None = None

    def set_week(
        self,
        rows: list[tuple[str, str]],
        days: list[date],
        cells: dict[tuple[str, date], WeekCell],
        loads: dict[date, DayLoad],
        today: date,
        times: dict[uuid.UUID, tuple[datetime, datetime]],
    ) -> None:
        """``times``: each appointment's start and end in the shop's time zone."""
        self.rows, self.days, self.cells, self.loads, self.today = rows, days, cells, loads, today
        self.times = times
        self._drag = None
        self.update()

    def select(self, appointment_id: uuid.UUID | None) -> None:
        if appointment_id != self.selected:
            self.selected = appointment_id
            self.appointment_selected.emit(appointment_id)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(800, 560)

    # --- geometry ------------------------------------------------------------------------------
    def _cell_size(self) -> tuple[float, float]:
        width = (self.width() - ROW_HEAD) / max(1, len(self.days))
        height = (self.height() - HEADER - 1) / max(1, len(self.rows))
        return width, height

    def cell_rect(self, key: str, day: date) -> QRectF:
        width, height = self._cell_size()
        row = [k for k, _ in self.rows].index(key)
        return QRectF(ROW_HEAD + self.days.index(day) * width, HEADER + row * height, width, height)

    def cell_at(self, pos: QPointF) -> tuple[str, date] | None:
        width, height = self._cell_size()
        column, row = int((pos.x() - ROW_HEAD) // width), int((pos.y() - HEADER) // height)
        if (
            pos.x() < ROW_HEAD
            or pos.y() < HEADER
            or not (0 <= column < len(self.days) and 0 <= row < len(self.rows))
        ):
            return None
        return self.rows[row][0], self.days[column]

    def chips(self, key: str, day: date) -> list[tuple[QRectF, AppointmentView]]:
        """The appointment lines that fit in a cell, with their rectangles."""
        rect = self.cell_rect(key, day).adjusted(3, 18, -3, -3)
        cell = self.cells.get((key, day))
        items = cell.appointments if cell else ()
        room = max(0, int((rect.height() + 2) // (CHIP + 2)))
        shown = items if len(items) <= room else items[: max(0, room - 1)]  # the last line says "+N more"
        return [
            (QRectF(rect.x(), rect.y() + index * (CHIP + 2), rect.width(), CHIP), appointment)
            for index, appointment in enumerate(shown)
        ]

    def rect_of(self, appointment_id: uuid.UUID) -> QRect:
        for key, day in self.cells:
            for rect, appointment in self.chips(key, day):
                if appointment.id == appointment_id:
                    return rect.toRect()
        raise AssertionError("that appointment is not shown in the week")

    def point_in(self, key: str, day: date) -> QPoint:
        return self.cell_rect(key, day).center().toPoint()

    def header_rect(self, day: date) -> QRect:
        width, _ = self._cell_size()
        return QRectF(ROW_HEAD + self.days.index(day) * width, 0, width, HEADER).toRect()

    def _chip_at(self, pos: QPointF) -> AppointmentView | None:
        cell = self.cell_at(pos)
        if cell is None:
            return None
        return next((a for rect, a in self.chips(*cell) if rect.contains(pos)), None)

    # --- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self._c = grid_colours()  # the running palette's: light or dark
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self._c.surface)
        for day in self.days:
            self._paint_header(painter, day)
        for row, (key, title) in enumerate(self.rows):
            self._paint_row_head(painter, row, title)
            for day in self.days:
                self._paint_cell(painter, key, day)
        painter.end()

    def _paint_header(self, painter: QPainter, day: date) -> None:
        rect = QRectF(self.header_rect(day))
        load = self.loads.get(day)
        level = load.level if load is not None else Level.NONE
        painter.fillRect(rect, self._c.level_fill.get(level, self._c.surface))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(self._c.today if day == self.today else self._c.ink)
        inner = rect.adjusted(6, 3, -4, 0)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, weekday_day_text(day))
        painter.setFont(self.font())
        if load is not None:
            text = (
                "Closed"
                if load.closed_reason is not None or load.window is None
                else booked_of(load.booked, load.capacity)
            )
            painter.setPen(self._c.level_text.get(level, self._c.muted))
            painter.drawText(
                inner.adjusted(0, 17, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text
            )
        painter.setPen(QPen(self._c.grid_line, 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())

    def _paint_row_head(self, painter: QPainter, row: int, title: str) -> None:
        _, height = self._cell_size()
        rect = QRectF(0, HEADER + row * height, ROW_HEAD, height)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(self._c.ink)
        painter.drawText(
            rect.adjusted(6, 4, -4, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, ROW_HEAD - 10),
        )
        painter.setFont(self.font())
        painter.setPen(QPen(self._c.grid_line, 1))
        painter.drawLine(QPointF(0, rect.bottom()), QPointF(self.width(), rect.bottom()))

    def _paint_cell(self, painter: QPainter, key: str, day: date) -> None:
        rect = self.cell_rect(key, day)
        cell = self.cells.get((key, day))
        level = cell.load.level if cell is not None and cell.load is not None else Level.NONE
        target = self._drag is not None and self._drag.moved and self._drag.target == (key, day)
        painter.fillRect(rect, self._c.level_fill.get(level, self._c.surface))
        if cell is not None and cell.unavailable:
            painter.fillRect(rect, self._c.closed)
            painter.fillRect(rect, QBrush(self._c.grid_line.darker(110), Qt.BrushStyle.BDiagPattern))
        if target:
            painter.fillRect(rect, QColor(47, 111, 179, 40))
        painter.setPen(QPen(self._c.grid_line, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        if cell is not None:
            note = cell.unavailable or (booked_of(cell.load.booked, cell.load.available) if cell.load else "")
            painter.setPen(
                self._c.muted if cell.unavailable else self._c.level_text.get(level, self._c.muted)
            )
            painter.drawText(
                rect.adjusted(4, 1, -4, 0),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                painter.fontMetrics().elidedText(note, Qt.TextElideMode.ElideRight, int(rect.width() - 8)),
            )
            self._paint_chips(painter, key, day, cell)

    def _paint_chips(self, painter: QPainter, key: str, day: date, cell: WeekCell) -> None:
        chips = self.chips(key, day)
        for rect, a in chips:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._c.status_fill.get(a.status, self._c.status_fill["booked"]))
            painter.drawRoundedRect(rect, 3, 3)
            painter.fillRect(
                QRectF(rect.x(), rect.y(), 3, rect.height()), self._c.status_edge.get(a.status, self._c.ink)
            )
            if a.id == self.selected:
                painter.setPen(QPen(self._c.selected, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect, 3, 3)
            when = self.times.get(a.id)
            start = clock(when[0]) if when else ""
            model = a.vehicle.split(" ")[-1] if a.vehicle else a.plate
            text = f"{start} {short_name(a.customer)} · {model}"
            painter.setPen(self._c.ink if a.status in ("booked", "arrived") else self._c.muted)
            painter.drawText(
                rect.adjusted(6, 0, -2, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width() - 8)),
            )
        hidden = len(cell.appointments) - len(chips)
        if hidden > 0:
            rect = self.cell_rect(key, day).adjusted(6, 18 + len(chips) * (CHIP + 2), -3, 0)
            painter.setPen(self._c.muted)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, f"+{hidden} more…")

    # --- the mouse -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        if pos.y() < HEADER and pos.x() > ROW_HEAD:
            width, _ = self._cell_size()
            index = int((pos.x() - ROW_HEAD) // width)
            if 0 <= index < len(self.days):
                self.day_requested.emit(self.days[index])
            return
        chip = self._chip_at(pos)
        self.select(chip.id if chip else None)
        if chip is not None and self.editable and chip.status == "booked":
            self._drag = _Drag(chip, pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        drag = self._drag
        if drag is None:
            chip = self._chip_at(pos)
            when = self.times.get(chip.id) if chip is not None else None
            if chip is not None and when is not None:
                QToolTip.showText(self.mapToGlobal(pos.toPoint()), tooltip(chip, *when), self)
            return
        if not drag.moved and (pos - drag.pressed).manhattanLength() < DRAG_START:
            return
        drag.moved = True
        drag.target = self.cell_at(pos)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        self.update()
        if drag is None or not drag.moved or drag.target is None:
            return
        a = drag.appointment
        key, day = drag.target
        current = next(
            (k for (k, d), cell in self.cells.items() if d == a.day and a in cell.appointments), None
        )
        if (key, day) != (current, a.day):
            self.appointment_moved.emit(a.id, key, day)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        chip = self._chip_at(pos)
        if chip is not None:
            self.appointment_activated.emit(chip.id)
            return
        cell = self.cell_at(pos)
        if cell is not None:
            self.slot_requested.emit(*cell)
