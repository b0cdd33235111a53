"""The count sheet: what a bin or category should hold, with room to write what is there.

The expected quantity is printed small and grey on purpose, beside an empty
box for the counted quantity, so the counter counts the shelf rather than
copying the number.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, Table

from app.domain.locale import AMERICAN, ShopLocale
from app.reports.common import Styles, day_time, grid_style, header_block, para, printed_in, quantity
from app.reports.page import PageText, build_pdf, content_width
from app.services.parts.dto import CountSheet

# bin, SKU, name (the rest), expected, counted box
FIXED = (60, 95, 0, 55, 70)


def count_sheet_pdf(sheet: CountSheet, shop: ShopLocale = AMERICAN) -> bytes:
    """What to count, on the shop's paper, printed at the shop's time."""
    with printed_in(shop):
        return _count_sheet(sheet, shop.timezone, shop.paper)


def _count_sheet(sheet: CountSheet, timezone: str, page_size: str) -> bytes:
    styles = Styles()
    width = content_width(page_size)
    widths = [w or width - sum(FIXED) for w in FIXED]
    rows: list[list[object]] = [
        [
            para("BIN", styles.head),
            para("SKU", styles.head),
            para("PART", styles.head),
            para("EXPECTED", styles.head_right),
            para("COUNTED", styles.head_right),
        ]
    ]
    for row in sheet.rows:
        rows.append(
            [
                para(row.bin_location, styles.cell),
                para(row.sku, styles.cell_bold),
                para(row.name, styles.cell),
                para(quantity(row.on_hand), styles.cell_muted),
                "",
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        grid_style(
            3,
            [
                ("BOX", (4, 1), (4, -1), 0.6, "#8a939c"),
                ("LINEBELOW", (4, 1), (4, -1), 0.6, "#8a939c"),
                ("TOPPADDING", (0, 1), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
            ],
        )
    )
    printed = day_time(sheet.printed_at, timezone)
    story: list[Flowable] = [
        header_block(styles, [sheet.shop_name], "Count sheet", [sheet.title, f"printed {printed}"], width),
        Spacer(1, 10),
        para(
            f"{len(sheet.rows)} parts. Write the quantity on the shelf in the box; "
            "enter the counts in BayDesk (Parts counter, Count) with a reason.",
            styles.note,
        ),
        Spacer(1, 6),
        table,
        Spacer(1, 16),
        para("Counted by: ____________________    Date: ____________", styles.body),
    ]
    text = PageText(
        title=f"Count sheet {sheet.title}",
        author=sheet.shop_name,
        subject="Stock count",
        running_header=f"Count sheet · {sheet.title} · {sheet.shop_name}",
        footer=f"{sheet.shop_name} · count sheet · printed {printed}",
    )
    return build_pdf(story, page_size, text)
