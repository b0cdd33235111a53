"""The technician's work sheet: what to do to which car, and room to write what was found.

It travels with the keys to the bay, so it carries no prices at all (not a
rate, not a total) and only the customer's name. Declined jobs are left off;
jobs still waiting for the customer's approval are printed, marked not to be
started, so the technician can plan but does not work unauthorized (B&P 9884.9).
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.reports.common import (
    CONDITION_LABELS,
    INK,
    KIND_LABELS,
    MUTED,
    Styles,
    day,
    day_time,
    esc,
    figure,
    grid_style,
    header_block,
    info_boxes,
    miles,
    para,
    printed_in,
    quantity,
    rich,
)
from app.reports.page import FieldLine, PageText, RuledLines, build_pdf, content_width
from app.services.work_orders.dto import JobView, LineView, WorkOrderView

# Done box, type, description, part no., condition, qty / hours; the description takes the rest.
FIXED_COLUMNS = (18, 42, 0, 96, 70, 50)
SHOWN_KINDS = ("labor", "part", "sublet")  # fees are the front desk's business


def work_sheet_pdf(view: WorkOrderView) -> bytes:
    """The work sheet for ``view`` as PDF bytes, on the shop's paper."""
    with printed_in(view.shop_locale) as shop:
        return _work_sheet(view, shop.paper)


def _work_sheet(view: WorkOrderView, page_size: str) -> bytes:
    styles = Styles()
    width = content_width(page_size)
    jobs = [job for job in view.jobs if job.decision != "declined"]
    story: list[Flowable] = [
        _header(view, styles, width),
        Spacer(1, 10),
        _boxes(view, styles, width),
        Spacer(1, 4),
        para("Jobs", styles.heading),
    ]
    for job in jobs:
        story.append(_job_block(job, styles, width))
    if not jobs:
        story.append(para("No approved or pending jobs on this work order.", styles.note))
    return build_pdf(
        story,
        page_size,
        PageText(
            title=f"Work sheet {view.number}",
            author=view.shop_name,
            subject=f"Work sheet for {view.vehicle}",
            running_header=f"Work sheet {view.number} · {view.vehicle} · {view.plate}",
            footer=f"{view.shop_name} · Work sheet for work order {view.number}",
        ),
    )


def _header(view: WorkOrderView, styles: Styles, width: float) -> Table:
    subtitle = [
        f"Work order no. <b>{view.number}</b>",
        f"Written: {esc(day(view.created_at, view.timezone))}",
    ]
    return header_block(styles, (view.shop_name, view.shop_phone), "WORK SHEET", subtitle, width)


def _boxes(view: WorkOrderView, styles: Styles, width: float) -> Table:
    promised = day_time(view.promised_at, view.timezone) if view.promised_at else "—"
    vehicle = [
        ("Vehicle", view.vehicle),
        ("VIN", view.vin or "—"),
        ("Plate", view.plate or "—"),
        ("Odometer in", miles(view.odometer_in)),
    ]
    order = [
        ("Customer", view.customer_name),
        ("Promised", promised),
        ("Odometer out", miles(view.odometer_out) if view.odometer_out is not None else "__________"),
    ]
    return info_boxes(styles, [("Vehicle", vehicle), ("Work order", order)], width)


def _job_block(job: JobView, styles: Styles, width: float) -> Flowable:
    pending = job.decision != "approved"
    state = "AWAITING APPROVAL · do not start" if pending else "Approved"
    title = Table(
        [[para(f"{job.position}. {job.title}", styles.job), para(state, styles.job_state)]],
        colWidths=[width * 0.62, width * 0.38],
    )
    title.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TEXTCOLOR", (1, 0), (1, 0), INK if pending else MUTED),
            ]
        )
    )
    hours = sum((line.quantity for line in job.lines if line.kind == "labor"), Decimal("0"))
    summary = f"<b>Labor:</b> {quantity(hours)} h" if hours else "<b>Labor:</b> none"
    summary += f" &nbsp;&nbsp; <b>Technician:</b> {esc(job.technician_name) if job.technician_name else '—'}"
    parts: list[Flowable] = [Spacer(1, 8), title]
    if job.concern:
        parts.append(rich(f"<b>Concern:</b> {esc(job.concern)}", styles.body))
    parts.append(rich(summary, styles.body))
    parts.append(Spacer(1, 3))
    shown = [line for line in job.lines if line.kind in SHOWN_KINDS]
    if shown:
        parts += [_lines_table(shown, styles, width), Spacer(1, 6)]
    parts += _findings(job, styles)
    return KeepTogether(parts)


def _lines_table(lines: list[LineView], styles: Styles, width: float) -> Table:
    head = ["", "Type", "Description", "Part no.", "Condition", "Qty"]
    rows: list[list[object]] = [[para(h, styles.head_right if h == "Qty" else styles.head) for h in head]]
    for line in lines:
        description = esc(line.description)
        if line.kind == "sublet" and line.vendor:
            description += f"<br/><font size=7 color='#5b6570'>Sublet to {esc(line.vendor)}</font>"
        qty = f"{quantity(line.quantity)} h" if line.kind == "labor" else quantity(line.quantity)
        condition = (
            CONDITION_LABELS.get(line.condition, line.condition.title()) if line.kind == "part" else ""
        )
        rows.append(
            [
                para("☐", styles.cell),
                para(KIND_LABELS.get(line.kind, line.kind.title()), styles.cell),
                rich(description, styles.cell),
                para(line.part_number, styles.cell),
                para(condition, styles.cell),
                figure(qty, styles.cell_right, FIXED_COLUMNS[-1]),
            ]
        )
    fixed = sum(FIXED_COLUMNS)
    table = Table(rows, colWidths=[w or width - fixed for w in FIXED_COLUMNS], repeatRows=1)
    table.setStyle(grid_style(5))
    return table


def _findings(job: JobView, styles: Styles) -> list[Flowable]:
    """Cause, correction and notes: what is already recorded, then lines to write on."""
    out: list[Flowable] = []
    for caption, text in (("Cause", job.cause), ("Correction", job.correction)):
        if text:
            out.append(rich(f"<b>{caption} (recorded):</b> {esc(text)}", styles.body))
    out += [
        RuledLines("Cause:", 2),
        RuledLines("Correction:", 3),
        RuledLines("Technician notes:", 1),
        Spacer(1, 4),
        FieldLine([("Technician signature", 2.4), ("Hours worked", 1), ("Date completed", 1.2)], height=30),
        Spacer(1, 2),
        Table(
            [[""]], colWidths=["100%"], rowHeights=[2], style=[("LINEBELOW", (0, 0), (-1, -1), 0.8, MUTED)]
        ),
    ]
    return out
