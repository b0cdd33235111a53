"""Where the work orders area gets its dialogs, so tests can drive (or replace) every one.

Confirmations and messages go through the window's ``DialogFactory`` (a
test's recording factory answers them); the work order dialogs are built
here; the "save PDF as" question is one method a test overrides with a path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.customers.dto import VehicleView
from app.services.work_orders.dto import JobView, LineView, TechnicianView, WorkOrderView
from app.ui.shared import files
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.pick_dialog import Choice, PickDialog
from app.ui.work_orders.authorization_dialog import AuthorizationDialog
from app.ui.work_orders.job_dialog import JobDialog
from app.ui.work_orders.line_dialog import LineDialog
from app.ui.work_orders.new_dialog import NewWorkOrderDialog
from app.ui.work_orders.status_dialog import StatusDialog


class WorkOrderDialogs:
    def __init__(self, base: DialogFactory | None = None) -> None:
        self.base = base or DialogFactory()

    def new_work_order(
        self, parent: QWidget, zone: ZoneInfo, vehicle: VehicleView | None
    ) -> NewWorkOrderDialog:
        return NewWorkOrderDialog(zone, vehicle, parent)

    def job(
        self,
        parent: QWidget,
        view: WorkOrderView,
        job: JobView | None,
        technicians: Sequence[TechnicianView],
        findings_only: bool = False,
    ) -> JobDialog:
        return JobDialog(view, job, technicians, parent, findings_only=findings_only)

    def line(
        self, parent: QWidget, view: WorkOrderView, job: JobView, kind: LineKind, line: LineView | None
    ) -> LineDialog:
        return LineDialog(view, job, kind, line, parent)

    def authorization(self, parent: QWidget, view: WorkOrderView) -> AuthorizationDialog:
        return AuthorizationDialog(view, parent)

    def status(self, parent: QWidget, view: WorkOrderView, target: Status) -> StatusDialog:
        return StatusDialog(view, target, parent)

    def pick(
        self, parent: QWidget, title: str, prompt: str, choices: Sequence[Choice], *, checkable: bool = False
    ) -> PickDialog:
        return PickDialog(title, prompt, choices, checkable=checkable, parent=parent)

    def pdf_path(self, parent: QWidget, title: str, suggested_name: str) -> Path | None:
        """Where to save a PDF; None when the person cancels."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = files.get_save_file_name(
            parent, title, str(Path(folder) / suggested_name), "PDF documents (*.pdf)"
        )
        if not path:
            return None
        return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")

    def show_pdf(self, path: Path) -> None:
        """Open a saved PDF in the system's viewer, to print it from there."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def confirm(self, parent: QWidget, title: str, text: str, action: str) -> bool:
        return self.base.confirm(parent, title, text, action)

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        self.base.inform(parent, title, text)
