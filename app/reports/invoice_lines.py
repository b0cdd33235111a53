"""The work on the printed invoice: each job with its concern, cause and correction, and a
table of its lines (type, description, part number, condition, quantity, price, amount) with
its subtotal; lines outside any job come last as other charges."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app.reports.common import CONDITION_LABELS, INK, RULE, SHADE, Styles, esc, money, para, quantity, rich
from app.reports.fonts import BOLD, REGULAR
from app.reports.invoice_cells import CELL, fit_size, plain_style
from app.services.invoicing.dto import InvoiceJobView, InvoiceLineView, InvoiceView

# Type, description, part no., condition, qty/hrs, unit price, amount; the description takes the rest.
FIXED_COLUMNS = (44, 0, 72, 62, 44, 60, 64)
QTY, PRICE, AMOUNT = FIXED_COLUMNS[4:]
CATEGORY_LABELS = {
    "labor": "Labor",
    "part": "Part",
    "fee": "Fee",
    "sublet": "Sublet",
    "shop_supplies": "Supplies",
    "cash_rounding": "Rounding",
}
_CORE_STYLE = ParagraphStyle("core", fontName=REGULAR, fontSize=CELL, leading=10.5, textColor=INK)


def work(view: InvoiceView, styles: Styles, width: float) -> list[Flowable]:
    """The jobs in order, each with its own lines table, then the lines of no job."""
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
        story.extend(_job_block(job, own, styles, width))
    loose = [line for line in view.lines if line.job_position is None]
    if loose:
        story.append(Spacer(1, 6))
        label = "Other charges" if view.jobs else "Subtotal"
        story.append(_lines_table(loose, styles, width, label))
    return story


def _job_block(
    job: InvoiceJobView, lines: list[InvoiceLineView], styles: Styles, width: float
) -> list[Flowable]:
    """A job's title and three Cs, its technician, and its lines with the job's subtotal."""
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
    block.append(_lines_table(lines, styles, width, f"Job {job.position} subtotal"))
    return block


def _columns(width: float) -> list[float]:
    fixed = sum(FIXED_COLUMNS)
    return [w or width - fixed for w in FIXED_COLUMNS]


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
        plain_style(
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
            size = fit_size(cell, columns[column], CELL, font)
            if size != CELL:
                extra.append(("FONTSIZE", (column, index), (column, index), size))


def _line_row(
    line: InvoiceLineView, styles: Styles, columns: list[float], index: int, extra: list[tuple[object, ...]]
) -> list[object]:
    kind = CATEGORY_LABELS.get(line.category, line.category.title())
    condition = (
        CONDITION_LABELS.get(line.condition, line.condition.title()) if line.category == "part" else ""
    )
    qty = f"{quantity(line.quantity)} h" if line.category == "labor" else quantity(line.quantity)
    row: list[object] = [
        kind,
        _description(line, styles, columns[1]),
        line.part_number,
        condition or ("Sublet" if line.category == "sublet" else ""),
        qty,
        money(line.unit_price),
        money(line.amount),
    ]
    _shrink(row, columns, index, extra)
    return row


def _description(line: InvoiceLineView, styles: Styles, column: float) -> object:
    """The line's description, with its notes (the job type's rate, sublet vendor, discount, technician)
    in small print below."""
    notes = []
    if line.rate_label and line.category == "labor":  # priced at the rate of the job's type
        notes.append(f"{quantity(line.quantity)} h @ {money(line.unit_price)} ({line.rate_label})")
    if line.category == "sublet":
        notes.append(
            f"Sublet: work done by {line.vendor}"
            if line.vendor
            else "Sublet: work done by an outside business"
        )
    if line.discount_percent:
        notes.append(f"Less {quantity(line.discount_percent)}% discount ({money(line.discount_amount)})")
    elif line.discount_amount:  # its share of a job or ticket discount (price sheet)
        notes.append(f"Less discount ({money(line.discount_amount)})")
    if line.technician_name and line.category == "labor":
        notes.append(line.technician_name)
    if not notes and stringWidth(line.description, REGULAR, CELL) <= column - 8:
        return line.description
    markup = esc(line.description) + "".join(
        f"<br/><font size=7 color='#5b6570'>{esc(note)}</font>" for note in notes
    )
    return rich(markup, styles.cell)


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
