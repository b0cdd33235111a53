"""The front desk's tables: search results, a customer's vehicles, odometer readings."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject

from app.services.customers.dto import CustomerHit, OdometerView, VehicleView
from app.ui.formatting import local_time_text, odometer_text, plate_text
from app.ui.shared.table_model import RIGHT, Column, RowTableModel

HIT_COLUMNS: tuple[Column[CustomerHit], ...] = (
    Column("Name", lambda h: h.name, width=190),
    Column("Company", lambda h: h.company, width=150),
    Column("Phone", lambda h: h.phone, width=125),
    Column("Email", lambda h: h.email, width=230),
    Column("City", lambda h: h.city, width=100),
    Column(
        "Vehicle",
        lambda h: h.vehicle,
        width=200,
        tooltip="Shown when the customer was found by a plate or VIN",
    ),
)

VEHICLE_COLUMNS: tuple[Column[VehicleView], ...] = (
    Column("Vehicle", lambda v: " ".join(p for p in (v.description, v.trim) if p), width=190),
    Column("Plate", plate_text, width=105),
    Column("VIN", lambda v: v.vin or "", width=175),
    Column("Odometer", lambda v: odometer_text(v.odometer), lambda v: v.odometer, RIGHT, width=85),
)


def odometer_columns(zone: ZoneInfo) -> tuple[Column[OdometerView], ...]:
    """Readings with their time on the shop's wall clock (``zone``)."""
    return (
        Column("Reading", lambda r: odometer_text(r.reading), lambda r: r.reading, RIGHT, width=80),
        Column("When", lambda r: local_time_text(r.recorded_at, zone), lambda r: r.recorded_at, width=135),
        Column("By", lambda r: r.recorded_by, width=110),
        Column("Reason", lambda r: r.lower_reason, width=120, tooltip="Why a reading went down"),
    )


class CustomerHitsModel(RowTableModel[CustomerHit]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HIT_COLUMNS, parent)


class VehiclesModel(RowTableModel[VehicleView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(VEHICLE_COLUMNS, parent)


class OdometerModel(RowTableModel[OdometerView]):
    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(odometer_columns(zone), parent)
