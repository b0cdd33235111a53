"""The technician terminal: shift clock, my jobs with their clocks, and what I found. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.bays import CONDITION_LABELS
from app.ui.shared.flow import flow_row
from app.ui.widgets import heading, named, set_level


def _button(text: str, name: str) -> QPushButton:
    button = named(QPushButton(text), name)
    button.setMinimumHeight(36)  # a finger or a gloved hand at a bay terminal
    return button


class TechnicianView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("technician_view")
        top = self._build_shift_row()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self._build_jobs_panel())
        self.splitter.addWidget(self._build_job_panel())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _build_shift_row(self) -> QHBoxLayout:
        self.shift_label = named(QLabel(), "shift_label")
        self.clock_button = _button("Clock in (F2)", "clock_shift")
        top = QHBoxLayout()
        top.addWidget(heading("My jobs"))
        top.addSpacing(16)
        top.addWidget(self.shift_label, 1)
        top.addWidget(self.clock_button)
        return top

    def _build_jobs_panel(self) -> QWidget:
        """My jobs with their clocks, the buttons that start and stop them, and what happened."""
        self.jobs_table = QTableView()
        self.jobs_table.setAccessibleName("My jobs")
        self.start_button = _button("Start / resume (F6)", "start_job")
        self.pause_button = _button("Pause (F7)", "pause_job")
        self.switch_button = _button("Switch to this job (F8)", "switch_job")
        self.finish_button = _button("Finish (F9)", "finish_job")
        self.message_label = named(QLabel(wordWrap=True), "technician_message")
        set_level(self.message_label, "")
        buttons = flow_row(self.start_button, self.pause_button, self.switch_button, self.finish_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.jobs_table, 1)
        upper_layout.addLayout(buttons)
        upper_layout.addWidget(self.message_label)
        return upper

    def _build_job_panel(self) -> QWidget:
        """The chosen job, and a tab for each kind of thing found on it."""
        self.job_label = named(QLabel(wordWrap=True), "technician_job")
        self.tabs = named(QTabWidget(), "technician_tabs")
        self.tabs.addTab(self._build_findings_tab(), "Cause && correction")
        self.tabs.addTab(self._build_inspection_tab(), "Inspection")
        self.tabs.addTab(self._build_recommend_tab(), "Recommend work")
        self.tabs.addTab(self._build_parts_tab(), "Parts")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.job_label)
        lower_layout.addWidget(self.tabs, 1)
        return lower

    def _build_findings_tab(self) -> QWidget:
        self.cause_edit = named(QPlainTextEdit(), "cause")
        self.cause_edit.setAccessibleName("Cause")
        self.correction_edit = named(QPlainTextEdit(), "correction")
        self.correction_edit.setAccessibleName("Correction")
        self.save_findings_button = _button("Save cause and correction (Ctrl+S)", "save_findings")
        findings = QWidget()
        form = QFormLayout(findings)
        form.addRow("Cause:", self.cause_edit)
        form.addRow("Correction:", self.correction_edit)
        form.addRow(self.save_findings_button)
        return findings

    def _build_inspection_tab(self) -> QWidget:
        self.item_edit = named(QLineEdit(placeholderText="e.g. Front brake pads"), "inspection_item")
        self.item_edit.setAccessibleName("Inspection item")
        self.condition_combo = named(QComboBox(), "inspection_condition")
        self.condition_combo.setAccessibleName("Condition found")
        for value, label in CONDITION_LABELS.items():
            self.condition_combo.addItem(label, value.value)
        self.inspection_note_edit = named(QLineEdit(), "inspection_note")
        self.inspection_note_edit.setAccessibleName("Inspection note")
        self.photo_button = _button("Photo…", "inspection_photo")
        self.photo_label = named(QLabel("No photo"), "subtle")
        self.add_inspection_button = _button("Add finding (Ctrl+I)", "add_inspection")
        self.inspections_label = named(QLabel(wordWrap=True), "inspections_list")
        inspection = QWidget()
        form = QFormLayout(inspection)
        form.addRow("Item:", self.item_edit)
        form.addRow("Condition:", self.condition_combo)
        form.addRow("Note:", self.inspection_note_edit)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_button)
        photo_row.addWidget(self.photo_label, 1)
        form.addRow("Photo:", photo_row)
        form.addRow(self.add_inspection_button)
        form.addRow(self.inspections_label)
        return inspection

    def _build_recommend_tab(self) -> QWidget:
        self.recommend_title_edit = named(
            QLineEdit(placeholderText="e.g. Replace serpentine belt"), "recommend_title"
        )
        self.recommend_title_edit.setAccessibleName("Recommended work")
        self.recommend_concern_edit = named(QLineEdit(), "recommend_concern")
        self.recommend_concern_edit.setAccessibleName("Why it is recommended")
        self.recommend_hours_edit = named(QLineEdit(placeholderText="hours, e.g. 0.8"), "recommend_hours")
        self.recommend_hours_edit.setAccessibleName("Estimated hours")
        self.recommend_button = _button("Recommend to the customer (Ctrl+R)", "recommend")
        recommend = QWidget()
        form = QFormLayout(recommend)
        form.addRow("Work:", self.recommend_title_edit)
        form.addRow("Why:", self.recommend_concern_edit)
        form.addRow("Labor:", self.recommend_hours_edit)
        form.addRow(self.recommend_button)
        return recommend

    def _build_parts_tab(self) -> QWidget:
        self.part_edit = named(QLineEdit(placeholderText="e.g. Serpentine belt 6PK2120"), "part_description")
        self.part_edit.setAccessibleName("Part asked for")
        self.part_quantity_edit = named(QLineEdit("1"), "part_quantity")
        self.part_quantity_edit.setAccessibleName("Quantity asked for")
        self.request_part_button = _button("Ask the parts counter (Ctrl+P)", "request_part")
        self.parts_label = named(QLabel(wordWrap=True), "parts_list")
        parts = QWidget()
        form = QFormLayout(parts)
        form.addRow("Part:", self.part_edit)
        form.addRow("Quantity:", self.part_quantity_edit)
        form.addRow(self.request_part_button)
        form.addRow(self.parts_label)
        return parts
