"""What every BayDesk edit dialog does the same way.

- A message beside each field (``field()``), filled from a service's
  ``ValidationError.errors``; nothing the person typed is ever cleared by an error.
- A banner for what concerns the whole record (a stale edit, a duplicate),
  with the buttons that resolve it ("Reload", "Open that vehicle").
- Keyboard, as the line under the buttons says: Enter saves, from any field;
  in a box of several lines Enter starts a new line and Ctrl+Enter saves;
  Esc cancels. Fields listed in ``enter_moves_from`` (a user name before its
  password, a VIN a scanner ends with Enter) move on instead.
- Saving happens elsewhere (a controller, off the GUI thread): the dialog
  emits its typed input, shows itself busy, and stays open until told.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ConflictError, StaleEditError, ValidationError
from app.ui.errors import error_message
from app.ui.geometry import PreserveGeometry
from app.ui.widgets import named, set_level


def keys_hint(save_text: str) -> str:
    """The line under a dialog's fields: what Enter does here (the Save button's own word), and Esc."""
    action = save_text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…") or "Save"
    return f"Enter: {action} · Ctrl+Enter from a box of several lines · Esc: Cancel"


class FormDialog(QDialog, PreserveGeometry):
    reload_requested = Signal()
    live_fields: tuple[str, ...] = ()  # checked as typed: their message outlives a failed save

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._errors: dict[str, QLabel] = {}
        self._busy = False
        self._idle_text = "Save"
        self._save_blockers: set[str] = set()
        self.enter_moves_from: tuple[QWidget, ...] = ()  # fields where Enter means "next field"
        self.banner = named(QLabel(wordWrap=True), "banner")
        self.banner.setContentsMargins(12, 8, 12, 8)  # in the label's own size, so its lines fit
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        self._banner_actions = QHBoxLayout()
        self._banner_buttons: list[QPushButton] = []
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save (Enter; Ctrl+Enter in a box of several lines)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Close without saving (Esc)")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        self.keys_hint = named(QLabel(keys_hint("Save")), "dialog_keys")  # said, not only in a tooltip

    def assemble(self, body: QWidget | QHBoxLayout | QVBoxLayout) -> None:
        """Lay out banner, body and buttons; subclasses call this once their fields exist."""
        outer = QVBoxLayout(self)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addLayout(self._banner_actions)
        outer.addLayout(banner_row)
        if isinstance(body, QWidget):
            outer.addWidget(body, 1)
        else:
            outer.addLayout(body, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.keys_hint, 1)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)
        self._set_banner_actions([])

    def field(self, name: str, widget: QWidget) -> QWidget:
        """``widget`` with its own message line underneath, addressed by the service's field ``name``."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        message = named(QLabel(wordWrap=True), f"{name}_message")
        message.setTextFormat(Qt.TextFormat.PlainText)
        set_level(message, "")
        column.addWidget(message)
        self._errors[name] = message
        return holder

    def set_tab_order(self, widgets: Sequence[QWidget]) -> None:
        """Tab walks the form in reading order, then Save, then Cancel."""
        for first, second in pairwise([*widgets, self.save_button, self.cancel_button]):
            self.setTabOrder(first, second)

    def field_message(self, name: str) -> QLabel:
        return self._errors[name]

    # --- what the controller calls -------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        if busy and not self._busy:
            self._idle_text = self.save_button.text()  # "Post return", "Sign in"... comes back after
        self._busy = busy
        self.save_button.setText("Saving…" if busy else self._idle_text)
        self.cancel_button.setEnabled(not busy)
        self._refresh_save()

    def show_error(self, exc: BaseException) -> None:
        """Put a failed save's reason where the person will look; keep every typed value."""
        self.set_busy(False)
        if isinstance(exc, ValidationError):
            unplaced = self.show_field_errors(exc.errors)
            text = "Please correct the fields marked in red."
            if unplaced:
                text += " " + "; ".join(
                    f"{k.replace('_', ' ').capitalize()}: {v}" for k, v in unplaced.items()
                )
            self.show_banner("error", text)
        elif isinstance(exc, StaleEditError):
            self.show_banner("error", exc.message, [("Reload", self.reload_requested.emit)])
        elif isinstance(exc, ConflictError):
            self.show_banner("error", exc.message, self.conflict_actions(exc))
        else:
            self.show_banner("error", error_message(exc))

    def conflict_actions(self, exc: ConflictError) -> list[tuple[str, Callable[[], None]]]:
        """Buttons offered with a conflict; a subclass offers to open the existing record."""
        return []

    def show_field_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Show each message beside its field; return those with no field here."""
        unplaced: dict[str, str] = {}
        for name, text in errors.items():
            label = self._errors.get(name)
            if label is None:
                unplaced[name] = text
            else:
                set_level(label, "error", text)
        first = next((n for n in errors if n in self._errors), None)
        if first is not None:
            self.focus_field(first)
        return unplaced

    def focus_field(self, name: str) -> None:
        """Subclasses map a field name to its input widget."""

    def clear_messages(self) -> None:
        for name, label in self._errors.items():
            if name not in self.live_fields:
                set_level(label, "")
        self.show_banner("", "")

    def show_banner(
        self, level: str, text: str, actions: list[tuple[str, Callable[[], None]]] | None = None
    ) -> None:
        set_level(self.banner, level, text)
        self._set_banner_actions(actions or [])
        self.make_room()

    def make_room(self) -> None:
        """A message shown in a dialog already on screen: the dialog grows to give it its lines
        (a short dialog, such as signing in, had no spare height and squashed it to one)."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        width = self.width()
        wanted = (
            layout.totalHeightForWidth(width)
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if self.height() < wanted:
            self.resize(width, wanted)

    def _set_banner_actions(self, actions: list[tuple[str, Callable[[], None]]]) -> None:
        for old in self._banner_buttons:
            old.deleteLater()
        self._banner_buttons = []
        for text, callback in actions:
            button = QPushButton(text)
            button.setAutoDefault(True)
            button.clicked.connect(callback)
            self._banner_actions.addWidget(button)
            self._banner_buttons.append(button)

    def banner_buttons(self) -> list[QPushButton]:
        """The buttons offered with the banner's message ("Reload", "Open that vehicle")."""
        return list(self._banner_buttons)

    # --- saving -----------------------------------------------------------------------
    def block_save(self, reason: str, blocked: bool) -> None:
        """A live check (the VIN) keeps Save disabled while its field is wrong."""
        if blocked:
            self._save_blockers.add(reason)
        else:
            self._save_blockers.discard(reason)
        self._refresh_save()

    def _refresh_save(self) -> None:
        self.save_button.setEnabled(not self._busy and not self._save_blockers)

    def submit(self) -> None:
        """Save if allowed: the Save button, Ctrl+Enter and Enter on Save all come here."""
        if not self.save_button.isEnabled():
            return
        self.clear_messages()
        if self.check_before_submit():
            self.set_busy(True)
            try:
                self.emit_submitted()
            except ValidationError as exc:  # a field the dialog reads itself: money in the shop's marks
                self.show_error(exc)

    def check_before_submit(self) -> bool:
        """Checks only the dialog can make (passwords typed twice); True to go on."""
        return True

    def emit_submitted(self) -> None:
        raise NotImplementedError

    # --- Qt overrides ----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves (a box of several lines keeps its Enter: it never reaches here)."""
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        enter = plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        focused = self.focusWidget()
        if enter and focused in self.enter_moves_from:
            self.focusNextChild()
            return
        if enter and not isinstance(focused, QAbstractButton):  # on a button, Enter presses it
            self.submit()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if not self._busy:  # a save under way finishes first: its answer must land somewhere
            super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._busy:  # subclasses name Save after what it does ("Sign in", "Complete")
            self.keys_hint.setText(keys_hint(self.save_button.text()))
        layout = self.layout()
        if layout is not None:
            # A size set by the dialog, or remembered from a dialog of the same kind with less
            # to say (the drawer's count after its opening), must still show everything whole:
            # the hint and the buttons ("Enter: Completed · … · Esc: C" said half of it) and
            # every line of a wrapped explanation.
            layout.activate()
            width = max(self.width(), layout.totalMinimumSize().width())
            height = self.height()
            if layout.hasHeightForWidth():
                height = max(height, layout.totalHeightForWidth(width))
            if (width, height) != (self.width(), self.height()):
                self.resize(width, height)
        super().showEvent(event)

    def done(self, result: int) -> None:
        self.save_geometry()
        super().done(result)  # the window under it takes the keyboard back: app/ui/keyboard.py
