"""Every document on the shop's paper, labels inside their sheet, totals beside their balance, in the shop's locale."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.invoices import SourceLine
from app.domain.locale import ShopLocale
from app.domain.totals import LineKind
from app.reports.count_sheet import count_sheet_pdf
from app.reports.estimate import estimate_pdf
from app.reports.invoice import invoice_pdf
from app.reports.labels import SHEETS, labels_pdf
from app.reports.page import page_size_of
from app.reports.purchase_order import purchase_order_pdf
from app.reports.receipt import receipt_pdf
from app.reports.statement import statement_pdf
from app.reports.technician_report import technician_report_pdf
from app.reports.vendor_return import vendor_return_pdf
from app.reports.work_sheet import work_sheet_pdf
from app.services.bays.dto import TechnicianReport
from app.services.invoicing.dto import StatementLine, StatementView
from app.services.parts.dto import (
    CountSheet,
    CountSheetRow,
    PurchaseOrderLineView,
    PurchaseOrderView,
    ShelfLabel,
)
from tests.reports.invoice_support import sample_invoice
from tests.reports.report_support import brake_job, make_view, pdf_text
from tests.reports.test_vendor_return_pdf import sample_return

D = Decimal
WHEN = datetime(2026, 3, 4, 21, 7, tzinfo=UTC)
PAPERS = {"letter": (612, 792), "a4": (595, 842)}
US = ShopLocale("en_US", "USD", "America/Los_Angeles", "letter")
DE = ShopLocale("de_DE", "EUR", "Europe/Berlin", "a4")


def _sizes(pdf: bytes) -> set[tuple[int, int]]:
    return {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in PdfReader(BytesIO(pdf)).pages
    }


def _statement() -> StatementView:
    line = StatementLine(
        date(2026, 3, 3), "invoice", "Invoice 1042", "2016 Honda Civic", D("350.00"), D("0"), D("350.00")
    )
    return StatementView(
        "Fleet Co", "1 Fleet Way", 30, date(2026, 3, 1), date(2026, 3, 31), D("0"), (line,), D("350.00"),
        {"0-30": D("350.00"), "31-60": D("0"), "61-90": D("0"), "90+": D("0")},
        "Bay Street Auto", "500 Bay St", "(510) 555-0100", date(2026, 3, 31),
    )  # fmt: skip


def _purchase_order() -> PurchaseOrderView:
    line = PurchaseOrderLineView(
        uuid.uuid4(), uuid.uuid4(), "BRK-1", "Brake pads", D("4"), D("0"), D("23.50")
    )
    return PurchaseOrderView(uuid.uuid4(), 7, uuid.uuid4(), "Parts Plus", "open", WHEN, 1, (line,))


def _documents(shop: ShopLocale) -> dict[str, bytes]:
    """Every full-page document BayDesk prints, for a shop on ``shop``'s paper."""
    sheet = CountSheet(
        "Bay Street Auto",
        "Bin A*",
        WHEN,
        (CountSheetRow(uuid.uuid4(), "BRK-1", "Pads", "A-1", D("3"), False),),
    )
    label = ShelfLabel("BRK-1", "Brake pads", "A-1", "0123456789012", D("42.50"))
    report = TechnicianReport("Bay Street Auto", date(2026, 3, 1), date(2026, 3, 7), (), (), WHEN)
    return {
        "invoice": invoice_pdf(replace(sample_invoice(), shop_locale=shop)),
        "estimate": estimate_pdf(replace(make_view([brake_job()]), shop_locale=shop)),
        "work sheet": work_sheet_pdf(replace(make_view([brake_job()]), shop_locale=shop)),
        "statement": statement_pdf(_statement(), shop),
        "labels": labels_pdf([label] * 5, shop),
        "count sheet": count_sheet_pdf(sheet, shop),
        "purchase order": purchase_order_pdf(_purchase_order(), ("Bay Street Auto", "500 Bay St"), shop),
        "technician report": technician_report_pdf(report, shop),
        "vendor return": vendor_return_pdf(sample_return(), ("Bay Street Auto", "500 Bay St"), shop),
    }


