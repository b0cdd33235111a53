"""How the schedule reads on screen: hours, a day's load, the colour of a level and of a status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from PySide6.QtGui import QColor

from app.domain.schedule import Level, hours_text
from app.services.schedule.dto import AppointmentView, DayLoad, ResourceLoad
from app.ui.formatting import clock_text, day_range_text, long_day_text
from app.ui.theme import Theme, current_theme, mix

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


@dataclass(frozen=True)
class GridColours:
    """What the day and week grids paint with, for the light or the dark palette."""

    surface: QColor
    ink: QColor
    muted: QColor
    selected: QColor
    today: QColor
    grid_line: QColor
    hour_line: QColor
    closed: QColor
    outside: QColor  # before opening, after closing, outside a shift
    level_text: dict[Level, QColor]
    level_fill: dict[Level, QColor]
    status_fill: dict[str, QColor]
    status_edge: dict[str, QColor]


LIGHT = GridColours(
    surface=QColor("white"),
    ink=QColor("#1f2a37"),
    muted=QColor("#5f6368"),
    selected=QColor("#1f2a37"),
    today=QColor("#2f6fb3"),
    grid_line=QColor("#e2e6eb"),
    hour_line=QColor("#c9cfd6"),
    closed=QColor("#eceef1"),
    outside=QColor("#eef0f4"),
    level_text=LEVEL_TEXT,
    level_fill=LEVEL_FILL,
    status_fill=STATUS_FILL,
    status_edge=STATUS_EDGE,
)
CLOSED_FILL, GRID_LINE, HOUR_LINE = LIGHT.closed, LIGHT.grid_line, LIGHT.hour_line
INK, MUTED, SELECTED = LIGHT.ink, LIGHT.muted, LIGHT.selected


def _dark(theme: Theme) -> GridColours:
    """The same meanings on a dark surface: soft fills of the theme's own tones, light ink."""
    surface, text = theme.color("surface"), theme.color("text")
    edges = {
        "booked": theme.color("info"),
        "arrived": theme.color("ok"),
        "no_show": theme.color("muted"),
        "cancelled": mix(theme.color("muted"), surface, 0.6),
    }
    return GridColours(
        surface=surface,
        ink=text,
        muted=theme.color("muted"),
        selected=text,
        today=theme.color("info"),
        grid_line=theme.color("border"),
        hour_line=theme.color("border_strong"),
        closed=mix(text, surface, 0.08),
        outside=mix(text, surface, 0.05),
        level_text={
            Level.OVER: theme.color("error"),
            Level.FULL: theme.color("warning"),
            Level.OK: theme.color("ok"),
        },
        level_fill={Level.OVER: theme.color("error_soft"), Level.FULL: theme.color("warning_soft")},
        status_fill={key: mix(edge, surface, 0.22) for key, edge in edges.items()},
        status_edge=edges,
    )


_dark_cache: dict[str, GridColours] = {}


def grid_colours() -> GridColours:
    """The grids' colours for the running palette (BayDesk's light or dark one, or the desktop's)."""
    theme = current_theme()
    if not theme.dark:
        return LIGHT
    if theme.surface not in _dark_cache:
        _dark_cache.clear()
        _dark_cache[theme.surface] = _dark(theme)
    return _dark_cache[theme.surface]


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
