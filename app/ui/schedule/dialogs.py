"""Where the schedule area gets its dialogs and questions, so a test can answer them instead."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from app.services.schedule.dto import AppointmentView, Resource
from app.ui.schedule.appointment_dialog import AppointmentDialog, Proposal
from app.ui.shared import files
from app.ui.shared.dialog_factory import DialogFactory


class ScheduleDialogs:
    def __init__(self, base: DialogFactory | None = None) -> None:
        self.base = base or DialogFactory()

    def appointment(
        self,
        parent: QWidget,
        zone: ZoneInfo,
        bays: Sequence[Resource],
        technicians: Sequence[Resource],
        proposal: Proposal,
        existing: AppointmentView | None,
    ) -> AppointmentDialog:
        return AppointmentDialog(zone, bays, technicians, proposal, existing, parent)

    def ask_text(self, parent: QWidget, title: str, prompt: str, text: str = "") -> str | None:
        """One line (a reason, a note, the odometer); None when cancelled."""
        answer, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, text)
        return answer.strip() if ok else None

    def pdf_path(self, parent: QWidget, suggested: str) -> Path | None:
        path, _ = files.get_save_file_name(parent, "Save the day schedule", suggested, "PDF (*.pdf)")
        return Path(path) if path else None

    def show_pdf(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        self.base.inform(parent, title, text)
