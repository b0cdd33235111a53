"""The end-of-day report: the day's figures as frozen by its close, with charts.

Tables first (sales by category, KPIs, payments, drawers, the grand total and
the audit chain head), then four charts drawn with ReportLab's own graphics:
sales by category, payments by method, sales by hour, and technician hours
billed against hours on the job clock. Every number on the page comes from
the ``EndOfDayView``; nothing is recomputed here but sums of what it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.domain.end_of_day import over_short_words
from app.domain.locale import AMERICAN, ShopLocale
from app.reports.common import (
    ACCENT,
    MUTED,
    SHADE,
    Styles,
    day_time,
    document_locale,
    dollars,
    esc,
    grid_style,
    header_block,
    long_day,
    money,
    para,
    printed_in,
    quantity,
)
from app.reports.fonts import BOLD, REGULAR
from app.reports.page import PageText, build_pdf, content_width
from app.services.day.dto import EndOfDayView

CATEGORY_ROWS: tuple[tuple[str, str], ...] = (
    ("Labor", "labor"),
    ("Parts", "parts"),
    ("Fees and shop supplies", "fees"),
    ("Sublet", "sublet"),
    ("Core charges", "cores"),
)
BAR = colors.HexColor("#3f6e9e")
BAR_2 = colors.HexColor("#d08c2e")


def render_end_of_day(view: EndOfDayView, shop: ShopLocale = AMERICAN) -> bytes:
    """The end-of-day report for ``view`` as PDF bytes, on the shop's paper and in its way of writing."""
    with printed_in(replace(shop, timezone=view.timezone)):
        return _end_of_day(view, shop.paper)


def _end_of_day(view: EndOfDayView, page_size: str) -> bytes:
    styles = Styles()
    width = content_width(page_size)
    when = view.business_date
    date_text = long_day(when)
    status = (
        f"Closed by {view.closed_by}, {day_time(view.closed_at, view.timezone)}"
        if view.closed and view.closed_at is not None
        else "NOT CLOSED: figures as they stand now"
    )
    story: list[Flowable] = [
        header_block(
            styles,
            [view.shop_name, view.shop_address, view.shop_phone],
            "End of day",
            [esc(date_text), esc(status)],
            width,
        ),
        Spacer(1, 8),
        para("Sales", styles.heading),
        _sales_table(view, styles, width),
        Spacer(1, 4),
        _two_columns(
            [para("Key figures", styles.heading), _kpi_table(view, styles, width / 2 - 8)],
            [para("Payments", styles.heading), _payments_table(view, styles, width / 2 - 8)],
            width,
        ),
        *_second_payers(view, styles, width),
        para("Cash drawers", styles.heading),
        _drawers_table(view, styles, width),
        KeepTogether([para("Charts", styles.heading), _charts(view, width)]),
        para("Grand total and audit", styles.heading),
        _closing_table(view, styles, width),
    ]
    return build_pdf(
        story,
        page_size,
        PageText(
            title=f"End of day {when.isoformat()}",
            author=view.shop_name,
            subject="End-of-day report",
            running_header=f"End of day · {date_text} · {view.shop_name}",
            footer=f"{view.shop_name} · end of day {when.isoformat()} · "
            + ("closed" if view.closed else "not closed"),
        ),
    )


# --- tables ---------------------------------------------------------------------------------


def _sales_table(view: EndOfDayView, styles: Styles, width: float) -> Table:
    f = view.figures
    columns = (
        ("Invoices", f.invoices),
        ("Credit notes", f.credit_notes),
        ("Voids", f.voids),
        ("Net", f.net),
    )
    head = ["", *(f"{label} ({sales.count})" if label != "Net" else label for label, sales in columns)]
    rows: list[list[str]] = [head]
    for label, name in CATEGORY_ROWS:
        rows.append([label, *(_amount(getattr(sales, name), label == "Voids") for label, sales in columns)])
    rows.append(["Sales before tax", *(_amount(s.subtotal, label == "Voids") for label, s in columns)])
    rows.append(["Tax collected", *(_amount(s.tax, label == "Voids") for label, s in columns)])
    rows.append(["Cash rounding", *(_amount(s.cash_rounding, label == "Voids") for label, s in columns)])
    rows.append(["Total", *(_amount(s.total, label == "Voids") for label, s in columns)])
    rows.append(["Discounts given (in the lines above)", *(_amount(s.discount, False) for _, s in columns)])
    table = Table(rows, colWidths=[width * 0.32] + [width * 0.17] * 4)
    table.setStyle(
        grid_style(
            1,
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTNAME", (-1, 1), (-1, -1), BOLD),
                ("FONTNAME", (0, 6), (-1, 6), BOLD),
                ("FONTNAME", (0, 9), (-1, 9), BOLD),
                ("LINEABOVE", (0, 6), (-1, 6), 0.6, MUTED),
                ("LINEABOVE", (0, 9), (-1, 9), 0.6, MUTED),
                ("TEXTCOLOR", (0, 10), (-1, 10), MUTED),
            ],
        )
    )
    return table


