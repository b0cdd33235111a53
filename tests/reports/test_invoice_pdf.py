"""The printed invoice, receipt and statement: the stored figures, to the cent, and nothing else."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.locale import ShopLocale
from app.reports.invoice import invoice_pdf
from app.reports.receipt import receipt_pdf
from app.reports.statement import statement_pdf
from app.services.invoicing.dto import StatementLine, StatementView
from tests.reports.invoice_support import sample_invoice, void
from tests.reports.report_support import amounts, pdf_pages, pdf_text, render_first_page, row_value

D = Decimal


def poppler_text(pdf: bytes, folder: Path) -> str:
    """The text as poppler extracts it (what a person copying from the PDF gets)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    source = folder / "doc.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True, timeout=60
    )
    return done.stdout.decode()


def totals_part(text: str) -> str:
    """The totals block: after the last lines table, down to the payments."""
    start = max(text.rfind(" subtotal "), text.rfind("Other charges"))
    return text[text.index("\n", start) : text.index("\nPayments", start)]


def test_printed_totals_equal_the_stored_totals(tmp_path: Path) -> None:
    view = sample_invoice()
    pdf = invoice_pdf(view)
    full = poppler_text(pdf, tmp_path)
    text = totals_part(full)
    t = view.totals
    assert row_value(text, "Labor") == t.labor
    assert row_value(text, "Parts") == t.parts
    assert row_value(text, "Sublet") == t.sublet
    assert row_value(text, "Shop supplies") == t.shop_supplies
    assert row_value(text, "Subtotal") == t.subtotal
    assert row_value(text, "Tax (9.25%)") == t.tax
    assert row_value(text, "TOTAL") == t.total
    assert row_value(full, "Paid") == view.paid
    assert row_value(full, "BALANCE DUE") == view.balance_due
    # the job subtotals and the loose lines add up to the subtotal: the printed lines are the total
    subtotals = [
        amounts(line)[-1] for line in full.splitlines() if " subtotal " in line or "Other charges" in line
    ]
    assert len(subtotals) == 3 and sum(subtotals) + t.tax == t.total
    for line in view.lines:
        assert f"{line.amount:,.2f}" in full


def test_everything_the_customer_must_see_is_printed(tmp_path: Path) -> None:
    view = sample_invoice()
    text = poppler_text(invoice_pdf(view), tmp_path)
    for words in (
        "INVOICE",
        "Invoice no. 1042",
        "Work order no. 2210",
        "1HGFC2F59GH512345",
        "7ABC123",
        "42,010",
        "42,030",
        "Concern: Grinding noise",
        "Cause: Pads worn",
        "Correction: Replaced pads",
        "D1210",
        "OEM",
        "Aftermarket",
        "Rebuilt",
        "Sublet: work done by ABC Machine Shop",
        "Core deposit",
        "Visa ending 4242, ref AUTH 829301",
        "Authorization history",
        "(510) 555-0142",
        "warranted for 12 months",
    ):
        assert words in text, words
    assert "COPY" not in text


def test_a_reprint_is_marked_copy_and_a_void_is_marked_void(tmp_path: Path) -> None:
    copy = poppler_text(invoice_pdf(sample_invoice(), copy=True), tmp_path)
    assert "INVOICE · COPY" in copy and "reprint of the original" in copy
    voided = poppler_text(invoice_pdf(void(sample_invoice())), tmp_path)
    assert "VOID INVOICE" in voided and "Posted to the wrong customer" in voided


def test_hostile_customer_name_prints_literally_and_fetches_nothing(tmp_path: Path) -> None:
    hostile = '<img src="http://attacker.example/x.png"/> & <a href="file:///etc/passwd">Bob</a>'
    view = replace(sample_invoice(customer=hostile), customer_address="<b>&lt;", vin="<br/>")
    pdf = invoice_pdf(view)
    text = pdf_text(pdf)
    assert '<img src="http://attacker.example/x.png"/>' in text
    assert '<a href="file:///etc/passwd">Bob</a>' in text
    assert "<b>&lt;" in text
    for page in PdfReader(BytesIO(pdf)).pages:
        assert "/XObject" not in page["/Resources"], "an image was embedded"
        assert "/Annots" not in page, "a link was made"
    for pdf_bytes in (receipt_pdf(view),):
        assert '<img src="http://attacker.example/x.png"/>' in pdf_text(pdf_bytes)


