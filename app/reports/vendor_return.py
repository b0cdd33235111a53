"""A return to a vendor as it travels with the parts: what goes back, why, under which RMA, the credit due.

Built from the return's read model only; the shop's letterhead and its way of
writing money and dates come from the caller. The credit printed is the sum
of the printed line amounts, to the cent.
"""

from __future__ import annotations

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
from app.services.parts.dto import VendorReturnView

# SKU, part (the rest), kind, quantity, unit cost, amount
COLUMNS = (90, 0, 44, 56, 70, 76)
KIND_WORDS = {"part": "Part", "core": "Core"}


def vendor_return_pdf(
    doc: VendorReturnView, shop_lines: tuple[str, ...], shop: ShopLocale = AMERICAN
) -> bytes:
    """The return document on the shop's paper; ``shop_lines`` is the letterhead (name, address, phone)."""
    with printed_in(shop):
        return _vendor_return(doc, shop_lines, shop.timezone, shop.paper)


def _vendor_return(doc: VendorReturnView, shop_lines: tuple[str, ...], timezone: str, paper: str) -> bytes:
    styles = Styles()
    width = content_width(paper)
    when = day(doc.created_at, timezone)
    vendor = [("Name", doc.vendor_name), ("Phone", doc.vendor_phone), ("Our account", doc.vendor_account)]
    about = [("RMA", doc.rma_number or "—"), ("Reason", doc.reason_label)]
    if doc.work_order_number is not None:
        about.append(("Work order", str(doc.work_order_number)))
    about.append(("Sent by", doc.created_by))
    story: list[Flowable] = [
        header_block(styles, shop_lines, "VENDOR RETURN", [f"No. <b>{doc.number}</b>", esc(when)], width),
        Spacer(1, 10),
        info_boxes(styles, [("Vendor", [r for r in vendor if r[1]]), ("Return", about)], width),
        Spacer(1, 8),
        _lines(doc, styles, width),
        Spacer(1, 6),
        KeepTogether([_total(doc)]),
        Spacer(1, 10),
    ]
    if doc.note:
        story.append(para(f"Note: {doc.note}", styles.small))
        story.append(Spacer(1, 6))
    story.append(
        para(
            "Please credit our account with the amount above and quote the RMA and this return's "
            "number on the credit memo.",
            styles.small,
        )
    )
    return build_pdf(
        story,
        paper,
        PageText(
            title=f"Return to vendor {doc.number}",
            author=shop_lines[0] if shop_lines else "",
            subject=f"Return {doc.number} to {doc.vendor_name}",
            running_header=f"Return {doc.number} · {doc.vendor_name}",
            footer=f"{shop_lines[0] if shop_lines else ''} · return to vendor {doc.number}",
        ),
    )


def _lines(doc: VendorReturnView, styles: Styles, width: float) -> Table:
    fixed = sum(COLUMNS)
    widths = [w or width - fixed for w in COLUMNS]
    rows: list[list[object]] = [
        [
            para("SKU", styles.head),
            para("PART", styles.head),
            para("KIND", styles.head),
            para("QTY", styles.head_right),
            para("UNIT COST", styles.head_right),
            para("CREDIT", styles.head_right),
        ]
    ]
    for line in doc.lines:
        rows.append(
            [
                para(line.sku, styles.cell_bold),
                para(line.description, styles.cell),
                para(KIND_WORDS.get(line.kind, line.kind), styles.cell),
                quantity(line.quantity),
                money(line.unit_cost),
                money(line.amount),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        grid_style(3, [("FONTNAME", (3, 1), (-1, -1), REGULAR), ("FONTSIZE", (3, 1), (-1, -1), 8.5)])
    )
    return table


def _total(doc: VendorReturnView) -> Table:
    table = Table([["CREDIT DUE (at cost)", dollars(doc.credit)]], colWidths=[210, 96], hAlign="RIGHT")
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
