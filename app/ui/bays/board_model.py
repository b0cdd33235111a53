"""The bay board's item models: one list of cards per column, a card dragged between them.

A drop does not move the row itself: it asks (``card_dropped``) for the car to
be put in that bay, and the board shows the result once the service answers.
A refresh that finds the same cards in the same order only repaints them, so
the person's selection and scroll position stay where they were.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont

from app.services.bays.dto import BayCard, BayUtilizationRow, BayView, TechnicianJob, TechnicianReportRow
from app.ui.formatting import amount_text, percent_text, promised_text
from app.ui.shared.table_model import RIGHT, AnyIndex, Column, RowTableModel

MIME_TYPE = "application/x-baydesk-work-order"
CARD_ROLE = Qt.ItemDataRole.UserRole + 2
DENSITY_FONT = {"compact": 0.92, "normal": 1.0, "large": 1.8}  # card text size, times the body text


def duration_text(minutes: int | None) -> str:
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def card_text(card: BayCard, now: datetime, zone: ZoneInfo) -> str:
    """What a card says, in lines a person reads from across the room."""
    lines = [f"#{card.number}  {card.vehicle}" + (f" · {card.plate}" if card.plate else "")]
    lines.append(card.customer)
    lines.append(" — ".join(p for p in (card.technician or "No technician", card.status_label) if p))
    tail = []
    if card.in_bay_since is not None:
        tail.append(f"In bay {duration_text(card.minutes_in_bay(now))}")
    if card.promised_at is not None:
        promised = promised_text(card.promised_at, zone, now)  # a promise missed days ago shows its date
        tail.append(f"Promised {promised}")  # "late" is the card's tag (card_delegate.py)
    if tail:
        lines.append(" · ".join(tail))
    return "\n".join(lines)


class BoardColumnModel(QAbstractListModel):
    """The cards of one column (a bay, "waiting" or "done today")."""

    card_dropped = Signal(object, str)  # work order id, this column's key

    def __init__(
        self, key: str, zone: ZoneInfo, parent: QObject | None = None, *, accepts_drops: bool = True
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.zone = zone
        self.accepts_drops = accepts_drops
        self.density = "normal"
        self.now = datetime.now(zone)
        self._cards: list[BayCard] = []

    # --- filling -----------------------------------------------------------------------------
    def set_cards(self, cards: Sequence[BayCard], now: datetime) -> None:
        self.now = now
        same = [c.work_order_id for c in cards] == [c.work_order_id for c in self._cards]
        if same:
            self._cards = list(cards)
            if self._cards:
                self.dataChanged.emit(self.index(0), self.index(len(self._cards) - 1))
            return
        self.beginResetModel()
        self._cards = list(cards)
        self.endResetModel()

    def set_large(self, large: bool) -> None:
        self.set_density("large" if large else "normal")

    def set_density(self, density: str) -> None:
        """ "compact" (eight bays on a 1,920-pixel screen), "normal" or "large" (a wall screen)."""
        self.density = density
        if self._cards:
            self.dataChanged.emit(self.index(0), self.index(len(self._cards) - 1))

    def cards(self) -> list[BayCard]:
        return list(self._cards)

    def row_of(self, work_order_id: uuid.UUID) -> int:
        return next((i for i, c in enumerate(self._cards) if c.work_order_id == work_order_id), -1)

    # --- Qt's model interface ----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return card_text(card, self.now, self.zone)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return card_text(card, self.now, self.zone).replace("\n", ", ") + (", late" if card.late else "")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setPointSizeF(font.pointSizeF() * DENSITY_FONT[self.density])
            return font
        if role == CARD_ROLE:
            return card
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.accepts_drops else Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        cards = [self._cards[i.row()] for i in indexes if i.isValid() and 0 <= i.row() < len(self._cards)]
        if cards:
            data.setData(MIME_TYPE, str(cards[0].work_order_id).encode())
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return self.accepts_drops and data.hasFormat(MIME_TYPE)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            work_order_id = uuid.UUID(bytes(data.data(MIME_TYPE).data()).decode())
        except ValueError:
            return False
        if self.row_of(work_order_id) < 0:  # dropped where it already is: nothing to do
            self.card_dropped.emit(work_order_id, self.key)
        return False  # the board moves the card when the service has put the car in the bay


def _hours(value: Any) -> str:
    return amount_text(value)


def _percent(value: Any) -> str:
    return "—" if value is None else percent_text(Decimal(value).quantize(Decimal("0.1")) / 100)


TECHNICIAN_JOB_COLUMNS: tuple[Column[TechnicianJob], ...] = (
    Column("WO", lambda j: str(j.number), lambda j: j.number, RIGHT, width=60),
    Column("Vehicle", lambda j: f"{j.vehicle} · {j.plate}" if j.plate else j.vehicle, width=200),
    Column("Job", lambda j: j.title, width=200),
    Column("Clock", lambda j: j.clock_label, width=90),
    Column("My hours", lambda j: _hours(j.my_hours), lambda j: j.my_hours, RIGHT, width=80),
    Column("Actual hours", lambda j: _hours(j.actual_hours), lambda j: j.actual_hours, RIGHT, width=95),
    Column("Technician", lambda j: j.technician or "—", width=130),
)

TECHNICIAN_REPORT_COLUMNS: tuple[Column[TechnicianReportRow], ...] = (
    Column("Technician", lambda r: r.technician, width=160),
    Column("Shift h", lambda r: _hours(r.shift_hours), lambda r: r.shift_hours, RIGHT, width=80),
    Column("Job-clock h", lambda r: _hours(r.job_hours), lambda r: r.job_hours, RIGHT, width=90),
    Column("Productivity", lambda r: _percent(r.productivity), lambda r: r.productivity, RIGHT, width=100),
    Column(
        "Billed h",
        lambda r: _hours(r.billed_hours),
        lambda r: r.billed_hours,
        RIGHT,
        width=80,
        tooltip="Flagged labor hours on work orders closed in the range",
    ),
    Column(
        "Clocked on those",
        lambda r: _hours(r.clocked_on_closed),
        lambda r: r.clocked_on_closed,
        RIGHT,
        width=120,
    ),
    Column("Efficiency", lambda r: _percent(r.efficiency), lambda r: r.efficiency, RIGHT, width=90),
)

BAY_COLUMNS: tuple[Column[BayView], ...] = (
    Column("Bay", lambda b: b.name, width=140),
    Column("Area", lambda b: b.area, width=110),
    Column("Holds", lambda b: str(b.capacity), lambda b: b.capacity, RIGHT, width=60),
    Column("Cars in it", lambda b: str(b.occupied), lambda b: b.occupied, RIGHT, width=75),
    Column("Status", lambda b: b.status_label + (f": {b.status_note}" if b.status_note else ""), width=200),
    Column("Equipment", lambda b: ", ".join(b.equipment), width=260),
)

BAY_UTILIZATION_COLUMNS: tuple[Column[BayUtilizationRow], ...] = (
    Column("Bay", lambda r: r.bay, width=160),
    Column("Occupied h", lambda r: _hours(r.occupied_hours), lambda r: r.occupied_hours, RIGHT, width=95),
    Column("Open h", lambda r: _hours(r.open_hours), lambda r: r.open_hours, RIGHT, width=80),
    Column("Utilization", lambda r: _percent(r.utilization), lambda r: r.utilization, RIGHT, width=95),
)


class TechnicianJobsModel(RowTableModel[TechnicianJob]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(TECHNICIAN_JOB_COLUMNS, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            job = self.row_at(index.row()) if index.isValid() else None
            if job is not None and job.clock_state == "running":
                font = QFont()
                font.setBold(True)
                return font
            return None
        return super().data(index, role)
