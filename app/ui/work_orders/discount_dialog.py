"""A discount on one job, or on the whole ticket, of a work order: percent or amount, and why.

As the value is typed the dialog asks what it takes off (``preview_wanted``)
and says it under the fields. Above the person's limit on the price sheet it
asks for an owner's user name and password: the owner approves it there and
then. "Remove discount" takes an existing one off.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.domain.errors import ValidationError
from app.services.work_orders.discounts import DiscountPreview
from app.services.work_orders.dto import JobView, OrderDiscountView, WorkOrderView
from app.ui.formatting import TypedNumbers, money, money_hint, money_input_text, number_input_text
from app.ui.shared.form import FormDialog
from app.ui.widgets import named, set_level

KINDS = (("percent", "Percent of it"), ("amount", "Amount off"))
PREVIEW_DELAY_MS = 250  # wait for a pause in the typing before asking


class DiscountDialog(FormDialog):
    """``discount_submitted``: {kind, value, reason, owner, password}; ``preview_wanted``: (kind, value)."""

    discount_submitted = Signal(dict)
    preview_wanted = Signal(str, str)
    remove_requested = Signal()
    geometry_key = "discount_dialog"

    def __init__(
        self,
        order: WorkOrderView,
        job: JobView | None,
        current: OrderDiscountView | None,
        parent: QWidget | None = None,
    ) -> None:
        what = f"job {job.position}: {job.title}" if job is not None else "the whole ticket"
        super().__init__(f"Discount on {what} — work order {order.number}", parent)
        self.kind = _named(QComboBox(), "discount_kind", "Percent or amount")
        for value, label in KINDS:
            self.kind.addItem(label, value)
        self.value = _named(QLineEdit(placeholderText="10"), "discount_value", "Discount: percent or amount")
        self.reason = _named(
            QLineEdit(placeholderText="e.g. loyal customer, fleet contract"), "discount_reason", "Reason"
        )
        self.effect = _named(QLabel(wordWrap=True), "discount_result", "What the discount takes off")
        self.owner = _named(QLineEdit(), "approver_name", "Owner's user name")
        self.password = _named(QLineEdit(), "approver_password", "Owner's password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remove_button = QPushButton("Remove discount")
        self.remove_button.setAccessibleName("Remove the discount")
        self.remove_button.setEnabled(current is not None)
        self.remove_button.clicked.connect(self.remove_requested.emit)
        self.buttons.addButton(self.remove_button, self.buttons.ButtonRole.DestructiveRole)
        self.form = QFormLayout()
        self.form.addRow("&Kind", self.field("kind", self.kind))
        self.form.addRow("&Value", self.field("value", self.value))
        self.form.addRow("&Reason", self.field("reason", self.reason))
        self.form.addRow("", self.effect)
        self._owner_rows = (self.field("owner", self.owner), self.field("password", self.password))
        self.form.addRow("&Owner", self._owner_rows[0])
        self.form.addRow("&Password", self._owner_rows[1])
        body = QWidget()
        body.setLayout(self.form)
        self.assemble(body)
        self.set_tab_order([self.kind, self.value, self.reason, self.owner, self.password])
        self.enter_moves_from = (self.owner,)
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._ask_preview)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.value.textChanged.connect(lambda _t: self._timer.start())
        self.set_owner_needed(False)
        if current is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(current.kind)))
            shown = number_input_text if current.kind == "percent" else money_input_text
            self.value.setText(shown(current.value))
            self.reason.setText(current.reason)
        self.setMinimumWidth(440)
        self.restore_geometry()
        self.value.setFocus()

    def _kind_changed(self, _index: int) -> None:
        self.value.setPlaceholderText("10" if self.kind.currentData() == "percent" else money_hint())
        self._timer.start()

    def _typed_value(self) -> str:
        typed = TypedNumbers()
        if self.kind.currentData() == "percent":
            value = typed.number(self.value.text(), "value", decimals=2)
        else:
            value = typed.money(self.value.text(), "value")
        typed.check()
        return value

    def _ask_preview(self) -> None:
        if not self.value.text().strip():
            set_level(self.effect, "", "")
            return
        try:
            value = self._typed_value()
        except ValidationError as exc:  # not a number: said where the result goes
            self.show_preview_error(exc)
            return
        self.preview_wanted.emit(self.kind.currentData(), value)

    def show_preview(self, preview: DiscountPreview) -> None:
        """What it takes off, of how much; above the limit, the owner's fields."""
        text = (
            f"Takes off {money(preview.amount)}: {number_input_text(preview.percent)} % "
            f"of {money(preview.covered)}."
        )
        if preview.needs_owner:
            text += f" Above your limit of {number_input_text(preview.limit)} %: an owner approves it below."
        set_level(self.effect, "warning" if preview.needs_owner else "ok", text)
        self.set_owner_needed(preview.needs_owner)

    def show_preview_error(self, exc: BaseException) -> None:
        errors = getattr(exc, "errors", None)
        text = "; ".join(errors.values()) if isinstance(errors, dict) else str(exc)
        set_level(self.effect, "error", text)

    def set_owner_needed(self, needed: bool) -> None:
        for row in self._owner_rows:
            self.form.setRowVisible(row, needed)

    def owner_needed(self) -> bool:
        return self.owner.isVisibleTo(self)

    def focus_field(self, name: str) -> None:
        widgets = {"kind": self.kind, "value": self.value, "reason": self.reason, "owner": self.owner}
        widgets.get(name, self.password).setFocus()

    def emit_submitted(self) -> None:
        value = self._typed_value()
        approving = self.owner_needed() and bool(self.owner.text().strip())
        self.discount_submitted.emit(
            {
                "kind": self.kind.currentData(),
                "value": value,
                "reason": self.reason.text(),
                "owner": self.owner.text().strip() if approving else "",
                "password": self.password.text() if approving else "",
            }
        )


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str, accessible: str) -> W:
    widget.setAccessibleName(accessible)
    return named(widget, name)
