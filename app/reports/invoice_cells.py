"""Cell sizes and table styles shared by the printed invoice's tables.

Cells are plain strings wherever nothing wraps: ReportLab draws them literally
(no markup at all), and a table of strings lays out several times faster than
one of Paragraphs. A figure too wide for its column is set smaller, never
clipped.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import TableStyle

from app.reports.common import INK, MUTED, grid_style
from app.reports.fonts import BOLD, REGULAR

CELL, HEAD, SMALL = 8.5, 7.5, 7.0


def fit_size(text: str, column: float, size: float, font: str = REGULAR) -> float:
    """The font size at which ``text`` fits ``column`` (4 pt padding each side): smaller, never clipped."""
    room = column - 8
    while size > 5 and stringWidth(text, font, size) > room:
        size -= 0.5
    return size


def plain_style(
    numeric_from: int, header: bool = True, extra: list[tuple[object, ...]] | None = None
) -> TableStyle:
    """A grid of plain-string cells, figures right-aligned from column ``numeric_from``."""
    first = 1 if header else 0
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, first), (-1, -1), CELL),
        ("LEADING", (0, first), (-1, -1), 10.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    if header:
        commands += [
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("FONTSIZE", (0, 0), (-1, 0), HEAD),
            ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ]
    return grid_style(numeric_from, [*commands, *(extra or [])])
