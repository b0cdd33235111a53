"""A folder this terminal imports readings from, as telematics software drops files into it.

``QFileSystemWatcher`` says when the folder changes; a file is imported once
its size and time have stayed the same for one look (a file still being
written is left for the next), and again only if it changes. Re-importing is
harmless anyway: a reading already stored is never stored twice.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from app.domain.errors import BayDeskError
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.readings.dto import ImportOptions, ImportResult
from app.ui.errors import error_message
from app.ui.tasks import TaskRunner

SUFFIXES = (".csv", ".txt", ".json", ".jsonl", ".ndjson")
SETTLE_MS = 1500


class FolderWatcher(QObject):
    imported = Signal(object)  # ImportResult
    failed = Signal(str)  # "name: why"

    def __init__(
        self, services: Services, actor: Actor, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner = services, actor, runner
        self.folder: Path | None = None
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.scan)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self._settle.start())
        self._seen: dict[Path, tuple[float, int]] = {}  # imported as of this stamp
        self._pending: dict[Path, tuple[float, int]] = {}  # seen once, waiting to stay still

    def watch(self, folder: Path | None) -> None:
        """Watch ``folder`` (None: stop); what is in it already is imported too."""
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self.folder, self._seen, self._pending = folder, {}, {}
        if folder is not None and folder.is_dir():
            self._watcher.addPath(str(folder))
            self.scan()

    def scan(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        for path in sorted(p for p in self.folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES):
            stat = path.stat()
            stamp = (stat.st_mtime, stat.st_size)
            if self._seen.get(path) == stamp:
                continue
            if self._pending.get(path) != stamp:
                self._pending[path] = stamp  # look again once it has stayed still
                self._settle.start()
                continue
            del self._pending[path]
            self._seen[path] = stamp
            self._import(path)

    def _import(self, path: Path) -> None:
        def work() -> ImportResult:
            return self.services.readings.import_file(self.actor, read_file(path), path.name, ImportOptions())

        self.runner.run(
            work, self.imported.emit, lambda exc: self.failed.emit(f"{path.name}: {error_message(exc)}")
        )


def read_file(path: Path) -> bytes:
    """The file's bytes; a file that vanished or cannot be read is the person's to fix, not a bug."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BayDeskError(f"{path.name} could not be read: {exc.strerror or exc}.") from exc