def _amount(value: Decimal, taken_off: bool) -> str:
    """Voids print as what they take off the day: in parentheses."""
    if taken_off and value:
        return f"({money(value)})"
    return money(value)


def _kpi_table(view: EndOfDayView, styles: Styles, width: float) -> Table:
    k = view.kpis

    def opt(value: Decimal | None, unit: str = "¤") -> str:
        if value is None:
            return "—"
        return dollars(value) if unit == "¤" else f"{quantity(value)}{unit}"

    rows = [
        ["Car count (work orders invoiced)", str(k.car_count)],
        ["Average repair order", opt(k.aro)],
        ["Average repair order with tax", opt(k.aro_with_tax)],
        ["Gross profit on labor", dollars(k.labor_gross_profit)],
        ["Gross profit on parts", dollars(k.parts_gross_profit)],
        ["Gross profit", dollars(k.gross_profit)],
        ["Gross margin", opt(k.gross_margin, " %")],
        ["Hours billed", money(k.billed_hours)],
        ["Hours on the job clock", money(k.clocked_hours)],
        ["Effective labor rate", opt(k.effective_labor_rate)],
    ]
    return _plain_table(rows, width)


def _payments_table(view: EndOfDayView, styles: Styles, width: float) -> Table:
    f = view.figures
    rows = [[f"{p.label} ({p.count})", money(p.amount)] for p in f.payments]
    if not rows:
        rows.append(["No payments", money(Decimal(0))])
    rows.append(["Money taken", money(f.payments_total)])
    rows.append(["Cash deposits", money(f.deposits)])
    rows.append(["Drawers over / short", money(f.cash_over_short)])
    table = _plain_table(rows, width)
    table.setStyle(TableStyle([("FONTNAME", (0, len(rows) - 3), (-1, len(rows) - 3), BOLD)]))
    return table


def _second_payers(view: EndOfDayView, styles: Styles, width: float) -> list[Flowable]:
    """Insurers' and warranty companies' parts of the day's documents, beside the customers' parts."""
    totals = view.figures.second_payers
    if not totals:
        return []
    rows = [["Payer", "Documents", "Payer's part", "Customers' part"]]
    rows += [[p.name, str(p.count), money(p.payer), money(p.customer)] for p in totals]
    table = Table(rows, colWidths=[width * 0.4, width * 0.16, width * 0.22, width * 0.22])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, SHADE),
            ]
        )
    )
    return [para("Second payers (on their accounts)", styles.heading), table]


def _plain_table(rows: Sequence[Sequence[str]], width: float) -> Table:
    table = Table([list(r) for r in rows], colWidths=[width * 0.66, width * 0.34])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _drawers_table(view: EndOfDayView, styles: Styles, width: float) -> Flowable:
    drawers = view.figures.drawers
    if not drawers:
        return para("No cash drawer was opened on this day.", styles.note)
    head = [
        "Terminal",
        "Float",
        "Cash taken",
        "Paid in",
        "Paid out",
        "Expected",
        "Counted",
        "Over/short",
        "Deposit",
    ]
    rows: list[list[object]] = [list[object](head)]
    for d in drawers:
        rows.append(
            [
                para(f"{d.terminal} ({d.opened_by})", styles.cell),
                money(d.opening_float),
                money(d.cash_taken),
                money(d.paid_in),
                money(d.paid_out),
                money(d.expected),
                "not counted" if d.counted is None else money(d.counted),
                "" if d.over_short is None else money(d.over_short),
                "" if d.deposit is None else money(d.deposit),
            ]
        )
        if d.over_short:
            rows.append(
                [
                    para(
                        f"{over_short_words(d.over_short, document_locale()).capitalize()}: {d.reason}",
                        styles.cell_muted,
                    )
                ]
            )
    fixed = width * 0.22
    table = Table(rows, colWidths=[fixed] + [(width - fixed) / 8] * 8)
    spans = [("SPAN", (0, i), (-1, i)) for i, r in enumerate(rows) if len(r) == 1]
    table.setStyle(
        grid_style(1, [("FONTNAME", (0, 0), (-1, -1), REGULAR), ("FONTSIZE", (0, 0), (-1, -1), 8), *spans])
    )
    return table


