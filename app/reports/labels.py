"""Shelf and bin labels with a scannable barcode (Code 128), on the label sheet sold for the shop's paper.

Letter shops buy the 30-up address sheet (Avery 5160 and its equivalents:
2⅝ × 1 in, three across, ten down); A4 shops buy the 21-up sheet of
70 × 42.3 mm labels (three across, seven down, edge to edge). Each label is
drawn inside its own cell, with a margin that keeps text and bars clear of
the cut and of the printer's unprintable edge.

The barcode carries the part's first barcode, or its SKU when it has none, so
scanning the shelf finds the part the same way scanning the box does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from app.domain.locale import AMERICAN, ShopLocale
from app.reports.common import INK, MUTED, dollars, printed_in
from app.reports.fonts import BOLD, REGULAR, register_fonts
from app.reports.page import fit, page_size_of
from app.services.parts.dto import ShelfLabel


@dataclass(frozen=True)
class LabelSheet:
    """A sheet of labels: its paper, its grid, and where the first label's corner is (points)."""

    name: str
    paper: str
    columns: int
    rows: int
    width: float  # one label
    height: float
    left: float  # the page's left edge to the first column
    top: float  # the page's top edge to the first row
    pitch_x: float  # one label's left edge to the next one's
    pitch_y: float
    pad: float  # inside a label: clear of the cut (and of the printer's edge on edge-to-edge sheets)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def cell(self, slot: int) -> tuple[float, float]:
        """The lower-left corner of label ``slot`` (0 = top left, across then down)."""
        col, row = slot % self.columns, slot // self.columns
        page_height = page_size_of(self.paper)[1]
        return self.left + col * self.pitch_x, page_height - self.top - row * self.pitch_y - self.height


AVERY_5160 = LabelSheet(
    "Avery 5160 (Letter, 30 labels of 2⅝ × 1 in)",
    "letter",
    3,
    10,
    2.625 * inch,
    1.0 * inch,
    0.1875 * inch,
    0.5 * inch,
    2.75 * inch,
    1.0 * inch,
    6.0,
)
A4_21 = LabelSheet(
    "A4, 21 labels of 70 × 42.3 mm",
    "a4",
    3,
    7,
    70 * mm,
    42.3 * mm,
    0.0,
    (297 - 7 * 42.3) / 2 * mm,
    70 * mm,
    42.3 * mm,
    5 * mm,  # the sheet runs edge to edge; printers leave about 4 mm unprinted
)
SHEETS = {"letter": AVERY_5160, "a4": A4_21}


def labels_pdf(labels: Sequence[ShelfLabel], shop: ShopLocale = AMERICAN) -> bytes:
    """The labels on the shop's label sheet (Letter: Avery 5160; A4: 21-up), prices the shop's way."""
    sheet = SHEETS[shop.paper]
    with printed_in(shop):
        return _labels(labels, sheet)


def _labels(labels: Sequence[ShelfLabel], sheet: LabelSheet) -> bytes:
    register_fonts()
    size = page_size_of(sheet.paper)
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    canvas.setTitle("Shelf labels")
    canvas.setSubject(sheet.name)
    canvas.setCreator("BayDesk")
    for index, label in enumerate(labels):
        if index and index % sheet.per_page == 0:
            canvas.showPage()
        x, y = sheet.cell(index % sheet.per_page)
        _label(canvas, label, x, y, sheet)
    if not labels:
        canvas.setFont(REGULAR, 10)
        canvas.drawString(sheet.left + sheet.pad, size[1] - sheet.top - sheet.pad - 10, "No labels to print.")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _label(canvas: Canvas, label: ShelfLabel, x: float, y: float, sheet: LabelSheet) -> None:
    """SKU and price on top, the name under them, the barcode below, the bin at the right."""
    pad = sheet.pad
    room = sheet.width - 2 * pad
    top = y + sheet.height - pad
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 10)
    canvas.drawString(x + pad, top - 9, fit(label.sku, BOLD, 10, room * 0.58))
    canvas.drawRightString(x + sheet.width - pad, top - 9, fit(dollars(label.price), BOLD, 10, room * 0.4))
    canvas.setFont(REGULAR, 7.5)
    canvas.drawString(x + pad, top - 19, fit(label.name, REGULAR, 7.5, room))
    code = label.barcode or label.sku
    bar_height = min(0.55 * inch, top - 24 - (y + pad + 9))  # as tall as the label allows, clear of the name
    barcode = Code128(code, barHeight=bar_height, barWidth=0.9, humanReadable=False, quiet=False)
    scale = min(1.0, room * 0.72 / barcode.width) if barcode.width else 1.0
    canvas.saveState()
    canvas.translate(x + pad, y + pad + 9)
    canvas.scale(scale, 1)
    barcode.drawOn(canvas, 0, 0)
    canvas.restoreState()
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 6.5)
    canvas.drawString(x + pad, y + pad, fit(code, REGULAR, 6.5, room * 0.72))
    canvas.setFont(BOLD, 9)
    canvas.setFillColor(INK)
    canvas.drawRightString(x + sheet.width - pad, y + pad + 10, fit(label.bin_location, BOLD, 9, room * 0.26))
