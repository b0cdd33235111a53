"""The shop's bays and the rules of the bay floor, for the owner. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import heading, named, section_label, set_level


class BaySettingsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bay_settings_view")
        self.table = QTableView()
        self.table.setAccessibleName("Service bays")
        self.history_label = named(QLabel(wordWrap=True), "bay_history")
        self.history_label.setTextFormat(Qt.TextFormat.PlainText)
        self.add_button = named(QToolButton(), "bays_add")
        self.edit_button = named(QToolButton(), "bays_edit")
        self.status_button = named(QToolButton(), "bays_status")
        self.save_button = named(QToolButton(), "bays_save_settings")
        for button in (self.add_button, self.edit_button, self.status_button, self.save_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.opens_edit = named(QTimeEdit(QTime(8, 0)), "bays_opens")
        self.opens_edit.setAccessibleName("Bays open at")
        self.closes_edit = named(QTimeEdit(QTime(17, 0)), "bays_closes")
        self.closes_edit.setAccessibleName("Bays close at")
        self.weekdays_edit = named(QLineEdit(), "bays_weekdays")
        self.weekdays_edit.setAccessibleName("Days the bays are open")
        self.weekdays_edit.setPlaceholderText("Mon Tue Wed Thu Fri Sat")
        self.multiple_check = named(
            QCheckBox("A technician may run more than one job clock at once"), "bays_multiple"
        )
        self.message_label = named(QLabel(wordWrap=True), "bays_message")
        set_level(self.message_label, "")
        buttons = QHBoxLayout()
        buttons.addWidget(heading("Service bays"))
        buttons.addStretch(1)
        for button in (self.add_button, self.edit_button, self.status_button):
            buttons.addWidget(button)
        rules = QFormLayout()
        hours = QHBoxLayout()
        hours.addWidget(self.opens_edit)
        hours.addWidget(QLabel("to"))
        hours.addWidget(self.closes_edit)
        hours.addStretch(1)
        rules.addRow("Bays open:", hours)
        rules.addRow("Open on:", self.weekdays_edit)
        rules.addRow("", self.multiple_check)
        rules.addRow("", self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 2)
        layout.addWidget(section_label("History of the selected bay"))
        layout.addWidget(self.history_label, 1)
        layout.addWidget(section_label("Bay floor rules (opening hours count for bay utilization)"))
        layout.addLayout(rules)
