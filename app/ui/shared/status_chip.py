"""A work order's status as a coloured chip in a table cell, the same colours as the bay board.

The chip's colour says the status at a glance; its text stays the model's
(so sorting, searching, copying and screen readers are unchanged).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPainterPath
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.ui.shared.table_model import ROW_ROLE
from app.ui.theme import tone

AnyIndex = QModelIndex | QPersistentModelIndex


def status_key(status: str, waiting_parts: bool = False) -> str:
    """The theme's colour for a work order status (``status_<key>`` in app/ui/theme.py)."""
    if status == "on_hold":
        return "waiting_parts" if waiting_parts else "on_hold"
    if status in ("completed", "invoiced"):
        return "done"
    return status if status in ("estimate", "approved", "in_progress", "cancelled") else "estimate"


class StatusChipDelegate(QStyledItemDelegate):
    """Draws the cell's text in a rounded chip tinted by ``key_of(row)``."""

    def __init__(self, key_of: Callable[[Any], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key_of = key_of

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            return super().paint(painter, option, index)
        self.initStyleOption(option, index)
        text = option.text  # type: ignore[attr-defined]
        option.text = ""  # type: ignore[attr-defined]
        style = option.widget.style() if option.widget else None  # type: ignore[attr-defined]
        if style is not None:  # the row's selection and alternating background
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)  # type: ignore[attr-defined]
        key = self.key_of(row)
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        cell = QRectF(option.rect).adjusted(4, 3, -4, -3)  # type: ignore[attr-defined]
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(cell.width()) - 16)
        chip = QRectF(
            cell.left(), cell.top(), min(cell.width(), metrics.horizontalAdvance(shown) + 16), cell.height()
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.fillPath(path, tone(f"status_{key}_soft"))
        painter.setPen(tone(f"status_{key}"))
        painter.setFont(option.font)  # type: ignore[attr-defined]
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), shown)
        painter.restore()
        return None

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 16, size.height())
