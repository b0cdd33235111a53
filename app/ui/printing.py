"""Paper for every area: a document previewed with QtPdf, printed as vector pages, saved as a file.

Every document (invoice, receipt, estimate, work sheet, statement, end of
day, labels, count sheet, purchase order, technician report) is one PDF
built by app/reports on the shop's paper. The preview shows that PDF and
the printer receives that same PDF:

* a CUPS queue (Linux, macOS) is sent the PDF itself through ``lp``, with the
  document's own paper as the media: vector pages and real text, at the
  document's size whatever the queue's default;
* Qt's "print to file" gets the PDF written as it is;
* any other printer (the Windows spooler) gets each page painted with QtPdf
  at the printer's own resolution, in bands, on a page laid out at the PDF
  page's size and orientation.

A document that counts its prints (an invoice, a receipt: a reprint says
COPY) is rendered again through ``issue`` when it goes out, so the paper
says what the count says.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QObject,
    QRect,
    QSize,
    QSizeF,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import BayDeskError
from app.ui.errors import error_message
from app.ui.geometry import PreserveGeometry
from app.ui.shared import files
from app.ui.tasks import TaskRunner
from app.ui.widgets import named

BAND_ROWS = 256  # printer pixels painted at a time: a 1,200-dpi A4 page never sits in memory whole
POINTS_PER_MM = 72 / 25.4
MEDIA = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0)}


# --- a PDF in memory ------------------------------------------------------------------------


def load_pdf(pdf: bytes, parent: QObject | None = None) -> QPdfDocument:
    """The PDF as a QPdfDocument; its bytes stay alive as long as the document does."""
    document = QPdfDocument(parent)  # type: ignore[arg-type]  # Qt takes no parent as well
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise BayDeskError("BayDesk could not read the document it made; nothing was printed.")
    return document


def paper_name(size: QSizeF) -> str:
    """'A4', 'Letter', or 'Custom.80x212mm' (CUPS' media names) for a page of ``size`` points."""
    short, long = sorted((size.width(), size.height()))
    for name, (width, height) in MEDIA.items():
        if abs(short - width) < 2 and abs(long - height) < 2:
            return name
    return f"Custom.{round(short / POINTS_PER_MM)}x{round(long / POINTS_PER_MM)}mm"


# --- sending it to a printer ----------------------------------------------------------------


@dataclass(frozen=True)
class PrinterChoice:
    """Where the person chose to print, read on the GUI thread before the work goes off it."""

    queue: str  # the CUPS queue or system printer name; '' for a file
    file: str  # Qt's print-to-file target; '' for a printer
    copies: int
    lp: str | None  # the CUPS client, where there is one

    @classmethod
    def of(cls, printer: QPrinter) -> PrinterChoice:
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        return cls(
            "" if to_file else printer.printerName(),
            printer.outputFileName() if to_file else "",
            max(1, printer.copyCount()),
            shutil.which("lp"),
        )

    @property
    def sends_pdf(self) -> bool:
        """True when the PDF itself goes out (a file, or a CUPS queue); False when pages are painted."""
        return bool(self.file) or bool(self.queue and self.lp)


def cups_command(lp: str, queue: str, title: str, copies: int, media: str) -> list[str]:
    """``lp`` reading the PDF on its standard input, on the document's own paper."""
    return [lp, "-d", queue, "-t", title, "-n", str(copies), "-o", f"media={media}", "-"]


def send_pdf(choice: PrinterChoice, pdf: bytes, title: str) -> int:
    """The PDF to a file or a CUPS queue, as it is; returns its page count. Runs off the GUI thread."""
    document = load_pdf(pdf)
    pages = document.pageCount()
    if choice.file:
        Path(choice.file).write_bytes(pdf)
        return pages
    assert choice.lp is not None
    media = paper_name(document.pagePointSize(0))
    command = cups_command(choice.lp, choice.queue, title, choice.copies, media)
    try:
        subprocess.run(command, input=pdf, capture_output=True, check=True, timeout=120)
    except subprocess.CalledProcessError as exc:
        reason = exc.stderr.decode(errors="replace").strip() or f"lp stopped with code {exc.returncode}"
        raise BayDeskError(f"The printer {choice.queue} refused the document: {reason}") from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BayDeskError(f"The printer {choice.queue} could not be reached: {exc}") from exc
    return pages


def paint_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Paint every page at the printer's resolution on a page of the PDF page's size; page count."""
    document = load_pdf(pdf)
    printer.setFullPage(True)
    _lay_out(printer, document.pagePointSize(0))
    painter = QPainter()
    if not painter.begin(printer):
        raise BayDeskError("The printer could not be started; nothing was printed.")
    try:
        for index in range(document.pageCount()):
            if index:
                _lay_out(printer, document.pagePointSize(index))
                printer.newPage()
            _paint_page(painter, printer.resolution(), document, index)
    finally:
        painter.end()
    return document.pageCount()


def _lay_out(printer: QPrinter, size: QSizeF) -> None:
    """The next page at the document page's size and orientation, no margins (the PDF has its own)."""
    landscape = size.width() > size.height()
    page_size = QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setPageLayout(QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0)))


