"""Add or edit a job: the customer's concern, the cause and correction, the technician."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from app.services.work_orders.dto import JobView, TechnicianView, WorkOrderView
from app.services.work_orders.estimates import JobInput
from app.ui.formatting import whole_number
from app.ui.widgets import named
from app.ui.work_orders.form import WorkOrderFormDialog

NO_TECHNICIAN = "— not assigned —"
_TEXTS = (
    ("concern", "Concern", "What the customer says, in their words"),
    ("cause", "Cause", "What the technician found (filled in later)"),
    ("correction", "Correction", "What was done to fix it (filled in later)"),
)


class JobDialog(WorkOrderFormDialog):
    """``job_submitted`` carries a ``JobInput``."""

    job_submitted = Signal(object)
    geometry_key = "job_dialog"

    def __init__(
        self,
        work_order: WorkOrderView,
        existing: JobView | None,
        technicians: Sequence[TechnicianView],
        parent: QWidget | None = None,
        *,
        findings_only: bool = False,
    ) -> None:
        title = f"Edit job — {existing.title}" if existing else f"Add job — work order {work_order.number}"
        super().__init__(title, work_order.version, existing, parent)
        self.job_id = existing.id if existing else None
        self.title_edit = named(QLineEdit(placeholderText="e.g. Front brake pads and rotors"), "title")
        self.texts = {name: self._text_edit(name, placeholder) for name, _label, placeholder in _TEXTS}
        self.technician = named(QComboBox(), "technician")
        self._fill_technicians(technicians, existing)
        self.reminder_months = named(QLineEdit(placeholderText="months"), "reminder_months")
        self.reminder_miles = named(QLineEdit(placeholderText="miles"), "reminder_miles")
        self.assemble(self._body())
        self.set_tab_order(
            [
                self.title_edit,
                *self.texts.values(),
                self.technician,
                self.reminder_months,
                self.reminder_miles,
            ]
        )
        if existing is not None:
            self.load(existing)
        if findings_only:  # a technician records cause and correction; the rest is the desk's
            self._findings_only()
        self.setMinimumWidth(560)
        self.restore_geometry()
        (self.texts["cause"] if findings_only else self.title_edit).setFocus()

    def _text_edit(self, name: str, placeholder: str) -> QPlainTextEdit:
        edit = named(QPlainTextEdit(), name)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        return edit

    def _body(self) -> QWidget:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Job", self.field("title", self.title_edit))
        for name, label, _placeholder in _TEXTS:
            form.addRow(label, self.field(name, self.texts[name]))
        form.addRow("&Technician", self.field("technician", self.technician))
        reminder = QHBoxLayout()
        reminder.setContentsMargins(0, 0, 0, 0)
        reminder.addWidget(self.field("reminder_months", self.reminder_months))
        reminder.addWidget(self.field("reminder_miles", self.reminder_miles))
        holder = QWidget()
        holder.setLayout(reminder)
        holder.setToolTip("Remind the customer to come back (e.g. oil every 6 months or 5,000 miles)")
        form.addRow("Remind every", holder)
        body = QWidget()
        body.setLayout(form)
        return body

    def _findings_only(self) -> None:
        self.title_edit.setReadOnly(True)
        self.texts["concern"].setReadOnly(True)
        for widget in (self.technician, self.reminder_months, self.reminder_miles):
            widget.setEnabled(False)

    def _fill_technicians(self, technicians: Sequence[TechnicianView], existing: JobView | None) -> None:
        self.technician.addItem(NO_TECHNICIAN, None)
        for tech in technicians:
            self.technician.addItem(tech.name, tech.id)
        gone = existing is not None and existing.technician_id is not None
        if existing is not None and gone and self.technician.findData(existing.technician_id) < 0:
            self.technician.addItem(
                existing.technician_name, existing.technician_id
            )  # no longer a technician

    # --- WorkOrderFormDialog -----------------------------------------------------------
    def record_in(self, view: WorkOrderView) -> JobView | None:
        return next((job for job in view.jobs if job.id == self.job_id), None)

    def snapshot(self, record: Any) -> dict[str, str]:
        job: JobView = record
        return {
            "job": job.title,
            "concern": job.concern,
            "cause": job.cause,
            "correction": job.correction,
            "technician": job.technician_name or NO_TECHNICIAN,
            "reminder months": str(job.reminder_months or ""),
            "reminder miles": str(job.reminder_miles or ""),
        }

    def load(self, record: Any) -> None:
        job: JobView = record
        self.title_edit.setText(job.title)
        for name, edit in self.texts.items():
            edit.setPlainText(getattr(job, name))
        self.technician.setCurrentIndex(max(0, self.technician.findData(job.technician_id)))
        self.reminder_months.setText(str(job.reminder_months or ""))
        self.reminder_miles.setText(str(job.reminder_miles or ""))

    # --- input ------------------------------------------------------------------------------
    def values(self) -> JobInput:
        technician = self.technician.currentData()
        return JobInput(
            title=self.title_edit.text(),
            concern=self.texts["concern"].toPlainText(),
            cause=self.texts["cause"].toPlainText(),
            correction=self.texts["correction"].toPlainText(),
            technician_id=technician if isinstance(technician, uuid.UUID) else None,
            reminder_months=_whole(self.reminder_months.text()),
            reminder_miles=_whole(self.reminder_miles.text()),
        )

    def check_before_submit(self) -> bool:
        bad = {
            name: "type a whole number, or leave it empty"
            for name, edit in (
                ("reminder_months", self.reminder_months),
                ("reminder_miles", self.reminder_miles),
            )
            if edit.text().strip() and _whole(edit.text()) is None
        }
        if bad:
            self.show_field_errors(bad)
        return not bad

    def focus_field(self, name: str) -> None:
        widgets: dict[str, QWidget] = {
            "title": self.title_edit,
            "technician": self.technician,
            "reminder_months": self.reminder_months,
            "reminder_miles": self.reminder_miles,
            **self.texts,
        }
        if name in widgets:
            widgets[name].setFocus()

    def emit_submitted(self) -> None:
        self.job_submitted.emit(self.values())


def _whole(text: str) -> int | None:
    return whole_number(text)
