"""Print the estimate or the technician's work sheet: a PDF saved where the person says.

The PDF is built off the GUI thread from the same ``WorkOrderView`` the
screen shows, so the totals on paper are the totals on screen. It then opens
in the system's viewer, from which it is printed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.errors import BayDeskError
from app.services.work_orders.dto import WorkOrderView
from app.ui.errors import error_message
from app.ui.tasks import TaskRunner
from app.ui.work_orders.dialogs import WorkOrderDialogs

DOCUMENTS = {"estimate": "Estimate", "work_sheet": "Work sheet"}


def renderer(kind: str) -> Callable[[WorkOrderView, str], bytes]:
    """ReportLab is loaded at the first print, not at start-up (about 0.15 s of imports)."""
    if kind == "estimate":
        from app.reports.estimate import estimate_pdf

        return estimate_pdf
    from app.reports.work_sheet import work_sheet_pdf

    return work_sheet_pdf


def page_size() -> str:
    """Letter paper where the US measurement system is used, A4 elsewhere."""
    imperial = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "letter" if imperial else "a4"


class WorkOrderPrinting(QObject):
    pdf_saved = Signal(str, object)  # document name, Path
    message = Signal(str, str)  # level, text

    def __init__(self, runner: TaskRunner, dialogs: WorkOrderDialogs, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._runner = runner
        self._dialogs = dialogs
        self._parent = parent_widget

    def print_document(self, kind: str, view: WorkOrderView) -> None:
        title, render = DOCUMENTS[kind], renderer(kind)
        suggested = f"{title.lower().replace(' ', '-')}-{view.number}.pdf"
        path = self._dialogs.pdf_path(self._parent, f"Save the {title.lower()} as PDF", suggested)
        if path is None:
            return
        size = page_size()
        self.message.emit("hint", f"Writing the {title.lower()} of work order {view.number}…")
        self._runner.run(
            lambda: _write(path, render(view, size)),
            lambda _none: self._saved(title, path),
            lambda exc: self.message.emit(
                "error", f"The {title.lower()} was not saved: {error_message(exc)}"
            ),
        )

    def _saved(self, title: str, path: Path) -> None:
        self.message.emit("ok", f"{title} saved to {path}")
        self.pdf_saved.emit(title, path)
        self._dialogs.show_pdf(path)


def _write(path: Path, data: bytes) -> None:
    """A full disk or a read-only folder is the person's to fix, not a bug."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise BayDeskError(f"BayDesk could not write {path}: {exc.strerror or exc}.") from exc
