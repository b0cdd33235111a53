"""Add or edit a canned job: its name, the customer's usual concern, a reminder, and its lines.

The lines are a small spreadsheet: type to edit a cell, Tab to the next, the
kind and the part's condition are picked from a list. An empty unit price on
a labor line means "the shop's labor rate" when the job is inserted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.services.work_orders.dto import CannedJobView
from app.services.work_orders.estimates import LineInput
from app.ui import shortcuts
from app.ui.formatting import count_text, parse_number
from app.ui.settings.canned_lines import (
    COLUMNS,
    CONDITION_CHOICES,
    CONDITION_COLUMN,
    KIND_CHOICES,
    KIND_COLUMN,
    CannedLinesModel,
)
from app.ui.shared.form import FormDialog
from app.ui.widgets import named, set_level

MAX_MONTHS = 120
MAX_MILES = 200_000
_LINE_ERROR = re.compile(r"line (\d+) (\w+)")


@dataclass(frozen=True)
class CannedJobInput:
    name: str
    concern: str
    lines: list[LineInput]
    reminder_months: int | None
    reminder_miles: int | None
    job_type: str = ""  # the price sheet's job type the job brings onto an estimate


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of (value, label) pairs; the model keeps the value."""

    def __init__(self, choices: tuple[tuple[str, str], ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        for value, label in self._choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class CannedJobDialog(FormDialog):
    """``canned_submitted`` carries a ``CannedJobInput``."""

    canned_submitted = Signal(object)
    geometry_key = "canned_job_dialog"

    def __init__(self, existing: CannedJobView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(f"Edit canned job — {existing.name}" if existing else "New canned job", parent)
        self.canned_id = existing.id if existing else None
        self.name_edit = named(QLineEdit(placeholderText="e.g. Front brake pads and rotors"), "name")
        self.concern_edit = named(QPlainTextEdit(), "concern")
        self.concern_edit.setPlaceholderText("What the customer usually says, e.g. Squeal when braking")
        self.concern_edit.setTabChangesFocus(True)
        self.concern_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.months_edit = named(QLineEdit(placeholderText="months"), "reminder_months")
        self.miles_edit = named(QLineEdit(placeholderText="miles"), "reminder_miles")
        self.job_type_combo = named(QComboBox(), "job_type")
        self.job_type_combo.setAccessibleName("Job type")
        self.set_job_types([("Default rate", "")])
        self.lines = CannedLinesModel(self)
        self.lines_table = named(QTableView(), "lines")
        self.add_line_button = named(QPushButton("&Add line"), "add_line")
        self.add_line_button.setToolTip("Add a line (Ctrl+L)")
        self.remove_line_button = named(QPushButton("&Remove line"), "remove_line")
        self.remove_line_button.setToolTip("Remove the selected line (Ctrl+Shift+L)")
        self._configure_table()
        self.assemble(self._body())
        self.set_tab_order(
            [
                self.name_edit,
                self.concern_edit,
                self.job_type_combo,
                self.months_edit,
                self.miles_edit,
                self.lines_table,
                self.add_line_button,
                self.remove_line_button,
            ]
        )
        self.add_line_button.clicked.connect(self.add_line)
        self.remove_line_button.clicked.connect(self.remove_line)
        QShortcut(shortcuts.sequence("canned_job_dialog", "add_line"), self, self.add_line)
        QShortcut(shortcuts.sequence("canned_job_dialog", "remove_line"), self, self.remove_line)
        if existing is not None:
            self.load(existing)
        else:
            self.lines.add_line()
        self.setMinimumSize(880, 520)
        self.restore_geometry()
        self.name_edit.setFocus()

    def _configure_table(self) -> None:
        table = self.lines_table
        table.setModel(self.lines)
        table.setItemDelegateForColumn(KIND_COLUMN, ChoiceDelegate(KIND_CHOICES, table))
        table.setItemDelegateForColumn(CONDITION_COLUMN, ChoiceDelegate(CONDITION_CHOICES, table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        table.setTabKeyNavigation(True)  # a grid: Tab walks the cells, and leaves after the last
        table.setAlternatingRowColors(True)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, (_name, _title, width, _right) in enumerate(COLUMNS):
            table.setColumnWidth(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _body(self) -> QVBoxLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_buddy("&Name", self.name_edit), self.field("name", self.name_edit))
        form.addRow(_buddy("Con&cern", self.concern_edit), self.field("concern", self.concern_edit))
        form.addRow(_buddy("Job t&ype", self.job_type_combo), self.field("job_type", self.job_type_combo))
        reminder = QHBoxLayout()
        reminder.addWidget(QLabel("every"))
        for edit, unit in ((self.months_edit, "months"), (self.miles_edit, "miles")):
            edit.setMaximumWidth(90)
            reminder.addWidget(self.field(edit.objectName(), edit))
            reminder.addWidget(QLabel(unit))
            if edit is self.months_edit:
                reminder.addWidget(QLabel("or"))
        reminder.addWidget(named(QLabel("whichever comes first; leave empty for no reminder"), "subtle"), 1)
        form.addRow(_buddy("Re&minder", self.months_edit), reminder)
        buttons = QHBoxLayout()
        hint = "Type to edit a cell, Tab to the next. An empty price on labor means the shop's labor rate."
        buttons.addWidget(named(QLabel(hint, wordWrap=True), "subtle"), 1)
        buttons.addWidget(self.add_line_button)
        buttons.addWidget(self.remove_line_button)
        body = QVBoxLayout()
        body.addLayout(form)
        body.addWidget(named(QLabel("Lines"), "section"))
        body.addWidget(self.field("lines", self.lines_table), 1)
        body.addLayout(buttons)
        return body

    # --- lines ------------------------------------------------------------------------------
    def add_line(self) -> None:
        row = self.lines.add_line()
        self.lines_table.setFocus()
        self.lines_table.setCurrentIndex(self.lines.index(row, KIND_COLUMN))

    def remove_line(self) -> None:
        current = self.lines_table.currentIndex()
        if current.isValid():
            self.lines.remove_line(current.row())

    # --- FormDialog -------------------------------------------------------------------------
    def load(self, job: CannedJobView) -> None:
        self.canned_id = job.id
        self.name_edit.setText(job.name)
        self.concern_edit.setPlainText(job.concern)
        self.months_edit.setText(str(job.reminder_months) if job.reminder_months else "")
        self.miles_edit.setText(count_text(job.reminder_miles) if job.reminder_miles else "")
        self.lines.set_lines(job.lines)
        self._choose_job_type(job.job_type)

    def set_job_types(self, items: list[tuple[str, str]]) -> None:
        """The sheet's job types as (text shown, job type), the default first; the choice is kept."""
        keep = str(self.job_type_combo.currentData() or "")
        self.job_type_combo.clear()
        for text, job_type in items:
            self.job_type_combo.addItem(text, job_type)
        self._choose_job_type(keep)

    def _choose_job_type(self, job_type: str) -> None:
        index = self.job_type_combo.findData(job_type)
        if index < 0:  # a type the sheet no longer lists: shown as it is
            self.job_type_combo.addItem(job_type, job_type)
            index = self.job_type_combo.count() - 1
        self.job_type_combo.setCurrentIndex(index)

    def check_before_submit(self) -> bool:
        self._commit_open_editor()
        errors = {
            name: message
            for name, message in (
                ("reminder_months", _interval_error(self.months_edit.text(), MAX_MONTHS)),
                ("reminder_miles", _interval_error(self.miles_edit.text(), MAX_MILES)),
            )
            if message
        }
        if errors:
            self.show_field_errors(errors)
        return not errors

    def show_field_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """The service names a line's problem "line 2 quantity": say it under the grid, mark the cell."""
        line_errors = {k: v for k, v in errors.items() if _LINE_ERROR.fullmatch(k)}
        rest = {k: v for k, v in errors.items() if k not in line_errors}
        if line_errors:
            text = "; ".join(f"{k.capitalize().replace('_', ' ')}: {v}" for k, v in line_errors.items())
            set_level(self.field_message("lines"), "error", text)
            self._select_line_cell(next(iter(line_errors)))
        return super().show_field_errors(rest) if rest else {}

    def _select_line_cell(self, key: str) -> None:
        match = _LINE_ERROR.fullmatch(key)
        assert match is not None
        row = self.lines.row_of_line(int(match.group(1)))
        names = [name for name, _t, _w, _r in COLUMNS]
        column = names.index(match.group(2)) if match.group(2) in names else 1
        if row >= 0:
            self.lines_table.setFocus()
            self.lines_table.setCurrentIndex(self.lines.index(row, column))

    def focus_field(self, name: str) -> None:
        widgets: dict[str, QWidget] = {
            "name": self.name_edit,
            "concern": self.concern_edit,
            "job_type": self.job_type_combo,
            "reminder_months": self.months_edit,
            "reminder_miles": self.miles_edit,
            "lines": self.lines_table,
        }
        if name in widgets:
            widgets[name].setFocus()

    def values(self) -> CannedJobInput:
        return CannedJobInput(
            name=self.name_edit.text(),
            concern=self.concern_edit.toPlainText(),
            lines=self.lines.line_inputs(),
            reminder_months=_interval(self.months_edit.text()),
            reminder_miles=_interval(self.miles_edit.text()),
            job_type=str(self.job_type_combo.currentData() or ""),
        )

    def emit_submitted(self) -> None:
        self.canned_submitted.emit(self.values())

    def _commit_open_editor(self) -> None:
        """Ctrl+Enter while a cell is still being typed in: keep what was typed."""
        table = self.lines_table
        editor = self.focusWidget()
        if table.state() != QAbstractItemView.State.EditingState or editor is None:
            return
        if table.viewport().isAncestorOf(editor):
            delegate = table.itemDelegateForIndex(table.currentIndex())
            if delegate is not None:
                delegate.commitData.emit(editor)


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _whole(text: str) -> int | None:
    """'5,000' (or '5.000' where the dot groups thousands) -> 5000; None when not a whole number."""
    if not text.strip():
        return None
    try:
        value = parse_number(text, "interval", decimals=0)
    except ValidationError:
        return None
    return int(value) if value == value.to_integral_value() else None


def _interval(text: str) -> int | None:
    value = _whole(text)
    return value if value is not None and value > 0 else None


def _interval_error(text: str, most: int) -> str:
    if not text.strip():
        return ""
    value = _whole(text)
    if value is None or value <= 0:
        return "a whole number above zero, or empty for none"
    if value > most:
        return f"at most {count_text(most)}"
    return ""
