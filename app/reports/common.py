"""What every BayDesk document shares: type styles, number and date formats, safe text.

Every piece of text a person typed (names, concerns, part descriptions) goes
through :func:`esc` or :func:`para` before it reaches a ReportLab Paragraph,
whose markup would otherwise obey tags like ``<img src=...>`` or ``<a href>``
hidden in a customer's name. Numbers print with two decimals and thousands
separators, right-aligned, so a column of amounts reads down like a ledger.

Numbers, money, dates and times print the way the shop's country writes them
(``app.domain.locale``). A document builder opens :func:`printed_in` with
the document's locale (its own currency, the shop's marks and clock); every
helper below reads it, so no figure can be printed another way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from app.domain.locale import AMERICAN, ShopLocale, in_zone, zone_of
from app.reports.fonts import BOLD, ITALIC, REGULAR, register_fonts

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#5b6570")
RULE = colors.HexColor("#b8c0c8")
FAINT = colors.HexColor("#dde2e7")
SHADE = colors.HexColor("#eef1f4")
ACCENT = colors.HexColor("#1f3a5a")

CONDITION_LABELS = {
    "new": "New",
    "used": "Used",
    "rebuilt": "Rebuilt",
    "oem": "OEM",
    "aftermarket": "Aftermarket",
}
KIND_LABELS = {"labor": "Labor", "part": "Part", "fee": "Fee", "sublet": "Sublet"}
DECISION_LABELS = {"approved": "Approved", "pending": "Awaiting approval", "declined": "DECLINED"}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# --- safe text ---------------------------------------------------------------------------


def esc(text: str) -> str:
    """User text as Paragraph markup that prints literally: escaped, line breaks kept."""
    clean = _CONTROL.sub(" ", text or "")
    return escape(clean).replace("\n", "<br/>")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text (never markup)."""
    return Paragraph(esc(text), style)


def figure(text: str, style: ParagraphStyle, column: float) -> Paragraph:
    """A number in a table column of ``column`` points: set smaller rather than wrapped or clipped."""
    room, size = column - 8, style.fontSize  # 4 pt cell padding each side
    while size > 5 and stringWidth(text, style.fontName, size) > room:
        size -= 0.5
    if size != style.fontSize:
        style = ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size)
    return Paragraph(esc(text), style)


