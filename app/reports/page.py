"""Pages: size, margins, the running header and the 'Page 1 of 2' footer, and form lines.

'Page N of M' needs the page count before any footer is drawn, so the canvas
keeps every finished page's state and draws the footers when the document is
saved (the classic ReportLab numbered-canvas recipe).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from app import __version__
from app.reports.common import INK, MUTED, RULE
from app.reports.fonts import BOLD, REGULAR, register_fonts

PAGE_SIZES = {"letter": LETTER, "a4": A4}
MARGIN = 0.6 * inch
BOTTOM = 0.8 * inch
TOP = MARGIN + 14  # room for the running header on later pages


def page_size_of(name: str) -> tuple[float, float]:
    try:
        return PAGE_SIZES[name.lower()]
    except KeyError:
        raise ValueError(f"Unknown page size {name!r}; use 'letter' or 'a4'.") from None


def content_width(name: str) -> float:
    return page_size_of(name)[0] - 2 * MARGIN


@dataclass(frozen=True)
class PageText:
    """What prints around the content: metadata, the later pages' header, the footer."""

    title: str  # PDF title, e.g. "Estimate 1042"
    author: str  # the shop
    subject: str
    running_header: str  # top of page 2 onwards, e.g. "Estimate 1042 · Jane Doe · 2019 Honda Civic"
    footer: str  # bottom left of every page


def fit(text: str, font: str, size: float, room: float) -> str:
    """Shorten a one-line string with an ellipsis so it fits ``room`` points."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


class _NumberedCanvas(Canvas):
    def __init__(self, *args: Any, page_text: PageText, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_text = page_text
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _ = self._pagesize
        y = BOTTOM - 0.35 * inch
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, y + 10, width - MARGIN, y + 10)
        self.setFillColor(MUTED)
        self.setFont(REGULAR, 7)
        room = width - 2 * MARGIN - 70
        self.drawString(MARGIN, y, fit(self._page_text.footer, REGULAR, 7, room))
        self.drawRightString(width - MARGIN, y, f"Page {self._pageNumber} of {total}")
        self.restoreState()


def _running_header(page_text: PageText, canvas: Canvas, doc: BaseDocTemplate) -> None:
    width, height = doc.pagesize
    y = height - MARGIN + 4
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 8)
    canvas.drawString(MARGIN, y, fit(page_text.running_header, BOLD, 8, width - 2 * MARGIN - 60))
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(width - MARGIN, y, "continued")
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y - 5, width - MARGIN, y - 5)
    canvas.restoreState()


def build_pdf(story: list[Flowable], page_size: str, page_text: PageText) -> bytes:
    """Lay the flowables out on pages and return the PDF's bytes.

    The frame has no inner padding, so a table as wide as :func:`content_width`
    lines up exactly with the paragraphs above it.
    """
    register_fonts()
    size = page_size_of(page_size)
    buffer = BytesIO()
    frame = Frame(
        MARGIN,
        BOTTOM,
        size[0] - 2 * MARGIN,
        size[1] - BOTTOM - TOP,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc = BaseDocTemplate(
        buffer,
        pagesize=size,
        pageTemplates=[
            PageTemplate("first", [frame], autoNextPageTemplate="later"),
            PageTemplate("later", [frame], onPage=partial(_running_header, page_text)),
        ],
        title=page_text.title,
        author=page_text.author,
        subject=page_text.subject,
        creator=f"BayDesk {__version__}",
        producer=f"BayDesk {__version__} (ReportLab)",
    )
    doc.build(story, canvasmaker=partial(_NumberedCanvas, page_text=page_text, initialFontName=REGULAR))
    return buffer.getvalue()


class RuledLines(Flowable):
    """A caption and ruled lines to write on: 'Cause: ________' and so on."""

    def __init__(self, caption: str, count: int, gap: float = 19) -> None:
        super().__init__()
        self.caption, self.count, self.gap = caption, count, gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * self.gap + 3

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(BOLD, 8)
        canvas.setFillColor(INK)
        indent = canvas.stringWidth(self.caption, BOLD, 8) + 6
        canvas.drawString(0, self.count * self.gap - self.gap + 6, self.caption)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        for row in range(self.count):
            y = (self.count - 1 - row) * self.gap + 3
            canvas.line(indent if row == 0 else 0, y, self.width, y)
        canvas.restoreState()


class FieldLine(Flowable):
    """Fill-in fields side by side: a line to write on with its caption underneath."""

    def __init__(self, fields: Sequence[tuple[str, float]], height: float = 34) -> None:
        super().__init__()
        self.fields, self.field_height = fields, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.field_height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        x = 0.0
        total = sum(share for _, share in self.fields)
        for index, (caption, share) in enumerate(self.fields):
            span = self.width * share / total
            gap = 0 if index == len(self.fields) - 1 else 14
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.6)
            canvas.line(x, 12, x + span - gap, 12)
            canvas.setFont(REGULAR, 7)
            canvas.setFillColor(MUTED)
            canvas.drawString(x, 3, caption)
            x += span
        canvas.restoreState()
