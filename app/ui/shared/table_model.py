"""A passive table model fed with read models, and the proxy that sorts it.

Each table is declared as a list of ``Column``s: what a cell shows and the
real value it sorts by (an int odometer, an aware datetime), so "9,800" never
sorts after "10,200" and dates sort as dates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

T = TypeVar("T")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    sort: Callable[[T], Any] | None = None  # None: sort by the text, case-folded
    align: Qt.AlignmentFlag = _LEFT
    width: int = 120  # initial width in pixels; the user may drag it
    tooltip: str = ""


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Shows a list of frozen DTOs; replaced whole with ``set_rows``."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == SORT_ROLE:
            return self.sort_value(row, index.column())
        if role == ROW_ROLE:
            return row
        return None

    def sort_value(self, row: T, column: int) -> Any:
        """The real value a column sorts by (a plain Python value, not a QVariant)."""
        col = self.columns[column]
        return col.sort(row) if col.sort is not None else col.text(row).casefold()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].tooltip:
            return self.columns[section].tooltip
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class SortProxy(QSortFilterProxyModel):
    """Sorts by ``RowTableModel.sort_value``; empty cells stay at the bottom.

    Compares in Python: Decimals and datetimes would lose their meaning in a
    round trip through QVariant.
    """

    def __init__(self, source: RowTableModel[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._source = source

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a = self._value(left)
        b = self._value(right)
        a_empty, b_empty = a is None or a == "", b is None or b == ""
        if a_empty or b_empty:
            if a_empty and b_empty:
                return False
            # Qt reverses this answer for a descending sort; reverse it back so
            # empty cells stay at the bottom either way.
            return a_empty if self.sortOrder() == Qt.SortOrder.DescendingOrder else b_empty
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)

    def _value(self, index: AnyIndex) -> Any:
        row = self._source.row_at(index.row())
        return None if row is None else self._source.sort_value(row, index.column())

    def row_at(self, proxy_row: int) -> Any:
        """The DTO behind a row as the person sees it (sorted)."""
        source = self.mapToSource(self.index(proxy_row, 0))
        return self._source.row_at(source.row()) if source.isValid() else None

    def proxy_row_where(self, match: Callable[[Any], bool]) -> int:
        """The visible row whose DTO satisfies ``match``, or -1."""
        for proxy_row in range(self.rowCount()):
            if match(self.row_at(proxy_row)):
                return proxy_row
        return -1
