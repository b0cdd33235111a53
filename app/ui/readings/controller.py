"""Behaviour of the Vehicle readings area: the list, importing a file, the watched folder, codes into work.

Imports and reads run off the GUI thread. Other terminals' imports arrive
through the change-sets and refresh the list.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView

from app.config import load_settings, save_settings
from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.services.readings.dto import ImportOptions, ImportResult, ReadingView
from app.services.readings.service import FilePreview, ReadingService
from app.ui import shortcuts
from app.ui.changes import ANY_TABLE, ChangeBridge
from app.ui.errors import error_message
from app.ui.readings.import_dialog import ImportDialog
from app.ui.readings.tables import VEHICLE_COLUMN, ReadingsModel
from app.ui.readings.view import ReadingsView
from app.ui.readings.watcher import FolderWatcher, read_file
from app.ui.shared import files
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.pick_dialog import Choice, PickDialog
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table

WATCHED_TABLES = frozenset({"vehicle_readings", ANY_TABLE})
ACTIONS = (
    ("import_readings", "&Import file…", Action.IMPORT_READINGS),
    ("watch_folder", "&Watch a folder…", Action.IMPORT_READINGS),
    ("recommend_code", "Recommend a &job for a code…", Action.RECOMMEND_FROM_READINGS),
    ("refresh_readings", "&Refresh", Action.VIEW_READINGS),
)
SHOWN_PROBLEMS = 10


class ReadingActions:
    """The area's actions by name; ``all()`` is its menu."""

    def __init__(self) -> None:
        self.by_name: dict[str, QAction] = {}

    def all(self) -> list[QAction]:
        return list(self.by_name.values())