def _closing_table(view: EndOfDayView, styles: Styles, width: float) -> Table:
    f = view.figures
    numbers = "—" if f.first_number is None else f"{f.first_number} to {f.last_number}"
    rows = [
        ["Invoice numbers of the day", numbers],
        ["Grand total before this day", money(view.grand_total_before)],
        ["Invoiced this day", money(f.invoices.total)],
        ["Grand total after this day", money(view.grand_total_after)],
        [f"Audit chain head (entry {view.audit_seq})", view.audit_hash[:32]],
        ["", view.audit_hash[32:]],
    ]
    if not view.closed:
        rows[3][0] = "Grand total after this day (when closed)"
    table = _plain_table(rows, width)
    table.setStyle(TableStyle([("FONTNAME", (1, 4), (1, 5), "Courier"), ("FONTNAME", (0, 3), (-1, 3), BOLD)]))
    return table


def _two_columns(left: list[Flowable], right: list[Flowable], width: float) -> Table:
    table = Table([[left, right]], colWidths=[width / 2, width / 2])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 16),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ]
        )
    )
    return table


# --- charts ---------------------------------------------------------------------------------


def _charts(view: EndOfDayView, width: float) -> Table:
    half = width / 2 - 6
    net = view.figures.net
    f = view.figures
    clock_note = "" if f.clock_available else " (no time clock kept)"
    cells = [
        [
            _hbar(
                "Sales by category (net)",
                [(label, getattr(net, name)) for label, name in CATEGORY_ROWS],
                half,
            ),
            _hbar(
                "Payments by method",
                [(p.label, p.amount) for p in f.payments] or [("No payments", Decimal(0))],
                half,
            ),
        ],
        [
            _hourly_chart(view, half),
            _hours_chart("Technician hours: billed vs clocked" + clock_note, view, half),
        ],
    ]
    table = Table(cells, colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _frame(title: str, width: float, height: float = 170) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, title, fontName=BOLD, fontSize=8.5, fillColor=ACCENT))
    return drawing


def _axis_fonts(chart: HorizontalBarChart | VerticalBarChart) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = 7
        axis.strokeColor = MUTED
    chart.valueAxis.gridStrokeColor = SHADE
    chart.valueAxis.visibleGrid = True


def _value_range(values: Sequence[float]) -> tuple[float, float]:
    low, high = min([0.0, *values]), max([0.0, *values])
    return low, high if high > low else low + 1


def _bar_label(value: float) -> str:
    """A bar's figure written the shop's way (the chart hands it over as a float)."""
    return money(Decimal(str(round(value, 2))))


def _hbar(title: str, items: Sequence[tuple[str, Decimal]], width: float) -> Drawing:
    drawing = _frame(title, width)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 92, 18, width - 140, 125
    values = [float(v) for _, v in items]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [label for label, _ in items]
    chart.categoryAxis.reverseDirection = True
    chart.bars[0].fillColor = BAR
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = _value_range(values)
    chart.barLabelFormat = _bar_label
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    _axis_fonts(chart)
    drawing.add(chart)
    return drawing


def _hourly_chart(view: EndOfDayView, width: float) -> Drawing:
    drawing = _frame("Sales by hour (documents posted)", width)
    hourly = {h.hour: h.amount for h in view.figures.hourly}
    first = min([8, *hourly]) if hourly else 8
    last = max([17, *hourly]) if hourly else 17
    hours = list(range(first, last + 1))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 22, width - 50, 120
    values = [float(hourly.get(h, Decimal(0))) for h in hours]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [document_locale().hour_label(h) for h in hours]
    chart.categoryAxis.labelAxisMode = "low"
    chart.bars[0].fillColor = BAR
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = _value_range(values)
    _axis_fonts(chart)
    drawing.add(chart)
    return drawing


def _hours_chart(title: str, view: EndOfDayView, width: float) -> Drawing:
    drawing = _frame(title, width)
    technicians = view.figures.technicians or ()
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 22, width - 50, 108
    chart.categoryAxis.labelAxisMode = "low"
    billed = [float(t.billed) for t in technicians] or [0.0]
    clocked = [float(t.clocked) for t in technicians] or [0.0]
    chart.data = [billed, clocked]
    chart.categoryAxis.categoryNames = [t.name.split(" ")[0] for t in technicians] or ["No technician time"]
    chart.bars[0].fillColor = BAR
    chart.bars[1].fillColor = BAR_2
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = _value_range(billed + clocked)
    _axis_fonts(chart)
    legend = Legend()
    legend.x, legend.y = 44, 146
    legend.fontName = REGULAR
    legend.fontSize = 7
    legend.columnMaximum = 1
    legend.alignment = "right"
    legend.deltax = 60
    legend.colorNamePairs = [(BAR, "billed"), (BAR_2, "clocked")]
    drawing.add(chart)
    drawing.add(legend)
    return drawing
