"""The import wizard's layout: the file, its columns, the report. Behaviour: wizard_controller.py."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.imports import Duplicates, ImportKind
from app.ui.widgets import heading, named, section_label

KIND_LABELS = {
    ImportKind.CUSTOMERS: "Customers",
    ImportKind.VEHICLES: "Vehicles",
    ImportKind.PARTS: "Parts and stock on hand",
    ImportKind.HISTORY: "Past work (service history)",
}
DUPLICATE_LABELS = {
    Duplicates.SKIP: "Skip rows that match a record already here",
    Duplicates.MERGE: "Merge them: fill the record's empty fields",
}


def _named_button(text: str, name: str) -> QPushButton:
    button = named(QPushButton(text), name)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    return button


def _table(name: str, accessible: str) -> QTableWidget:
    table = named(QTableWidget(), name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)  # the file's own line numbers are what a person looks for
    return table


class ImportWizardView(QDialog):
    """Three steps on one dialog: choose the file, map and preview its columns, import and read the report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle("Import from another system")
        self.resize(900, 620)
        self.steps = named(QStackedWidget(), "import_steps")
        self.steps.addWidget(self._file_step())
        self.steps.addWidget(self._columns_step())
        self.steps.addWidget(self._report_step())
        self.message = named(QLabel(""), "import_message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.message)

    def _file_step(self) -> QWidget:
        page = QWidget()
        self.kind = named(QComboBox(), "import_kind")
        self.kind.setAccessibleName("What the file holds")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.path = named(QLineEdit(), "import_path")
        self.path.setAccessibleName("The CSV file")
        self.path.setPlaceholderText("The CSV file exported from the old system")
        self.choose = _named_button("&Choose file…", "import_choose")
        self.duplicates = named(QComboBox(), "import_duplicates")
        self.duplicates.setAccessibleName("Duplicates")
        for choice, label in DUPLICATE_LABELS.items():
            self.duplicates.addItem(label, choice.value)
        self.next = _named_button("&Next: the columns", "import_next")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        layout = QVBoxLayout(page)
        layout.addWidget(heading("Import from another system"))
        layout.addWidget(
            QLabel(
                "Import customers first, then vehicles, parts and past work. Every row is checked as if "
                "it were typed in; importing the same file again adds nothing twice."
            )
        )
        for caption, widget in (
            ("What the file holds", self.kind),
            ("Duplicates (same VIN, phone, e-mail or SKU)", self.duplicates),
        ):
            layout.addWidget(section_label(caption))
            layout.addWidget(widget)
        layout.addWidget(section_label("File"))
        layout.addLayout(row)
        layout.addStretch(1)
        layout.addWidget(self.next)
        return page

    def _columns_step(self) -> QWidget:
        page = QWidget()
        self.mapping_from = named(QLabel(""), "import_mapping_from")
        self.mapping_from.setWordWrap(True)
        self.columns = _table("import_columns", "The file's columns and the BayDesk field each fills")
        self.columns.setColumnCount(3)
        self.columns.setHorizontalHeaderLabels(["Column in the file", "BayDesk field", "First value"])
        self.preview = _table("import_preview", "The first rows as BayDesk reads them")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.back = _named_button("&Back", "import_back")
        self.dry_run = _named_button("&Dry run", "import_dry_run")
        self.start = _named_button("&Import", "import_start")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.dry_run)
        buttons.addWidget(self.start)
        layout = QVBoxLayout(page)
        layout.addWidget(heading("The file's columns"))
        layout.addWidget(self.mapping_from)
        layout.addWidget(self.columns, 2)
        layout.addWidget(section_label("The first rows, as BayDesk reads them"))
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        return page

    def _report_step(self) -> QWidget:
        page = QWidget()
        self.progress = named(QProgressBar(), "import_progress")
        self.progress.setAccessibleName("Rows done")
        self.summary = named(QLabel(""), "import_summary")
        self.summary.setWordWrap(True)
        self.refused = _table("import_refused", "Rows refused or skipped, with their line and reason")
        self.refused.setColumnCount(2)
        self.refused.setHorizontalHeaderLabels(["Line", "Reason"])
        self.refused.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.save_refused = _named_button("&Save refused rows as CSV…", "import_save_refused")
        self.again = _named_button("Import &another file", "import_again")
        self.close_button = _named_button("&Close", "import_close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_refused)
        buttons.addStretch(1)
        buttons.addWidget(self.again)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(page)
        layout.addWidget(heading("Report"))
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.refused, 1)
        layout.addLayout(buttons)
        return page
