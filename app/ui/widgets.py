"""Small widgets and set-up helpers every screen shares, so tables and messages look alike."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableView

from app.ui.shared.columns import fit_columns
from app.ui.shared.table_model import SortProxy

# Message levels the style sheet colours (resources/style.qss): an error blocks
# saving, a warning does not, a hint is neutral help.
LEVELS = ("error", "warning", "hint", "ok", "")


W = TypeVar("W", bound=QObject)


def named(thing: W, name: str) -> W:
    """``thing`` with an object name: for the style sheet, and for tests to find it."""
    thing.setObjectName(name)
    return thing


def set_level(label: QLabel, level: str, text: str = "") -> None:
    """Show ``text`` in the colour of ``level``; hide the label when there is nothing to say."""
    assert level in LEVELS, level
    label.setText(text)
    label.setProperty("level", level)
    label.style().unpolish(label)
    label.style().polish(label)
    label.setVisible(bool(text))


def heading(text: str, name: str = "heading") -> QLabel:
    """An area's or a record's title; a long one wraps rather than widening the window."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def section_label(text: str) -> QLabel:
    """The title of a part of a panel ("Vehicles"), lighter than a box around it."""
    label = named(QLabel(text), "section")
    return label


def value_label() -> QLabel:
    """A read-only value on a detail panel: wraps, and can be selected and copied."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class SearchLineEdit(QLineEdit):
    """The search box: Down arrow hands the keyboard to the results below it."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and not event.modifiers():
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


def configure_table(view: QTableView, proxy: SortProxy, name: str) -> None:
    """Rows selected whole, one at a time, sortable, alternating, with the model's widths."""
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table: the form's tab order stays usable
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    source = proxy.sourceModel()
    for column, spec in enumerate(getattr(source, "columns", ())):
        view.setColumnWidth(column, spec.width)
    fit_columns(view)  # text columns give way on a small screen; figures keep their width
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the service's order until asked


def focus_first_row(view: QTableView) -> bool:
    """Move the keyboard into ``view``, on the current row or the first; False if it is empty."""
    model = view.model()
    if model is None or model.rowCount() == 0:
        return False
    view.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if not view.currentIndex().isValid():
        view.selectRow(0)
    return True
