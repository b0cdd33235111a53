"""The lines of a canned job as an editable grid: kind, description, part, quantity, prices.

Cells hold the text as typed (a price "45.9" stays "45.9"); the service checks
them on save exactly as it checks estimate lines, and its messages name the
line, which ``row_of_line`` maps back to the grid's row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush

from app.domain.pricing import PART_CONDITIONS
from app.domain.totals import LineKind
from app.services.work_orders.lines import LineInput, line_input_from_dict
from app.ui.formatting import TypedNumbers, money_input_text, number_input_text
from app.ui.shared.table_model import RIGHT, AnyIndex
from app.ui.theme import tone

KIND_CHOICES: tuple[tuple[str, str], ...] = (
    (LineKind.LABOR.value, "Labor"),
    (LineKind.PART.value, "Part"),
    (LineKind.FEE.value, "Fee"),
    (LineKind.SUBLET.value, "Sublet"),
)
CONDITION_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (c, "OEM" if c == "oem" else c.capitalize()) for c in PART_CONDITIONS
)
SHOP_RATE_TEXT = "shop rate"
_HINT_COLOR = "muted"  # a theme colour (app/ui/theme.py)


@dataclass
class LineRow:
    """One editable line; every value is the text as typed."""

    kind: str = LineKind.PART.value
    description: str = ""
    part_number: str = ""
    condition: str = "new"
    quantity: str = "1"
    unit_price: str = ""
    unit_cost: str = ""
    # not shown here; kept so an edit of the grid does not drop them
    core_charge: str = "0"
    discount_percent: str = "0"
    vendor: str = ""
    taxable: bool | None = None
    part_id: uuid.UUID | None = None

    def is_blank(self) -> bool:
        return not (self.description.strip() or self.part_number.strip() or self.unit_price.strip())


# attribute, title, width, right-aligned
COLUMNS: tuple[tuple[str, str, int, bool], ...] = (
    ("kind", "Kind", 80, False),
    ("description", "Description", 240, False),
    ("part_number", "Part no.", 100, False),
    ("condition", "Condition", 100, False),
    ("quantity", "Qty / hours", 95, True),
    ("unit_price", "Unit price", 85, True),
    ("unit_cost", "Unit cost", 85, True),
)
KIND_COLUMN, CONDITION_COLUMN, PRICE_COLUMN = 0, 3, 5
_LABELS = {"kind": dict(KIND_CHOICES), "condition": dict(CONDITION_CHOICES)}


class CannedLinesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[LineRow] = []

    # --- filling and reading ---------------------------------------------------------------
    def set_lines(self, lines: tuple[dict[str, str], ...] | list[dict[str, str]]) -> None:
        """Load a saved job's lines (as ``CannedJobView.lines`` holds them)."""
        self.beginResetModel()
        self._rows = [_row_from_input(line_input_from_dict(data)) for data in lines]
        self.endResetModel()

    def add_line(self) -> int:
        """A new line after the last: labor first, then parts (the usual shape of a job)."""
        kind = LineKind.LABOR.value if not self._rows else LineKind.PART.value
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(LineRow(kind=kind, condition="" if kind != LineKind.PART.value else "new"))
        self.endInsertRows()
        return row

    def remove_line(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def line_inputs(self) -> list[LineInput]:
        """The lines to save, without rows left empty; numbers typed the shop's way are read here."""
        typed = TypedNumbers()
        filled = [row for row in self._rows if not row.is_blank()]
        lines = [_input_from_row(row, typed, number) for number, row in enumerate(filled, start=1)]
        typed.check()
        return lines

    def row_of_line(self, number: int) -> int:
        """The grid row of the ``number``-th line saved (1-based, blank rows skipped), or -1."""
        filled = [i for i, row in enumerate(self._rows) if not row.is_blank()]
        return filled[number - 1] if 0 < number <= len(filled) else -1

    # --- Qt overrides ------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        name, _title, _width, right = COLUMNS[index.column()]
        value = getattr(row, name)
        shop_rate = name == "unit_price" and not value.strip() and row.kind == LineKind.LABOR.value
        if role == Qt.ItemDataRole.DisplayRole:
            return SHOP_RATE_TEXT if shop_rate else _LABELS.get(name, {}).get(value, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ForegroundRole and shop_rate:
            return QBrush(tone(_HINT_COLOR))
        if role == Qt.ItemDataRole.ToolTipRole and shop_rate:
            return "Left empty: the shop's labor rate when the job goes on an estimate"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = RIGHT if right else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            return int(align.value)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.flags(index) & _EDITABLE:
            return False
        row = self._rows[index.row()]
        name = COLUMNS[index.column()][0]
        text = "" if value is None else str(value)
        setattr(row, name, text.strip() if name != "description" else text)
        if name == "kind":  # only parts carry a condition
            row.condition = (row.condition or "new") if text == LineKind.PART.value else ""
        first, last = self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1)
        self.dataChanged.emit(first, last)
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        row = self._rows[index.row()] if 0 <= index.row() < len(self._rows) else None
        if index.column() == CONDITION_COLUMN and (row is None or row.kind != LineKind.PART.value):
            return base
        return base | _EDITABLE

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][1]
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1) if 0 <= section < len(self._rows) else None
        return None


_EDITABLE = Qt.ItemFlag.ItemIsEditable


def _row_from_input(line: LineInput) -> LineRow:
    """A saved line ('12.50' as stored) as the grid shows it ('12,50' in a comma-decimal shop)."""
    return LineRow(
        kind=line.kind.value,
        description=line.description,
        part_number=line.part_number,
        condition=line.condition,
        quantity=_shown(line.quantity, number_input_text),
        unit_price=_shown(line.unit_price, money_input_text),
        unit_cost="" if line.unit_cost.strip() in ("", "0") else _shown(line.unit_cost, money_input_text),
        core_charge=_shown(line.core_charge, money_input_text),
        discount_percent=_shown(line.discount_percent, number_input_text),
        vendor=line.vendor,
        taxable=line.taxable,
        part_id=line.part_id,
    )


def _shown(stored: str, show: Callable[[Decimal], str]) -> str:
    try:
        return show(Decimal(stored)) if stored.strip() else stored
    except InvalidOperation:
        return stored


def _input_from_row(row: LineRow, typed: TypedNumbers, number: int) -> LineInput:
    """A grid row as the service reads it; a wrong number is named 'line 2 unit_price'."""
    return LineInput(
        kind=LineKind(row.kind),
        description=row.description,
        quantity=typed.number(row.quantity, f"line {number} quantity", blank="1"),
        unit_price=typed.money(row.unit_price, f"line {number} unit_price"),
        unit_cost=typed.money(row.unit_cost, f"line {number} unit_cost", blank="0"),
        part_number=row.part_number,
        condition=row.condition if row.kind == LineKind.PART.value else "",
        core_charge=typed.money(row.core_charge, f"line {number} core_charge", blank="0"),
        discount_percent=typed.number(row.discount_percent, f"line {number} discount_percent", blank="0"),
        vendor=row.vendor,
        taxable=row.taxable,
        part_id=row.part_id if row.kind == LineKind.PART.value else None,
    )
