"""Pick from a short list by typing: a canned job, or declined work to bring back.

Typing filters; Down moves into the list; Enter takes the highlighted item
(or, with check boxes, every checked one; Space checks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import SearchLineEdit, named

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class Choice:
    text: str
    value: Any
    detail: str = ""  # shown as the item's tooltip and searched too


class PickDialog(QDialog):
    """``picked`` carries the chosen values (one, or every checked one)."""

    picked = Signal(list)

    def __init__(
        self,
        title: str,
        prompt: str,
        choices: Sequence[Choice],
        *,
        checkable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.checkable = checkable
        self.filter_edit = named(SearchLineEdit(placeholderText="Type to filter"), "pick_filter")
        self.list = named(QListWidget(), "pick_list")
        for choice in choices:
            self.list.addItem(self._item(choice))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.take)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.filter_edit.textChanged.connect(self._filter)
        self.filter_edit.down_pressed.connect(self._into_list)
        self.filter_edit.installEventFilter(self)
        self.list.installEventFilter(self)
        self.list.itemDoubleClicked.connect(lambda _item: self.take())
        self.list.setCurrentRow(0)
        self.resize(520, 380)
        self.filter_edit.setFocus()

    def _item(self, choice: Choice) -> QListWidgetItem:
        item = QListWidgetItem(choice.text)
        item.setData(Qt.ItemDataRole.UserRole, choice.value)
        item.setToolTip(choice.detail)
        item.setData(Qt.ItemDataRole.UserRole + 1, f"{choice.text} {choice.detail}".casefold())
        if self.checkable:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(needle) and needle not in str(item.data(Qt.ItemDataRole.UserRole + 1))
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def _into_list(self) -> None:
        self.list.setFocus()
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def chosen(self) -> list[Any]:
        if self.checkable:
            items = [self.list.item(r) for r in range(self.list.count())]
            return [
                i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked
            ]
        item = self.list.currentItem()
        return [item.data(Qt.ItemDataRole.UserRole)] if item is not None and not item.isHidden() else []

    def take(self) -> None:
        values = self.chosen()
        if values:
            self.accept()
            self.picked.emit(values)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() in _ENTER:
            self.take()
            return True
        return super().eventFilter(watched, event)
