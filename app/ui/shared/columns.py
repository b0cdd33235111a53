"""Table columns that give way on a small screen instead of pushing the rest out of sight.

Each table declares a width per column. On a 1,366-pixel screen those widths
often add up to more than the table has, and the last columns (the amount,
the total) end up behind a horizontal scroll bar. ``ColumnFitter`` narrows
the widest columns first (names, descriptions: they elide with "…"), and a
right-aligned figure never below its heading, so the amounts a person came
to read stay whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QTableView

MIN_TEXT_WIDTH = 56  # pixels: a few letters and the ellipsis


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
    """The declared ``widths``, the widest narrowed first so the total fits ``available``.

    Every column wider than a common cap is cut to that cap (the widest, a
    description or a name, gives way first), and the cap is lowered until
    the table fits: text columns no lower than a few letters, figures
    (``fixed``) no lower than their heading (``floors``). When even that does
    not fit, the table scrolls.
    """
    lows = [min(w, floor if f else MIN_TEXT_WIDTH) for w, f, floor in zip(widths, fixed, floors, strict=True)]

    def capped(cap: int) -> list[int]:
        return [max(low, min(w, cap)) for w, low in zip(widths, lows, strict=True)]

    if sum(widths) <= available:
        return list(widths)
    low_cap, high_cap = 0, max(widths)  # the largest cap that fits, by halving
    while low_cap < high_cap:
        middle = (low_cap + high_cap + 1) // 2
        if sum(capped(middle)) <= available:
            low_cap = middle
        else:
            high_cap = middle - 1
    return capped(low_cap)


def fit_columns(view: QTableView) -> ColumnFitter | None:
    """Attach a fitter to a table whose model declares ``columns`` (``Column`` specs)."""
    model = view.model()
    source = getattr(model, "sourceModel", lambda: model)()
    specs = getattr(source, "columns", ())
    if not specs:
        return None
    fixed = [bool(spec.align & Qt.AlignmentFlag.AlignRight) for spec in specs]
    return ColumnFitter(view, [spec.width for spec in specs], fixed)
