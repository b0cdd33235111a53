"""Putting a PDF on a Qt printer (and in the print preview), page by page.

The invoice is one PDF, built by ReportLab; the preview and the printer show
that same PDF rasterized at the printer's resolution (PDFium), so paper,
preview and the saved file never differ.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter


def paint_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Draw every page of ``pdf`` on ``printer``, fitted to its page; returns the page count."""
    import pypdfium2 as pdfium  # loaded at the first print, like ReportLab

    document = pdfium.PdfDocument(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        raise OSError("the printer could not be started")
    try:
        dpi = max(72, min(printer.resolution(), 300))
        for index in range(len(document)):
            if index:
                printer.newPage()
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(
                bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
            ).copy()
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.x(), target.y(), size.width(), size.height()), image)
            page.close()
        return len(document)
    finally:
        painter.end()
        document.close()
