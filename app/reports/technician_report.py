"""Technician efficiency and productivity, and bay utilization, as a PDF (from the report DTO only)."""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable, Spacer, Table

from app.domain.locale import AMERICAN, ShopLocale
from app.reports.common import Styles, day, grid_style, money, para, percent, printed_in
from app.reports.page import PageText, build_pdf, content_width
from app.services.bays.dto import TechnicianReport

TECH_HEAD = (
    "Technician",
    "Shift h",
    "Job-clock h",
    "Productivity",
    "Billed h",
    "Clocked on closed",
    "Efficiency",
)
BAY_HEAD = ("Bay", "Occupied h", "Open h", "Utilization")


def _hours(value: Decimal) -> str:
    return money(value)  # two decimals, the shop's marks


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else percent(value.quantize(Decimal("0.1")) / 100)


def technician_report_pdf(report: TechnicianReport, shop: ShopLocale = AMERICAN) -> bytes:
    """Efficiency, productivity and bay utilization for the period, on the shop's paper."""
    with printed_in(shop):
        return _technician_report(report, shop.paper)


def _technician_report(report: TechnicianReport, page_size: str) -> bytes:
    styles = Styles()
    width = content_width(page_size)
    period = f"{day(report.first)} – {day(report.last)}"
    story: list[Flowable] = [
        para(report.shop_name, styles.shop),
        para(f"Technician efficiency, productivity and bay utilization · {period}", styles.heading),
        para(
            "Productivity = job-clock hours / shift-clock hours in the period. Efficiency = billed (flagged) hours / "
            "job-clock hours on work orders closed in the period. Utilization = hours a bay held a car while the "
            "shop was open / hours open.",
            styles.note,
        ),
        Spacer(1, 8),
        para("Technicians", styles.heading),
    ]
    rows: list[list[object]] = [
        [para(h, styles.head if i == 0 else styles.head_right) for i, h in enumerate(TECH_HEAD)]
    ]
    for r in report.technicians:
        rows.append(
            [
                para(r.technician, styles.cell),
                _hours(r.shift_hours),
                _hours(r.job_hours),
                _percent(r.productivity),
                _hours(r.billed_hours),
                _hours(r.clocked_on_closed),
                _percent(r.efficiency),
            ]
        )
    if len(rows) == 1:
        rows.append([para("No technician time in this period.", styles.cell_muted), "", "", "", "", "", ""])
    first = width * 0.28
    table = Table(rows, colWidths=[first] + [(width - first) / 6] * 6, repeatRows=1)
    table.setStyle(grid_style(1))
    story += [table, Spacer(1, 10), para("Bays", styles.heading)]
    rows = [[para(h, styles.head if i == 0 else styles.head_right) for i, h in enumerate(BAY_HEAD)]]
    for b in report.bays:
        rows.append(
            [
                para(b.bay, styles.cell),
                _hours(b.occupied_hours),
                _hours(b.open_hours),
                _percent(b.utilization),
            ]
        )
    if len(rows) == 1:
        rows.append([para("No bays in use.", styles.cell_muted), "", "", ""])
    table = Table(rows, colWidths=[width * 0.4] + [width * 0.2] * 3, repeatRows=1)
    table.setStyle(grid_style(1))
    story.append(table)
    text = PageText(
        title=f"Technician report {period}",
        author=report.shop_name,
        subject="Technician efficiency and bay utilization",
        running_header=f"Technician report · {period}",
        footer=f"{report.shop_name} · technician report",
    )
    return build_pdf(story, page_size, text)
