"""The import dialog: choose a file, see which column each value comes from, change what was guessed.

The file is read as soon as it is chosen (off the window's thread, nothing
stored): the columns found are preselected, and a file whose columns were
not recognised is imported by choosing them here. A scan-tool log of one car
names the car by its VIN.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.services.readings.dto import ImportOptions
from app.services.readings.formats import FIELDS
from app.services.readings.service import FilePreview
from app.ui.shared import files
from app.ui.shared.form import FormDialog
from app.ui.widgets import named, set_level

FIELD_LABELS = {
    "vin": "VIN",
    "unit": "Fleet unit number",
    "plate": "Plate",
    "time": "Time",
    "date": "Date (if apart from the time)",
    "odometer": "Odometer",
    "battery": "Battery voltage",
    "fuel": "Fuel level (%)",
    "coolant": "Coolant temperature",
    "codes": "Trouble codes",
}
NOT_IN_FILE = "— not in the file —"
FILE_FILTER = "Readings (*.csv *.txt *.json *.jsonl *.ndjson);;All files (*)"


def _combo(name: str, items: list[tuple[str, str]]) -> QComboBox:
    box = named(QComboBox(), name)
    for text, data in items:
        box.addItem(text, data)
    return box


class ImportDialog(FormDialog):
    """``file_chosen`` asks the controller for a preview; ``import_submitted`` carries (path, options)."""

    file_chosen = Signal(object)  # Path
    import_submitted = Signal(object, object)  # Path, ImportOptions
    geometry_key = "readings_import_dialog"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Import vehicle readings", parent)
        self.save_button.setText("Import")
        self.path: Path | None = None
        self.file_edit = named(QLineEdit(readOnly=True, placeholderText="no file chosen"), "import_file")
        self.choose_button = named(QPushButton("Choose file…"), "choose_file")
        self.choose_button.clicked.connect(self._choose)
        self.found_label = named(QLabel(wordWrap=True), "import_found")
        self.columns = {field: _combo(f"column_{field}", [(NOT_IN_FILE, "")]) for field in FIELDS}
        self.odometer_unit = _combo(
            "odometer_unit", [("as the file says (else miles)", ""), ("miles", "mi"), ("km", "km")]
        )
        self.coolant_unit = _combo(
            "coolant_unit", [("as the file says (else °C)", ""), ("°C", "C"), ("°F", "F")]
        )
        self.date_order = _combo(
            "date_order",
            [
                ("refuse 03/04 dates", ""),
                ("month/day (03/04 = Mar 4)", "mdy"),
                ("day/month (03/04 = Apr 3)", "dmy"),
            ],
        )
        self.vin = named(
            QLineEdit(placeholderText="only for a log of one car with no VIN column"), "import_vin"
        )
        self.assemble(self._body())
        self.set_tab_order([self.choose_button, *self.columns.values(), self.odometer_unit, self.coolant_unit,
                            self.date_order, self.vin])  # fmt: skip
        self.setMinimumWidth(640)
        self.restore_geometry()
        self._refresh_save()
        self.choose_button.setFocus()

    def _body(self) -> QWidget:
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        grid = QGridLayout()
        for index, field in enumerate(FIELDS):
            grid.addWidget(QLabel(FIELD_LABELS[field]), index // 2, (index % 2) * 2)
            grid.addWidget(self.columns[field], index // 2, (index % 2) * 2 + 1)
        form = QFormLayout()
        form.addRow("File", self.field("file", self._holder(file_row)))
        form.addRow("", self.found_label)
        form.addRow(self._holder(grid))
        form.addRow("Odometer in", self.odometer_unit)
        form.addRow("Coolant in", self.coolant_unit)
        form.addRow("Dates", self.field("date_order", self.date_order))
        form.addRow("One car's VIN", self.field("vehicle", self.vin))
        return self._holder(form)

    @staticmethod
    def _holder(layout: QGridLayout | QHBoxLayout | QFormLayout) -> QWidget:
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    # --- the file ----------------------------------------------------------------------------
    def _choose(self) -> None:
        name, _filter = files.get_open_file_name(self, "Import vehicle readings", "", FILE_FILTER)
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        self.path = path
        self.file_edit.setText(str(path))
        set_level(self.found_label, "hint", "Reading the file…")
        self._refresh_save()
        self.file_chosen.emit(path)

    def show_preview(self, preview: FilePreview) -> None:
        """Preselect the columns recognised; say what was found, or what is missing."""
        for field, box in self.columns.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(NOT_IN_FILE, "")
            for header in preview.headers:
                box.addItem(header, header)
            box.setCurrentIndex(max(0, box.findData(preview.columns.get(field, ""))))
            box.blockSignals(False)
        if preview.problem:
            set_level(self.found_label, "warning", f"{preview.problem}. Choose the columns below.")
        else:
            one_car = "" if preview.has_vehicle_column else " No vehicle column: give the car's VIN below."
            set_level(
                self.found_label,
                "ok",
                f"{preview.file_format} file, {preview.rows:,} lines of readings.{one_car}",
            )

    def _refresh_save(self) -> None:
        super()._refresh_save()
        if getattr(self, "path", None) is None:
            self.save_button.setEnabled(False)

    def focus_field(self, name: str) -> None:
        {"vehicle": self.vin, "date_order": self.date_order}.get(name, self.choose_button).setFocus()

    def options(self) -> ImportOptions:
        chosen = {field: box.currentData() for field, box in self.columns.items() if box.currentData()}
        units = {"odometer": self.odometer_unit.currentData(), "coolant": self.coolant_unit.currentData()}
        return ImportOptions(
            columns=chosen,
            units={k: v for k, v in units.items() if v},
            date_order=self.date_order.currentData(),
            vin=self.vin.text().strip(),
        )

    def emit_submitted(self) -> None:
        self.import_submitted.emit(self.path, self.options())
