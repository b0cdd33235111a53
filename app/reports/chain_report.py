"""The chain report: every shop's months and stock, a page per section, with ReportLab charts.

Sections: the shops over the period, the chain month by month, each shop's
sales month by month, stock value by shop, and the slow movers. Every number
comes from the ``ChainReport``; the key figures are its properties (the same
arithmetic as the end of day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from app.domain.locale import AMERICAN, ShopLocale
from app.reports.common import (
    ACCENT,
    MUTED,
    SHADE,
    Styles,
    day,
    document_locale,
    dollars,
    esc,
    grid_style,
    header_block,
    money,
    para,
    printed_in,
    quantity,
)
from app.reports.fonts import BOLD, REGULAR
from app.reports.page import PageText, build_pdf, content_width
from app.services.day.chain_dto import ChainReport, ShopMonth

SECTIONS = ("Shops", "Chain by month", "Sales by shop and month", "Stock by shop", "Slow movers")
BAR = colors.HexColor("#3f6e9e")
BAR_2 = colors.HexColor("#d08c2e")
MATRIX_MONTHS = 12  # the sales matrix shows the period's last twelve months


def render_chain_report(report: ChainReport, owner: str, shop: ShopLocale = AMERICAN) -> bytes:
    """The chain report as PDF bytes, in the way of writing of the owner's shop."""
    with printed_in(replace(shop, timezone="UTC")):
        return _chain_report(report, owner, shop.paper)


def _chain_report(report: ChainReport, owner: str, page_size: str) -> bytes:
    styles = Styles()
    width = content_width(page_size)
    period = f"{_month(report.first_month)} – {_month(report.last_month)}"
    pages = (
        _shops_page(report, styles, width),
        _months_page(report, styles, width),
        _matrix_page(report, styles, width),
        _stock_page(report, styles, width),
        _slow_page(report, styles, width),
    )
    story: list[Flowable] = [
        header_block(styles, [owner, f"{len(report.shops)} shops"], "Chain report", [esc(period)], width),
        Spacer(1, 6),
    ]
    for index, (title, content) in enumerate(zip(SECTIONS, pages, strict=True)):
        if index:
            story.append(PageBreak())
        story += [para(title, styles.heading), *content]
    return build_pdf(
        story,
        page_size,
        PageText(
            title=f"Chain report {period}",
            author=owner,
            subject="Chain report",
            running_header=f"Chain report · {period}",
            footer=f"{owner} · chain report · {period}",
        ),
    )


def _month(value: object) -> str:
    return document_locale().month(value)  # type: ignore[arg-type]


def _opt(value: Decimal | None) -> str:
    return money(value) if value is not None else "—"


def _margin(row: ShopMonth) -> str:
    return f"{row.gross_margin}%" if row.gross_margin is not None else "—"


# --- sections -------------------------------------------------------------------------------

FIGURE_HEAD = ["Invoices", "Cars", "Sales", "ARO", "Gross profit", "Margin", "Labor rate"]


def _figures(row: ShopMonth) -> list[str]:
    return [
        document_locale().integer(row.invoices),
        document_locale().integer(row.car_count),
        money(row.sales),
        _opt(row.aro),
        money(row.gross_profit),
        _margin(row),
        _opt(row.effective_labor_rate),
    ]


def _figure_table(first: str, rows: Sequence[tuple[str, ShopMonth]], total: ShopMonth, width: float) -> Table:
    data = [[first, *FIGURE_HEAD]] + [[label, *_figures(row)] for label, row in rows]
    data.append(["Chain", *_figures(total)])
    widths = [width * w for w in (0.2, 0.09, 0.08, 0.14, 0.1, 0.14, 0.09, 0.16)]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(grid_style(1, [("FONTNAME", (0, -1), (-1, -1), BOLD), *_font(len(data))]))
    return table


def _font(rows: int, size: float = 7.5) -> list[tuple[object, ...]]:
    return [("FONTSIZE", (0, 0), (-1, rows - 1), size), ("FONTNAME", (0, 0), (-1, 0), BOLD)]


def _shops_page(report: ChainReport, styles: Styles, width: float) -> list[Flowable]:
    shops = report.by_shop()
    return [
        Paragraph(
            "Net sales before tax (credit notes and voids taken off), invoiced cars, average repair "
            "order, gross profit after parts, labor and sublet cost, and labor sales per billed hour.",
            styles.note,
        ),
        Spacer(1, 4),
        _figure_table("Shop", [(row.shop, row) for row in shops], report.total(), width),
        Spacer(1, 8),
        _hbars("Sales and gross profit by shop", [(r.shop, r.sales, r.gross_profit) for r in shops], width),
    ]


def _months_page(report: ChainReport, styles: Styles, width: float) -> list[Flowable]:
    months = report.by_month()
    return [
        _figure_table("Month", [(_month(row.month), row) for row in months], report.total(), width),
        Spacer(1, 8),
        _vbars(
            "Chain sales and gross profit by month",
            [(_month(r.month), r.sales, r.gross_profit) for r in months],
            width,
        ),
    ]


