"""The count sheet and shelf labels as PDFs: what a person reads on paper, and a barcode a scanner reads."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader

from app.domain.locale import ShopLocale
from app.reports.count_sheet import count_sheet_pdf
from app.reports.labels import labels_pdf
from app.services.parts.dto import CountSheet, CountSheetRow, ShelfLabel


def text_of(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_count_sheet_lists_each_part_of_the_bin_with_its_expected_quantity() -> None:
    rows = tuple(
        CountSheetRow(
            uuid.uuid4(), f"BRK-{n:04d}", f"Brake pads <b>{n}</b>", f"A-{n:02d}", Decimal("3.500"), True
        )
        for n in range(60)
    )
    sheet = CountSheet("Test Garage", "Bin A*", datetime(2026, 11, 20, 17, 0, tzinfo=UTC), rows)
    pdf = count_sheet_pdf(sheet, ShopLocale(timezone="America/Los_Angeles"))
    text = text_of(pdf)
    assert "Count sheet" in text and "Bin A*" in text
    assert "BRK-0000" in text and "BRK-0059" in text  # every row, over several pages
    assert "Brake pads <b>7</b>" in text  # typed text prints literally, never as markup
    assert "3.5" in text
    assert len(PdfReader(BytesIO(pdf)).pages) >= 2


def test_shelf_labels_carry_sku_price_bin_and_a_barcode() -> None:
    labels = [
        ShelfLabel(
            f"OF-{n}",
            "Oil filter, long name that will not fit on a small label at all",
            "B-2",
            f"00123{n}",
            Decimal("9.99"),
        )
        for n in range(31)
    ]
    pdf = labels_pdf(labels)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 2  # 30 to a sheet
    text = text_of(pdf)
    assert "OF-0" in text and "$9.99" in text and "B-2" in text and "001230" in text
    assert len(pdf) > 5000  # the bars are drawn, not just the words
