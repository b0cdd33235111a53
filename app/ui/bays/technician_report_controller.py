"""Behaviour of the technician report: run it for a range of days, show it, preview it to print or save."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from app.domain.locale import ShopLocale
from app.domain.permissions import Actor
from app.services.bays.dto import TechnicianReport
from app.services.container import Services
from app.ui import shortcuts
from app.ui.bays.board_model import BAY_UTILIZATION_COLUMNS, TECHNICIAN_REPORT_COLUMNS
from app.ui.bays.dialogs import BayDialogs
from app.ui.bays.technician_report_view import TechnicianReportView
from app.ui.errors import error_message
from app.ui.formatting import shop_locale
from app.ui.printing import Document, DocumentPaper
from app.ui.shared.table_model import RowTableModel, SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level


class TechnicianReportController(QObject):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: TechnicianReportView,
        runner: TaskRunner,
        dialogs: BayDialogs | None = None,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.dialogs = dialogs or BayDialogs()
        self.report: TechnicianReport | None = None
        self._busy = False
        self.technicians = RowTableModel(TECHNICIAN_REPORT_COLUMNS, self)
        self.bays = RowTableModel(BAY_UTILIZATION_COLUMNS, self)
        self.technicians_proxy = SortProxy(self.technicians, self)
        self.bays_proxy = SortProxy(self.bays, self)
        configure_table(view.technicians_table, self.technicians_proxy, "report_technicians")
        configure_table(view.bays_table, self.bays_proxy, "report_bays")
        self.show_action = self._action("show_report", "&Show report", self.load)
        self.pdf_action = self._action("report_pdf", "&Print…", self.save_pdf)
        self.paper = DocumentPaper(runner, view, self.dialogs)
        self.paper.message.connect(lambda level, text: set_level(self.view.message_label, level, text))
        view.show_button.setDefaultAction(self.show_action)
        view.pdf_button.setDefaultAction(self.pdf_action)

    def _action(self, name: str, text: str, slot: object) -> QAction:
        action = QAction(text, self.view)
        action.setObjectName(name)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts.assign(action, "bays.report")
        action.triggered.connect(slot)  # type: ignore[arg-type]
        self.view.addAction(action)
        return action

    def all(self) -> list[QAction]:
        return [self.show_action, self.pdf_action]

    def start(self) -> None:
        self.load()

    def is_settled(self) -> bool:
        return not self._busy

    def load(self) -> None:
        first: date = self.view.first_edit.date().toPython()  # type: ignore[assignment]
        last: date = self.view.last_edit.date().toPython()  # type: ignore[assignment]
        self._busy = True
        self.runner.run(
            lambda: self.services.technician_reports.report(self.actor, first, last),
            self._show,
            self._failed,
            channel="technician_report",
        )

    def _show(self, report: TechnicianReport) -> None:
        self._busy = False
        self.report = report
        self.technicians.set_rows(report.technicians)
        self.bays.set_rows(report.bays)
        set_level(self.view.message_label, "")

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        set_level(self.view.message_label, "error", error_message(exc))

    def save_pdf(self) -> None:
        """The report shown, previewed on the shop's paper to print or save."""
        report, shop = self.report, shop_locale()
        if report is None:
            return
        self.paper.preview(
            Document(
                "Technician report",
                f"technicians-{report.first}-{report.last}.pdf",
                lambda: _pdf(report, shop),
            )
        )


def _pdf(report: TechnicianReport, shop: ShopLocale) -> bytes:
    from app.reports.technician_report import technician_report_pdf  # ReportLab: only when printing

    return technician_report_pdf(report, shop)