@pytest.mark.parametrize("shop", [US, DE], ids=["letter", "a4"])
def test_every_document_is_on_the_shops_paper(shop: ShopLocale) -> None:
    for name, pdf in _documents(shop).items():
        assert _sizes(pdf) == {PAPERS[shop.paper]}, name


def test_the_receipt_stays_on_its_80_mm_strip_whatever_the_paper() -> None:
    for shop in (US, DE):
        ((width, _height),) = _sizes(receipt_pdf(replace(sample_invoice(), shop_locale=shop)))
        assert width == round(80 / 25.4 * 72)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_label_grid_fits_its_sheet(paper: str) -> None:
    sheet = SHEETS[paper]
    width, height = page_size_of(paper)
    assert sheet.paper == paper
    for slot in range(sheet.per_page):
        x, y = sheet.cell(slot)
        assert x >= -0.01 and x + sheet.width <= width + 0.01
        assert y >= -0.01 and y + sheet.height <= height + 0.01
    assert (sheet.columns, sheet.rows) == ((3, 10) if paper == "letter" else (3, 7))


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_label_prints_inside_its_own_cell(paper: str) -> None:
    """Each piece of text lands inside a label, clear of its edges, and inside the page."""
    sheet = SHEETS[paper]
    labels = [
        ShelfLabel(f"SKU-{n:03d}", "A long part name " * 4, f"B-{n}", f"{n:012d}", D("1234.50"))
        for n in range(sheet.per_page + 3)
    ]
    pdf = labels_pdf(labels, replace(US, paper=paper))
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 2
    cells = [sheet.cell(slot) for slot in range(sheet.per_page)]
    spots: list[tuple[float, float]] = []

    def seen(text: str, cm: list[float], tm: list[float], *_rest: object) -> None:
        if text.strip():
            spots.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    reader.pages[0].extract_text(visitor_text=seen)
    assert spots
    for x, y in spots:
        assert any(
            cx + sheet.pad - 1 <= x <= cx + sheet.width - sheet.pad + 1
            and cy + sheet.pad - 1 <= y <= cy + sheet.height
            for cx, cy in cells
        ), (x, y)


def _one_job_invoice(lines: int) -> bytes:
    work = [
        SourceLine(LineKind.LABOR, f"Labor step {n}", D("0.5"), D("142.00"), False, job=0)
        for n in range(lines)
    ]
    return invoice_pdf(sample_invoice(lines=work, jobs=1))


def test_an_invoice_never_parts_its_total_from_its_balance_due() -> None:
    """Whatever the length of the one job, TOTAL and BALANCE DUE print on the same page."""
    split = 0
    for lines in range(4, 40):
        pages = [page.extract_text() for page in PdfReader(BytesIO(_one_job_invoice(lines))).pages]
        with_total = [i for i, text in enumerate(pages) if "TOTAL\n" in text or "TOTAL " in text]
        with_balance = [i for i, text in enumerate(pages) if "BALANCE DUE" in text]
        assert with_balance and with_total[-1:] == with_balance, lines
        split += len(pages) > 1
    assert split, "no length of job reached a second page: the test would prove nothing"


def test_a_german_shop_prints_german_money_and_dates() -> None:
    text = pdf_text(invoice_pdf(replace(sample_invoice(), shop_locale=DE)))
    assert "€" in text and "$" not in text
    assert "05.03.2026" in text  # March 5, 2026 in Berlin
    total = sample_invoice().totals.total
    assert DE.money(total).replace("\u00a0", " ") in text.replace("\u00a0", " ")


def test_the_pictures_of_documents(tmp_path: Path) -> None:
    """Every document renders (as a printer driver would)."""
    import shutil
    import subprocess

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    for name, pdf in _documents(DE).items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / name)],
            check=True,
        )
    assert len(list(tmp_path.glob("*.png"))) == len(_documents(DE))
