"""Shelf and bin labels with a scannable barcode (Code 128), three across a letter or A4 sheet.

The barcode carries the part's first barcode, or its SKU when it has none, so
scanning the shelf finds the part the same way scanning the box does.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from app.reports.common import INK, MUTED, dollars
from app.reports.fonts import BOLD, REGULAR, register_fonts
from app.reports.page import fit, page_size_of
from app.services.parts.dto import ShelfLabel

COLUMNS, ROWS = 3, 10
LABEL_W, LABEL_H = 2.625 * inch, 1.0 * inch  # the common 30-up address label sheet
LEFT, TOP = 0.1875 * inch, 0.5 * inch
GAP = 0.125 * inch


def labels_pdf(labels: Sequence[ShelfLabel], page_size: str = "letter") -> bytes:
    register_fonts()
    size = page_size_of(page_size)
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    canvas.setTitle("Shelf labels")
    canvas.setCreator("BayDesk")
    per_page = COLUMNS * ROWS
    for index, label in enumerate(labels):
        if index and index % per_page == 0:
            canvas.showPage()
        slot = index % per_page
        col, row = slot % COLUMNS, slot // COLUMNS
        x = LEFT + col * (LABEL_W + GAP)
        y = size[1] - TOP - (row + 1) * LABEL_H
        _label(canvas, label, x, y)
    if not labels:
        canvas.setFont(REGULAR, 10)
        canvas.drawString(LEFT, size[1] - TOP, "No labels to print.")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _label(canvas: Canvas, label: ShelfLabel, x: float, y: float) -> None:
    pad = 6.0
    room = LABEL_W - 2 * pad
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 10)
    canvas.drawString(x + pad, y + LABEL_H - 14, fit(label.sku, BOLD, 10, room * 0.62))
    canvas.setFont(BOLD, 10)
    canvas.drawRightString(x + LABEL_W - pad, y + LABEL_H - 14, dollars(label.price))
    canvas.setFont(REGULAR, 7.5)
    canvas.drawString(x + pad, y + LABEL_H - 24, fit(label.name, REGULAR, 7.5, room))
    code = label.barcode or label.sku
    barcode = Code128(code, barHeight=0.38 * inch, barWidth=0.9, humanReadable=False, quiet=False)
    scale = min(1.0, room * 0.72 / barcode.width) if barcode.width else 1.0
    canvas.saveState()
    canvas.translate(x + pad, y + 14)
    canvas.scale(scale, 1)
    barcode.drawOn(canvas, 0, 0)
    canvas.restoreState()
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 6.5)
    canvas.drawString(x + pad, y + 5, fit(code, REGULAR, 6.5, room * 0.72))
    canvas.setFont(BOLD, 9)
    canvas.setFillColor(INK)
    canvas.drawRightString(x + LABEL_W - pad, y + 16, fit(label.bin_location, BOLD, 9, room * 0.26))
