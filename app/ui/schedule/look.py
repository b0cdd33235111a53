"""How the schedule reads on screen: hours, a day's load, the colour of a level and of a status."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from PySide6.QtGui import QColor

from app.domain.schedule import Level, hours_text
from app.services.schedule.dto import AppointmentView, DayLoad, ResourceLoad
from app.ui.formatting import clock_text, day_range_text, long_day_text

# The style sheet's message colours (resources/style.qss), so "over" reads the same everywhere.
LEVEL_TEXT = {Level.OVER: QColor("#b3261e"), Level.FULL: QColor("#8a5300"), Level.OK: QColor("#1e7b34")}
LEVEL_FILL = {Level.OVER: QColor("#fdecea"), Level.FULL: QColor("#fff4dc")}
LABEL_LEVEL = {Level.OVER: "error", Level.FULL: "warning", Level.OK: "ok", Level.NONE: ""}
STATUS_FILL = {
    "booked": QColor("#dbe6f5"),
    "arrived": QColor("#d8eedd"),
    "no_show": QColor("#eceef1"),
    "cancelled": QColor("#f4f5f7"),
}
STATUS_EDGE = {
    "booked": QColor("#2f6fb3"),
    "arrived": QColor("#1e7b34"),
    "no_show": QColor("#8a9099"),
    "cancelled": QColor("#b8c0cc"),
}
CLOSED_FILL = QColor("#eceef1")
GRID_LINE = QColor("#e2e6eb")
HOUR_LINE = QColor("#c9cfd6")
INK = QColor("#1f2a37")
MUTED = QColor("#5f6368")
SELECTED = QColor("#1f2a37")


def hours(value: Decimal | None) -> str:
    return "—" if value is None else f"{hours_text(value)} h"


def booked_of(booked: Decimal, available: Decimal | None) -> str:
    """'4.5 / 9 h': what is booked of what there is."""
    if available is None:
        return f"{hours_text(booked)} h booked"
    return f"{hours_text(booked)} / {hours_text(available)} h"


def day_summary(load: DayLoad) -> str:
    """The line above the grid: the day's bay and technician hours against what is booked."""
    parts = [f"Bays {hours(load.bay_hours)}", f"Technicians {hours(load.technician_hours)}"]
    parts.append(f"Booked {hours(load.booked)} of {hours(load.capacity)}")
    if load.level == Level.OVER:
        parts.append("OVER CAPACITY")
    elif load.level == Level.FULL:
        parts.append("nearly full")
    if load.closed_reason is not None:
        parts.insert(0, f"Shop closed: {load.closed_reason}" if load.closed_reason else "Shop closed")
    elif load.window is None:
        parts.insert(0, "The bays are not open this day")
    return " · ".join(parts)


def resource_note(load: ResourceLoad | None) -> str:
    return "" if load is None else load.note


def clock(moment: datetime | time) -> str:
    """'9:00 AM' or '14:30', as the shop writes times: the grid's, on its wall clock (the caller converts)."""
    return clock_text(moment)


def day_title(day: date, today: date) -> str:
    """'Tuesday, December 8, 2026 (today)'."""
    text = long_day_text(day)
    return text + (" (today)" if day == today else "")


def week_title(first: date, last: date) -> str:
    return day_range_text(first, last)


def short_name(customer: str) -> str:
    """'Ruiz' for Ana Ruiz, 'Coastal Catering' for 'Coastal Catering (Emily White)'."""
    if " (" in customer:
        return customer.split(" (")[0]
    return customer.rsplit(" ", 1)[-1]


def card_lines(a: AppointmentView, zone_start: datetime, zone_end: datetime) -> list[str]:
    """What a block on the calendar says, most important first (it is cut to fit)."""
    state = "waits" if a.waiting else "drops off"
    if a.status != "booked":
        state = a.status_label + (f" · WO {a.work_order_number}" if a.work_order_number else "")
    lines = [a.customer, f"{clock(zone_start)}–{clock(zone_end)} · {state}", f"{a.vehicle} {a.plate}".strip()]
    if a.concern:
        lines.append(a.concern.splitlines()[0])
    return lines


def tooltip(a: AppointmentView, zone_start: datetime, zone_end: datetime) -> str:
    rows = [
        f"{a.customer} · {a.phone}" if a.phone else a.customer,
        f"{a.vehicle} {a.plate}".strip(),
        f"{clock(zone_start)}–{clock(zone_end)} ({hours_text(a.expected_hours)} h), "
        + ("waits at the shop" if a.waiting else "drops the car off"),
        f"Bay: {a.bay or 'any'} · Technician: {a.technician or 'any'}",
        f"{a.status_label} · booked by {a.source_label.lower()}",
    ]
    if a.concern:
        rows.append(f"Concern: {a.concern}")
    if a.override_reason:
        rows.append(f"Over capacity: {a.override_reason}")
    if a.status_note:
        rows.append(f"Note: {a.status_note}")
    return "\n".join(rows)
