"""The export dialog of the Owner area: what to export, and for which business days."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QFormLayout, QLabel, QWidget

from app.ui.formatting import qt_date_format
from app.ui.shared.form import FormDialog
from app.ui.widgets import named

EXPORTS = {
    "invoices": "Invoices and credit notes (CSV)",
    "payments": "Payments (CSV)",
    "day_totals": "Closed days' totals (CSV)",
    "sales_report": "Sales report by day (CSV)",
    "books_iif": "Accounting journal for QuickBooks Desktop (IIF)",
    "books_journal": "Accounting journal for QuickBooks Online or Xero (CSV)",
}
SUFFIXES = {"books_iif": "iif"}


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ExportDialog(FormDialog):
    """``export_submitted`` carries (kind, first day, last day)."""

    export_submitted = Signal(str, object, object)
    geometry_key = "export_dialog"

    def __init__(self, start: date, end: date, kind: str, parent: QWidget | None = None) -> None:
        super().__init__("Export for the accountant", parent)
        self.save_button.setText("Export…")
        self.kind = named(QComboBox(), "export_kind")
        for key, label in EXPORTS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.start = named(QDateEdit(to_qdate(start)), "export_start")
        self.end = named(QDateEdit(to_qdate(end)), "export_end")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(qt_date_format())
        form = QFormLayout()
        form.addRow(
            named(
                QLabel("Business days, first and last included. Text that a spreadsheet would run as a "
                       "formula is written with a leading apostrophe.", wordWrap=True),
                "subtle",
            )
        )  # fmt: skip
        form.addRow("Export", self.field("kind", self.kind))
        form.addRow("From", self.field("start", self.start))
        form.addRow("To", self.field("end", self.end))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order([self.kind, self.start, self.end])
        self.enter_moves_from = (self.kind, self.start)
        self.setMinimumWidth(460)
        self.restore_geometry()
        self.kind.setFocus()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        self.save_button.setText("Exporting…" if busy else "Export…")

    def focus_field(self, name: str) -> None:
        {"start": self.start, "end": self.end}.get(name, self.kind).setFocus()

    def emit_submitted(self) -> None:
        self.export_submitted.emit(
            self.kind.currentData(), from_qdate(self.start.date()), from_qdate(self.end.date())
        )
