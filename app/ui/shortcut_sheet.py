"""F1: every keyboard shortcut of the window, area by area, with a box to filter them.

Built from the one map (app/ui/shortcuts.py), so the sheet cannot list a key
the window does not have. "Go to area n" reads as the area's own name, and
areas this person's window does not show are left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui import shortcuts
from app.ui.widgets import named


def rows(areas_shown: Iterable[str], area_labels: list[str]) -> list[tuple[str, str, str]]:
    """(heading, key as this keyboard names it, what it does) in the sheet's order.

    ``areas_shown``: the map's areas this window has (with "window" and "dialog");
    ``area_labels``: the window's areas in list order, for "Go to ...".
    """
    shown = set(areas_shown)
    out = []
    for entry in shortcuts.SHORTCUTS:
        if entry.area not in shown:
            continue
        does = entry.does
        if entry.name.startswith("go_"):
            number = int(entry.name.removeprefix("go_"))
            if number > len(area_labels):
                continue
            does = f"Go to {area_labels[number - 1]}"
        key = QKeySequence(entry.keys).toString(QKeySequence.SequenceFormat.NativeText)
        out.append((shortcuts.AREAS[entry.area], key, does))
    return out


class ShortcutSheet(QDialog):
    """The list, grouped under each area's heading; typing filters it (by key or by words)."""

    def __init__(self, sheet: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.filter_edit = named(QLineEdit(placeholderText="Filter: a key or a word"), "shortcut_filter")
        self.filter_edit.setAccessibleName("Filter the shortcuts")
        self.tree = named(QTreeWidget(), "shortcut_sheet")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setHeaderLabels(["Key", "What it does"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for heading, key, does in sheet:
            group = groups.get(heading)
            if group is None:
                group = groups[heading] = QTreeWidgetItem(self.tree, [heading])
                group.setFirstColumnSpanned(True)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            QTreeWidgetItem(group, [key, does])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.filter_edit.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("An area's keys work while it is shown; Esc closes this list."))
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(620, 640)
        self.filter_edit.setFocus()

    def listed(self) -> list[tuple[str, str, str]]:
        """(heading, key, what it does) of every row not filtered out: what the person reads."""
        return [
            (group.text(0), child.text(0), child.text(1))
            for group, children in self._groups()
            for child in children
            if not child.isHidden()
        ]

    def _groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        groups = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [
            (group, [c for c in (group.child(j) for j in range(group.childCount())) if c is not None])
            for group in groups
            if group is not None
        ]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for group, children in self._groups():
            visible = 0
            for child in children:
                haystack = f"{group.text(0)} {child.text(0)} {child.text(1)}".casefold()
                hide = any(word not in haystack for word in words)
                child.setHidden(hide)
                visible += not hide
            group.setHidden(visible == 0)