def _paint_page(painter: QPainter, dpi: int, document: QPdfDocument, index: int) -> None:
    size = document.pagePointSize(index)
    full = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
    for top in range(0, full.height(), BAND_ROWS):
        rows = min(BAND_ROWS, full.height() - top)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(full)
        options.setScaledClipRect(QRect(0, top, full.width(), rows))
        band = document.render(index, QSize(full.width(), rows), options)
        painter.drawImage(0, top, band)


# --- the preview -----------------------------------------------------------------------------


class PdfPreviewDialog(QDialog, PreserveGeometry):
    """The document's pages as they will print, with Print (Ctrl+P) and Save PDF (Ctrl+S)."""

    print_requested = Signal()
    save_requested = Signal()
    geometry_key = "pdf_preview"

    def __init__(self, title: str, pdf: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_preview")
        self.setWindowTitle(f"{title} — preview")
        self.document = load_pdf(pdf, self)
        self.view = named(QPdfView(self), "pdf_pages")
        self.view.setAccessibleName(f"Pages of {title}")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        pages = self.document.pageCount()
        paper = paper_name(self.document.pagePointSize(0)).removeprefix("Custom.")
        self.summary = named(QLabel(f"{pages} page{'s' if pages != 1 else ''} · {paper}"), "subtle")
        self.print_button = named(QPushButton("&Print…"), "preview_print")
        self.save_button = named(QPushButton("&Save PDF…"), "preview_save")
        self.close_button = named(QPushButton("Close"), "preview_close")
        self.print_button.setToolTip("Print this document (Ctrl+P)")
        self.save_button.setToolTip("Save this document as a PDF file (Ctrl+S)")
        self.print_button.clicked.connect(self.print_requested.emit)
        self.save_button.clicked.connect(self.save_requested.emit)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_requested.emit)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(760, 900)
        self.restore_geometry()
        self.print_button.setDefault(True)
        self.print_button.setFocus()

    def done(self, result: int) -> None:
        self.save_geometry()
        super().done(result)


# --- what a person is asked -----------------------------------------------------------------