@pytest.mark.parametrize("name", ["Zoë Ørsted", "Nguyễn Văn Anh", "Ελένη Παππά", "Дмитрий"])
def test_every_name_prints_in_an_embedded_font(name: str, tmp_path: Path) -> None:
    pdf = invoice_pdf(sample_invoice(customer=name))
    assert name in poppler_text(pdf, tmp_path)
    reader = PdfReader(BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    used = [f.get_object() for f in fonts.values()]
    dejavu = [f for f in used if "DejaVuSans" in str(f["/BaseFont"])]
    assert dejavu and all("/FontFile2" in f["/FontDescriptor"] for f in dejavu if "/FontDescriptor" in f)


def test_letter_and_a4(tmp_path: Path) -> None:
    letter = PdfReader(BytesIO(invoice_pdf(sample_invoice()))).pages[0]
    a4 = PdfReader(BytesIO(invoice_pdf(replace(sample_invoice(), shop_locale=ShopLocale(paper="a4"))))).pages[
        0
    ]
    assert (round(float(letter.mediabox.width)), round(float(letter.mediabox.height))) == (612, 792)
    assert (round(float(a4.mediabox.width)), round(float(a4.mediabox.height))) == (595, 842)


def test_page_one_renders_with_pdftoppm(tmp_path: Path) -> None:
    png = render_first_page(invoice_pdf(sample_invoice()), tmp_path)
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5_000


def test_a_short_invoice_prints_its_totals_and_balance_on_its_one_page() -> None:
    view = sample_invoice(jobs=0)  # eight lines, no job stories: half a page
    pdf = invoice_pdf(view)
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    assert row_value(text, "TOTAL") == view.totals.total and "BALANCE DUE" in text and "Page 1 of 1" in text


def test_a_long_invoice_flows_onto_numbered_pages(tmp_path: Path) -> None:
    view = sample_invoice(jobs=12)
    pdf = invoice_pdf(view)
    pages = pdf_pages(pdf)
    text = poppler_text(pdf, tmp_path)
    assert pages > 1 and f"Page {pages} of {pages}" in text
    assert row_value(totals_part(text), "TOTAL") == view.totals.total


def test_credit_note_prints_negative_figures(tmp_path: Path) -> None:
    view = sample_invoice(paid=D("0"))
    credit = replace(
        view,
        kind="credit_note",
        number=7,
        credited_invoice_number=1042,
        note="Customer returned the rotors",
        totals=replace(view.totals, total=-view.totals.total, tax=-view.totals.tax),
    )
    text = poppler_text(invoice_pdf(credit), tmp_path)
    assert "CREDIT NOTE" in text and "Credit note against invoice 1042" in text
    assert row_value(text, "TOTAL CREDIT") == -view.totals.total


def test_receipt_is_80_mm_wide_and_carries_the_same_figures(tmp_path: Path) -> None:
    view = sample_invoice(jobs=0)
    pdf = receipt_pdf(view)
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 80
    text = poppler_text(pdf, tmp_path)
    assert row_value(text, "TOTAL") == view.totals.total
    assert row_value(text, "BALANCE DUE") == view.balance_due
    assert sum(line.printed for line in view.lines) + view.totals.tax == view.totals.total
    png = render_first_page(pdf, tmp_path, dpi=60)
    assert png.stat().st_size > 2_000


def test_statement_shows_the_running_balance_and_aging(tmp_path: Path) -> None:
    view = StatementView(
        customer_name="Fleet <Co>",
        customer_address="1 Fleet Way",
        terms_days=30,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        opening_balance=D("100.00"),
        lines=(
            StatementLine(
                date(2026, 3, 3),
                "invoice",
                "Invoice 7",
                "Charged to account",
                D("250.00"),
                D("0"),
                D("350.00"),
            ),
            StatementLine(
                date(2026, 3, 9),
                "payment",
                "On invoice 7",
                "Payment, check no. 55",
                D("0"),
                D("300.00"),
                D("50.00"),
            ),
        ),
        closing_balance=D("50.00"),
        aging={"0-30": D("50.00"), "31-60": D("0"), "61-90": D("0"), "90+": D("0")},
        shop_name="Bay Street Auto",
        shop_address="500 Bay St",
        shop_phone="(510) 555-0100",
        printed_on=date(2026, 4, 1),
    )
    text = poppler_text(statement_pdf(view, ShopLocale()), tmp_path)
    assert "Fleet <Co>" in text
    assert row_value(text, "Opening balance") == D("100.00")
    assert row_value(text, "Closing balance") == D("50.00")
    assert "Mar 3, 2026" in text and "350.00" in text


def test_the_shops_logo_prints_in_the_header(tmp_path: Path) -> None:
    logo = (Path(__file__).resolve().parents[2] / "resources" / "icons" / "baydesk.png").read_bytes()
    pdf = invoice_pdf(replace(sample_invoice(), logo=logo))
    resources = PdfReader(BytesIO(pdf)).pages[0]["/Resources"]
    assert "/XObject" in resources and len(resources["/XObject"]) == 1
    assert "INVOICE" in poppler_text(pdf, tmp_path)
    broken = invoice_pdf(replace(sample_invoice(), logo=b"\x89PNG\r\n\x1a\nnot really"))
    assert "/XObject" not in PdfReader(BytesIO(broken)).pages[0]["/Resources"]  # printed without it


def test_a_document_posted_after_the_close_names_its_business_day() -> None:
    same_day = sample_invoice()  # posted Mar 5 at 1:07 PM in Los Angeles, on the business day of Mar 5
    assert "Business day" not in pdf_text(invoice_pdf(same_day))
    after_close = replace(same_day, business_date=date(2026, 3, 6))  # Mar 5 was closed already
    for pdf in (invoice_pdf(after_close), receipt_pdf(after_close)):
        assert "Business day Mar 6, 2026" in pdf_text(pdf)
