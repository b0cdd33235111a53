"""The day's schedule on paper: each appointment in time order, then the bays' and technicians' load.

Built from the ``DaySheet`` read model only; times print in the shop's time
zone, on the shop's paper size (Letter or A4).
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer, Table

from app.domain.schedule import Level, hours_text
from app.reports.common import (
    Styles,
    clock,
    day_time,
    esc,
    grid_style,
    header_block,
    long_day,
    para,
    rich,
    wall_clock,
)
from app.reports.page import PageText, build_pdf, content_width
from app.services.schedule.dto import AppointmentView, DayLoad, DaySheet, ResourceLoad

OVER = colors.HexColor("#b3261e")
FULL = colors.HexColor("#8a5300")
HEAD = ("Time", "Customer", "Vehicle", "Concern", "Hours", "Bay / tech")
SHARES = (0.12, 0.2, 0.17, 0.31, 0.07, 0.13)
LOAD_HEAD = ("", "Hours offered", "Booked", "")


def day_schedule_pdf(sheet: DaySheet, page_size: str | None = None) -> bytes:
    """The printed day schedule; ``page_size`` None: the shop's own paper."""
    size = page_size or sheet.page_size
    styles = Styles()
    width = content_width(size)
    day = sheet.load.day
    title_day = long_day(day)
    story: list[Flowable] = [
        header_block(
            styles,
            [sheet.shop_name, sheet.shop_phone],
            "Day schedule",
            [esc(title_day), esc(f"Printed {day_time(sheet.printed_at, sheet.zone)}")],
            width,
        ),
        Spacer(1, 8),
        _summary(sheet.load, styles),
        Spacer(1, 6),
        _appointments(sheet, styles, width),
        Spacer(1, 10),
        para("Load by bay and technician", styles.heading),
        _loads(sheet.load, styles, width),
    ]
    text = PageText(
        title=f"Day schedule {day.isoformat()}",
        author=sheet.shop_name,
        subject="Appointments and capacity for the day",
        running_header=f"Day schedule · {title_day}",
        footer=f"{sheet.shop_name} · day schedule",
    )
    return build_pdf(story, size, text)


def _h(value: Decimal | None) -> str:
    return "—" if value is None else f"{hours_text(value)} h"


def _summary(load: DayLoad, styles: Styles) -> Flowable:
    parts = [
        f"Bays {_h(load.bay_hours)}",
        f"Technicians {_h(load.technician_hours)}",
        f"Booked <b>{_h(load.booked)}</b> of {_h(load.capacity)}",
    ]
    if load.level == Level.OVER:
        parts.append(f'<font color="{OVER.hexval()}"><b>OVER CAPACITY</b></font>')
    elif load.level == Level.FULL:
        parts.append(f'<font color="{FULL.hexval()}"><b>NEARLY FULL</b></font>')
    if load.closed_reason is not None:
        closed = f"Shop closed: {load.closed_reason}" if load.closed_reason else "Shop closed"
        parts.insert(0, f"<b>{esc(closed)}</b>")
    elif load.window is None:
        parts.insert(0, "<b>The bays are not open this day</b>")
    else:
        opens, closes = load.window
        parts.insert(0, f"Open {wall_clock(opens)}–{wall_clock(closes)}")
    return rich(" · ".join(parts), styles.body)


def _appointments(sheet: DaySheet, styles: Styles, width: float) -> Flowable:
    rows: list[list[object]] = [[para(h, styles.head_right if h == "Hours" else styles.head) for h in HEAD]]
    for a in sheet.appointments:
        rows.append(_row(a, sheet.zone, styles))
    extra: list[tuple[object, ...]] = [("ALIGN", (5, 0), (5, -1), "LEFT")]
    if len(rows) == 1:
        rows.append([para("No appointments.", styles.cell_muted), "", "", "", "", ""])
        extra.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(rows, colWidths=[width * s for s in SHARES], repeatRows=1)
    table.setStyle(grid_style(4, extra))
    return table


def _row(a: AppointmentView, zone: str, styles: Styles) -> list[object]:
    notes = ["Waits" if a.waiting else "Drops off"]
    if a.promised_at is not None:
        notes.append(f"promised {clock(a.promised_at, zone)}")
    if a.status != "booked":
        notes.append(a.status_label + (f" (WO {a.work_order_number})" if a.work_order_number else ""))
    concern = esc(a.concern) or "—"
    if a.override_reason:
        concern += f'<br/><font color="{OVER.hexval()}">Over capacity: {esc(a.override_reason)}</font>'
    return [
        rich(
            f"<b>{clock(a.drop_off_at, zone)}</b><br/>to {clock(a.ends_at, zone)}<br/>{esc(', '.join(notes))}",
            styles.cell,
        ),
        rich(f"{esc(a.customer)}<br/>{esc(a.phone)}", styles.cell),
        rich(f"{esc(a.vehicle)}<br/>{esc(a.plate)}", styles.cell),
        rich(concern, styles.cell),
        hours_text(a.expected_hours),
        rich(f"{esc(a.bay) or '—'}<br/>{esc(a.technician) or '—'}", styles.cell),
    ]


def _loads(load: DayLoad, styles: Styles, width: float) -> Flowable:
    rows: list[list[object]] = [
        [para(h, styles.head if i == 0 else styles.head_right) for i, h in enumerate(LOAD_HEAD)]
    ]
    extra: list[tuple[object, ...]] = []
    for resource in (*load.bays, *load.technicians):
        rows.append(_load_row(resource, styles))
        colour = {Level.OVER: OVER, Level.FULL: FULL}.get(resource.level)
        if colour is not None:
            extra.append(("TEXTCOLOR", (3, len(rows) - 1), (3, len(rows) - 1), colour))
    if len(rows) == 1:
        rows.append([para("No bays or technicians set up.", styles.cell_muted), "", "", ""])
        extra.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(rows, colWidths=[width * 0.46, width * 0.18, width * 0.18, width * 0.18], repeatRows=1)
    table.setStyle(grid_style(1, extra))
    return table


def _load_row(resource: ResourceLoad, styles: Styles) -> list[object]:
    name = esc(resource.name) + (
        f' <font size="7.5" color="#5b6570">({esc(resource.note)})</font>' if resource.note else ""
    )
    state = {Level.OVER: "OVER", Level.FULL: "nearly full"}.get(resource.level, "")
    return [rich(name, styles.cell), _h(resource.available), _h(resource.booked), state]
