"""Technician efficiency, productivity and bay utilization for a date range. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QTableView, QToolButton, QVBoxLayout, QWidget

from app.ui.formatting import qdate, qt_date_format, shop_today
from app.ui.shared.flow import FlowLayout
from app.ui.widgets import heading, named, section_label, set_level


class TechnicianReportView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("technician_report_view")
        today = qdate(shop_today())  # the shop's day, not this computer's
        self.first_edit = named(QDateEdit(today.addDays(-today.dayOfWeek() + 1)), "report_first")
        self.first_edit.setAccessibleName("Report from")
        self.last_edit = named(QDateEdit(today), "report_last")
        self.last_edit.setAccessibleName("Report to")
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(qt_date_format())
        self.show_button = named(QToolButton(), "report_show")
        self.pdf_button = named(QToolButton(), "report_pdf")
        for button in (self.show_button, self.pdf_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.technicians_table = QTableView()
        self.technicians_table.setAccessibleName("Technician efficiency and productivity")
        self.bays_table = QTableView()
        self.bays_table.setAccessibleName("Bay utilization")
        self.message_label = named(QLabel(wordWrap=True), "report_message")
        set_level(self.message_label, "")
        top = FlowLayout()
        top.add_widgets(heading("Technicians and bays"), QLabel("From:"), self.first_edit)
        top.add_widgets(QLabel("to:"), self.last_edit, self.show_button)
        top.add_gap(24)
        top.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addWidget(section_label("Efficiency and productivity"))
        layout.addWidget(self.technicians_table, 2)
        layout.addWidget(section_label("Bay utilization"))
        layout.addWidget(self.bays_table, 1)
