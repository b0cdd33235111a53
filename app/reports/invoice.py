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
This module assembles the document; its blocks are drawn by
``invoice_header`` (shop, customer, vehicle), ``invoice_lines`` (the work)
and ``invoice_totals`` (totals, payments, authorizations).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from app.reports.common import Styles, day_time, esc, para, printed_in, rich
from app.reports.invoice_header import header, parties
from app.reports.invoice_lines import work
from app.reports.invoice_payer import payer_parts
from app.reports.invoice_totals import history, totals_and_balance
from app.reports.page import PageText, build_pdf, content_width
from app.services.invoicing.dto import InvoiceView


def invoice_pdf(view: InvoiceView, *, copy: bool = False) -> bytes:
    """The invoice or credit note as PDF bytes on the shop's paper; ``copy`` marks a reprint."""
    with printed_in(view.shop_locale) as shop:
        return _invoice(view, shop.paper, copy)


def _invoice(view: InvoiceView, page_size: str, copy: bool) -> bytes:
    styles = Styles()
    width = content_width(page_size)
    story: list[Flowable] = [header(view, styles, width, copy), Spacer(1, 10)]
    story.extend(_notices(view, styles))
    story.append(parties(view, styles, width))
    story.append(Spacer(1, 4))
    story.extend(work(view, styles, width))
    story.append(Spacer(1, 8))
    story.append(totals_and_balance(view, styles, width))
    story.extend(payer_parts(view, styles))
    story.extend(_closing(view, styles, width))
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


def _notices(view: InvoiceView, styles: Styles) -> list[Flowable]:
    """Above everything else: why a voided invoice was voided, and what a credit note credits."""
    story: list[Flowable] = []
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
    return story


def _closing(view: InvoiceView, styles: Styles, width: float) -> list[Flowable]:
    """At the end: the authorization history, then the shop's warranty and terms."""
    story: list[Flowable] = []
    if view.authorizations:
        story.append(para("Authorization history", styles.heading))
        story.append(Spacer(1, 3))
        story.append(history(view, styles, width))
    if view.footer:
        story.append(Spacer(1, 10))
        story.append(para("Warranty and terms", styles.label))
        story.append(para(view.footer, styles.small))
    return story