class ReadingsController(QObject):
    readings_shown = Signal(int)
    dialog_opened = Signal(object)  # the import dialog or the code picker, for tests
    message_shown = Signal(str)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: ReadingsView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: DialogFactory | None = None,
    ) -> None:
        super().__init__(view)
        self.services, self.actor, self.view, self.runner = services, actor, view, runner
        self.dialogs = dialogs or DialogFactory()
        self.model = ReadingsModel(zone, self)
        self.proxy = SortProxy(self.model, self)
        configure_table(view.table, self.proxy, "readings")
        header = view.table.horizontalHeader()
        header.setStretchLastSection(False)  # the vehicle's name takes the room
        header.setSectionResizeMode(VEHICLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.rows: list[ReadingView] = []
        self.actions = ReadingActions()
        self._make_actions()
        self.watcher = FolderWatcher(services, actor, runner, self)
        self.watcher.imported.connect(self._imported)
        self.watcher.failed.connect(self._tell)
        self._reload = QTimer(self, singleShot=True, interval=100)
        self._reload.timeout.connect(self.load)
        view.filter_edit.textChanged.connect(lambda _text: self._show(self.rows))
        view.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        changes.records_changed.connect(self._records_changed)

    def _make_actions(self) -> None:
        slots = {
            "import_readings": self.import_file,
            "watch_folder": self.choose_folder,
            "recommend_code": self.recommend,
            "refresh_readings": self.load,
        }
        for name, text, needed in ACTIONS:
            if not self.actor.can(needed):
                self.view.buttons[name].hide()
                continue
            action = QAction(text, self.view)
            action.setObjectName(name)
            shortcuts.assign(action, "readings")
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, slot=slots[name]: slot())
            self.view.addAction(action)
            self.view.buttons[name].setDefaultAction(action)
            self.actions.by_name[name] = action

    # --- the area's life ---------------------------------------------------------------------
    def start(self) -> None:
        self.load()
        folder = load_settings().readings_folder
        if folder and self.actor.can(Action.IMPORT_READINGS):
            self._watch(Path(folder).expanduser())

    def is_settled(self) -> bool:
        return not self._reload.isActive()

    def load(self) -> None:
        self.runner.run(
            lambda: self.services.readings.recent(self.actor), self._loaded, self._failed, channel="readings"
        )

    def _loaded(self, rows: list[ReadingView]) -> None:
        self.rows = rows
        self._show(rows)

    def _show(self, rows: list[ReadingView]) -> None:
        words = self.view.filter_edit.text().casefold().split()
        shown = [r for r in rows if all(w in _searchable(r) for w in words)]
        self.model.set_rows(shown)
        with_codes = sum(1 for r in shown if r.codes)
        text = f"{len(shown):,} reading{'s' if len(shown) != 1 else ''}" if shown else "No readings yet."
        if with_codes:
            text += f", {with_codes} with trouble codes"
        self.view.summary_label.setText(text + ("." if shown else ""))
        self._selection_changed()
        self.readings_shown.emit(len(shown))

    def _failed(self, exc: BaseException) -> None:
        self.model.set_rows([])
        self.view.summary_label.setText(error_message(exc))

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._reload.start()

    def selected(self) -> ReadingView | None:
        index = self.view.table.currentIndex()
        row = self.proxy.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, ReadingView) else None

    def _selection_changed(self) -> None:
        reading = self.selected()
        self.view.show_codes(
            None if reading is None else [f"{c.code}  {c.description}" for c in reading.codes]
        )
        if "recommend_code" in self.actions.by_name:
            self.actions.by_name["recommend_code"].setEnabled(reading is not None and bool(reading.codes))

    # --- importing -----------------------------------------------------------------------------
    def import_file(self, path: Path | None = None) -> ImportDialog:
        dialog = ImportDialog(self.view)
        dialog.file_chosen.connect(lambda chosen: self._preview(dialog, chosen))
        dialog.import_submitted.connect(lambda chosen, options: self._import(dialog, chosen, options))
        self.dialog_opened.emit(dialog)
        dialog.open()
        if path is not None:
            dialog.set_file(path)
        return dialog

    def _preview(self, dialog: ImportDialog, path: Path) -> None:
        def work() -> FilePreview:
            return ReadingService.preview(read_file(path), path.name)

        self.runner.run(work, dialog.show_preview, dialog.show_error, channel="readings_preview")

    def _import(self, dialog: ImportDialog, path: Path, options: ImportOptions) -> None:
        def work() -> ImportResult:
            return self.services.readings.import_file(self.actor, read_file(path), path.name, options)

        def done(result: ImportResult) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self._imported(result)

        self.runner.run(work, done, dialog.show_error)

    def _imported(self, result: ImportResult) -> None:
        self._tell(result.summary)
        if result.problems:
            shown = "\n".join(result.problems[:SHOWN_PROBLEMS])
            more = len(result.problems) - SHOWN_PROBLEMS
            extra = f"\n…and {more} more." if more > 0 else ""
            self.dialogs.inform(self.view, "Some lines were skipped", f"{result.summary}\n\n{shown}{extra}")
        self.load()

    def _tell(self, text: str) -> None:
        self.view.summary_label.setText(text)
        self.message_shown.emit(text)

    # --- the watched folder ----------------------------------------------------------------------
    def choose_folder(self) -> None:
        current = self.watcher.folder
        name = files.get_existing_directory(self.view, "Watch a folder for readings", str(current or ""))
        self.set_folder(Path(name) if name else None)

    def set_folder(self, folder: Path | None) -> None:
        """Watch ``folder`` on this terminal from now on (None: stop); remembered in the settings."""
        save_settings(replace(load_settings(), readings_folder=str(folder) if folder else ""))
        self._watch(folder)

    def _watch(self, folder: Path | None) -> None:
        self.watcher.watch(folder)
        if folder is None:
            self.view.watch_label.setText("")
        elif folder.is_dir():
            self.view.watch_label.setText(
                f"Watching {folder}: new files there are imported by this terminal."
            )
        else:
            self.view.watch_label.setText(f"The watched folder {folder} is not there.")

    # --- a code becomes work ---------------------------------------------------------------------
    def recommend(self) -> None:
        reading = self.selected()
        if reading is None or not reading.codes:
            return
        if len(reading.codes) == 1:
            self._recommend(reading, [reading.codes[0].code])
            return
        choices = [Choice(f"{c.code}  {c.description}", c.code) for c in reading.codes]
        dialog = PickDialog(
            "Recommend a job", "Which codes become jobs?", choices, checkable=True, parent=self.view
        )
        dialog.picked.connect(lambda codes: self._recommend(reading, codes))
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _recommend(self, reading: ReadingView, codes: list[str]) -> None:
        def work() -> str:
            return " ".join(
                self.services.readings.recommend(self.actor, reading.vehicle_id, c).message for c in codes
            )

        self.runner.run(work, self._tell, lambda exc: self._tell(error_message(exc)))


def _searchable(reading: ReadingView) -> str:
    return " ".join([reading.vehicle, reading.source, *(c.code for c in reading.codes)]).casefold()
