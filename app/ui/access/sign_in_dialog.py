"""Signing in at the start of a shift, and unlocking (or switching user) after an idle lock."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from app.domain.errors import AuthenticationError, BayDeskError
from app.domain.permissions import Actor
from app.ui.shared.form import FormDialog
from app.ui.widgets import named


class SignInDialog(FormDialog):
    """Calls ``sign_in(user, password)`` itself: before the window exists there is nothing to free up.

    On a bay terminal (``pin_allowed``) a technician may type a 4-8 digit PIN
    instead of the password; the service tells the two apart and checks the
    terminal's registered mode itself.
    """

    geometry_key = "sign_in_dialog"

    def __init__(
        self,
        shop_name: str,
        last_username: str,
        sign_in: Callable[[str, str], Actor],
        parent: QWidget | None = None,
        *,
        pin_allowed: bool = False,
        title: str = "Sign in to BayDesk",
    ) -> None:
        super().__init__(title, parent)
        self._sign_in = sign_in
        self.actor: Actor | None = None
        self.save_button.setText("Sign in")
        self.username = named(QLineEdit(last_username), "username")
        self.password = named(QLineEdit(), "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if pin_allowed:
            self.password.setPlaceholderText("or your PIN (technicians)")
        self.form = QFormLayout()
        self.title_label = named(QLabel(shop_name), "heading")
        self.form.addRow(self.title_label)
        self.form.addRow("User name", self.field("username", self.username))
        self.form.addRow(
            "Password or PIN" if pin_allowed else "Password", self.field("password", self.password)
        )
        body = QWidget()
        body.setLayout(self.form)
        body.setMinimumWidth(360)
        self.assemble(body)
        self.set_tab_order([self.username, self.password])
        self.enter_moves_from = (self.username,)  # Enter after the user name: the password
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
        except BayDeskError as exc:  # the database is down...
            self.show_error(exc)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.set_busy(False)
        self.accept()

    @property
    def username_text(self) -> str:
        return self.username.text().strip()


class LockDialog(SignInDialog):
    """The window is locked: the same person's password opens it again, anyone else's switches user.

    It cannot be cancelled or closed: the only way past it is a sign-in.
    """

    geometry_key = "lock_dialog"

    def __init__(
        self,
        shop_name: str,
        current_name: str,
        current_username: str,
        sign_in: Callable[[str, str], Actor],
        parent: QWidget | None = None,
        *,
        pin_allowed: bool = False,
        switching: bool = False,
    ) -> None:
        title = "Switch user" if switching else "BayDesk is locked"
        super().__init__(
            shop_name,
            "" if switching else current_username,
            sign_in,
            parent,
            pin_allowed=pin_allowed,
            title=title,
        )
        self.setObjectName("lock_dialog")
        self.cancel_button.hide()
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        note = (
            f"{current_name} is signed in here. Sign in as yourself; {current_name}'s open windows are closed."
            if switching
            else f"Locked for {current_name}. Type your password to go on where you left off, "
            "or sign in as someone else."
        )
        self.note = named(QLabel(note, wordWrap=True), "subtle")
        self.form.insertRow(1, self.note)
        (self.username if switching else self.password).setFocus()

    def reject(self) -> None:
        """Esc does nothing here: the lock stays until someone signs in."""

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.actor is None:
            event.ignore()
            return
        super().closeEvent(event)
