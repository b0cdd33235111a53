"""Work the first screen does not show waits until that screen has answered.

At start-up the customer list's search is what a person waits for; the status
bar's checks (backup, alerts), the idle lock and the live feed would otherwise
take the worker threads and the interpreter at the same moment (the other
areas, Work orders among them, are built and filled when first opened). They are held here and started once the customer list
has shown its rows (or said why not), or after ``WAIT_MS`` if nothing is known
to search (a window built but not started, as tests and screenshots do).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, SignalInstance

WAIT_MS = 1000


class FirstScreen(QObject):
    def __init__(self, parent: QObject, answered: SignalInstance, wait_ms: int = WAIT_MS) -> None:
        super().__init__(parent)
        self._waiting: list[Callable[[], None]] | None = []
        answered.connect(self.done)
        self._fallback = QTimer(self, singleShot=True, interval=wait_ms)
        self._fallback.timeout.connect(self.done)
        self._fallback.start()

    def expect_answer(self) -> None:
        """The customer list has been asked to fill: its answer, however long it takes, ends the wait."""
        self._fallback.stop()

    def later(self, work: Callable[[], None]) -> None:
        """``work`` once the first screen is up (at once if it is already)."""
        if self._waiting is None:
            work()
        else:
            self._waiting.append(work)

    def done(self, *_answer: object) -> None:
        """The first screen is up: start what waited, in the order it was asked for."""
        self._fallback.stop()
        waiting, self._waiting = self._waiting, None
        for work in waiting or ():
            work()

    def cancel(self) -> None:
        """The window is closing: what waited never starts."""
        self._fallback.stop()
        self._waiting = None

    def is_done(self) -> bool:
        return self._waiting is None
