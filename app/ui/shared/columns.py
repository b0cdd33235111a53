"""Table columns that give way on a small screen instead of pushing the rest out of sight.

Each table declares a width per column. On a 1,366-pixel screen those widths
often add up to more than the table has, and the last columns (the amount,
the total) end up behind a horizontal scroll bar. ``ColumnFitter`` narrows
the text columns (names, descriptions: they elide with "…" and show whole in
the tooltip) in proportion to their width, and never the right-aligned
figures, which are what a person came to read.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QTableView

MIN_TEXT_WIDTH = 56  # pixels: a few letters and the ellipsis
WIDE = 120  # a text column declared this wide holds names or descriptions, which elide well


class ColumnFitter(QObject):
    """Keeps ``view``'s columns within its width whenever the table is resized."""

    def __init__(self, view: QTableView, widths: Sequence[int], fixed: Sequence[bool]) -> None:
        super().__init__(view)
        self.view = view
        self.widths = list(widths)
        self.fixed = list(fixed)
        view.viewport().installEventFilter(self)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        view = self.view
        model = view.model()
        shown = [c for c in range(min(len(self.widths), model.columnCount())) if not view.isColumnHidden(c)]
        if not shown:
            return
        metrics = view.horizontalHeader().fontMetrics()
        floors = [
            metrics.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal) or "")) + 24
            for c in shown
        ]
        widths = fitted_widths(
            [self.widths[c] for c in shown], [self.fixed[c] for c in shown], floors, view.viewport().width()
        )
        for column, width in zip(shown, widths, strict=True):
            view.setColumnWidth(column, width)


def fitted_widths(
    widths: Sequence[int], fixed: Sequence[bool], floors: Sequence[int], available: int
) -> list[int]:
    """The declared ``widths``, narrowed so the total fits ``available`` where it can.

    Wide text columns (names, descriptions) give way first, in proportion to
    their width, down to a few letters; if that is not enough, the narrow
    ones (dates, codes) and the figures give way too, down to their heading's
    width (``floors``).
    """
    result = list(widths)
    wide_text = [not f and w >= WIDE for w, f in zip(widths, fixed, strict=True)]
    for movable in (wide_text, [True] * len(widths)):
        excess = sum(result) - available
        if excess <= 0:
            break
        lows = [
            min(w, MIN_TEXT_WIDTH if wide else floor)
            for w, wide, floor in zip(result, wide_text, floors, strict=True)
        ]
        give = [w - low if m else 0 for w, low, m in zip(result, lows, movable, strict=True)]
        spare = sum(give)
        if spare <= 0:
            continue
        share = min(1.0, excess / spare)
        result = [w - int(g * share + 0.999) for w, g in zip(result, give, strict=True)]
    return result


def fit_columns(view: QTableView) -> ColumnFitter | None:
    """Attach a fitter to a table whose model declares ``columns`` (``Column`` specs)."""
    model = view.model()
    source = getattr(model, "sourceModel", lambda: model)()
    specs = getattr(source, "columns", ())
    if not specs:
        return None
    fixed = [bool(spec.align & Qt.AlignmentFlag.AlignRight) for spec in specs]
    return ColumnFitter(view, [spec.width for spec in specs], fixed)
