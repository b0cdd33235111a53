"""Paper: the QtPdf preview shows a document's pages; printing sends the PDF itself, at its own size."""

from __future__ import annotations

import stat
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QColor, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.domain.errors import BayDeskError
from app.ui.printing import (
    Document,
    DocumentPaper,
    PaperDialogs,
    PdfPreviewDialog,
    PrinterChoice,
    paint_pdf,
    paper_name,
    send_pdf,
)
from app.ui.tasks import TaskRunner


def two_a4_pages() -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for page in (1, 2):
        canvas.setFont("Helvetica-Bold", 40)
        canvas.drawString(72, 700, f"Page {page} of the estimate")
        canvas.rect(72, 300, 400, 300, fill=1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _dark_pixels(dialog: PdfPreviewDialog) -> int:
    image = dialog.view.viewport().grab().toImage()
    step = 8
    return sum(
        1
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
        if QColor(image.pixel(x, y)).lightness() < 80
    )


def test_the_preview_shows_the_pages_of_the_pdf(qtbot: QtBot) -> None:
    dialog = PdfPreviewDialog("Estimate 1042", two_a4_pages())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.document.pageCount() == 2
    assert dialog.summary.text() == "2 pages · A4"
    assert dialog.windowTitle() == "Estimate 1042 — preview"
    qtbot.waitUntil(lambda: _dark_pixels(dialog) > 20, timeout=10_000)  # the page is drawn, not blank


def test_painting_lays_each_page_out_at_the_documents_size(qtbot: QtBot, tmp_path: Path) -> None:
    """A printer set to Letter still gets A4 pages for an A4 document."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "painted.pdf"))
    printer.setResolution(150)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    assert paint_pdf(printer, two_a4_pages()) == 2
    pages = PdfReader(tmp_path / "painted.pdf").pages
    assert len(pages) == 2
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages} == {(595, 842)}


def test_a_cups_queue_gets_the_pdf_itself_on_the_documents_paper(tmp_path: Path) -> None:
    lp = tmp_path / "lp"
    lp.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/sent.pdf\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    pdf = two_a4_pages()
    choice = PrinterChoice("Front_Desk", "", 2, str(lp))
    assert choice.sends_pdf
    assert send_pdf(choice, pdf, "Invoice 1042") == 2
    assert (tmp_path / "sent.pdf").read_bytes() == pdf  # vector pages, not a picture of them
    args = (tmp_path / "args").read_text().split()
    assert args[:2] == ["-d", "Front_Desk"] and "media=A4" in args and args[args.index("-n") + 1] == "2"


def test_a_failing_queue_is_said_in_words(tmp_path: Path) -> None:
    lp = tmp_path / "lp"
    lp.write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(BayDeskError, match="The printer Gone refused the document: lp: The printer"):
        send_pdf(PrinterChoice("Gone", "", 1, str(lp)), two_a4_pages(), "Invoice 1042")


def test_where_the_pdf_goes_as_it_is() -> None:
    assert PrinterChoice("", "/tmp/out.pdf", 1, None).sends_pdf  # print to file
    assert not PrinterChoice("HP_LaserJet", "", 1, None).sends_pdf  # no CUPS client: painted
    assert paper_name(QSizeF(612, 792)) == "Letter"
    assert paper_name(QSizeF(842, 595)) == "A4"  # landscape
    assert paper_name(QSizeF(226.8, 600)) == "Custom.80x212mm"  # the receipt strip


class AnsweringDialogs(PaperDialogs):
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pdf_path(self, parent: QWidget, title: str, suggested_name: str) -> Path | None:
        return self.folder / suggested_name


def test_save_from_the_preview_writes_what_goes_out(qtbot: QtBot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    paper = DocumentPaper(TaskRunner(parent), parent, AnsweringDialogs(tmp_path))
    issued: list[int] = []

    def issue() -> bytes:
        issued.append(1)  # an invoice counts its print here
        return two_a4_pages()

    with qtbot.waitSignal(paper.preview_opened, timeout=10_000) as opened:
        paper.preview(Document("Invoice 1042", "invoice-1042.pdf", two_a4_pages, issue))
    dialog: PdfPreviewDialog = opened.args[0]
    assert issued == []  # looking is not printing
    with qtbot.waitSignal(paper.saved, timeout=10_000):
        dialog.save_button.click()
    assert issued == [1]
    assert len(PdfReader(tmp_path / "invoice-1042.pdf").pages) == 2
    dialog.close()
