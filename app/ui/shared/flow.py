"""A row of buttons that wraps onto a second line instead of widening the window.

A row of eight buttons laid out by ``QHBoxLayout`` asks for the sum of their
widths as its minimum, and the main window grows past a 1,366-pixel screen to
honour it. ``FlowLayout`` asks only for its widest item and, given less room
than one line needs, continues on the next line (height for width), keeping
every button on screen.

Qt ships this only as an example; superqt's port has no right alignment and
leaves gaps for hidden buttons (most rows hide some per role), so this one
is kept here, small.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QSpacerItem, QWidget

GAP = 6  # between two items of a line, and between lines


class FlowLayout(QLayout):
    """Items left to right (or packed to the right), wrapping to new lines as needed.

    ``add_gap`` puts extra space between two groups of buttons; a gap that
    would start a line is dropped.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        align_right: bool = False,
        spacing: int = GAP,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._align_right = align_right
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # --- filling -----------------------------------------------------------------------------
    def add_widgets(self, *widgets: QWidget) -> FlowLayout:
        for widget in widgets:
            self.addWidget(widget)
        return self

    def add_gap(self, width: int = 16) -> None:
        self.addItem(QSpacerItem(width, 1))

    # --- QLayout's interface -----------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def minimumSize(self) -> QSize:
        size = QSize(0, 0)
        for item in self._shown():
            if not _is_gap(item):
                size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    def sizeHint(self) -> QSize:
        """Everything on one line: what the row would like, never what it insists on."""
        shown = self._shown()
        width = sum(item.sizeHint().width() for item in shown) + self._gap * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    # --- placing -----------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty() or _is_gap(item)]

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        """The items of each line: as many as fit in ``width``; gaps never start a line."""
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            wanted = item.sizeHint().width()
            line = lines[-1]
            needed = wanted + (self._gap if line else 0)
            if line and used + needed > width:
                lines.append([])
                line, used, needed = lines[-1], 0, wanted
            if _is_gap(item) and not line:
                continue
            line.append(item)
            used += needed
        for line in lines:
            while line and _is_gap(line[-1]):
                line.pop()
        return [line for line in lines if line]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items (or only measure); the height the lines take."""
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        y = area.y()
        for number, line in enumerate(self._lines(area.width())):
            if number:
                y += self._gap
            height = max(item.sizeHint().height() for item in line)
            width = sum(item.sizeHint().width() for item in line) + self._gap * (len(line) - 1)
            x = area.x() + (max(0, area.width() - width) if self._align_right else 0)
            for item in line:
                hint = item.sizeHint()
                size = QSize(min(hint.width(), area.width()), hint.height())
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), size))
                x += size.width() + self._gap
            y += height
        return y - rect.y() + margins.bottom()


def _is_gap(item: QLayoutItem) -> bool:
    """A gap from ``add_gap``. Not ``item.spacerItem()``: under PySide6 6.12 a call that answers
    None (no spacer) takes a reference from None each time, and the process dies within minutes."""
    return isinstance(item, QSpacerItem)


def flow_row(*widgets: QWidget, align_right: bool = False) -> FlowLayout:
    """A wrapping row holding ``widgets``, to add to a vertical or horizontal layout."""
    row = FlowLayout(align_right=align_right)
    row.add_widgets(*widgets)
    return row


def title_row(title: QWidget, *controls: QWidget) -> QHBoxLayout:
    """A heading on the left, its tools packed to the right and wrapping under each other."""
    row = QHBoxLayout()
    row.addWidget(title, 1)
    row.addLayout(flow_row(*controls, align_right=True))
    return row
