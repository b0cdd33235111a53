"""How a car's card is drawn on the bay board: tinted by its status, with a small "late" tag.

Seen from across the shop, the colour says where a car stands (approved,
in progress, on hold, waiting for parts, done) before any word is read; a car
past its promised time keeps its status colour and gets a red "LATE" tag in
its corner, so a board of late cars does not turn into a wall of red text.
The colours are the theme's (app/ui/theme.py): readable on a dark desktop too.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.services.bays.dto import BayCard
from app.ui.bays.board_model import CARD_ROLE
from app.ui.shared.status_chip import status_key
from app.ui.theme import tone

LATE_TAG = "LATE"
PAD_X, PAD_Y, STRIPE, RADIUS = 10, 6, 4, 6.0
_WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)

# What the colours mean, in the order the legend lists them.
STATUS_LEGEND = (
    ("approved", "Approved"),
    ("in_progress", "In progress"),
    ("on_hold", "On hold"),
    ("waiting_parts", "Waiting for parts"),
    ("done", "Done"),
)


AnyIndex = QModelIndex | QPersistentModelIndex


class CardDelegate(QStyledItemDelegate):
    """Paints a card as a rounded tile; its first line (number, car, plate) in bold."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        card: BayCard | None = index.data(CARD_ROLE)
        if card is None:
            return super().paint(painter, option, index)
        key = status_key(card.status, card.waiting_parts)
        rect = QRectF(option.rect).adjusted(1, 1, -1, -1)  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QPainterPath()
        outline.addRoundedRect(rect, RADIUS, RADIUS)
        painter.fillPath(outline, tone(f"status_{key}_soft"))
        painter.setClipPath(outline)
        painter.fillRect(QRectF(rect.left(), rect.top(), STRIPE, rect.height()), tone(f"status_{key}"))
        painter.setClipping(False)
        painter.setPen(QPen(tone("accent"), 2) if selected else QPen(tone("border"), 1))
        painter.drawPath(outline)
        font = _font(option, index)
        tag = _draw_late_tag(painter, rect, font) if card.late else 0
        self._draw_text(painter, rect.toRect(), font, str(index.data(Qt.ItemDataRole.DisplayRole) or ""), tag)
        painter.restore()
        return None

    def _draw_text(self, painter: QPainter, rect: QRect, font: QFont, text: str, tag_width: int) -> None:
        first, _newline, rest = text.partition("\n")
        bold = QFont(font)
        bold.setBold(True)
        area = rect.adjusted(STRIPE + PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        painter.setPen(tone("text"))
        painter.setFont(bold)
        head = area.adjusted(0, 0, -tag_width, 0)
        used = painter.boundingRect(head, _WRAP, first)
        painter.drawText(head, _WRAP, first)
        painter.setFont(font)
        painter.drawText(area.adjusted(0, used.height() + 1, 0, 0), _WRAP, rest)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        card: BayCard | None = index.data(CARD_ROLE)
        view = option.widget  # type: ignore[attr-defined]
        if card is None or not isinstance(view, QAbstractItemView):
            return super().sizeHint(option, index)
        width = max(80, view.viewport().width() - 2 * getattr(view, "spacing", lambda: 0)())
        font = _font(option, index)
        text_width = width - STRIPE - 2 * PAD_X
        first, _newline, rest = str(index.data(Qt.ItemDataRole.DisplayRole) or "").partition("\n")
        bold = QFont(font)
        bold.setBold(True)
        tag = _tag_width(font) if card.late else 0
        height = QFontMetrics(bold).boundingRect(QRect(0, 0, text_width - tag, 10_000), _WRAP, first).height()
        height += 1 + QFontMetrics(font).boundingRect(QRect(0, 0, text_width, 10_000), _WRAP, rest).height()
        return QSize(width, height + 2 * PAD_Y + 2)


def _font(option: QStyleOptionViewItem, index: AnyIndex) -> QFont:
    font = index.data(Qt.ItemDataRole.FontRole)
    return QFont(font) if isinstance(font, QFont) else QFont(option.font)  # type: ignore[attr-defined]


def _tag_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
    small.setBold(True)
    return small


def _tag_width(font: QFont) -> int:
    return QFontMetrics(_tag_font(font)).horizontalAdvance(LATE_TAG) + 12 + 6


def _draw_late_tag(painter: QPainter, rect: QRectF, font: QFont) -> int:
    """The red "LATE" tag in the card's top right corner; the room it takes from the first line."""
    small = _tag_font(font)
    metrics = QFontMetrics(small)
    width, height = metrics.horizontalAdvance(LATE_TAG) + 12, metrics.height() + 2
    tag = QRectF(rect.right() - PAD_X + 4 - width, rect.top() + PAD_Y - 1, width, height)
    path = QPainterPath()
    path.addRoundedRect(tag, height / 2, height / 2)
    painter.fillPath(path, tone("error"))
    painter.setPen(tone("surface"))
    painter.setFont(small)
    painter.drawText(tag, int(Qt.AlignmentFlag.AlignCenter), LATE_TAG)
    return width + 6
