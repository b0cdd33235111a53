"""How values read on screen: odometers with separators, times in the shop's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime

from app.services.customers.dto import CustomerView, VehicleView


def odometer_text(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def local_time_text(moment: datetime, zone: ZoneInfo) -> str:
    """A stored UTC moment as the shop's wall clock shows it."""
    return moment.astimezone(zone).strftime("%b %d, %Y %H:%M")


def address_text(customer: CustomerView) -> str:
    """The postal address as it would be written on an envelope."""
    place = " ".join(p for p in (customer.region, customer.postal_code) if p)
    city_line = ", ".join(p for p in (customer.city, place) if p)
    lines = (customer.address_line1, customer.address_line2, city_line, customer.country)
    return "\n".join(line for line in lines if line)


def phones_text(customer: CustomerView) -> str:
    return "\n".join(p for p in (customer.phone, customer.alt_phone) if p)


def plate_text(vehicle: VehicleView) -> str:
    if not vehicle.plate:
        return ""
    return f"{vehicle.plate} ({vehicle.plate_region})" if vehicle.plate_region else vehicle.plate


def vehicle_title(vehicle: VehicleView) -> str:
    """'2019 Honda Civic · 7ABC123': how the counter names a car."""
    parts = [vehicle.description]
    if vehicle.trim:
        parts[0] += f" {vehicle.trim}"
    if vehicle.plate:
        parts.append(vehicle.plate)
    return " · ".join(parts)


def qdatetime(moment: datetime) -> QDateTime:
    """A wall-clock ``datetime`` as the QDateTime a date-time edit shows (its zone dropped)."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second, moment.microsecond // 1000),
    )
