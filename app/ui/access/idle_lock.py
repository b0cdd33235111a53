"""The idle lock and "Switch user": cover the window, ask for a password, give it back or hand it over.

After the shop's idle time (15 minutes by default) without a key press or a
click, the window hides its areas and any open dialog, and an application-
modal lock dialog asks for a password. The same person's password shows
everything again exactly as it was (typed but unsaved text included);
another person's sign-in closes the first person's dialogs and asks the
window host for a window built for the new person's role (``user_switched``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QWidget

from app.domain.permissions import Actor
from app.domain.terminals import TerminalMode
from app.services.access.terminals import IDLE_LOCK_DEFAULT
from app.services.container import Services
from app.ui.access.sign_in_dialog import LockDialog
from app.ui.tasks import TaskRunner
from app.ui.widgets import named

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Fires ``idle`` after ``minutes`` with no input anywhere in the application."""

    idle = Signal()

    def __init__(self, parent: QObject, minutes: int = IDLE_LOCK_DEFAULT) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.idle.emit)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()  # restart the count
        return False

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()


class SessionLock(QObject):
    """Lock, unlock and switch user for one main window."""

    locked = Signal()
    unlocked = Signal()
    user_switched = Signal(object)  # the new Actor

    def __init__(
        self,
        window: QMainWindow,
        services: Services,
        actor: Actor,
        shop_name: str,
        terminal_name: str,
        runner: TaskRunner,
        username: str = "",
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.actor = actor
        self.shop_name = shop_name
        self.terminal_name = terminal_name
        self.runner = runner
        self.username = username
        self.watcher = IdleWatcher(self)
        self.watcher.idle.connect(self.lock)
        self.dialog: LockDialog | None = None
        self._hidden: list[QWidget] = []
        self.cover = named(QLabel(window), "lock_cover")  # what the window shows while locked
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.hide()

    def start(self) -> None:
        """Read the shop's idle time, then start counting."""
        self.watcher.start()
        self.runner.run(
            lambda: self.services.terminals.idle_lock_minutes(self.actor),
            self._minutes_known,
            lambda _exc: None,  # keep the default: a lock that comes early is better than none
        )

    def _minutes_known(self, minutes: int) -> None:
        self.watcher.set_minutes(minutes)
        if self.dialog is None:
            self.watcher.start()

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def lock(self, switching: bool = False) -> LockDialog:
        """Cover everything this person has open and ask who is there."""
        if self.dialog is not None:
            return self.dialog
        self.watcher.stop()
        self._hidden = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self.window and w.isVisible() and w.isWindow() and not isinstance(w, LockDialog)
        ]
        for widget in self._hidden:
            widget.hide()  # hidden, not closed: what was typed stays in it
        central = self.window.centralWidget()
        if central is not None:
            central.hide()
            self.cover.setGeometry(central.geometry())
        self.cover.setText(f"BayDesk is locked for {self.actor.name}. Sign in to go on.")
        self.cover.show()
        self.cover.raise_()
        self.window.menuBar().setEnabled(False)
        pin = self.actor.terminal_mode == TerminalMode.BAY
        self.dialog = LockDialog(
            self.shop_name, self.actor.name, self.username, self._sign_in, self.window, pin_allowed=pin,
            switching=switching,
        )  # fmt: skip
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.accepted.connect(self._signed_in)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.locked.emit()
        return self.dialog

    def switch_user(self) -> LockDialog:
        return self.lock(switching=True)

    def _sign_in(self, username: str, secret: str) -> Actor:
        mode = self.actor.terminal_mode or TerminalMode.FRONT_DESK
        return self.services.setup.sign_in(username, secret, self.terminal_name, mode)

    def _signed_in(self) -> None:
        dialog, self.dialog = self.dialog, None
        assert dialog is not None and dialog.actor is not None
        actor = dialog.actor
        dialog.deleteLater()
        if actor.user_id == self.actor.user_id and actor.role == self.actor.role:
            self.actor = actor
            self._uncover()
            self.watcher.start()
            self.unlocked.emit()
            return
        for widget in self._hidden:  # the previous person's unsaved dialogs go with them
            if isinstance(widget, QDialog):
                widget.reject()
            widget.close()
        self._hidden = []
        self.user_switched.emit(actor)

    def _uncover(self) -> None:
        self.cover.hide()
        central = self.window.centralWidget()
        if central is not None:
            central.show()
        self.window.menuBar().setEnabled(True)
        for widget in self._hidden:
            widget.show()
        if self._hidden:
            self._hidden[-1].raise_()
            self._hidden[-1].activateWindow()
        self._hidden = []

    def stop(self) -> None:
        self.watcher.remove()
