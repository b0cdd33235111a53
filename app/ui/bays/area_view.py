"""The Bay board area: the board, the technician's own jobs, the technician report, clock corrections, as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.bays.board_view import BayBoardView
from app.ui.bays.corrections_view import ClockCorrectionsView
from app.ui.bays.settings_view import BaySettingsView
from app.ui.bays.technician_report_view import TechnicianReportView
from app.ui.bays.technician_view import TechnicianView
from app.ui.widgets import named


class BayAreaView(QWidget):
    def __init__(
        self,
        technician: bool,
        reports: bool,
        manage: bool = False,
        jobs_first: bool = False,
        corrections: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bay_area_view")
        self.tabs = named(QTabWidget(), "bay_tabs")
        self.board = BayBoardView()
        self.technician = TechnicianView() if technician else None
        self.report = TechnicianReportView() if reports else None
        self.bays = BaySettingsView() if manage else None
        self.corrections = ClockCorrectionsView() if corrections else None
        self.tabs.addTab(self.board, "Board")
        if self.technician is not None:
            self.tabs.insertTab(
                0 if jobs_first else 1, self.technician, "My jobs"
            )  # a technician's own first
            self.tabs.setCurrentIndex(0)
        if self.report is not None:
            self.tabs.addTab(self.report, "Technician report")
        if self.corrections is not None:
            self.tabs.addTab(self.corrections, "Clock corrections")
        if self.bays is not None:
            self.tabs.addTab(self.bays, "Bays")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
