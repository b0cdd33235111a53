"""Service calls off the GUI thread, results back on it by signal.

A search on 100,000 customers, or a save that waits for another terminal's
row lock, must never freeze the window (DESIGN.md, Qt client). Calls given a
``channel`` supersede each other: when the person types "smi" after "sm",
the answer to "sm" is dropped on arrival instead of flashing on screen.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from app.domain.errors import BayDeskError

log = logging.getLogger(__name__)
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class _Pending:
    channel: str | None
    on_done: Done
    on_error: Failed


class _Call:
    """One service call, run by the pool (handed over as a plain callable, see ``TaskRunner.run``)."""

    def __init__(self, runner: TaskRunner, token: int, work: Callable[[], Any]) -> None:
        self._runner = runner
        self._token = token
        self._work = work

    def __call__(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which reports it
            self._report(self._runner.call_failed, exc)
            return
        self._report(self._runner.call_finished, result)

    def _report(self, signal: Any, value: object) -> None:
        try:
            signal.emit(self._token, value)
        except RuntimeError:
            # The runner's widget was closed while the call ran: nobody is left to
            # tell. What the call wrote is committed (or rolled back) already.
            log.debug("result of call %d dropped: its window is gone", self._token)


class TaskRunner(QObject):
    """Runs callables on a private thread pool; callbacks run on the GUI thread."""

    call_finished = Signal(int, object)
    call_failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._next = 0
        self._latest: dict[str, int] = {}
        self._pending: dict[int, _Pending] = {}
        # Emitted from pool threads; the runner lives on the GUI thread, so
        # these connections are queued and the callbacks run there.
        self.call_finished.connect(self._finish)
        self.call_failed.connect(self._fail)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Done,
        on_error: Failed,
        channel: str | None = None,
    ) -> int:
        """Start ``work``; a later call on the same ``channel`` makes this one's result stale."""
        self._next += 1
        token = self._next
        if channel is not None:
            self._latest[channel] = token
        self._pending[token] = _Pending(channel, on_done, on_error)
        # A plain callable, not a QRunnable subclass: PySide takes a Python QRunnable's
        # ownership after it starts it, and when the call had already finished on
        # the pool thread by then, that reference was never given back: the call,
        # its closure and the screen it served stayed alive for good.
        self._pool.start(_Call(self, token, work))
        return token

    def is_idle(self) -> bool:
        return not self._pending

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until every started call has returned (closing the window, tests)."""
        return self._pool.waitForDone(msecs)

    def _take(self, token: int) -> _Pending | None:
        pending = self._pending.pop(token, None)
        if pending is None:
            return None
        if pending.channel is not None and self._latest.get(pending.channel) != token:
            return None  # a newer call on this channel was issued: drop the stale answer
        return pending

    def _finish(self, token: int, result: object) -> None:
        pending = self._take(token)
        if pending is not None:
            pending.on_done(result)

    def _fail(self, token: int, exc: BaseException) -> None:
        pending = self._take(token)
        if pending is None:
            return
        if not isinstance(exc, BayDeskError):
            sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: log it and tell the person
        pending.on_error(exc)
