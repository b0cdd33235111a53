"""The daily backup inside the app, and the status-bar label with the last good backup.

At start and then every hour (off the GUI thread) the daily backup runs when
the last good one is 24 hours old; the label shows its date, in warning
colours when there is none or it is older than two days. The daily backup
writes to the folder in the settings (``backup_folder``, default "backups" in
the data folder) and keeps ``backup_keep`` files (0: no daily backup here,
e.g. on the terminals of a shared server, where one machine takes them).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from app.config import Settings, data_dir, load_settings, resolve_database
from app.services.container import Services
from app.services.settings.backup import BackupService, BackupStatus, daily_backup_applies, run_scheduled
from app.ui.formatting import local_time_text
from app.ui.tasks import TaskRunner
from app.ui.widgets import named, set_level

CHECK_EVERY_MS = 60 * 60 * 1000


def status_text(status: BackupStatus, now: datetime | None = None) -> tuple[str, str]:
    """(level, text) for the label."""
    if status.last_at is None:
        return "warning", "No backup yet"
    text = f"Last backup: {local_time_text(status.last_at)}"  # on the shop's clock
    return ("warning", text + " (over 2 days ago)") if status.overdue(now) else ("", text)


class BackupStatusController(QObject):
    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        settings: Settings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or load_settings()
        self.service = BackupService(services.db, data_dir())
        configured = resolve_database(self.settings, None)
        self.daily = daily_backup_applies(services.db, configured) and self.settings.backups_to_keep > 0
        configured.dispose()
        self.runner = runner
        self.label = named(QLabel(), "status_backup")
        self.messages: list[str] = []
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.check()
        self.timer.start()

    def check(self) -> None:
        keep, folder = self.settings.backups_to_keep, self.settings.backup_path

        def work() -> BackupStatus:
            if self.daily:
                return run_scheduled(self.service, keep, folder, self.messages.append)
            return self.service.status()

        self.runner.run(work, self.show, self._failed, channel="backup")

    def show(self, status: object) -> None:
        assert isinstance(status, BackupStatus)
        if status.last_at is None and not self.daily:
            set_level(self.label, "", "")  # backups of this database are another machine's job
            return
        level, text = status_text(status)
        set_level(self.label, level, text)
        tip = f"Newest verified backup: {status.path}" if status.path else "No verified backup yet"
        if self.messages:
            tip += "\n" + self.messages[-1]
        self.label.setToolTip(tip)

    def _failed(self, exc: BaseException) -> None:
        set_level(self.label, "warning", "Backup failed")
        self.label.setToolTip(str(exc))


def add_backup_status(
    bar: QStatusBar, services: Services, runner: TaskRunner, start: bool = True
) -> BackupStatusController:
    """The one call the main window makes: the label in ``bar``, the daily backup started (unless
    ``start`` is False: the caller starts it when the first screen is up)."""
    controller = BackupStatusController(services, runner, parent=bar)
    bar.addPermanentWidget(controller.label)
    if start:
        controller.start()
    return controller
