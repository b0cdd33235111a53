"""The open work orders list and a vehicle's work order history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QFont

from app.services.work_orders.dto import HistoryEntry, WorkOrderRow
from app.ui.formatting import day_text, money, odometer_text, promised_text
from app.ui.shared.table_model import RIGHT, AnyIndex, Column, RowTableModel
from app.ui.theme import tone
from app.ui.work_orders.text import DECISION_LABELS, status_text

LATE_COLOR = "error"  # theme colours (app/ui/theme.py)
REAUTH_COLOR = "warning"
PROMISED_COLUMN = 6
REAUTH_COLUMN = 7


def _promised(zone: ZoneInfo, clock: Callable[[], datetime]) -> Callable[[WorkOrderRow], str]:
    def text(row: WorkOrderRow) -> str:
        shown = promised_text(row.promised_at, zone, clock())
        return f"{shown} · late" if row.late else shown

    return text


def work_order_columns(zone: ZoneInfo, clock: Callable[[], datetime]) -> tuple[Column[WorkOrderRow], ...]:
    """The list's columns; promise times on the shop's clock (``zone``)."""
    return (
        Column("No.", lambda r: str(r.number), lambda r: r.number, RIGHT, width=55),
        Column("Status", lambda r: status_text(r.status_label, r.hold_reason), width=170),
        Column("Customer", lambda r: r.customer, width=140),
        Column("Vehicle", lambda r: r.vehicle, width=155),
        Column("Plate", lambda r: r.plate, width=80),
        Column("Technician", lambda r: r.technician, width=115),
        Column("Promised", _promised(zone, clock), lambda r: r.promised_at, width=184),
        Column(
            "Re-auth",
            lambda r: "Re-authorize" if r.needs_reauthorization else "",
            width=100,
            tooltip="Changed after the customer authorized: ask them again before going on",
        ),
    )


class WorkOrdersModel(RowTableModel[WorkOrderRow]):
    """Late promises in red and bold; a needed re-authorization in amber."""

    def __init__(
        self, zone: ZoneInfo, clock: Callable[[], datetime] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(work_order_columns(zone, clock or (lambda: datetime.now(zone))), parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            return super().data(index, role)
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        flagged = (index.column() == PROMISED_COLUMN and row.late) or (
            index.column() == REAUTH_COLUMN and row.needs_reauthorization
        )
        if not flagged:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(tone(LATE_COLOR if index.column() == PROMISED_COLUMN else REAUTH_COLOR))
        font = QFont()
        font.setBold(True)
        return font


def jobs_text(entry: HistoryEntry) -> str:
    return "; ".join(
        job.title if job.decision == "approved" else f"{job.title} ({DECISION_LABELS[job.decision].lower()})"
        for job in entry.jobs
    )


def history_columns(zone: ZoneInfo) -> tuple[Column[HistoryEntry], ...]:
    return (
        Column("No.", lambda e: str(e.number), lambda e: e.number, RIGHT, width=48),
        Column(
            "Opened",
            lambda e: day_text(e.created_at.astimezone(zone)),
            lambda e: e.created_at,
            width=92,
        ),
        Column("Status", lambda e: e.status_label, width=82),
        Column("Total", lambda e: money(e.total), lambda e: e.total, RIGHT, width=82),
        Column("Odometer", lambda e: odometer_text(e.odometer_in), lambda e: e.odometer_in, RIGHT, width=72),
        Column("Jobs", jobs_text, width=220),
    )


class VehicleWorkOrdersModel(RowTableModel[HistoryEntry]):
    """Every work order of one vehicle, newest first, with its jobs."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(history_columns(zone), parent)
