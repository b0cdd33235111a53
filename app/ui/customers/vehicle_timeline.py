"""A vehicle's time line: its work orders and what it reported (readings) in one list, newest first.

The work orders keep the columns they always had (number, date, status,
total, odometer, jobs); a reading fills the same columns with what it says,
so the mileage and a trouble code sit between the visits that explain them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush

from app.services.readings.dto import ReadingView
from app.services.work_orders.dto import HistoryEntry
from app.ui.formatting import day_text, money, odometer_text
from app.ui.readings.tables import celsius, percent, volts
from app.ui.shared.table_model import RIGHT, AnyIndex, Column, RowTableModel
from app.ui.theme import tone
from app.ui.work_orders.tables import jobs_text


@dataclass(frozen=True)
class TimelineRow:
    when: datetime
    kind: str  # "work_order" or "reading"
    number: int | None
    status: str
    total: Decimal | None
    odometer: int | None
    details: str
    work_order_id: uuid.UUID | None = None
    has_codes: bool = False


def timeline(entries: list[HistoryEntry], readings: list[ReadingView], zone: ZoneInfo) -> list[TimelineRow]:
    """Work orders and readings, newest first; of a day's readings, the newest and the newest with codes."""
    rows = [
        TimelineRow(e.created_at, "work_order", e.number, e.status_label, e.total, e.odometer_in, jobs_text(e),
                    e.work_order_id)
        for e in entries
    ]  # fmt: skip
    rows += [
        TimelineRow(r.taken_at, "reading", None, "Reading", None, r.odometer, reading_details(r), None, bool(r.codes))
        for r in daily(readings, zone)
    ]  # fmt: skip
    return sorted(rows, key=lambda row: row.when, reverse=True)


def daily(readings: list[ReadingView], zone: ZoneInfo) -> list[ReadingView]:
    """A telematics unit reports every few hours: the time line keeps what a person reads per day."""
    kept: dict[tuple[object, bool], ReadingView] = {}
    for reading in sorted(readings, key=lambda r: r.taken_at, reverse=True):
        day = reading.taken_at.astimezone(zone).date()
        kept.setdefault((day, False), reading)
        if reading.codes:
            kept.setdefault((day, True), reading)
    return list({id(r): r for r in kept.values()}.values())


def reading_details(reading: ReadingView) -> str:
    parts = [f"{c.code} {c.description}" for c in reading.codes]
    if reading.codes_read and not reading.codes:
        parts.append("no trouble codes")
    for label, text in (
        ("battery", volts(reading.battery_volts)),
        ("coolant", celsius(reading.coolant_celsius)),
        ("fuel", percent(reading.fuel_percent)),
    ):
        if text:
            parts.append(f"{label} {text}")
    return "; ".join(parts) + f" ({reading.source})"


def timeline_columns(zone: ZoneInfo) -> tuple[Column[TimelineRow], ...]:
    return (
        Column("No.", lambda r: str(r.number) if r.number else "", lambda r: r.number, RIGHT, width=48),
        Column("Date", lambda r: day_text(r.when), lambda r: r.when, width=92),
        Column("Status", lambda r: r.status, width=82),
        Column(
            "Total",
            lambda r: money(r.total) if r.total is not None else "",
            lambda r: r.total,
            RIGHT,
            width=82,
        ),
        Column("Odometer", lambda r: odometer_text(r.odometer), lambda r: r.odometer, RIGHT, width=72),
        Column("Jobs, or what the car reported", lambda r: r.details, width=260),
    )


class VehicleTimelineModel(RowTableModel[TimelineRow]):
    """Readings in blue (a trouble code in red), between the work orders."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(timeline_columns(zone), parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if role == Qt.ItemDataRole.ForegroundRole and row is not None and row.kind == "reading":
            return QBrush(tone("error") if row.has_codes and index.column() == 5 else tone("info"))
        return super().data(index, role)
