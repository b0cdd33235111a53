"""Record the customer's decision on each job: who, how, and (by phone) the number called.

One row per job waiting for the customer (pending, or changed since they
authorized it); Space toggles Approve / Decline, Enter saves. The amount
authorized is computed by the service from the approved jobs with their tax
and fees (Bus. & Prof. Code 9884.9); the dialog shows the same amount for the
choices on screen, recomputed as jobs are approved or declined, and the
difference from the last authorization.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.pricing import AUTH_METHOD_LABELS
from app.services.work_orders.dto import JobView, WorkOrderView
from app.services.work_orders.orders import AuthorizationInput
from app.ui.formatting import money, signed_money
from app.ui.shared.table_model import AnyIndex
from app.ui.widgets import named
from app.ui.work_orders.form import WorkOrderFormDialog
from app.ui.work_orders.text import DECISION_LABELS

RELATIONS = ("", "Owner", "Spouse", "Family member", "Fleet manager", "Employee", "Other")
_HEADERS = ("Decision", "Job", "Amount", "Now")


def jobs_to_decide(view: WorkOrderView) -> list[JobView]:
    """Jobs awaiting the customer; when none, every job (a decision may be revisited)."""
    waiting = [j for j in view.jobs if j.decision == "pending" or j.changed_since_authorized]
    return waiting or list(view.jobs)


class DecisionsModel(QAbstractTableModel):
    """Jobs with a check box: checked approves, unchecked declines."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[JobView] = []
        self._approve: dict[uuid.UUID, bool] = {}

    def set_jobs(self, jobs: list[JobView]) -> None:
        """Show ``jobs``, keeping the choice already made for a job still listed."""
        self.beginResetModel()
        self._jobs = list(jobs)
        self._approve = {j.id: self._approve.get(j.id, j.decision != "declined") for j in jobs}
        self.endResetModel()

    def decisions(self) -> dict[uuid.UUID, str]:
        return {job_id: "approve" if ok else "decline" for job_id, ok in self._approve.items()}

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self._jobs):
            index = self.index(row, 0)
            self.setData(index, not self._approve[self._jobs[row].id], Qt.ItemDataRole.CheckStateRole)

    def set_all(self, approve: bool) -> None:
        for job in self._jobs:
            self._approve[job.id] = approve
        if self._jobs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._jobs) - 1, len(_HEADERS) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._jobs):
            return None
        job = self._jobs[index.row()]
        approve = self._approve[job.id]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if approve else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                "Approve" if approve else "Decline",
                job.title,
                money(job.subtotal),
                DECISION_LABELS.get(job.decision, job.decision),
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or not index.isValid():
            return False
        checked = value in (True, Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        self._approve[self._jobs[index.row()].id] = checked
        self.dataChanged.emit(index, self.index(index.row(), len(_HEADERS) - 1))
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else flags


class DecisionsTable(QTableView):
    """Space toggles the current job, wherever the cursor is in the row."""

    def keyPressEvent(self, event: Any) -> None:
        model = self.model()
        if event.key() == Qt.Key.Key_Space and isinstance(model, DecisionsModel):
            model.toggle(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class AuthorizationDialog(WorkOrderFormDialog):
    """``authorization_submitted`` carries an ``AuthorizationInput``."""

    authorization_submitted = Signal(object)
    geometry_key = "authorization_dialog"

    def __init__(self, view: WorkOrderView, parent: QWidget | None = None) -> None:
        super().__init__(f"Customer authorization — work order {view.number}", view.version, None, parent)
        self.decisions = DecisionsModel(self)
        self.table = named(DecisionsTable(), "decisions")
        self._setup_table()
        self.authorized_by = named(QLineEdit(view.customer_name), "authorized_by")
        self.relation = named(QComboBox(), "relation")
        self.relation.setEditable(True)
        self.relation.addItems(RELATIONS)
        relation_edit = self.relation.lineEdit()
        assert relation_edit is not None  # an editable combo has one
        relation_edit.setPlaceholderText("Leave empty for the owner")
        self.method = named(QComboBox(), "method")
        for value, label in AUTH_METHOD_LABELS.items():
            self.method.addItem(label, value)
        self.phone_called = named(QLineEdit(view.customer_phone), "phone_called")
        self.note = named(
            QLineEdit(placeholderText="e.g. Approved brakes; will think about the belt"), "note"
        )
        self.amounts = named(QLabel(), "authorization_amounts")
        self.amounts.setWordWrap(True)
        self.assemble(self._body())
        self.set_tab_order(
            [self.table, self.authorized_by, self.relation, self.method, self.phone_called, self.note]
        )
        self.method.currentIndexChanged.connect(self._method_changed)
        self.decisions.dataChanged.connect(lambda *_: self.show_amounts())
        self.view = view
        self.show_view(view)
        self._method_changed()
        self.setMinimumWidth(620)
        self.restore_geometry()
        self.table.setFocus()
        self.table.selectRow(0)

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.decisions)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 110), (2, 95), (3, 130)):
            table.setColumnWidth(column, width)
        table.setMinimumHeight(150)

    def _body(self) -> QWidget:
        hint = named(QLabel("Space: approve / decline the selected job.  Enter: save."), "subtle")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Authorized by", self.field("authorized_by", self.authorized_by))
        form.addRow("&Relation", self.field("relation", self.relation))
        form.addRow("&Method", self.field("method", self.method))
        form.addRow("&Phone called", self.field("phone_called", self.phone_called))
        form.addRow("&Note", self.field("note", self.note))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field("decisions", self.table), 1)
        layout.addWidget(hint)
        layout.addWidget(self.amounts)
        layout.addLayout(form)
        return body

    def show_view(self, view: WorkOrderView) -> None:
        """The jobs and amounts of ``view`` (first open, or reloaded after a stale save)."""
        self.view = view
        self.decisions.set_jobs(jobs_to_decide(view))
        self.show_amounts()

    def show_amounts(self) -> None:
        """What saving now would authorize (the approved jobs, with tax and fees) and the difference
        from the last authorization, recomputed as each job is approved or declined."""
        amount = self.view.amount_if_decided(self.decisions.decisions())
        last = self.view.authorized_total or Decimal("0")
        self.amounts.setText(
            f"Authorized if saved: {money(amount)}  ·  Last authorized: {money(last)}"
            f"  ·  Difference: {signed_money(amount - last)}"
        )

    def _method_changed(self) -> None:
        phone = self.method.currentData() == "phone"
        self.phone_called.setEnabled(phone)
        self.phone_called.setPlaceholderText("the number you called" if phone else "only for phone")

    # --- WorkOrderFormDialog -----------------------------------------------------------
    def show_stale(self, exc: Any, fresh: WorkOrderView) -> None:
        self.show_view(fresh)  # the choices made stay with their jobs
        super().show_stale(exc, fresh)

    def values(self) -> AuthorizationInput:
        phone = self.method.currentData() == "phone"
        return AuthorizationInput(
            decisions=self.decisions.decisions(),
            authorized_by=self.authorized_by.text(),
            method=str(self.method.currentData()),
            relation=self.relation.currentText(),
            phone_called=self.phone_called.text() if phone else "",
            note=self.note.text(),
        )

    def focus_field(self, name: str) -> None:
        widgets: dict[str, QWidget] = {
            "decisions": self.table,
            "authorized_by": self.authorized_by,
            "relation": self.relation,
            "method": self.method,
            "phone_called": self.phone_called,
            "note": self.note,
        }
        if name in widgets:
            widgets[name].setFocus()

    def emit_submitted(self) -> None:
        self.authorization_submitted.emit(self.values())
