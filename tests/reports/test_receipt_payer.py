"""Receipts of a document a second payer shares print both parts, as the invoice does."""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from app.devices.receipt_printer import PrinterSettings, receipt_bytes
from app.reports.receipt import receipt_pdf
from app.reports.receipt_text import receipt_text
from app.services.invoicing.dto import InvoiceView, PayerPartView
from tests.printer_support import decode
from tests.reports.invoice_support import sample_invoice
from tests.reports.report_support import amounts, pdf_text, render_first_page, row_value
from tests.reports.test_invoice_pdf import poppler_text

D = Decimal


def shared(deductible: str = "250.00") -> InvoiceView:
    """The sample counter invoice, the insurer covering it all but the deductible."""
    view = sample_invoice(jobs=0, paid=D("0"))
    total = view.totals.total
    customer = D(deductible)
    part = PayerPartView(
        payer_id=uuid.uuid4(),
        payer_name="Acme Insurance",
        kind="insurance",
        claim_number="CLM-2231",
        adjuster="Dana Adjuster",
        deductible_agreed=customer,
        approval=None,
        covered=total,
        covered_tax=view.totals.tax,
        deductible=customer,
        over_approval=D("0.00"),
        payer_amount=total - customer,
        customer_amount=customer,
        payer_balance=total - customer,
        customer_balance=customer,
    )
    return replace(view, payer=part, balance_due=customer)


def test_the_pdf_receipt_prints_the_payers_part_and_the_customers(tmp_path: Path) -> None:
    view = shared()
    assert view.payer is not None
    text = poppler_text(receipt_pdf(view), tmp_path)
    # the sample's total is the invoice's; 250.00 of it is the customer's deductible
    payer, customer = row_value(text, "Acme Insurance's part"), row_value(text, "Customer's part")
    assert (payer, customer) == (view.totals.total - D("250.00"), D("250.00"))
    assert payer + customer == row_value(text, "TOTAL")
    assert "Insurance claim CLM-2231" in text and "deductible 250.00" in pdf_text(receipt_pdf(view))
    assert row_value(text, "CUSTOMER'S BALANCE DUE") == D("250.00")
    png = render_first_page(receipt_pdf(view), tmp_path, dpi=110)
    assert png.stat().st_size > 2_000


def test_a_receipt_the_customer_pays_alone_prints_no_parts(tmp_path: Path) -> None:
    text = poppler_text(receipt_pdf(sample_invoice(jobs=0)), tmp_path)
    assert "part" not in text.lower().replace("parts", "") and "CUSTOMER'S" not in text
    assert receipt_text(sample_invoice(jobs=0)).lines[-3].text != "Customer's part"


def test_the_escpos_receipt_prints_both_parts_within_the_paper() -> None:
    view = shared()
    settings = PrinterSettings("network", "127.0.0.1:9100", paper="58")
    printed = decode(receipt_bytes(receipt_text(view), settings))
    lines = printed.lines
    payer = next(i for i, line in enumerate(lines) if line.startswith("Acme Insurance's part"))
    assert amounts(lines[payer])[-1] == view.totals.total - D("250.00")
    assert lines[payer + 1].strip() == "Insurance claim CLM-2231"
    assert lines[payer + 2].startswith("Customer's part") and lines[payer + 2].endswith("250.00")
    assert lines[payer + 3].strip() == "deductible 250.00"
    assert any(line.startswith("CUSTOMER'S BALANCE DUE") and line.endswith("$250.00") for line in lines)
    assert payer > next(i for i, line in enumerate(lines) if line.startswith("TOTAL"))
    assert all(len(line) <= 32 for line in lines)
