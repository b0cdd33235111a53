"""The readings table: one line per reading, values in the shop's units, codes spelled out in the tip."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush

from app.services.readings.dto import ReadingView
from app.ui.formatting import local_time_text, odometer_text
from app.ui.shared.table_model import RIGHT, AnyIndex, Column, RowTableModel
from app.ui.theme import tone

CODES_COLUMN = 6
VEHICLE_COLUMN = 1


def volts(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.1f} V"


def percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.0f} %"


def celsius(value: Decimal | None) -> str:
    """'92 °C (198 °F)': the shop reads Fahrenheit, the scan tool often Celsius."""
    return "" if value is None else f"{value:.0f} °C ({value * 9 / 5 + 32:.0f} °F)"


def codes_text(reading: ReadingView) -> str:
    if not reading.codes_read:
        return ""
    return " ".join(c.code for c in reading.codes) or "none"


def reading_columns(zone: ZoneInfo) -> tuple[Column[ReadingView], ...]:
    return (
        Column("Taken", lambda r: local_time_text(r.taken_at, zone), lambda r: r.taken_at, width=170),
        Column("Vehicle", lambda r: r.vehicle, width=250),
        Column("Odometer", lambda r: odometer_text(r.odometer), lambda r: r.odometer, RIGHT, width=80),
        Column("Battery", lambda r: volts(r.battery_volts), lambda r: r.battery_volts, RIGHT, width=70),
        Column("Fuel", lambda r: percent(r.fuel_percent), lambda r: r.fuel_percent, RIGHT, width=55),
        Column(
            "Coolant", lambda r: celsius(r.coolant_celsius), lambda r: r.coolant_celsius, RIGHT, width=120
        ),
        Column("Trouble codes", codes_text, width=130),
        Column("Source", lambda r: r.source, width=130),
    )


class ReadingsModel(RowTableModel[ReadingView]):
    """Codes in red; their descriptions as the cell's tip."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(reading_columns(zone), parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        reading = self.row_at(index.row()) if index.isValid() else None
        if reading is not None and index.column() == CODES_COLUMN and reading.codes:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(tone("error"))
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f"{c.code} {c.description}" for c in reading.codes)
        return super().data(index, role)
