"""The printed invoice (or credit note): what the customer pays and keeps.

What it shows (Cal. Code Regs. tit. 16, 3356; DOMAIN.md, Invoices): the shop,
the customer and the vehicle (VIN, plate, odometer in and out), each job with
its concern, cause and correction, every part with its number, condition and
price, every labor line, fees, labor and parts subtotalled apart, tax apart,
the total, the payments and the balance due, the authorization history and
the shop's warranty terms. Every amount is the posted snapshot: nothing is
recomputed, so the paper equals the stored invoice to the cent, and the
printed lines plus the tax add up to the printed total.

A reprint is marked COPY; a voided invoice is marked VOID with its reason.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.domain.pricing import AUTH_METHOD_LABELS
from app.reports.common import (
    CONDITION_LABELS,
    INK,
    MUTED,
    RULE,
    SHADE,
    Styles,
    clock,
    day,
    day_time,
    dollars,
    esc,
    grid_style,
    header_block,
    miles,
    money,
    para,
    percent,
    quantity,
    rich,
    signed,
)
from app.reports.fonts import BOLD, REGULAR
from app.reports.page import PageText, build_pdf, content_width
from app.services.invoicing.dto import InvoiceLineView, InvoiceView

# Type, description, part no., condition, qty/hrs, unit price, amount; the description takes the rest.
FIXED_COLUMNS = (44, 0, 72, 62, 44, 60, 64)
QTY, PRICE, AMOUNT = FIXED_COLUMNS[4:]
TOTALS_COLUMNS = (210, 96)
LOGO_BOX = (110.0, 56.0)  # points: the most a logo takes in the header's corner
PAYMENT_COLUMNS = (96, 70, 0, 80)
HISTORY_COLUMNS = (100, 0, 70, 80, 72, 64)
CATEGORY_LABELS = {
    "labor": "Labor",
    "part": "Part",
    "fee": "Fee",
    "sublet": "Sublet",
    "shop_supplies": "Supplies",
    "cash_rounding": "Rounding",
}


def invoice_pdf(view: InvoiceView, page_size: str = "letter", *, copy: bool = False) -> bytes:
    """The invoice or credit note as PDF bytes ('letter' or 'a4'); ``copy`` marks a reprint."""
    styles = Styles()
    width = content_width(page_size)
    story: list[Flowable] = [_header(view, styles, width, copy), Spacer(1, 10)]
    if view.status == "void":
        story.append(
            rich(
                f"<b>VOID.</b> This invoice was voided on {esc(day_time(view.voided_at, view.timezone))}"
                if view.voided_at
                else "<b>VOID.</b>",
                styles.body,
            )
        )
        story.append(para(f"Reason: {view.void_reason} (voided by {view.voided_by})", styles.body))
        story.append(Spacer(1, 6))
    if view.kind == "credit_note":
        story.append(
            para(
                f"Credit note against invoice {view.credited_invoice_number}. Reason: {view.note}",
                styles.body,
            )
        )
        story.append(Spacer(1, 6))
    story.append(_parties(view, styles, width))
    story.append(Spacer(1, 4))
    story.extend(_work(view, styles, width))
    story.append(Spacer(1, 8))
    story.append(KeepTogether(_totals(view, styles)))
    story.extend(_payments(view, styles, width))
    if view.authorizations:
        story.append(para("Authorization history", styles.heading))
        story.append(Spacer(1, 3))
        story.append(_history(view, styles, width))
    if view.footer:
        story.append(Spacer(1, 10))
        story.append(para("Warranty and terms", styles.label))
        story.append(para(view.footer, styles.small))
    customer = view.customer_name or "customer"
    title = view.title + (" (copy)" if copy else "")
    return build_pdf(
        story,
        page_size,
        PageText(
            title=title,
            author=view.shop_name,
            subject=f"{view.title} for {customer}",
            running_header=f"{title} · {customer} · {view.vehicle_description}",
            footer=f"{view.shop_name} · {view.title}" + (" · COPY" if copy else ""),
        ),
    )


def document_title(view: InvoiceView, copy: bool) -> str:
    title = "CREDIT NOTE" if view.kind == "credit_note" else "INVOICE"
    if view.status == "void":
        title = f"VOID {title}"
    return f"{title} · COPY" if copy else title


def _header(view: InvoiceView, styles: Styles, width: float, copy: bool) -> Table:
    label = "Credit note" if view.kind == "credit_note" else "Invoice"
    subtitle = [
        f"{label} no. <b>{view.number}</b>",
        f"Date: {esc(day(view.posted_at, view.timezone))}",
    ]
    if view.work_order_number is not None:
        subtitle.append(f"Work order no. {view.work_order_number}")
    if view.on_account and view.due_date is not None:
        subtitle.append(f"Charged to account · due {esc(view.due_date.strftime('%b %d, %Y'))}")
    if copy:
        subtitle.append("<b>COPY</b> · reprint of the original")
    shop = (view.shop_name, view.shop_address, view.shop_phone)
    logo = _logo(view.logo)
    if logo is None:
        return header_block(styles, shop, document_title(view, copy), subtitle, width)
    rest = width - LOGO_BOX[0] - 10
    header = header_block(styles, shop, document_title(view, copy), subtitle, rest)
    framed = Table([[logo, header]], colWidths=[LOGO_BOX[0] + 10, rest])
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


def _parties(view: InvoiceView, styles: Styles, width: float) -> Table:
    """Customer and vehicle side by side, boxed: captions and values as plain strings."""
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
    half = width / len(boxes)
    columns = [62.0, half - 62.0] * len(boxes)
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
    for number in range(len(boxes)):
        commands += [
            ("FONTSIZE", (2 * number, 1), (2 * number, -1), SMALL),
            ("TEXTCOLOR", (2 * number, 1), (2 * number, -1), MUTED),
            ("TOPPADDING", (2 * number, 1), (2 * number, -1), 2.5),
        ]
        if number:
            commands.append(("LINEBEFORE", (2 * number, 0), (2 * number, -1), 0.6, RULE))
    table.setStyle(TableStyle(commands))
    return table


def _columns(width: float) -> list[float]:
    fixed = sum(FIXED_COLUMNS)
    return [w or width - fixed for w in FIXED_COLUMNS]


def _work(view: InvoiceView, styles: Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [para("Work done" if view.jobs else "Items", styles.heading)]
    story.append(
        para(
            "Each part is marked New, Used, Rebuilt, OEM or Aftermarket. "
            "Sublet work is done for us by another business and is marked Sublet.",
            styles.small,
        )
    )
    story.append(Spacer(1, 3))
    for job in view.jobs:
        own = [line for line in view.lines if line.job_position == job.position]
        title = para(f"{job.position}. {job.title}", styles.job)
        title.keepWithNext = True
        block: list[Flowable] = [Spacer(1, 5), title]
        if job.concern:
            block.append(rich(f"<b>Concern:</b> {esc(job.concern)}", styles.body))
        if job.cause:
            block.append(rich(f"<b>Cause:</b> {esc(job.cause)}", styles.body))
        if job.correction:
            block.append(rich(f"<b>Correction:</b> {esc(job.correction)}", styles.body))
        if job.technician_name:
            block.append(para(f"Technician: {job.technician_name}", styles.small))
        block.append(Spacer(1, 3))
        block.append(_lines_table(own, styles, width, f"Job {job.position} subtotal"))
        story.extend(block)
    loose = [line for line in view.lines if line.job_position is None]
    if loose:
        story.append(Spacer(1, 6))
        label = "Other charges" if view.jobs else "Subtotal"
        story.append(_lines_table(loose, styles, width, label))
    return story


# Cells are plain strings wherever nothing wraps: ReportLab draws them literally (no markup
# at all), and a table of strings lays out several times faster than one of Paragraphs.
CELL, HEAD, SMALL = 8.5, 7.5, 7.0
_CORE_STYLE = ParagraphStyle("core", fontName=REGULAR, fontSize=CELL, leading=10.5, textColor=INK)


def _fit(text: str, column: float, size: float, font: str = REGULAR) -> float:
    """The font size at which ``text`` fits ``column`` (4 pt padding each side): smaller, never clipped."""
    room = column - 8
    while size > 5 and stringWidth(text, font, size) > room:
        size -= 0.5
    return size


def _plain_style(
    numeric_from: int, header: bool = True, extra: list[tuple[object, ...]] | None = None
) -> TableStyle:
    first = 1 if header else 0
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, first), (-1, -1), CELL),
        ("LEADING", (0, first), (-1, -1), 10.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    if header:
        commands += [
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("FONTSIZE", (0, 0), (-1, 0), HEAD),
            ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ]
    return grid_style(numeric_from, [*commands, *(extra or [])])


def _lines_table(lines: list[InvoiceLineView], styles: Styles, width: float, label: str) -> Table:
    columns = _columns(width)
    rows: list[list[object]] = [
        ["Type", "Description", "Part no.", "Condition", "Qty", "Unit price", "Amount"]
    ]
    extra: list[tuple[object, ...]] = []
    for line in lines:
        rows.append(_line_row(line, styles, columns, len(rows), extra))
        if line.core_amount:
            rows.append(_core_row(line, columns, len(rows), extra))
    subtotal = sum((line.printed for line in lines), Decimal("0.00"))
    last = len(rows)
    rows.append([label, "", "", "", "", "", money(subtotal)])
    _shrink(
        ["", "", "", "", "", "", money(subtotal)], columns, last, extra, BOLD
    )  # the label spans six columns
    table = Table(rows, colWidths=columns, repeatRows=1)
    table.setStyle(
        _plain_style(
            4,
            extra=[
                ("SPAN", (0, last), (5, last)),
                ("ALIGN", (0, last), (5, last), "RIGHT"),
                ("FONTNAME", (0, last), (-1, last), BOLD),
                ("LINEABOVE", (0, last), (-1, last), 0.6, RULE),
                ("BACKGROUND", (0, last), (-1, last), SHADE),
                *extra,
            ],
        )
    )
    return table


def _shrink(
    row: list[object], columns: list[float], index: int, extra: list[tuple[object, ...]], font: str = REGULAR
) -> None:
    """Set a smaller size for the plain cells of ``row`` that would not fit their column."""
    for column, cell in enumerate(row):
        if isinstance(cell, str) and cell and column != 1:  # a long description wraps instead
            size = _fit(cell, columns[column], CELL, font)
            if size != CELL:
                extra.append(("FONTSIZE", (column, index), (column, index), size))


def _line_row(
    line: InvoiceLineView, styles: Styles, columns: list[float], index: int, extra: list[tuple[object, ...]]
) -> list[object]:
    kind = CATEGORY_LABELS.get(line.category, line.category.title())
    notes = []
    if line.category == "sublet":
        notes.append(
            f"Sublet: work done by {line.vendor}"
            if line.vendor
            else "Sublet: work done by an outside business"
        )
    if line.discount_percent:
        notes.append(f"Less {quantity(line.discount_percent)}% discount ({money(line.discount_amount)})")
    if line.technician_name and line.category == "labor":
        notes.append(line.technician_name)
    description: object = line.description
    if notes or stringWidth(line.description, REGULAR, CELL) > columns[1] - 8:
        markup = esc(line.description) + "".join(
            f"<br/><font size=7 color='#5b6570'>{esc(note)}</font>" for note in notes
        )
        description = rich(markup, styles.cell)
    condition = (
        CONDITION_LABELS.get(line.condition, line.condition.title()) if line.category == "part" else ""
    )
    qty = f"{quantity(line.quantity)} h" if line.category == "labor" else quantity(line.quantity)
    row: list[object] = [
        kind,
        description,
        line.part_number,
        condition or ("Sublet" if line.category == "sublet" else ""),
        qty,
        money(line.unit_price),
        money(line.amount),
    ]
    _shrink(row, columns, index, extra)
    return row


def _core_row(
    line: InvoiceLineView, columns: list[float], index: int, extra: list[tuple[object, ...]]
) -> list[object]:
    text = "Core deposit (refunded when the old part is returned)"
    row: list[object] = [
        "Core",
        text if stringWidth(text, REGULAR, CELL) <= columns[1] - 8 else Paragraph(text, _CORE_STYLE),
        "",
        "",
        quantity(line.quantity),
        money(line.core_charge),
        money(line.core_amount),
    ]
    _shrink(row, columns, index, extra)
    return row


def totals_rows(view: InvoiceView) -> list[tuple[str, str]]:
    """The totals block, label and printed figure, in order (also what the receipt prints)."""
    t = view.totals
    rows: list[tuple[str, str]] = [
        ("Labor", money(t.labor)),
        ("Parts", money(t.parts)),
        ("Fees", money(t.fees - t.shop_supplies)),
        ("Sublet", money(t.sublet)),
    ]
    if t.cores:
        rows.append(("Core charges (refundable)", money(t.cores)))
    if t.shop_supplies:
        rows.append(("Shop supplies", money(t.shop_supplies)))
    rows.append(("Subtotal", money(t.subtotal)))
    if view.tax_exempt_number:
        rows.append((f"Tax: exempt, certificate {view.tax_exempt_number}", money(t.tax)))
    else:
        rows.append((f"Tax ({percent(view.tax_rate)})", money(t.tax)))
    if t.cash_rounding:
        rows.append(("Cash rounding", money(t.cash_rounding)))
    return rows


def _totals(view: InvoiceView, styles: Styles) -> list[Flowable]:
    t = view.totals
    rows: list[list[object]] = [[label, value] for label, value in totals_rows(view)]
    subtotal_row = next(i for i, row in enumerate(rows) if row[0] == "Subtotal")
    last = len(rows)
    rows.append(["TOTAL CREDIT" if view.kind == "credit_note" else "TOTAL", dollars(t.total)])
    extra: list[tuple[object, ...]] = []
    if t.discount:  # already taken off the lines above: shown, not subtracted again
        rows.append(["Includes discounts of", money(t.discount)])
        extra += [("FONTSIZE", (0, -1), (-1, -1), 8), ("TEXTCOLOR", (0, -1), (-1, -1), MUTED)]
    grand = _fit(dollars(t.total), TOTALS_COLUMNS[1], 11.5, BOLD)
    table = Table(rows, colWidths=list(TOTALS_COLUMNS), hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("LEADING", (0, 0), (-1, -1), 12),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEABOVE", (0, subtotal_row), (-1, subtotal_row), 0.5, RULE),
                ("FONTNAME", (0, last), (-1, last), BOLD),
                ("FONTSIZE", (0, last), (0, last), 11.5),
                ("FONTSIZE", (1, last), (1, last), grand),
                ("LEADING", (0, last), (-1, last), 14),
                ("LINEABOVE", (0, last), (-1, last), 1.2, INK),
                ("BACKGROUND", (0, last), (-1, last), SHADE),
                ("TOPPADDING", (0, last), (-1, last), 5),
                ("BOTTOMPADDING", (0, last), (-1, last), 5),
                *extra,
            ]
        )
    )
    return [table]


def _payments(view: InvoiceView, styles: Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [para("Payments", styles.heading), Spacer(1, 3)]
    fixed = sum(PAYMENT_COLUMNS)
    columns = [w or width - fixed for w in PAYMENT_COLUMNS]
    rows: list[list[object]] = [["Date", "Method", "Detail", "Amount"]]
    for p in view.payments:
        detail = p.detail
        if p.kind == "deposit":
            detail = ("Deposit. " + detail).strip()
        if p.settles_account:
            detail = ("Account payment. " + detail).strip()
        cell: object = detail
        if stringWidth(detail, REGULAR, CELL) > columns[2] - 8:
            cell = para(detail, styles.cell)
        rows.append(
            [
                f"{day(p.received_at, view.timezone)} {clock(p.received_at, view.timezone)}",
                p.method_label,
                cell,
                money(p.amount),
            ]
        )
    if not view.payments:
        rows.append(["", "No payment yet.", "", ""])
    table = Table(rows, colWidths=columns, repeatRows=1)
    table.setStyle(_plain_style(3))
    story.append(table)
    owed = view.balance_due < 0
    summary: list[list[object]] = [
        ["Paid", money(view.paid)],
        ["OWED TO CUSTOMER" if owed else "BALANCE DUE", dollars(abs(view.balance_due))],
    ]
    if view.on_account and view.account_open:
        summary.append(["Open on account", money(view.account_open)])
    box = Table(summary, colWidths=list(TOTALS_COLUMNS), hAlign="RIGHT")
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("FONTNAME", (0, 1), (-1, 1), BOLD),
                ("FONTSIZE", (0, 1), (-1, 1), 11.5),
                ("LEADING", (0, 1), (-1, 1), 14),
                ("LINEABOVE", (0, 1), (-1, 1), 1.2, INK),
                ("BACKGROUND", (0, 1), (-1, 1), SHADE),
            ]
        )
    )
    story.extend([Spacer(1, 4), KeepTogether([box])])
    return story


def _history(view: InvoiceView, styles: Styles, width: float) -> Table:
    fixed = sum(HISTORY_COLUMNS)
    columns = [w or width - fixed for w in HISTORY_COLUMNS]
    rows: list[list[object]] = [
        ["Date and time", "Authorized by", "Method", "Phone called", "Amount", "Difference"]
    ]
    for auth in view.authorizations:
        who = auth.authorized_by + (f" ({auth.relation})" if auth.relation else "")
        if auth.taken_by:
            who += f", taken by {auth.taken_by}"
        rows.append(
            [
                f"{day(auth.at, view.timezone)} {clock(auth.at, view.timezone)}",
                para(who, styles.cell),
                AUTH_METHOD_LABELS.get(auth.method, auth.method),
                auth.phone_called or "—",
                money(auth.amount),
                signed(auth.difference),
            ]
        )
    table = Table(rows, colWidths=columns, repeatRows=1)
    table.setStyle(_plain_style(4))
    return table
