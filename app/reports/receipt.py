"""The 80 mm receipt for counter sales (and any invoice), as a PDF one strip long.

Receipt printers take 80 mm paper with about 72 mm printable; the page is as
long as its content, measured before it is drawn. Same snapshot figures as
the full invoice, same escaping of every piece of user text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer, Table, TableStyle

from app import __version__
from app.reports.common import (
    INK,
    RULE,
    business_day_note,
    day_time,
    document_locale,
    dollars,
    esc,
    money,
    printed_in,
    quantity,
    rich,
)
from app.reports.fonts import BOLD, REGULAR, register_fonts
from app.reports.invoice_payer import balance_label, receipt_parts
from app.reports.invoice_totals import totals_rows
from app.services.invoicing.dto import InvoiceView

WIDTH = 80 * mm
MARGIN = 4 * mm
INNER = WIDTH - 2 * MARGIN


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    center: ParagraphStyle
    big: ParagraphStyle


def receipt_pdf(view: InvoiceView, *, copy: bool = False) -> bytes:
    """The receipt as PDF bytes: one page 80 mm wide and as long as what it prints."""
    with printed_in(view.shop_locale):
        return _receipt(view, copy)


def _receipt(view: InvoiceView, copy: bool) -> bytes:
    register_fonts()
    styles = _styles()
    story = _heading(view, styles, copy)
    story.append(_figures(view, styles.body))
    if view.footer:
        story += [Spacer(1, 6), rich(f"<font size=6.5>{esc(view.footer)}</font>", styles.center)]
    story += [Spacer(1, 4), rich("Thank you!", styles.center)]
    return _strip(story, view)


def _styles() -> _Styles:
    """Small type for the narrow paper; the shop's name larger, centred."""
    body = ParagraphStyle("r-body", fontName=REGULAR, fontSize=7.5, leading=9.5, textColor=INK)
    center = ParagraphStyle("r-center", parent=body, alignment=TA_CENTER)
    big = ParagraphStyle("r-big", parent=center, fontName=BOLD, fontSize=10, leading=12.5)
    return _Styles(body, center, big)


def _heading(view: InvoiceView, styles: _Styles, copy: bool) -> list[Flowable]:
    """The shop, what the paper is (receipt or credit note, copy, void), when, and for whom."""
    story: list[Flowable] = [
        rich(f"<b>{esc(view.shop_name)}</b>", styles.big),
        rich(esc(view.shop_address), styles.center),
        rich(esc(view.shop_phone), styles.center),
        Spacer(1, 4),
        rich(
            f"<b>{'CREDIT NOTE' if view.kind == 'credit_note' else 'RECEIPT'} · {esc(view.title)}</b>"
            + (" · COPY" if copy else "")
            + (" · VOID" if view.status == "void" else ""),
            styles.center,
        ),
        rich(esc(day_time(view.posted_at, view.timezone)), styles.center),
    ]
    note = business_day_note(view.business_date, view.posted_at, view.timezone)
    if note:
        story.append(rich(esc(note), styles.center))
    if view.customer_name:
        story.append(rich(esc(view.customer_name), styles.center))
    story.append(Spacer(1, 4))
    return story


def _figures(view: InvoiceView, body: ParagraphStyle) -> Table:
    """Each line with its amount, the totals as on the invoice, the payments and the balance due."""
    rows: list[list[object]] = []
    for line in view.lines:
        detail = f"{quantity(line.quantity)} × {money(line.unit_price)}"
        if line.part_number:
            detail = f"{esc(line.part_number)} · {detail}"
        rows.append(
            [rich(f"{esc(line.description)}<br/><font size=6.5>{detail}</font>", body), money(line.amount)]
        )
        if line.core_amount:
            rows.append([rich("Core deposit", body), money(line.core_amount)])
    rows.append(["", ""])
    for label, value in totals_rows(view):
        rows.append([rich(esc(label), body), value])
    total_row = len(rows)
    rows.append([rich("<b>TOTAL</b>", body), dollars(view.totals.total)])
    for label, detail, amount in receipt_parts(view):
        rows.append([rich(f"{esc(label)}<br/><font size=6.5>{esc(detail)}</font>", body), amount])
    for p in view.payments:
        detail = p.described(document_locale())
        rows.append([rich(esc(f"{p.method_label} {detail}".strip()), body), money(p.amount)])
        if p.change_given:
            rows.append([rich("Change", body), money(p.change_given)])
    balance_row = len(rows)
    rows.append([rich(f"<b>{balance_label(view)}</b>", body), dollars(max(view.balance_due, Decimal("0")))])
    table = Table(rows, colWidths=[INNER - 58, 58])
    table.setStyle(_figures_style(total_row, balance_row))
    return table


def _figures_style(total_row: int, balance_row: int) -> TableStyle:
    """Amounts right-aligned; a rule and bold figures on the total and on the balance due."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), 7.5),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LINEABOVE", (0, total_row), (-1, total_row), 0.8, INK),
            ("FONTNAME", (1, total_row), (1, total_row), BOLD),
            ("LINEABOVE", (0, balance_row), (-1, balance_row), 0.5, RULE),
            ("FONTNAME", (1, balance_row), (1, balance_row), BOLD),
        ]
    )


def _strip(story: list[Flowable], view: InvoiceView) -> bytes:
    """The story on one page of receipt paper, measured first so the page is exactly as long."""
    height = (
        sum(f.wrap(INNER, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story)
        + 2 * MARGIN
        + 12
    )
    buffer = BytesIO()
    frame = Frame(
        MARGIN,
        MARGIN,
        INNER,
        height - 2 * MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc = BaseDocTemplate(
        buffer,
        pagesize=(WIDTH, height),
        pageTemplates=[PageTemplate("strip", [frame])],
        title=f"Receipt {view.title}",
        author=view.shop_name,
        creator=f"BayDesk {__version__}",
        producer=f"BayDesk {__version__} (ReportLab)",
    )
    doc.build(story)
    return buffer.getvalue()
