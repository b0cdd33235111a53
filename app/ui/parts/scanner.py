"""A barcode scanner told from a person by its speed, wherever the keyboard is in the counter.

A scanner is a keyboard that types a whole code in a few milliseconds and
ends it with Enter or Tab (its "suffix"). A person types slower than that,
even in a hurry. So a run of at least ``MIN_LENGTH`` printable keys, each
within ``MAX_GAP_MS`` of the one before, followed as fast by Enter or Tab, is
a scan: it is taken back from whichever box it was typed into (the box gets
its text back), the suffix is swallowed (a Tab does not move the cursor
away, an Enter does not submit a half-filled field) and ``scanned`` says the
code. Anything slower is typing, and goes where it was typed, untouched.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

MAX_GAP_MS = 40  # between two keys of one scan; even fast typists need 60 ms or more
SUFFIX_GAP_MS = 2 * MAX_GAP_MS
MIN_LENGTH = 4  # the shortest code worth telling apart from typing
SUFFIXES = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab})
Clock = Callable[[], float]  # milliseconds


def monotonic_ms() -> float:
    return time.monotonic() * 1000


@dataclass
class _Typed:
    """What the box held before the run began, to give it back when the run was a scan."""

    box: QLineEdit | None
    text: str
    cursor: int


class ScanDetector(QObject):
    scanned = Signal(str)

    def __init__(self, area: QWidget, clock: Clock = monotonic_ms) -> None:
        super().__init__(area)
        self.area = area
        self._clock = clock
        self._keys: list[str] = []
        self._last = 0.0
        self._before: _Typed | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # key events go to the focused widget, wherever it is in the area

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not self._in_area(watched):
            return False
        assert isinstance(event, QKeyEvent)
        now = float(event.timestamp()) or self._clock()  # the X server's time when it has one
        if event.key() in SUFFIXES and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return self._suffix(now)
        text = event.text()
        typing_mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if len(text) == 1 and text.isprintable() and not event.modifiers() & typing_mods:
            self._key(text, now, watched)
        else:
            self._reset()
        return False

    def _in_area(self, watched: QObject) -> bool:
        """The key is for the focused widget inside the area (each key is seen once: not its parents)."""
        return (
            isinstance(watched, QWidget)
            and watched.window().focusWidget() is watched
            and self.area.isVisible()
            and (watched is self.area or self.area.isAncestorOf(watched))
        )

    def _key(self, text: str, now: float, widget: QObject) -> None:
        if self._keys and now - self._last > MAX_GAP_MS:
            self._reset()
        if not self._keys:
            box = widget if isinstance(widget, QLineEdit) else None
            self._before = _Typed(box, box.text(), box.cursorPosition()) if box else _Typed(None, "", 0)
        self._keys.append(text)
        self._last = now

    def _suffix(self, now: float) -> bool:
        code = "".join(self._keys)
        is_scan = len(code) >= MIN_LENGTH and now - self._last <= SUFFIX_GAP_MS
        before = self._before
        self._reset()
        if not is_scan:
            return False
        if before is not None and before.box is not None:
            before.box.setText(before.text)
            before.box.setCursorPosition(before.cursor)
        self.scanned.emit(code)
        return True  # the Enter or Tab was the scanner's, not the person's

    def _reset(self) -> None:
        self._keys = []
        self._before = None
