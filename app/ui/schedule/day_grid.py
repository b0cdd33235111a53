"""The day grid: a column per bay (or technician), the hours down the side, appointments as blocks.

A block is dragged to another column or time (snapped to the quarter hour),
or its lower edge is dragged to change the hours it takes; the grid only
says so by signal and the controller asks the service. Each column's
header shows its booked hours against what it offers, on a light red
ground when over and amber when nearly full. Arrow keys walk the blocks,
Enter opens the selected one, a double click on an empty place books there.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import time

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from app.domain.schedule import Level
from app.ui.schedule.grid_layout import QUARTER, Block, Column, WallClock, snap
from app.ui.schedule.look import (
    booked_of,
    card_lines,
    clock,
    grid_colours,
    tooltip,
)

HEADER = 44
FOOT = 10  # room under the last hour for its label
GUTTER = 62  # room for the hour as the shop writes it: '12:00 PM' or '13:00'
EDGE = 6  # pixels at a block's foot that resize instead of move
DRAG_START = 4


@dataclass
class _Drag:
    block: Block
    resize: bool
    pressed: QPointF
    grab: float  # hours between the block's start and where it was taken
    column: str
    start: float
    end: float
    moved: bool = False


class DayGrid(QWidget):
    appointment_selected = Signal(object)  # uuid.UUID or None
    appointment_activated = Signal(object)  # uuid.UUID
    appointment_moved = Signal(object, str, float)  # id, column key, new start (wall hours)
    appointment_resized = Signal(object, float)  # id, new length in hours
    slot_requested = Signal(str, float)  # column key, start (wall hours)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_day_grid")
        self._c = grid_colours()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(420, 320)
        self.columns: list[Column] = []
        self.blocks: list[Block] = []
        self.hours = (8, 17)
        self.open_span: tuple[float, float] | None = None
        self.closed_note = ""
        self.editable = True
        self.selected: uuid.UUID | None = None
        self.clock = WallClock()
        self._drag: _Drag | None = None

    def set_day(
        self,
        columns: list[Column],
        blocks: list[Block],
        hours: tuple[int, int],
        open_span: tuple[float, float] | None,
        closed_note: str,
        clock: WallClock,
    ) -> None:
        self.columns, self.blocks, self.hours = columns, blocks, hours
        self.open_span, self.closed_note, self.clock = open_span, closed_note, clock
        self._drag = None
        if self.selected is not None and self.block(self.selected) is None:
            self.selected = None
        self.update()

    def select(self, appointment_id: uuid.UUID | None) -> None:
        if appointment_id != self.selected:
            self.selected = appointment_id
            self.appointment_selected.emit(appointment_id)
        self.update()

    def block(self, appointment_id: uuid.UUID) -> Block | None:
        return next((b for b in self.blocks if b.appointment.id == appointment_id), None)

    def sizeHint(self) -> QSize:
        return QSize(800, 560)

    # --- geometry ------------------------------------------------------------------------------
    def _column_width(self) -> float:
        return max(1.0, (self.width() - GUTTER) / max(1, len(self.columns)))

    def _hour_height(self) -> float:
        first, last = self.hours
        return max(1.0, (self.height() - HEADER - FOOT) / max(1, last - first))

    def y_at(self, hour: float) -> float:
        return HEADER + (hour - self.hours[0]) * self._hour_height()

    def hour_at(self, y: float) -> float:
        return self.hours[0] + (y - HEADER) / self._hour_height()

    def column_at(self, x: float) -> Column | None:
        index = int((x - GUTTER) // self._column_width())
        return self.columns[index] if x >= GUTTER and 0 <= index < len(self.columns) else None

    def column_rect(self, key: str) -> QRectF:
        index = next(i for i, c in enumerate(self.columns) if c.key == key)
        width = self._column_width()
        return QRectF(GUTTER + index * width, 0, width, self.height())

    def block_rect(self, block: Block) -> QRectF:
        column = self.column_rect(block.column)
        lane_width = (column.width() - 8) / block.lanes
        top, bottom = self.y_at(block.start), self.y_at(block.end)
        return QRectF(
            column.x() + 4 + block.lane * lane_width, top + 1, lane_width - 2, max(12.0, bottom - top - 2)
        )

    def rect_of(self, appointment_id: uuid.UUID) -> QRect:
        """Where an appointment's block is on screen (tests drag it from here)."""
        found = self.block(appointment_id)
        assert found is not None, "that appointment is not on the grid"
        return self.block_rect(found).toRect()

    def point_at(self, key: str, hour: float) -> QPoint:
        """The middle of ``key``'s column at ``hour``."""
        return QPoint(int(self.column_rect(key).center().x()), int(self.y_at(hour)))

    def header_rect(self, key: str) -> QRect:
        column = self.column_rect(key)
        return QRectF(column.x(), 0, column.width(), HEADER).toRect()

    # --- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self._c = grid_colours()  # the running palette's: light or dark
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self._c.surface)
        self._paint_hours(painter)
        for column in self.columns:
            self._paint_column(painter, column)
        for block in self.blocks:
            dragged = (
                self._drag is not None
                and self._drag.moved
                and self._drag.block.appointment.id == block.appointment.id
            )
            self._paint_block(painter, block, faded=dragged)
        if self._drag is not None and self._drag.moved:
            ghost = replace(
                self._drag.block, column=self._drag.column, start=self._drag.start, end=self._drag.end
            )
            self._paint_block(painter, replace(ghost, lane=0, lanes=1), ghost=True)
        if self.closed_note:
            painter.setPen(self._c.muted)
            painter.drawText(
                QRectF(GUTTER, HEADER + 8, self.width() - GUTTER, 24),
                Qt.AlignmentFlag.AlignCenter,
                self.closed_note,
            )
        painter.end()

    def _paint_hours(self, painter: QPainter) -> None:
        first, last = self.hours
        for column in self.columns:  # outside a column's own hours (a technician's shift) is grey
            rect = self.column_rect(column.key)
            span = column.open_span if column.open_span is not None else self.open_span
            opens, closes = span if span is not None else (last, last)
            top = max(0.0, self.y_at(opens) - HEADER)
            painter.fillRect(QRectF(rect.x(), HEADER, rect.width(), top), self._c.outside)
            painter.fillRect(
                QRectF(rect.x(), self.y_at(closes), rect.width(), self.height()), self._c.outside
            )
        for hour in range(first, last + 1):
            y = self.y_at(hour)
            painter.setPen(QPen(self._c.hour_line, 1))
            painter.drawLine(QPointF(GUTTER - 4, y), QPointF(self.width(), y))
            painter.setPen(QPen(self._c.grid_line, 1, Qt.PenStyle.DotLine))
            if hour < last:
                painter.drawLine(
                    QPointF(GUTTER, y + self._hour_height() / 2),
                    QPointF(self.width(), y + self._hour_height() / 2),
                )
            painter.setPen(self._c.muted)
            painter.drawText(
                QRectF(0, y - 8, GUTTER - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                clock(time(hour % 24)),
            )

    def _paint_column(self, painter: QPainter, column: Column) -> None:
        rect = self.column_rect(column.key)
        header = QRectF(rect.x(), 0, rect.width(), HEADER)
        level = column.load.level if column.load is not None else Level.NONE
        painter.fillRect(header, self._c.level_fill.get(level, self._c.surface))
        if column.unavailable:
            body = QRectF(rect.x(), HEADER, rect.width(), rect.height() - HEADER)
            painter.fillRect(body, self._c.closed)
            painter.fillRect(body, QBrush(self._c.grid_line.darker(110), Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(self._c.grid_line, 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(QPointF(rect.x(), HEADER), QPointF(rect.right(), HEADER))
        title = QFont(self.font())
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(self._c.ink)
        inner = header.adjusted(6, 3, -4, 0)
        painter.drawText(
            inner,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            painter.fontMetrics().elidedText(column.title, Qt.TextElideMode.ElideRight, int(inner.width())),
        )
        painter.setFont(self.font())
        detail = column.unavailable or (
            booked_of(column.load.booked, column.load.available) if column.load else ""
        )
        if column.load is not None and column.load.note and not column.unavailable:
            detail += f" · {column.load.note}"
        painter.setPen(
            self._c.level_text.get(level, self._c.muted) if not column.unavailable else self._c.muted
        )
        painter.drawText(
            inner.adjusted(0, 18, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            painter.fontMetrics().elidedText(detail, Qt.TextElideMode.ElideRight, int(inner.width())),
        )

    def _paint_block(self, painter: QPainter, block: Block, faded: bool = False, ghost: bool = False) -> None:
        rect = self.block_rect(block)
        a = block.appointment
        fill = self._c.status_fill.get(a.status, self._c.status_fill["booked"])
        painter.setOpacity(0.35 if faded else 0.85 if ghost else 1.0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(
            QRectF(rect.x(), rect.y(), 4, rect.height()), self._c.status_edge.get(a.status, self._c.ink)
        )
        if a.override_reason:
            painter.fillRect(
                QRectF(rect.right() - 5, rect.y(), 5, rect.height()), self._c.level_text[Level.OVER]
            )
        selected = a.id == self.selected and not ghost
        painter.setPen(
            QPen(
                self._c.selected if selected else self._c.status_edge.get(a.status, self._c.ink),
                2 if selected or ghost else 1,
                Qt.PenStyle.DashLine if ghost else Qt.PenStyle.SolidLine,
            )
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 4, 4)
        self._paint_text(painter, rect.adjusted(8, 2, -6, -2), block)
        painter.setOpacity(1.0)

    def _paint_text(self, painter: QPainter, rect: QRectF, block: Block) -> None:
        a = block.appointment
        lines = card_lines(a, self.clock.at(block.start), self.clock.at(block.end))
        metrics = painter.fontMetrics()
        y = rect.y()
        painter.setPen(self._c.ink if a.status in ("booked", "arrived") else self._c.muted)
        for index, line in enumerate(lines):
            if y + metrics.height() > rect.bottom() + 2 and index > 0:
                break
            font = QFont(self.font())
            font.setBold(index == 0)
            font.setStrikeOut(a.status == "no_show" and index == 0)
            painter.setFont(font)
            text = painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, int(rect.width()))
            painter.drawText(
                QRectF(rect.x(), y, rect.width(), metrics.height()), Qt.AlignmentFlag.AlignLeft, text
            )
            y += metrics.height()
        painter.setFont(self.font())

    # --- the mouse -----------------------------------------------------------------------------
    def _block_at(self, pos: QPointF) -> Block | None:
        for block in reversed(self.blocks):
            if self.block_rect(block).contains(pos):
                return block
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        block = self._block_at(pos)
        self.select(block.appointment.id if block else None)
        if block is None or not self.editable or block.appointment.status != "booked":
            return
        resize = self.block_rect(block).bottom() - pos.y() <= EDGE
        grab = self.hour_at(pos.y()) - block.start
        self._drag = _Drag(block, resize, pos, grab, block.column, block.start, block.end)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        drag = self._drag
        if drag is None:
            self._hover(pos)
            return
        if not drag.moved and (pos - drag.pressed).manhattanLength() < DRAG_START:
            return
        drag.moved = True
        hour = self.hour_at(pos.y())
        if drag.resize:
            drag.end = max(drag.start + QUARTER, snap(hour))
        else:
            length = drag.block.end - drag.block.start
            drag.start = snap(hour - drag.grab)
            drag.end = drag.start + length
            column = self.column_at(pos.x())
            drag.column = column.key if column is not None else drag.column
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or not drag.moved:
            self.update()
            return
        block = drag.block
        if drag.resize and drag.end != block.end:
            self.appointment_resized.emit(block.appointment.id, drag.end - drag.start)
        elif not drag.resize and (drag.column != block.column or drag.start != block.start):
            self.appointment_moved.emit(block.appointment.id, drag.column, drag.start)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        block = self._block_at(pos)
        if block is not None:
            self.appointment_activated.emit(block.appointment.id)
            return
        column = self.column_at(pos.x())
        if column is not None and pos.y() > HEADER:
            self.slot_requested.emit(column.key, snap(self.hour_at(pos.y()) - QUARTER / 2))

    def _hover(self, pos: QPointF) -> None:
        block = self._block_at(pos)
        if block is None:
            self.unsetCursor()
            return
        near_foot = self.block_rect(block).bottom() - pos.y() <= EDGE
        movable = self.editable and block.appointment.status == "booked"
        cursor = Qt.CursorShape.SizeVerCursor if near_foot else Qt.CursorShape.OpenHandCursor
        self.setCursor(cursor if movable else Qt.CursorShape.ArrowCursor)
        a = block.appointment
        QToolTip.showText(
            self.mapToGlobal(pos.toPoint()),
            tooltip(a, self.clock.at(block.start), self.clock.at(block.end)),
            self,
        )

    # --- the keyboard --------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        ordered = sorted(self.blocks, key=lambda b: ([c.key for c in self.columns].index(b.column), b.start))
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self.appointment_activated.emit(self.selected)
            return
        steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1}
        if key not in steps or not ordered or event.modifiers() & Qt.KeyboardModifier.AltModifier:
            super().keyPressEvent(event)
            return
        ids = [b.appointment.id for b in ordered]
        if self.selected not in ids:
            self.select(ids[0] if steps[key] > 0 else ids[-1])
            return
        self.select(ids[(ids.index(self.selected) + steps[key]) % len(ids)])
