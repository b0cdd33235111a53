"""The import wizard's behaviour: preview, mapping, dry run and import off the GUI thread, the report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QComboBox, QTableWidgetItem, QWidget

from app.domain.imports import Duplicates, ImportKind, RefusedRow, field_label, refused_csv
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.imports.dto import FilePreview, ImportReport
from app.ui.formatting import count_text
from app.ui.imports.wizard_view import ImportWizardView
from app.ui.shared import files
from app.ui.tasks import TaskRunner
from app.ui.widgets import set_level

NOT_IMPORTED = "(not imported)"


class ImportFiles:
    """The file questions; tests answer them with paths of their own."""

    def open_path(self, parent: QWidget) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = files.get_open_file_name(
            parent, "The file to import", folder, "CSV files (*.csv *.txt)"
        )
        return Path(path) if path else None

    def save_path(self, parent: QWidget, suggested: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = files.get_save_file_name(
            parent, "Save the refused rows", str(Path(folder) / suggested), "CSV files (*.csv)"
        )
        return Path(path) if path else None


class ImportProgress(QObject):
    """Rows done, from the worker thread to the progress bar (a queued signal)."""

    advanced = Signal(int, int)


class ImportWizardController(QObject):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: ImportWizardView,
        runner: TaskRunner,
        file_questions: ImportFiles | None = None,
    ) -> None:
        super().__init__(view)
        self.services, self.actor, self.view, self.runner = services, actor, view, runner
        self.files = file_questions or ImportFiles()
        self.preview: FilePreview | None = None
        self.report: ImportReport | None = None
        self.progress = ImportProgress(self)
        self.progress.advanced.connect(self._advanced)
        view.choose.clicked.connect(self.choose_file)
        view.next.clicked.connect(self.next_step)
        view.back.clicked.connect(lambda: view.steps.setCurrentIndex(0))
        view.dry_run.clicked.connect(lambda: self.run(dry_run=True))
        view.start.clicked.connect(lambda: self.run(dry_run=False))
        view.save_refused.clicked.connect(self.save_refused)
        view.again.clicked.connect(lambda: view.steps.setCurrentIndex(0))
        view.close_button.clicked.connect(view.accept)

    @property
    def kind(self) -> ImportKind:
        return ImportKind(self.view.kind.currentData())

    def choose_file(self) -> None:
        path = self.files.open_path(self.view)
        if path is not None:
            self.view.path.setText(str(path))

    def next_step(self) -> None:
        text = self.view.path.text().strip()
        if not text:
            self.say("warning", "Choose the file first.")
            return
        kind, path = self.kind, Path(text)
        self._busy(True)
        self.runner.run(
            lambda: self.services.imports.preview(self.actor, kind, path), self._previewed, self._failed
        )

    def _previewed(self, preview: FilePreview) -> None:
        self._busy(False)
        self.preview = preview
        origin = {"saved": "the mapping saved for files with these columns", "": ""}.get(
            preview.mapping_from, f"the preset '{preview.mapping_from}'"
        )
        self.view.mapping_from.setText(
            f"{preview.file_name}: {count_text(preview.rows)} rows. "
            + (
                f"Columns mapped from {origin}; change any."
                if origin
                else "No preset knows these columns: map them."
            )
        )
        table = self.view.columns
        table.setRowCount(len(preview.headers))
        for row, header in enumerate(preview.headers):
            table.setItem(row, 0, QTableWidgetItem(header))
            combo = QComboBox()
            combo.setAccessibleName(f"BayDesk field for {header}")
            combo.addItem(NOT_IMPORTED, "")
            for field in preview.fields:
                combo.addItem(field_label(field), field)
            combo.setCurrentIndex(max(0, combo.findData(preview.mapping.get(header, ""))))
            combo.currentIndexChanged.connect(lambda _i: self._show_preview())
            table.setCellWidget(row, 1, combo)
            first = (
                preview.first_rows[0][row] if preview.first_rows and row < len(preview.first_rows[0]) else ""
            )
            table.setItem(row, 2, QTableWidgetItem(first))
        self._show_preview()
        self.view.steps.setCurrentIndex(1)
        self.say("", "")

    def mapping(self) -> dict[str, str]:
        """file column -> field, as the combo boxes say."""
        out: dict[str, str] = {}
        for row in range(self.view.columns.rowCount()):
            combo = self.view.columns.cellWidget(row, 1)
            header = self.view.columns.item(row, 0)
            if isinstance(combo, QComboBox) and header is not None and combo.currentData():
                out[header.text()] = str(combo.currentData())
        return out

    def _show_preview(self) -> None:
        if self.preview is None:
            return
        mapping = self.mapping()
        index = {h: i for i, h in enumerate(self.preview.headers)}
        table = self.view.preview
        table.clear()
        table.setColumnCount(len(mapping))
        table.setHorizontalHeaderLabels([field_label(f) for f in mapping.values()])
        table.setRowCount(len(self.preview.first_rows))
        for r, cells in enumerate(self.preview.first_rows):
            for c, header in enumerate(mapping):
                i = index[header]
                table.setItem(r, c, QTableWidgetItem(cells[i] if i < len(cells) else ""))

    def run(self, dry_run: bool) -> None:
        kind, path, mapping = self.kind, Path(self.view.path.text().strip()), self.mapping()
        duplicates = Duplicates(self.view.duplicates.currentData())
        report_progress = self.progress.advanced.emit
        self.view.progress.setRange(0, max(self.preview.rows if self.preview else 0, 1))
        self.view.progress.setValue(0)
        self.view.summary.setText("Checking every row…" if dry_run else "Importing…")
        self.view.refused.setRowCount(0)
        self.view.steps.setCurrentIndex(2)
        self._busy(True)
        self.runner.run(
            lambda: self.services.imports.run(
                self.actor, kind, path, mapping, duplicates, dry_run, report_progress
            ),
            self._done,
            self._failed,
        )

    def _advanced(self, done: int, total: int) -> None:
        self.view.progress.setRange(0, max(total, 1))
        self.view.progress.setValue(done)

    def _done(self, report: ImportReport) -> None:
        self._busy(False)
        self.report = report
        self.view.progress.setValue(self.view.progress.maximum())
        self.view.summary.setText(summary_text(report))
        rows = self.problem_rows()
        self.view.refused.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self.view.refused.setItem(r, 0, QTableWidgetItem(count_text(row.line)))
            self.view.refused.setItem(r, 1, QTableWidgetItem(row.reason))
        self.view.save_refused.setEnabled(bool(rows))

    def problem_rows(self) -> list[RefusedRow]:
        if self.report is None:
            return []
        return sorted((*self.report.refused, *self.report.skipped), key=lambda row: row.line)

    def save_refused(self) -> None:
        if self.report is None:
            return
        stem = Path(self.report.file_name).stem
        path = self.files.save_path(self.view, f"{stem}-refused.csv")
        if path is None:
            return
        try:
            path.write_text(
                refused_csv(self.report.headers, self.problem_rows()), encoding="utf-8", newline=""
            )
        except OSError as exc:
            self.say("error", f"BayDesk could not write {path}: {exc.strerror or exc}.")
            return
        self.say("ok", f"Refused rows saved to {path}.")

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if self.view.steps.currentIndex() == 2:
            self.view.steps.setCurrentIndex(1 if self.preview else 0)
        self.say("error", str(getattr(exc, "message", exc)))

    def _busy(self, busy: bool) -> None:
        for button in (
            self.view.next,
            self.view.dry_run,
            self.view.start,
            self.view.again,
            self.view.close_button,
        ):
            button.setEnabled(not busy)

    def say(self, level: str, text: str) -> None:
        set_level(self.view.message, level, text)

    def is_settled(self) -> bool:
        return self.runner.is_idle()


def summary_text(report: ImportReport) -> str:
    what = "Dry run, nothing was written" if report.dry_run else "Imported"
    return (
        f"{what}: {count_text(report.rows)} rows of {report.file_name} in {count_text(round(report.seconds))} s. "
        f"{count_text(report.created)} new, {count_text(report.merged)} merged, "
        f"{count_text(len(report.skipped))} skipped as duplicates, "
        f"{count_text(report.already)} imported before, {count_text(len(report.refused))} refused."
    )
