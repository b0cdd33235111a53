"""The receipt for a thermal printer: the same figures as the PDF receipt, as lines of text.

``app.devices.receipt_printer`` turns these lines into ESC/POS; what they say
(the lines, the totals as on the invoice, the payments, change and balance due)
comes from the same snapshot and the same formatting as ``receipt.py``.
"""

from __future__ import annotations

from decimal import Decimal

from app.devices.receipt_printer import Receipt, ReceiptLine
from app.reports.common import (
    business_day_note,
    day_time,
    document_locale,
    dollars,
    money,
    printed_in,
    quantity,
)
from app.reports.invoice_payer import balance_label, receipt_parts
from app.reports.invoice_totals import totals_rows
from app.services.invoicing.dto import InvoiceView


def receipt_text(view: InvoiceView, *, copy: bool = False) -> Receipt:
    """The receipt's lines and the document number for its barcode."""
    with printed_in(view.shop_locale):
        lines = _heading(view, copy) + _figures(view)
    if view.footer:
        lines.append(ReceiptLine("small", view.footer))
    lines += [ReceiptLine("center", "Thank you!"), ReceiptLine("blank")]
    return Receipt(tuple(lines), barcode=str(view.number), logo=view.logo)


def _heading(view: InvoiceView, copy: bool) -> list[ReceiptLine]:
    what = "CREDIT NOTE" if view.kind == "credit_note" else "RECEIPT"
    marks = (" - COPY" if copy else "") + (" - VOID" if view.status == "void" else "")
    lines = [
        ReceiptLine("title", view.shop_name),
        ReceiptLine("center", view.shop_address),
        ReceiptLine("center", view.shop_phone),
        ReceiptLine("blank"),
        ReceiptLine("strong_center", f"{what} - {view.title}{marks}"),
        ReceiptLine("center", day_time(view.posted_at, view.timezone)),
    ]
    note = business_day_note(view.business_date, view.posted_at, view.timezone)
    if note:
        lines.append(ReceiptLine("center", note))
    if view.customer_name:
        lines.append(ReceiptLine("center", view.customer_name))
    lines.append(ReceiptLine("rule"))
    return [line for line in lines if line.text or line.style in ("blank", "rule")]


def _figures(view: InvoiceView) -> list[ReceiptLine]:
    lines: list[ReceiptLine] = []
    for line in view.lines:
        detail = f"{quantity(line.quantity)} x {money(line.unit_price)}"
        if line.part_number:
            detail = f"{line.part_number} - {detail}"
        lines += [ReceiptLine("row", line.description, money(line.amount)), ReceiptLine("row", f"  {detail}")]
        if line.core_amount:
            lines.append(ReceiptLine("row", "Core deposit", money(line.core_amount)))
    lines.append(ReceiptLine("rule"))
    lines += [ReceiptLine("row", label, value) for label, value in totals_rows(view)]
    lines.append(ReceiptLine("strong_row", "TOTAL", dollars(view.totals.total)))
    for label, detail, amount in receipt_parts(view):
        lines += [ReceiptLine("row", label, amount), ReceiptLine("row", f"  {detail}")]
    for p in view.payments:
        detail = p.described(document_locale())
        lines.append(ReceiptLine("row", f"{p.method_label} {detail}".strip(), money(p.amount)))
        if p.change_given:
            lines.append(ReceiptLine("row", "Change", money(p.change_given)))
    balance = dollars(max(view.balance_due, Decimal("0")))
    lines.append(ReceiptLine("strong_row", balance_label(view), balance))
    lines.append(ReceiptLine("rule"))
    return lines
