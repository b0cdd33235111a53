"""Keys the whole application treats alike, whatever the widget: Tab leaves a date or time field,
and the keyboard comes back to the window under a dialog that closes.

Qt's date and time fields take Tab to walk their own sections (day, month,
year, hour...). A person who tabs past "Promised" and starts typing a note
found the note typed into the date instead. Here Tab and Shift+Tab leave
any date or time field for the next (or previous) field, as everywhere
else; within the field, the arrow keys and typing move between sections.
On a terminal with no window manager (a kiosk), X hands the keyboard to no
window when a dialog closes, unless the application asks: after the scan and
quantity prompts of an allocation, Ctrl+ keys did nothing until someone
clicked the window. So when a dialog closes and no other is open, the window
under it takes the keyboard back.

Installed once on the application (``install``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QDialog, QWidget

_MOVING = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


class TabLeavesDateFields(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QDateTimeEdit):
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) or event.modifiers() & _MOVING:
            return False
        forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        target = neighbour(watched, forward)
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
        return True


def neighbour(widget: QWidget, forward: bool) -> QWidget | None:
    """The next (or previous) field Tab goes to from ``widget``, as Qt's own focus chain orders them."""
    step = QWidget.nextInFocusChain if forward else QWidget.previousInFocusChain
    candidate = step(widget)
    while candidate is not None and candidate is not widget:
        inside = widget.isAncestorOf(candidate)
        if not inside and candidate.window() is widget.window() and _takes_tab(candidate):
            return candidate
        candidate = step(candidate)
    return None


def _takes_tab(widget: QWidget) -> bool:
    return (
        widget.isVisibleTo(widget.window())
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
    )


class KeyboardComesBack(QObject):
    """A closing dialog's parent window takes the keyboard back, there and then: a prompt that
    follows (the quantity after the scan) is shown after it and takes the keyboard in turn."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Hide
            and isinstance(watched, QDialog)
            and watched.isWindow()
            and QApplication.activeWindow() in (None, watched)  # no other window of ours has the keyboard
        ):
            parent = watched.parentWidget()
            window = parent.window() if parent is not None else None
            if (
                window is not None
                and window.isVisible()
                and QApplication.activeModalWidget() in (None, window)
                and QApplication.activePopupWidget() is None
            ):
                window.activateWindow()
        return False


def install(app: QApplication) -> TabLeavesDateFields:
    """Once per application; later calls return the same filter."""
    existing = app.findChild(TabLeavesDateFields)
    if isinstance(existing, TabLeavesDateFields):
        return existing
    keys = TabLeavesDateFields(app)
    app.installEventFilter(keys)
    app.installEventFilter(KeyboardComesBack(app))
    return keys
