"""The cash drawer's dialogs (open, paid in/out, blind count, close) and where the Owner area gets them.

One small form serves every drawer step: an amount, and a reason where the
step needs one. The field names are the service's, so its messages land
beside the right box. The count dialog shows nothing of what the drawer
should hold: the count is blind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from app.ui.day.owner_dialogs import ExportDialog
from app.ui.formatting import TypedNumbers, money_hint
from app.ui.printing import PaperDialogs
from app.ui.shared import files
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.form import FormDialog
from app.ui.widgets import named


@dataclass(frozen=True)
class CashStep:
    """What one drawer dialog asks: its title, the amount's field and label, an optional reason."""

    title: str
    amount_field: str
    amount_label: str
    button: str
    reason_field: str = ""
    reason_label: str = ""
    explanation: str = ""
    reason_required: bool = False


OPEN = CashStep("Open the cash drawer", "opening_float", "Opening float", "Open drawer",
                explanation="Count the float you put in the drawer.")  # fmt: skip
PAID_IN = CashStep(
    "Cash paid in", "amount", "Amount paid in", "Record", "reason", "Reason", reason_required=True
)
PAID_OUT = CashStep(
    "Cash paid out", "amount", "Amount paid out", "Record", "reason", "Reason", reason_required=True
)
COUNT = CashStep(
    "Count the drawer",
    "counted",
    "Cash in the drawer",
    "Record count",
    explanation="Count every note and coin in the drawer, float included. The count is blind: what the "
    "drawer should hold is shown once the count is recorded, and a count cannot be redone.",
)


def close_step(words: str, expected: str, counted: str, reason_needed: bool) -> CashStep:
    return CashStep(
        "Close the cash drawer",
        "deposit",
        "Deposit to the bank",
        "Close drawer",
        "over_short_reason",
        "Why it is over or short" if reason_needed else "Note (optional)",
        f"Expected {expected}, counted {counted}: the drawer is {words}.",
        reason_required=reason_needed,
    )


class CashDialog(FormDialog):
    """``cash_submitted`` carries (amount as typed, reason)."""

    cash_submitted = Signal(str, str)
    geometry_key = "cash_dialog"

    def __init__(self, step: CashStep, parent: QWidget | None = None, amount: str = "") -> None:
        super().__init__(step.title, parent)
        self.step = step
        self.save_button.setText(step.button)
        self.amount = named(QLineEdit(amount, placeholderText=money_hint()), "cash_amount")
        self.reason = named(QLineEdit(), "cash_reason")
        self.reason.setMaxLength(400)
        form = QFormLayout()
        if step.explanation:
            form.addRow(named(QLabel(step.explanation, wordWrap=True), "cash_explanation"))
        form.addRow(step.amount_label, self.field(step.amount_field, self.amount))
        fields: list[QWidget] = [self.amount]
        if step.reason_field:
            form.addRow(step.reason_label, self.field(step.reason_field, self.reason))
            fields.append(self.reason)
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order(fields)
        self.enter_moves_from = tuple(fields[:-1])  # a count is typed line by line; the last saves
        self.setMinimumWidth(440)
        self.restore_geometry()
        self.amount.setFocus()
        self.amount.selectAll()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        self.save_button.setText("Saving…" if busy else self.step.button)

    def check_before_submit(self) -> bool:
        missing: dict[str, str] = {}
        if not self.amount.text().strip():
            missing[self.step.amount_field] = "type an amount (0 for none)"
        if self.step.reason_required and not self.reason.text().strip():
            missing[self.step.reason_field] = "is required"
        if missing:
            self.show_field_errors(missing)
        return not missing

    def focus_field(self, name: str) -> None:
        (self.reason if name == self.step.reason_field else self.amount).setFocus()

    def emit_submitted(self) -> None:
        """The amount goes on as a service reads it: '12,50' typed in Germany is sent as '12.50'."""
        typed = TypedNumbers()
        amount = typed.money(self.amount.text(), self.step.amount_field)
        typed.check()
        self.cash_submitted.emit(amount, self.reason.text())


class NoSaleDialog(FormDialog):
    """Opening the drawer with nothing sold: ``reason_submitted`` carries why (it is audited)."""

    reason_submitted = Signal(str)
    geometry_key = "no_sale_dialog"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("No sale: open the cash drawer", parent)
        self.save_button.setText("Open drawer")
        self.reason = named(QLineEdit(), "no_sale_reason")
        self.reason.setAccessibleName("Why the drawer is opened")
        self.reason.setMaxLength(200)
        form = QFormLayout()
        form.addRow(named(QLabel("Opening the drawer with no sale is recorded with your name and the "
                                 "reason.", wordWrap=True), "cash_explanation"))  # fmt: skip
        form.addRow("Reason", self.field("reason", self.reason))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.setMinimumWidth(420)
        self.restore_geometry()
        self.reason.setFocus()

    def check_before_submit(self) -> bool:
        if not self.reason.text().strip():
            self.show_field_errors({"reason": "is required"})
            return False
        return True

    def focus_field(self, name: str) -> None:
        self.reason.setFocus()

    def emit_submitted(self) -> None:
        self.reason_submitted.emit(self.reason.text())


class OwnerDialogs(PaperDialogs):
    """Dialogs of the Owner area; tests override the file questions with paths of their own."""

    def __init__(self, base: DialogFactory | None = None) -> None:
        self.base = base or DialogFactory()

    def cash(self, parent: QWidget, step: CashStep, amount: str = "") -> CashDialog:
        return CashDialog(step, parent, amount)

    def no_sale(self, parent: QWidget) -> NoSaleDialog:
        return NoSaleDialog(parent)

    def export(self, parent: QWidget, start: date, end: date, kind: str) -> ExportDialog:
        return ExportDialog(start, end, kind, parent)

    def save_path(self, parent: QWidget, title: str, suggested_name: str, kind: str) -> Path | None:
        """Where to save a file (kind: 'pdf', 'csv' or 'iif'); None when the person cancels."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        patterns = {"pdf": "PDF documents (*.pdf)", "iif": "QuickBooks IIF files (*.iif)"}
        pattern = patterns.get(kind, "CSV files (*.csv)")
        path, _filter = files.get_save_file_name(parent, title, str(Path(folder) / suggested_name), pattern)
        if not path:
            return None
        return Path(path) if path.lower().endswith(f".{kind}") else Path(f"{path}.{kind}")

    def pdf_path(self, parent: QWidget, title: str, suggested_name: str) -> Path | None:
        return self.save_path(parent, title, suggested_name, "pdf")

    def show_file(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def confirm(self, parent: QWidget, title: str, text: str, action: str, keep: str = "Keep") -> bool:
        return self.base.confirm(parent, title, text, action, keep)

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        self.base.inform(parent, title, text)
