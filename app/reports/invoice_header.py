"""The top of the printed invoice: the shop (with its logo), the document's number and dates,
then the customer and the vehicle side by side."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Image, Table, TableStyle

from app.reports.common import (
    INK,
    MUTED,
    RULE,
    Styles,
    business_day_note,
    day,
    esc,
    header_block,
    miles,
    para,
)
from app.reports.fonts import BOLD, REGULAR
from app.reports.invoice_cells import CELL, SMALL
from app.services.invoicing.dto import InvoiceView

LOGO_BOX = (110.0, 56.0)  # points: the most a logo takes in the header's corner
CAPTION = 62.0  # the caption column of each box of the parties block

Box = tuple[str, list[tuple[str, str]]]  # a box's title and its (caption, value) rows


def document_title(view: InvoiceView, copy: bool) -> str:
    title = "CREDIT NOTE" if view.kind == "credit_note" else "INVOICE"
    if view.status == "void":
        title = f"VOID {title}"
    return f"{title} · COPY" if copy else title


def header(view: InvoiceView, styles: Styles, width: float, copy: bool) -> Table:
    """The shop and the document's number, date and work order; the logo, if any, in the corner."""
    label = "Credit note" if view.kind == "credit_note" else "Invoice"
    subtitle = [
        f"{label} no. <b>{view.number}</b>",
        f"Date: {esc(day(view.posted_at, view.timezone))}",
    ]
    note = business_day_note(view.business_date, view.posted_at, view.timezone)
    if note:  # posted after that day's close: it belongs to the next business day
        subtitle.append(esc(note))
    if view.work_order_number is not None:
        subtitle.append(f"Work order no. {view.work_order_number}")
    if view.on_account and view.due_date is not None:
        subtitle.append(f"Charged to account · due {esc(day(view.due_date))}")
    if copy:
        subtitle.append("<b>COPY</b> · reprint of the original")
    shop = (view.shop_name, view.shop_address, view.shop_phone)
    logo = _logo(view.logo)
    if logo is None:
        return header_block(styles, shop, document_title(view, copy), subtitle, width)
    rest = width - LOGO_BOX[0] - 10
    block = header_block(styles, shop, document_title(view, copy), subtitle, rest)
    framed = Table([[logo, block]], colWidths=[LOGO_BOX[0] + 10, rest])
    framed.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return framed


def _logo(data: bytes) -> Image | None:
    """The shop's logo (our own stored PNG or JPEG, never fetched), fitted into the header's corner."""
    if not data:
        return None
    try:
        width, height = ImageReader(BytesIO(data)).getSize()
    except (OSError, ValueError):
        return None  # a logo that no longer reads does not stop the invoice
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
    image = Image(BytesIO(data), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def parties(view: InvoiceView, styles: Styles, width: float) -> Table:
    """Customer and vehicle side by side, boxed: captions and values as plain strings."""
    boxes = _boxes(view)
    half = width / len(boxes)
    columns = [CAPTION, half - CAPTION] * len(boxes)
    height = max(len(rows) for _, rows in boxes)
    data: list[list[object]] = [[cell for title, _ in boxes for cell in (title, "")]]
    for index in range(height):
        row: list[object] = []
        for number, (_, rows) in enumerate(boxes):
            caption, value = rows[index] if index < len(rows) else ("", "")
            room = columns[2 * number + 1] - 8
            row += [caption, value if stringWidth(value, REGULAR, CELL) <= room else para(value, styles.cell)]
        data.append(row)
    table = Table(data, colWidths=columns)
    table.setStyle(_parties_style(len(boxes)))
    return table


def _boxes(view: InvoiceView) -> list[Box]:
    """The customer's box, and the vehicle's when the invoice is for one."""
    customer = [
        ("Name", view.customer_name or "Counter sale"),
        ("Phone", view.customer_phone),
        ("Address", view.customer_address),
    ]
    if view.tax_exempt_number:
        customer.append(("Tax exempt", f"Certificate {view.tax_exempt_number}"))
    boxes = [("CUSTOMER", customer)]
    if view.vehicle_description or view.vin:
        vehicle = [
            ("Vehicle", view.vehicle_description),
            ("VIN", view.vin or "—"),
            ("Plate", view.plate or "—"),
            ("Odometer in", miles(view.odometer_in)),
            ("Odometer out", miles(view.odometer_out)),
        ]
        boxes.append(("VEHICLE", vehicle))
    return boxes


def _parties_style(boxes: int) -> TableStyle:
    """Titles small and muted on top, captions muted beside their values, a rule between the boxes."""
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 1), (-1, -1), CELL),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), SMALL),
        ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
    ]
    for number in range(boxes):
        commands += [
            ("FONTSIZE", (2 * number, 1), (2 * number, -1), SMALL),
            ("TEXTCOLOR", (2 * number, 1), (2 * number, -1), MUTED),
            ("TOPPADDING", (2 * number, 1), (2 * number, -1), 2.5),
        ]
        if number:
            commands.append(("LINEBEFORE", (2 * number, 0), (2 * number, -1), 0.6, RULE))
    return TableStyle(commands)
