"""A purchase order as the vendor receives it: what to send, at what cost, and what is still to come.

Built from the purchase order's read model only; the shop's letterhead and
its way of writing money and dates come from the caller.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.domain.locale import AMERICAN, ShopLocale
from app.reports.common import (
    INK,
    SHADE,
    Styles,
    day,
    dollars,
    esc,
    grid_style,
    header_block,
    info_boxes,
    money,
    para,
    printed_in,
    quantity,
)
from app.reports.fonts import BOLD, REGULAR
from app.reports.page import PageText, build_pdf, content_width
from app.services.parts.dto import PurchaseOrderView

# SKU, part (the rest), ordered, received, unit cost, amount
COLUMNS = (90, 0, 56, 56, 70, 76)
STATUS_WORDS = {
    "open": "Open",
    "partial": "Partly received",
    "received": "Received",
    "cancelled": "Cancelled",
}


def purchase_order_pdf(
    po: PurchaseOrderView, shop_lines: tuple[str, ...], shop: ShopLocale = AMERICAN
) -> bytes:
    """The purchase order on the shop's paper; ``shop_lines`` is the letterhead (name, address, phone)."""
    with printed_in(shop):
        return _purchase_order(po, shop_lines, shop.timezone, shop.paper)


def _purchase_order(po: PurchaseOrderView, shop_lines: tuple[str, ...], timezone: str, paper: str) -> bytes:
    styles = Styles()
    width = content_width(paper)
    when = day(po.created_at, timezone)
    status = STATUS_WORDS.get(po.status, po.status.capitalize())
    story: list[Flowable] = [
        header_block(styles, shop_lines, "PURCHASE ORDER", [f"No. <b>{po.number}</b>", esc(when)], width),
        Spacer(1, 10),
        info_boxes(styles, [("Vendor", [("Name", po.vendor_name)]), ("Order", [("Status", status)])], width),
        Spacer(1, 8),
        _lines(po, styles, width),
        Spacer(1, 6),
        KeepTogether([_total(po)]),
        Spacer(1, 12),
        para(
            "Please confirm prices and delivery; quote our PO number on the packing slip and invoice.",
            styles.small,
        ),
    ]
    return build_pdf(
        story,
        paper,
        PageText(
            title=f"Purchase order {po.number}",
            author=shop_lines[0] if shop_lines else "",
            subject=f"Purchase order {po.number} to {po.vendor_name}",
            running_header=f"Purchase order {po.number} · {po.vendor_name}",
            footer=f"{shop_lines[0] if shop_lines else ''} · purchase order {po.number}",
        ),
    )


def _lines(po: PurchaseOrderView, styles: Styles, width: float) -> Table:
    fixed = sum(COLUMNS)
    widths = [w or width - fixed for w in COLUMNS]
    rows: list[list[object]] = [
        [
            para("SKU", styles.head),
            para("PART", styles.head),
            para("ORDERED", styles.head_right),
            para("RECEIVED", styles.head_right),
            para("UNIT COST", styles.head_right),
            para("AMOUNT", styles.head_right),
        ]
    ]
    for line in po.lines:
        rows.append(
            [
                para(line.sku, styles.cell_bold),
                para(line.name, styles.cell),
                quantity(line.ordered),
                quantity(line.received),
                money(line.unit_cost),
                money(line.ordered * line.unit_cost),
            ]
        )
    if not po.lines:
        rows.append(["", para("No lines on this order.", styles.cell_muted), "", "", "", ""])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        grid_style(2, [("FONTNAME", (2, 1), (-1, -1), REGULAR), ("FONTSIZE", (2, 1), (-1, -1), 8.5)])
    )
    return table


def _total(po: PurchaseOrderView) -> Table:
    total = sum((line.ordered * line.unit_cost for line in po.lines), Decimal(0))
    table = Table(
        [["ORDER TOTAL (at cost)", dollars(total.quantize(Decimal("0.01")))]],
        colWidths=[210, 96],
        hAlign="RIGHT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 10.5),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, INK),
            ]
        )
    )
    return table
