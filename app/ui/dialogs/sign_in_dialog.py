"""Signing in at the start of a shift."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from app.domain.errors import AuthenticationError, BayDeskError
from app.domain.permissions import Actor
from app.ui.dialogs.form import FormDialog
from app.ui.widgets import named


class SignInDialog(FormDialog):
    """Calls ``sign_in(user, password)`` itself: before the window exists there is nothing to free up."""

    geometry_key = "sign_in_dialog"

    def __init__(
        self,
        shop_name: str,
        last_username: str,
        sign_in: Callable[[str, str], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Sign in to BayDesk", parent)
        self._sign_in = sign_in
        self.actor: Actor | None = None
        self.save_button.setText("Sign in")
        self.username = named(QLineEdit(last_username), "username")
        self.password = named(QLineEdit(), "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        title = named(QLabel(shop_name), "heading")
        form.addRow(title)
        form.addRow("User name", self.field("username", self.username))
        form.addRow("Password", self.field("password", self.password))
        body = QWidget()
        body.setLayout(form)
        body.setMinimumWidth(360)
        self.assemble(body)
        self.set_tab_order([self.username, self.password])
        self.enter_submits_from = (self.password,)  # Enter after the password signs in
        (self.password if last_username else self.username).setFocus()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        self.save_button.setText("Signing in…" if busy else "Sign in")

    def emit_submitted(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.actor = self._sign_in(self.username.text().strip(), self.password.text())
        except AuthenticationError as exc:
            self.password.clear()
            self.password.setFocus()
            self.show_error(exc)
            return
        except BayDeskError as exc:  # the database is down, the account is locked...
            self.show_error(exc)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.set_busy(False)
        self.accept()

    @property
    def username_text(self) -> str:
        return self.username.text().strip()
