"""An invoice priced by the price sheet prints each tax component, each itemised fee and the
summed fees, and its total is the sum of what it prints."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from app.domain.invoices import Draft, SourceLine
from app.domain.sheet_invoices import build_invoice_by_sheet
from app.domain.ticket_pricing import Discount, DiscountKind, DocumentDiscount
from app.domain.totals import LineKind
from app.reports.invoice import invoice_pdf
from app.services.invoicing.dto import InvoiceLineView, InvoiceTotalsView, InvoiceView
from tests.reports.invoice_support import sample_invoice
from tests.reports.report_support import amounts, pdf_text, row_value
from tests.unit.settings.test_price_sheet_invoices import FULL_SHEET

SOURCES = [
    SourceLine(LineKind.LABOR, "Mount and balance, replace valve body", D("2.5"), D("140"), True, job=0),
    SourceLine(LineKind.PART, "Tire 225/45R17 91V", D("4"), D("180"), True, part_number="TR-22545", job=0),
    SourceLine(
        LineKind.PART, "Valve body (remanufactured)", D("1"), D("1200"), True, condition="rebuilt", job=1
    ),
]


def priced_view() -> InvoiceView:
    """The full hand-worked ticket (tests/unit/settings/test_price_sheet_invoices.py) as a posted invoice."""
    draft, ticket = build_invoice_by_sheet(
        SOURCES,
        FULL_SHEET,
        day=date(2026, 12, 3),
        categories={1: "Tires"},
        discounts=(DocumentDiscount(Discount(DiscountKind.PERCENT, D("5"), "repeat customer")),),
    )
    t = draft.totals
    return replace(
        sample_invoice(),
        lines=_line_views(draft),
        totals=InvoiceTotalsView(
            t.labor,
            t.parts,
            t.fees,
            t.shop_supplies,
            t.sublet,
            t.cores,
            t.discount,
            t.taxable_base,
            t.tax,
            t.cash_rounding,
            t.total,
        ),
        tax_components=tuple((p.label, p.amount) for p in ticket.printed if p.category == "tax"),
        pricing_notes=draft.notes,
        paid=D("0.00"),
        balance_due=t.total,
        payments=(),
    )


def _line_views(draft: Draft) -> tuple[InvoiceLineView, ...]:
    return tuple(
        InvoiceLineView(
            id=uuid.uuid4(),
            job_position=(ln.job + 1) if ln.job is not None else None,
            category=ln.category,
            description=ln.description,
            part_number=ln.part_number,
            condition=ln.condition,
            quantity=ln.quantity,
            unit_price=ln.unit_price,
            discount_percent=ln.discount_percent,
            discount_amount=ln.discount_amount,
            core_charge=ln.core_charge,
            core_amount=ln.core_amount,
            amount=ln.amount,
            taxable=ln.taxable,
            tax=ln.tax,
            vendor=ln.vendor,
            technician_name="Terry Tech" if ln.category == "labor" else "",
        )
        for ln in draft.lines
    )


def test_each_tax_component_and_fee_is_printed_and_adds_up() -> None:
    view = priced_view()
    text = pdf_text(invoice_pdf(view))
    assert row_value(text, "State tax (6.25 %)") == D("115.88")
    assert row_value(text, "County tax (1.5 %)") == D("30.70")
    assert row_value(text, "City tax (0.75 %)") == D("5.00")
    assert row_value(text, "TOTAL") == D("2349.18")
    assert "Ticket discount (5 %): repeat customer" in text
    for fee in ("Shop Supplies", "Tire Fee", "Shop fees"):
        assert fee in text
    # the printed lines and the components add up to the printed total, to the cent
    printed = sum((ln.amount + ln.core_amount for ln in view.lines), D(0))
    assert printed + sum((a for _, a in view.tax_components), D(0)) == view.totals.total
    assert amounts(text).count(D("2349.18")) >= 2  # the total and the balance due
