"""The estimate and the technician's work sheet on paper: previewed, then printed or saved.

The PDF is built off the GUI thread from the same ``WorkOrderView`` the
screen shows, so the totals on paper are the totals on screen, on the shop's
paper and in its way of writing money and dates.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.services.work_orders.dto import WorkOrderView
from app.ui.printing import Document, DocumentPaper
from app.ui.tasks import TaskRunner
from app.ui.work_orders.dialogs import WorkOrderDialogs

DOCUMENTS = {"estimate": "Estimate", "work_sheet": "Work sheet"}


def renderer(kind: str) -> Callable[[WorkOrderView], bytes]:
    """ReportLab is loaded at the first print, not at start-up (about 0.15 s of imports)."""
    if kind == "estimate":
        from app.reports.estimate import estimate_pdf

        return estimate_pdf
    from app.reports.work_sheet import work_sheet_pdf

    return work_sheet_pdf


def document(kind: str, view: WorkOrderView) -> Document:
    title, render = DOCUMENTS[kind], renderer(kind)
    return Document(
        f"{title} {view.number}", f"{title.lower().replace(' ', '-')}-{view.number}.pdf", lambda: render(view)
    )


class WorkOrderPrinting(QObject):
    message = Signal(str, str)  # level, text

    def __init__(self, runner: TaskRunner, dialogs: WorkOrderDialogs, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.paper = DocumentPaper(runner, parent_widget, dialogs)
        self.paper.message.connect(self.message)

    def print_document(self, kind: str, view: WorkOrderView) -> None:
        """The document's preview, with Print and Save PDF."""
        self.paper.preview(document(kind, view))