class PaperDialogs:
    """The questions paper asks; an area's dialogs inherit them and tests answer them instead."""

    def pdf_path(self, parent: QWidget, title: str, suggested_name: str) -> Path | None:
        """Where to save a PDF; None when the person cancels."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = files.get_save_file_name(
            parent, title, str(Path(folder) / suggested_name), "PDF documents (*.pdf)"
        )
        if not path:
            return None
        return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")

    def choose_printer(self, parent: QWidget) -> QPrinter | None:
        """The system print dialog; None when the person cancels."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None

    def preview(self, parent: QWidget, title: str, pdf: bytes) -> PdfPreviewDialog:
        """The preview, opened window-modal without blocking."""
        dialog = PdfPreviewDialog(title, pdf, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


@dataclass(frozen=True)
class Document:
    """A document an area offers on paper.

    ``render`` builds the PDF for the preview; ``issue`` builds the PDF that
    goes out (to a printer or a file) and may count the print first. Both run
    off the GUI thread.
    """

    title: str  # 'Estimate 1042': the preview's title and the print job's name
    file_name: str  # suggested when saved
    render: Callable[[], bytes]
    issue: Callable[[], bytes] | None = None

    def outgoing(self) -> bytes:
        return (self.issue or self.render)()


class DocumentPaper(QObject):
    """Preview, print and save any document the same way, from any area."""

    preview_opened = Signal(object)  # PdfPreviewDialog
    printed = Signal(int)  # pages sent to the printer
    saved = Signal(object)  # Path
    message = Signal(str, str)  # level, text

    def __init__(self, runner: TaskRunner, parent: QWidget, dialogs: PaperDialogs | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.parent_widget = parent
        self.dialogs = dialogs or PaperDialogs()

    def preview(self, doc: Document) -> None:
        self.message.emit("hint", f"Preparing {doc.title}…")
        self.runner.run(doc.render, lambda pdf: self._show(doc, pdf), self._failed(doc, "shown"))

    def _show(self, doc: Document, pdf: bytes) -> None:
        try:
            dialog = self.dialogs.preview(self.parent_widget, doc.title, pdf)
        except BayDeskError as exc:
            self.message.emit("error", exc.message)
            return
        dialog.print_requested.connect(lambda: self.print(doc, dialog))
        dialog.save_requested.connect(lambda: self.save(doc, dialog))
        self.message.emit("", "")
        self.preview_opened.emit(dialog)

    def print(self, doc: Document, parent: QWidget | None = None) -> None:
        printer = self.dialogs.choose_printer(parent or self.parent_widget)
        if printer is None:
            return
        choice = PrinterChoice.of(printer)
        self.message.emit("hint", f"Printing {doc.title}…")
        if choice.sends_pdf:
            self.runner.run(
                lambda: send_pdf(choice, doc.outgoing(), doc.title),
                self._sent(doc),
                self._failed(doc, "printed"),
            )
        else:
            self.runner.run(
                doc.outgoing, lambda pdf: self._paint(doc, printer, pdf), self._failed(doc, "printed")
            )

    def _paint(self, doc: Document, printer: QPrinter, pdf: bytes) -> None:
        try:
            pages = paint_pdf(printer, pdf)
        except BayDeskError as exc:
            self.message.emit("error", exc.message)
            return
        self._sent(doc)(pages)

    def _sent(self, doc: Document) -> Callable[[int], None]:
        def sent(pages: int) -> None:
            self.message.emit(
                "ok", f"{doc.title} sent to the printer ({pages} page{'s' if pages != 1 else ''})."
            )
            self.printed.emit(pages)

        return sent

    def save(self, doc: Document, parent: QWidget | None = None) -> None:
        path = self.dialogs.pdf_path(parent or self.parent_widget, f"Save {doc.title} as PDF", doc.file_name)
        if path is None:
            return
        self.runner.run(
            lambda: write_file(path, doc.outgoing()), lambda _n: self._saved(path), self._failed(doc, "saved")
        )

    def _saved(self, path: Path) -> None:
        self.message.emit("ok", f"Saved to {path}")
        self.saved.emit(path)

    def _failed(self, doc: Document, what: str) -> Callable[[BaseException], None]:
        return lambda exc: self.message.emit("error", f"{doc.title} was not {what}: {error_message(exc)}")


def write_file(path: Path, data: bytes) -> None:
    """A full disk or a read-only folder is the person's to fix, not a bug."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise BayDeskError(f"BayDesk could not write {path}: {exc.strerror or exc}.") from exc