def _matrix_page(report: ChainReport, styles: Styles, width: float) -> list[Flowable]:
    months = report.month_list()[-MATRIX_MONTHS:]
    head = ["Shop", *(_month(m) for m in months)]
    data = [head]
    for shop_id, name in report.shops:
        data.append([name, *(money(report.shop_month(shop_id, m).sales) for m in months)])
    table = Table(data, colWidths=[width * 0.16] + [width * 0.84 / len(months)] * len(months), repeatRows=1)
    table.setStyle(grid_style(1, _font(len(data), 6)))
    note = "Net sales before tax" + (
        f"; the period's last {MATRIX_MONTHS} months." if len(report.month_list()) > MATRIX_MONTHS else "."
    )
    cars = [
        (name, Decimal(sum(m.car_count for m in report.months if m.shop_id == sid)), None)
        for sid, name in report.shops
    ]
    return [
        Paragraph(esc(note), styles.note),
        Spacer(1, 4),
        table,
        Spacer(1, 8),
        _hbars("Cars by shop", cars, width, count=True),
    ]


def _stock_page(report: ChainReport, styles: Styles, width: float) -> list[Flowable]:
    data = [["Shop", "Parts on hand", "Value at cost", "Slow parts", "Slow value", "Slow share"]]
    for row in report.stock:
        share = f"{(row.slow_value * 100 / row.value).quantize(Decimal('0.1'))}%" if row.value else "—"
        data.append(
            [
                row.shop,
                document_locale().integer(row.parts),
                money(row.value),
                document_locale().integer(row.slow_parts),
                money(row.slow_value),
                share,
            ]
        )
    total = sum((r.value for r in report.stock), Decimal(0))
    slow = sum((r.slow_value for r in report.stock), Decimal(0))
    data.append(["Chain", "", dollars(total), "", dollars(slow), ""])
    table = Table(data, colWidths=[width * 0.3] + [width * 0.7 / 5] * 5, repeatRows=1)
    table.setStyle(grid_style(1, [("FONTNAME", (0, -1), (-1, -1), BOLD), *_font(len(data))]))
    note = (
        f"Stock on hand now at each part's cost; slow: nothing left the shelf since {day(report.slow_since)}."
    )
    bars = [(r.shop, r.value, r.slow_value) for r in report.stock]
    return [
        Paragraph(esc(note), styles.note),
        Spacer(1, 4),
        table,
        Spacer(1, 8),
        _hbars("Stock value and slow stock by shop", bars, width, labels=("value", "slow")),
    ]


def _slow_page(report: ChainReport, styles: Styles, width: float) -> list[Flowable]:
    data = [["Shop", "Part", "Description", "On hand", "Value", "Last out"]]
    for row in report.slow_movers:
        last = day(row.last_out) if row.last_out is not None else "never"
        data.append([row.shop, row.sku, row.name[:40], quantity(row.on_hand), money(row.value), last])
    if len(data) == 1:
        data.append(["No slow stock", "", "", "", "", ""])
    table = Table(data, colWidths=[width * w for w in (0.2, 0.14, 0.3, 0.1, 0.12, 0.14)], repeatRows=1)
    table.setStyle(grid_style(3, _font(len(data))))
    note = f"The stock that has not left the shelf since {day(report.slow_since)}, the most money first."
    return [Paragraph(esc(note), styles.note), Spacer(1, 4), table]


# --- charts ---------------------------------------------------------------------------------


def _frame(title: str, width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, title, fontName=BOLD, fontSize=8.5, fillColor=ACCENT))
    return drawing


def _axes(chart: HorizontalBarChart | VerticalBarChart, values: list[float]) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = 6.5
        axis.strokeColor = MUTED
    chart.valueAxis.gridStrokeColor = SHADE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.valueMin = min([0.0, *values])
    chart.valueAxis.valueMax = max([1.0, *values])
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = BAR
    if len(chart.data) > 1:
        chart.bars[1].fillColor = BAR_2


def _legend(drawing: Drawing, x: float, y: float, labels: tuple[str, str]) -> None:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = REGULAR, 7
    legend.columnMaximum = 1
    legend.alignment = "right"
    legend.deltax = 70
    legend.colorNamePairs = [(BAR, labels[0]), (BAR_2, labels[1])]
    drawing.add(legend)


def _hbars(
    title: str,
    items: Sequence[tuple[str, Decimal, Decimal | None]],
    width: float,
    count: bool = False,
    labels: tuple[str, str] = ("sales", "gross profit"),
) -> Drawing:
    """One bar (or two) per shop, the shops down the side."""
    height = max(120.0, 9.0 * len(items) * (1 if count else 2) + 50)
    drawing = _frame(title, width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 110, 18, width - 130, height - 48
    series = [[float(a) for _, a, _b in items]]
    if not count:
        series.append([float(b or 0) for _, _a, b in items])
    chart.data = series
    chart.categoryAxis.categoryNames = [label[:22] for label, _a, _b in items]
    chart.categoryAxis.reverseDirection = True
    _axes(chart, [v for s in series for v in s])
    drawing.add(chart)
    if not count:
        _legend(drawing, width - 150, height - 6, labels)
    return drawing


def _vbars(title: str, items: Sequence[tuple[str, Decimal, Decimal]], width: float) -> Drawing:
    """Two bars a month, the months along the bottom (every few named where there are many)."""
    height = 200.0
    drawing = _frame(title, width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 50, 30, width - 60, height - 60
    series = [[float(a) for _, a, _b in items], [float(b) for _, _a, b in items]]
    chart.data = series
    step = max(1, len(items) // 12)
    chart.categoryAxis.categoryNames = [
        label if i % step == 0 else "" for i, (label, _a, _b) in enumerate(items)
    ]
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    _axes(chart, series[0] + series[1])
    drawing.add(chart)
    _legend(drawing, width - 150, height - 6, ("sales", "gross profit"))
    return drawing
