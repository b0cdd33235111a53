"""The second payer of a work order: which insurer or warranty company pays, on what terms, for what.

The payer is chosen among the shop's account customers; the jobs and lines
it covers are ticked in one list (a job covers all its lines). Amounts are
typed the shop's way and read by ``TypedNumbers``. "Clear payer" gives the
whole work order back to the customer.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from app.domain.errors import ValidationError
from app.services.invoicing.dto import WorkOrderPayerView
from app.services.work_orders.dto import WorkOrderView
from app.ui.formatting import TypedNumbers, money, money_hint, money_input_text
from app.ui.shared.form import FormDialog
from app.ui.widgets import named

KINDS = (("insurance", "Insurance claim"), ("warranty", "Warranty contract"))
JOB, LINE = "job", "line"


class PayerDialog(FormDialog):
    """``payer_submitted`` carries the typed fields; ``clear_requested`` asks to remove the payer."""

    payer_submitted = Signal(dict)
    clear_requested = Signal()
    geometry_key = "payer_dialog"

    def __init__(
        self,
        order: WorkOrderView,
        candidates: Sequence[tuple[uuid.UUID, str]],
        current: WorkOrderPayerView | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Second payer — work order {order.number}", parent)
        self.payer = _named(QComboBox(), "payer", "Payer (insurer or warranty company)")
        for customer_id, name in candidates:
            if customer_id != order.customer_id:
                self.payer.addItem(name, customer_id)
        # Among several accounts nobody is chosen for the writer: the first on the list is not the insurer.
        self.payer.setPlaceholderText("Choose the insurer or warranty company")
        self.payer.setCurrentIndex(0 if self.payer.count() == 1 else -1)
        self.kind = _named(QComboBox(), "payer_kind", "Insurance or warranty")
        for value, label in KINDS:
            self.kind.addItem(label, value)
        self.claim = _named(QLineEdit(), "claim_number", "Claim or contract number")
        self.adjuster = _named(QLineEdit(), "adjuster", "Adjuster")
        self.deductible = _named(QLineEdit(placeholderText=money_hint()), "deductible", "Deductible")
        self.approval = _named(QLineEdit(placeholderText="no cap"), "approval", "Approved amount")
        self.covered = _named(QListWidget(), "covered", "Jobs and lines the payer covers")
        self._fill_coverage(order)
        self.clear_button = QPushButton("Clear payer")
        self.clear_button.setAccessibleName("Clear the second payer")
        self.clear_button.clicked.connect(self.clear_requested.emit)
        self.clear_button.setEnabled(current is not None)
        self.buttons.addButton(self.clear_button, self.buttons.ButtonRole.DestructiveRole)
        if current is not None:
            self._show(current)
        form = QFormLayout()
        form.addRow("&Payer", self.field("payer", self.payer))
        form.addRow("&Kind", self.field("kind", self.kind))
        form.addRow("C&laim / contract no.", self.field("claim_number", self.claim))
        form.addRow("Ad&juster", self.field("adjuster", self.adjuster))
        form.addRow("De&ductible", self.field("deductible", self.deductible))
        form.addRow("Approved &up to", self.field("approval", self.approval))
        form.addRow("Co&vers", self.field("covered", self.covered))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order(
            [self.payer, self.kind, self.claim, self.adjuster, self.deductible, self.approval, self.covered]
        )
        self.setMinimumWidth(480)
        self.restore_geometry()
        self.payer.setFocus()

    def _fill_coverage(self, order: WorkOrderView) -> None:
        for job in order.jobs:
            item = QListWidgetItem(f"Job {job.position}: {job.title} (all its lines)")
            item.setData(Qt.ItemDataRole.UserRole, (JOB, job.id))
            item.setCheckState(Qt.CheckState.Unchecked)
            self.covered.addItem(item)
            for line in job.lines:
                row = QListWidgetItem(f"    {line.description} — {money(line.amount)}")
                row.setData(Qt.ItemDataRole.UserRole, (LINE, line.id))
                row.setCheckState(Qt.CheckState.Unchecked)
                self.covered.addItem(row)

    def _show(self, current: WorkOrderPayerView) -> None:
        self.payer.setCurrentIndex(max(0, self.payer.findData(current.payer_id)))
        self.kind.setCurrentIndex(max(0, self.kind.findData(current.kind)))
        self.claim.setText(current.claim_number)
        self.adjuster.setText(current.adjuster)
        self.deductible.setText(money_input_text(current.deductible))
        self.approval.setText(money_input_text(current.approval))
        chosen = {(JOB, i) for i in current.covered_job_ids} | {(LINE, i) for i in current.covered_line_ids}
        for row in range(self.covered.count()):
            item = self.covered.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in chosen:
                item.setCheckState(Qt.CheckState.Checked)

    def check(self, kind: str, item_id: uuid.UUID) -> None:
        """Tick a job or a line (for the keyboard's Space, and for tests)."""
        for row in range(self.covered.count()):
            item = self.covered.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == (kind, item_id):
                item.setCheckState(Qt.CheckState.Checked)

    def _ticked(self, kind: str) -> list[uuid.UUID]:
        out = []
        for row in range(self.covered.count()):
            item = self.covered.item(row)
            what, item_id = item.data(Qt.ItemDataRole.UserRole)
            if what == kind and item.checkState() == Qt.CheckState.Checked:
                out.append(item_id)
        return out

    def emit_submitted(self) -> None:
        typed = TypedNumbers()
        deductible = typed.money(self.deductible.text(), "deductible", "0")
        approval = typed.money(self.approval.text(), "approval")
        typed.check()
        if self.payer.count() == 0:
            raise ValidationError({"payer": "open an account for the insurer or warranty company first"})
        if self.payer.currentIndex() < 0:
            raise ValidationError({"payer": "choose who pays: the insurer or warranty company's account"})
        self.payer_submitted.emit(
            {
                "payer_id": self.payer.currentData(),
                "kind": self.kind.currentData(),
                "claim_number": self.claim.text(),
                "adjuster": self.adjuster.text(),
                "deductible": deductible,
                "approval": approval,
                "covered_job_ids": self._ticked(JOB),
                "covered_line_ids": self._ticked(LINE),
            }
        )


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str, accessible: str) -> W:
    widget.setAccessibleName(accessible)
    return named(widget, name)
