"""The status bar's word on where reports are read: the standby, or the main server and why.

Shown only when a report server is named (``report_url`` / ``--report-database``).
The standby is asked off the GUI thread every ``CHECK_EVERY_MS``; a report read
in between may also change the answer, which the next tick shows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from app.services.container import ReportSource, Services
from app.ui.tasks import TaskRunner
from app.ui.widgets import named, set_level

CHECK_EVERY_MS = 10_000


class ReportStatus(QObject):
    def __init__(self, services: Services, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.label = named(QLabel(), "status_reports")
        self.label.setToolTip(
            "Reports (end of day, sales, statements, exports, the audit viewer) read from the report "
            "server while it is up and no more than the set number of seconds behind"
        )
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        if not self.services.has_report_server():
            self.label.hide()
            return
        self.check()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        self.runner.run(self.services.report_source, self.show, self._failed, channel="report_status")

    def show(self, source: object) -> None:
        assert isinstance(source, ReportSource)
        set_level(self.label, "" if source.on_replica else "warning", source.message)

    def _failed(self, exc: BaseException) -> None:
        set_level(self.label, "warning", "Reports from the main server")
        self.label.setToolTip(str(exc))


def add_report_status(bar: QStatusBar, services: Services, runner: TaskRunner) -> ReportStatus:
    """The one call the main window makes: the label in ``bar`` (hidden without a report server)."""
    status = ReportStatus(services, runner, parent=bar)
    bar.addPermanentWidget(status.label)
    status.start()
    return status
