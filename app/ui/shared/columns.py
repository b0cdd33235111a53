"""Table columns sized to what they hold, giving way on a small screen instead of pushing the rest out of sight.

Each column needs what its heading and the rows it shows need (a table with
no rows yet keeps the widths its model declares). A right-aligned figure
always gets its need, so the amounts a person came to read stay whole. With
room to spare, the text columns share it in proportion to what they hold (a
long description gets most of it, an empty part-number column hardly any);
short of room, they share what is left as the widths the table declares say
(a description three times a type), none getting more than it needs: a plate
that needs less than its share stays whole and leaves the rest to the names.
When even that does not fit, the table scrolls.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QTableView

MIN_TEXT_WIDTH = 56  # pixels: a few letters and the ellipsis
HEADING_PADDING = 24  # pixels around a heading's words (the style sheet's section padding)
ROWS_MEASURED = 60  # rows read for a column's width: more than a screen shows, few enough to stay quick


class ColumnFitter(QObject):
    """Keeps ``view``'s columns within its width whenever the table is resized or its rows change."""

    def __init__(self, view: QTableView, widths: Sequence[int], fixed: Sequence[bool]) -> None:
        super().__init__(view)
        self.view = view
        self.widths = list(widths)
        self.fixed = list(fixed)
        self._needs: dict[
            tuple[int, ...], list[int]
        ] = {}  # by the columns shown: measured once per change of the rows
        self._changed = QTimer(self, singleShot=True, interval=0)
        self._changed.timeout.connect(self._rows_changed)
        view.horizontalHeader().setResizeContentsPrecision(ROWS_MEASURED)
        view.viewport().installEventFilter(self)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        model = view.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
        ):
            signal.connect(self._changed.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()  # a table in a hidden tab is fitted when it is shown
        return False

    def _rows_changed(self) -> None:
        self._needs.clear()
        self.fit()

    def fit(self) -> None:
        view = self.view
        model = view.model()
        shown = [c for c in range(min(len(self.widths), model.columnCount())) if not view.isColumnHidden(c)]
        if not shown or not view.isVisible():
            return
        needs = self._needs.get(tuple(shown))
        if needs is None:
            needs = self._needs[tuple(shown)] = self._measure(shown)
        widths = fitted_widths(
            needs,
            [self.fixed[c] for c in shown],
            view.viewport().width(),
            [self.widths[c] for c in shown],
        )
        for column, width in zip(shown, widths, strict=True):
            view.setColumnWidth(column, width)

    def _measure(self, shown: list[int]) -> list[int]:
        """Each shown column's heading and rows at full width (the declared width while there are none)."""
        view = self.view
        model = view.model()
        metrics = view.horizontalHeader().fontMetrics()
        headings = [
            metrics.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
            + HEADING_PADDING
            for c in shown
        ]
        if model.rowCount() == 0:
            return [max(self.widths[c], heading) for c, heading in zip(shown, headings, strict=True)]
        return [max(heading, view.sizeHintForColumn(c)) for c, heading in zip(shown, headings, strict=True)]


def fitted_widths(
    needs: Sequence[int], fixed: Sequence[bool], available: int, shares: Sequence[int] | None = None
) -> list[int]:
    """Widths for columns that need ``needs`` within ``available`` pixels.

    Figures (``fixed``) keep their need. With room to spare, the text columns
    share it in proportion to their need. Short of room, each text column
    gets its part of what is left in proportion to its ``shares`` (the widths
    the table declares: a description's is three times a type's), never more
    than it needs (what one leaves goes to the others) nor under a few
    letters. When even that does not fit, the table scrolls.
    """
    text = [i for i, is_figure in enumerate(fixed) if not is_figure]
    widths = list(needs)
    weight = sum(needs[i] for i in text)
    if not weight:
        return widths
    spare = available - sum(needs)
    if spare >= 0:
        for i in text:
            widths[i] += spare * needs[i] // weight
        widths[max(text, key=lambda i: needs[i])] += available - sum(widths)  # what rounding left
        return widths
    share = shares if shares is not None else needs
    room = available - (sum(needs) - weight)  # what the text columns may have together

    def given(i: int, scale: float) -> int:
        return max(min(needs[i], MIN_TEXT_WIDTH), min(needs[i], int(share[i] * scale)))

    low, high = 0.0, max(needs[i] / max(share[i], 1) for i in text)  # the largest scale that fits
    for _ in range(30):
        middle = (low + high) / 2
        if sum(given(i, middle) for i in text) <= room:
            low = middle
        else:
            high = middle
    for i in text:
        widths[i] = given(i, low)
    leftover = available - sum(widths)  # what rounding left: to the columns still short of their need
    for i in sorted(text, key=lambda i: -share[i]):
        extra = max(0, min(leftover, needs[i] - widths[i]))
        widths[i] += extra
        leftover -= extra
    return widths


def fit_columns(view: QTableView) -> ColumnFitter | None:
    """Attach a fitter to a table whose model declares ``columns`` (``Column`` specs)."""
    model = view.model()
    source = getattr(model, "sourceModel", lambda: model)()
    specs = getattr(source, "columns", ())
    if not specs:
        return None
    fixed = [bool(spec.align & Qt.AlignmentFlag.AlignRight) for spec in specs]
    return ColumnFitter(view, [spec.width for spec in specs], fixed)
