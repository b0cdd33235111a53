"""The bay board: a column per bay, plus "waiting" and "done today". Layout only.

Columns keep a fixed width and the board scrolls sideways, so a shop with
many bays never widens the window; "compact" fits eight bays on a
1,920-pixel screen and "large type" is for a wall screen. A card is dragged
onto a bay, or moved with the keyboard (Alt+1…9 to a bay, Alt+0 back to waiting).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.bays.card_delegate import STATUS_LEGEND, CardDelegate
from app.ui.shared.flow import FlowLayout
from app.ui.widgets import heading, named, set_level

COLUMN_WIDTHS = {"compact": 164, "normal": 236, "large": 430}  # pixels, per density
COLUMN_SPACING = 6


class BoardColumn(QFrame):
    """A title, a line under it (capacity, status) and the cards."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title_label = named(QLabel(title), "section")
        self.detail_label = named(QLabel(wordWrap=True), "subtle")
        self.cards = named(QListView(), f"column_{key}")
        self.cards.setAccessibleName(f"Cars: {title}")
        self.cards.setItemDelegate(CardDelegate(self.cards))
        self.cards.setWordWrap(True)
        self.cards.setSpacing(4)
        self.cards.setUniformItemSizes(False)
        self.cards.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cards.setDragEnabled(True)
        self.cards.setAcceptDrops(True)
        self.cards.setDropIndicatorShown(True)
        self.cards.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.cards.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.cards.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cards.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addWidget(self.title_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.cards, 1)
        self.set_density("normal")

    def set_large(self, large: bool) -> None:
        self.set_density("large" if large else "normal")

    def set_density(self, density: str) -> None:
        self.setFixedWidth(COLUMN_WIDTHS[density])
        font = self.title_label.font()
        font.setPointSizeF(max(9.0, QLabel().font().pointSizeF()) * (1.8 if density == "large" else 1.1))
        font.setBold(True)
        self.title_label.setFont(font)
        self.cards.doItemsLayout()  # the cards wrap to the new width


class BayBoardView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bay_board_view")
        self.technician_combo = named(QComboBox(), "board_technician")
        self.technician_combo.setMinimumContentsLength(14)
        self.technician_combo.setAccessibleName("Show the cars of technician")
        self.area_combo = named(QComboBox(), "board_area")
        self.area_combo.setMinimumContentsLength(10)
        self.area_combo.setAccessibleName("Show the bays of area")
        self.large_check = named(QCheckBox("Large type"), "board_large")
        self.large_check.setToolTip("For a wall screen (Ctrl+Shift+L)")
        self.compact_check = named(QCheckBox("Compact"), "board_compact")
        self.compact_check.setToolTip("Narrow columns: eight bays side by side on a 1,920-pixel screen")
        self.move_button = named(QToolButton(), "board_move")
        self.waiting_button = named(QToolButton(), "board_waiting")
        self.add_bay_button = named(QToolButton(), "board_add_bay")
        self.maintenance_button = named(QToolButton(), "board_maintenance")
        self.refresh_button = named(QToolButton(), "board_refresh")
        for button in (
            self.move_button,
            self.waiting_button,
            self.add_bay_button,
            self.maintenance_button,
            self.refresh_button,
        ):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.live_label = named(QLabel(wordWrap=True), "board_live")
        self.message_label = named(QLabel(wordWrap=True), "board_message")
        set_level(self.live_label, "")
        set_level(self.message_label, "")
        top = FlowLayout()
        top.add_widgets(heading("Bay board"), QLabel("Technician:"), self.technician_combo)
        top.add_widgets(QLabel("Area:"), self.area_combo, self.compact_check, self.large_check)
        top.add_gap(24)
        top.add_widgets(
            self.move_button,
            self.waiting_button,
            self.maintenance_button,
            self.add_bay_button,
            self.refresh_button,
        )
        self.columns_host = QWidget()
        self.columns_layout = QHBoxLayout(self.columns_host)
        self.columns_layout.setContentsMargins(0, 0, 0, 0)
        self.columns_layout.setSpacing(COLUMN_SPACING)
        self.columns_layout.addStretch(1)
        self.board_scroll = named(QScrollArea(), "board_scroll")
        self.board_scroll.setWidgetResizable(True)
        self.board_scroll.setWidget(self.columns_host)
        self.board_scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addLayout(self._legend())
        layout.addWidget(self.live_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.board_scroll, 1)
        self.columns: dict[str, BoardColumn] = {}
        self.density = "normal"

    def _legend(self) -> FlowLayout:
        """What the card colours mean, and the late tag."""
        legend = FlowLayout(spacing=4)
        legend.addWidget(named(QLabel("Status:"), "subtle"))
        for key, text in (*STATUS_LEGEND, ("late", "LATE")):
            chip = named(QLabel(text), f"legend_{key}")
            chip.setProperty("chip", True)
            chip.setProperty("status", key)
            legend.addWidget(chip)
        legend.addWidget(named(QLabel("past the promised time"), "subtle"))
        return legend

    def set_columns(self, titles: list[tuple[str, str]]) -> dict[str, BoardColumn]:
        """Replace the columns (key, title) in this order; returns them by key."""
        for column in self.columns.values():
            self.columns_layout.removeWidget(column)
            column.deleteLater()
        self.columns = {}
        for position, (key, title) in enumerate(titles):
            column = BoardColumn(key, title)
            column.set_density(self.density)
            self.columns[key] = column
            self.columns_layout.insertWidget(position, column)
        return self.columns

    def set_large(self, large: bool) -> None:
        self.set_density("large" if large else "normal")

    def set_density(self, density: str) -> None:
        """ "compact", "normal" or "large": the width of every column and the size of its type."""
        self.density = density
        for column in self.columns.values():
            column.set_density(density)

    def sizeHint(self) -> QSize:
        return QSize(1200, 700)