def rich(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of our own markup; every user value inside must already be ``esc()``-ed."""
    return Paragraph(markup, style)


# --- numbers and dates ------------------------------------------------------------------

_printing: ContextVar[ShopLocale] = ContextVar("document_locale", default=AMERICAN)


@contextmanager
def printed_in(shop: ShopLocale) -> Iterator[ShopLocale]:
    """Within the block, every figure and date prints the way ``shop`` writes it (per thread)."""
    token = _printing.set(shop)
    try:
        yield shop
    finally:
        _printing.reset(token)


def document_locale() -> ShopLocale:
    return _printing.get()


def money(amount: Decimal) -> str:
    """1234.5 -> '1,234.50' ('1.234,50'): an amount in a column."""
    return _printing.get().amount(amount)


def dollars(amount: Decimal) -> str:
    """1234.5 -> '$1,234.50', '1.234,50 €': an amount with its currency (a total)."""
    return _printing.get().money(amount)


def signed(amount: Decimal) -> str:
    """A difference: '+120.00', '-35.50', '0.00'."""
    return _printing.get().signed_amount(amount)


def quantity(value: Decimal) -> str:
    """1.500 -> '1.5' ('1,5'), 2.000 -> '2': quantities print as few decimals as they need."""
    return _printing.get().quantity(value)


def percent(rate: Decimal) -> str:
    """A rate stored as a fraction: 0.0725 -> '7.25%' ('7,25 %')."""
    return _printing.get().percent(rate)


def local(moment: datetime, timezone: str) -> datetime:
    """A stored (UTC) moment in the shop's time zone; naive values are taken as UTC."""
    return in_zone(moment, zone_of(timezone))


def _on(timezone: str) -> ShopLocale:
    return replace(_printing.get(), timezone=timezone)


def day(moment: datetime | date, timezone: str = "UTC") -> str:
    """'Mar 5, 2025' ('05.03.2025'); a moment's date in the shop's time zone."""
    return _on(timezone).day(moment)


def business_day_note(business_date: date, moment: datetime, timezone: str) -> str:
    """'Business day Mar 6, 2025' when a document went into a business day other than its calendar day
    (posted after that day's close); "" when they are the same day."""
    if local(moment, timezone).date() == business_date:
        return ""
    return f"Business day {day(business_date)}"


def clock(moment: datetime, timezone: str) -> str:
    """'2:07 PM' ('14:07') in the shop's time zone."""
    return _on(timezone).time(moment)


def day_time(moment: datetime, timezone: str) -> str:
    """'Mar 5, 2025, 2:07 PM' in the shop's time zone."""
    return _on(timezone).date_time(moment)


def wall_clock(at: time) -> str:
    """'8:00 AM' ('08:00'): a time already on the shop's wall clock, such as its opening hour."""
    return _printing.get().wall_clock(at)


def long_day(value: date) -> str:
    """'Wednesday, March 4, 2026': a business day named in full."""
    return _printing.get().long_day(value)


def miles(value: int | None) -> str:
    return _printing.get().integer(value) if value is not None else "—"


# --- type styles --------------------------------------------------------------------------


def _style(name: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
    options: dict[str, object] = {"fontName": REGULAR, "textColor": INK, **extra}
    return ParagraphStyle(name, fontSize=size, leading=leading, **options)


class Styles:
    """The few type styles a document uses; built after the fonts are registered."""

    def __init__(self) -> None:
        register_fonts()
        self.body = _style("body", 9, 12)
        self.small = _style("small", 7.5, 9.5, textColor=MUTED)
        self.caption = _style("caption", 7.5, 10.5, textColor=MUTED)
        self.note = _style("note", 8, 10.5, fontName=ITALIC, textColor=MUTED)
        self.note_right = _style("note_right", 8, 10.5, fontName=ITALIC, textColor=MUTED, alignment=TA_RIGHT)
        self.label = _style("label", 7, 9, fontName=BOLD, textColor=MUTED)
        self.shop = _style("shop", 15, 18, fontName=BOLD, textColor=ACCENT)
        self.title = _style("title", 20, 23, fontName=BOLD, textColor=ACCENT, alignment=TA_RIGHT)
        self.title_sub = _style("title_sub", 9.5, 12.5, alignment=TA_RIGHT)
        self.heading = _style("heading", 11, 14, fontName=BOLD, textColor=ACCENT, spaceBefore=10)
        self.job = _style("job", 10, 13, fontName=BOLD)
        self.job_state = _style("job_state", 8, 13, fontName=BOLD, alignment=TA_RIGHT)
        self.cell = _style("cell", 8.5, 10.5)
        self.cell_muted = _style("cell_muted", 8.5, 10.5, textColor=MUTED)
        self.cell_right = _style("cell_right", 8.5, 10.5, alignment=TA_RIGHT)
        self.cell_bold = _style("cell_bold", 8.5, 10.5, fontName=BOLD)
        self.cell_bold_right = _style("cell_bold_right", 8.5, 10.5, fontName=BOLD, alignment=TA_RIGHT)
        self.head = _style("head", 7.5, 9.5, fontName=BOLD, textColor=MUTED)
        self.head_right = _style("head_right", 7.5, 9.5, fontName=BOLD, textColor=MUTED, alignment=TA_RIGHT)
        self.total = _style("total", 9, 12, alignment=TA_RIGHT)
        self.grand = _style("grand", 11.5, 14, fontName=BOLD, alignment=TA_RIGHT)
        self.left = _style("left", 9, 12, alignment=TA_LEFT)


# --- building blocks ----------------------------------------------------------------------


def header_block(
    styles: Styles, shop: Sequence[str], title: str, subtitle: Sequence[str], width: float
) -> Table:
    """Shop name and contact on the left; the document's title and number on the right."""
    name, *contact = shop
    left = [para(name, styles.shop), *(para(text, styles.body) for text in contact if text)]
    right = [rich(esc(title), styles.title), *(rich(markup, styles.title_sub) for markup in subtitle)]
    table = Table([[left, right]], colWidths=[width * 0.58, width * 0.42])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, -1), 1.2, ACCENT),
            ]
        )
    )
    return table


def info_boxes(styles: Styles, boxes: Sequence[tuple[str, Sequence[tuple[str, str]]]], width: float) -> Table:
    """Side-by-side labelled boxes (customer, vehicle...), each a list of (caption, value)."""
    cells = []
    for label, rows in boxes:
        inner = Table(
            [[para(label.upper(), styles.label), ""]]
            + [[para(caption, styles.caption), para(value, styles.cell)] for caption, value in rows],
            colWidths=[58, None],
        )
        inner.setStyle(
            TableStyle(
                [
                    ("SPAN", (0, 0), (-1, 0)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 1), (0, -1), 2),  # 7.5 pt caption on the 8.5 pt value's baseline
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
                ]
            )
        )
        cells.append(inner)
    outer = Table([cells], colWidths=[width / len(cells)] * len(cells))
    outer.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEAFTER", (0, 0), (-2, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return outer


def grid_style(numeric_from: int, extra: Sequence[tuple[object, ...]] = ()) -> TableStyle:
    """A line-item table: shaded header row, hairlines between rows, numbers right-aligned."""
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, FAINT),
            ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            *extra,
        ]
    )
