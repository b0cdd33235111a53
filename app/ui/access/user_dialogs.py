"""The owner's dialogs for people and terminals: a new user, a new password or PIN, a role, a mode.

Each is a ``FormDialog``: it emits what was typed, stays open and busy while
the controller saves off the GUI thread, and shows a refusal beside the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.domain.permissions import ROLE_LABELS, Role
from app.services.access.dto import NewUser
from app.services.access.passwords import MIN_LENGTH
from app.ui.shared.form import FormDialog
from app.ui.widgets import named


def _password_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = named(QLineEdit(placeholderText=placeholder), name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def role_box(current: Role | None = None) -> QComboBox:
    box = named(QComboBox(), "role")
    for role in Role:
        box.addItem(ROLE_LABELS[role], role)
    if current is not None:
        box.setCurrentIndex(box.findData(current))
    return box


class NewUserDialog(FormDialog):
    """``user_submitted`` carries a ``NewUser``."""

    user_submitted = Signal(object)
    geometry_key = "new_user_dialog"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("New user", parent)
        self.edits = {
            "username": named(QLineEdit(placeholderText="what they type to sign in, no spaces"), "username"),
            "display_name": named(QLineEdit(placeholderText="as shown on work orders"), "display_name"),
            "password": _password_edit("password", f"{MIN_LENGTH} characters or more"),
            "password_again": _password_edit("password_again"),
        }
        self.role = role_box(Role.FRONT_DESK)
        form = QFormLayout()
        form.addRow("User name", self.field("username", self.edits["username"]))
        form.addRow("Full name", self.field("display_name", self.edits["display_name"]))
        form.addRow("Role", self.field("role", self.role))
        form.addRow("Password", self.field("password", self.edits["password"]))
        form.addRow("Password again", self.field("password_again", self.edits["password_again"]))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        e = self.edits
        self.set_tab_order([e["username"], e["display_name"], self.role, e["password"], e["password_again"]])
        self.enter_moves_from = (e["username"], e["display_name"], self.role, e["password"])
        self.setMinimumWidth(460)
        self.restore_geometry()
        e["username"].setFocus()

    def check_before_submit(self) -> bool:
        if self.edits["password"].text() != self.edits["password_again"].text():
            self.show_field_errors({"password_again": "the two passwords differ"})
            return False
        return True

    def focus_field(self, name: str) -> None:
        widget = self.edits.get(name) or self.role
        widget.setFocus()

    def emit_submitted(self) -> None:
        e = self.edits
        role = self.role.currentData()
        self.user_submitted.emit(
            NewUser(e["username"].text(), e["display_name"].text(), Role(role), e["password"].text())
        )


class SecretDialog(FormDialog):
    """A new password or PIN, typed twice. ``secret_submitted`` carries it."""

    secret_submitted = Signal(str)
    geometry_key = "secret_dialog"

    def __init__(self, title: str, who: str, field: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.field_name = field
        label = "PIN" if field == "pin" else "Password"
        self.secret = _password_edit(field, hint)
        self.again = _password_edit(f"{field}_again")
        form = QFormLayout()
        form.addRow("For", QLabel(who))
        form.addRow(label, self.field(field, self.secret))
        form.addRow(f"{label} again", self.field(f"{field}_again", self.again))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order([self.secret, self.again])
        self.enter_moves_from = (self.secret,)  # typed twice: the first moves on
        self.setMinimumWidth(420)
        self.restore_geometry()
        self.secret.setFocus()

    def check_before_submit(self) -> bool:
        if self.secret.text() != self.again.text():
            kind = "PINs" if self.field_name == "pin" else "passwords"
            self.show_field_errors({f"{self.field_name}_again": f"the two {kind} differ"})
            return False
        return True

    def focus_field(self, name: str) -> None:
        (self.again if name.endswith("_again") else self.secret).setFocus()

    def emit_submitted(self) -> None:
        self.secret_submitted.emit(self.secret.text())


class ChoiceDialog(FormDialog):
    """One choice from a short list (a role, a terminal mode). ``choice_submitted`` carries its value."""

    choice_submitted = Signal(object)
    geometry_key = "choice_dialog"

    def __init__(
        self,
        title: str,
        who: str,
        field: str,
        label: str,
        choices: Sequence[tuple[str, Any]],
        current: Any,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.box = named(QComboBox(), field)
        for text, value in choices:
            self.box.addItem(text, value)
        self.box.setCurrentIndex(max(0, self.box.findData(current)))
        form = QFormLayout()
        form.addRow("For", QLabel(who))
        form.addRow(label, self.field(field, self.box))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order([self.box])
        self.setMinimumWidth(380)
        self.restore_geometry()
        self.box.setFocus()

    def emit_submitted(self) -> None:
        self.choice_submitted.emit(self.box.currentData())


class RateDialog(FormDialog):
    """What an hour of a person's work costs the shop. ``rate_submitted`` carries it as typed ("" clears)."""

    rate_submitted = Signal(str)
    geometry_key = "rate_dialog"

    def __init__(self, who: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__("Labor cost rate", parent)
        self.rate = named(QLineEdit(current, placeholderText="0.00"), "labor_cost_rate")
        form = QFormLayout()
        form.addRow("For", QLabel(who))
        form.addRow("Cost per hour", self.field("labor_cost_rate", self.rate))
        form.addRow(
            named(
                QLabel(
                    "Pay and burden for an hour of their work. Each invoice keeps the rate of the day it is "
                    "posted (billed hours x this rate), so gross profit on labor is true. Blank: none.",
                    wordWrap=True,
                ),
                "subtle",
            )
        )
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order([self.rate])
        self.enter_submits_from = (self.rate,)
        self.setMinimumWidth(420)
        self.restore_geometry()
        self.rate.setFocus()
        self.rate.selectAll()

    def focus_field(self, name: str) -> None:
        self.rate.setFocus()

    def emit_submitted(self) -> None:
        self.rate_submitted.emit(self.rate.text())
