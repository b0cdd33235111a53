"""The Vehicle readings area: the shop's newest readings, the selected one's codes, import and watch. Layout only.

``ReadingsController`` fills the table and gives the buttons their actions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSplitter, QTableView, QVBoxLayout, QWidget

from app.ui.alerts.view import card, tool_button
from app.ui.widgets import heading, named, section_label, value_label

EXPLANATION = (
    "What vehicles report about themselves: odometer, trouble codes, battery, fuel and coolant, imported from "
    "scan-tool logs and fleet telematics exports (CSV or JSON; docs/readings.md lists the layouts). A reading "
    "already imported is never stored twice. A higher odometer updates the vehicle's mileage and its reminders."
)
BUTTONS = ("import_readings", "watch_folder", "recommend_code", "refresh_readings")


class ReadingsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readings_view")
        self.buttons = {name: tool_button(name) for name in BUTTONS}
        self.filter_edit = named(
            QLineEdit(placeholderText="Filter: vehicle, unit, plate or code"), "readings_filter"
        )
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter readings")
        self.table = QTableView()
        self.table.setAccessibleName("Vehicle readings")
        self.summary_label = named(QLabel(wordWrap=True), "subtle")
        self.watch_label = named(QLabel(wordWrap=True), "readings_watch")
        self.codes_label = named(value_label(), "reading_codes")
        top = QHBoxLayout()
        top.addWidget(heading("Vehicle readings"), 1)
        for name in BUTTONS:
            top.addWidget(self.buttons[name])
        list_card, inner = card()
        inner.addWidget(named(QLabel(EXPLANATION, wordWrap=True), "subtle"))
        inner.addWidget(self.filter_edit)
        inner.addWidget(self.table, 1)
        inner.addWidget(self.summary_label)
        inner.addWidget(self.watch_label)
        detail_card, detail = card()
        detail.addWidget(section_label("Trouble codes of the selected reading"))
        detail.addWidget(self.codes_label)
        detail.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(list_card)
        self.splitter.addWidget(detail_card)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.show_codes(None)

    def show_codes(self, lines: list[str] | None) -> None:
        if lines is None:
            self.codes_label.setText("Select a reading.")
        else:
            self.codes_label.setText(
                "\n".join(lines) if lines else "None reported (or not read by this source)."
            )
