"""Run as a program: BayDesk's window on a shop file, worked from the keyboard for a while.

``python -m tests.stress.soak_app FILE SECONDS`` opens the window as the
parts clerk and, round after round, until its time is up: scans a part at
the parts counter and sells it (F9), shows the "Save as PDF" dialog in the
folder of the shop file and cancels it, and switches user (F12, typed into
the dialog) to the next of parts, desk and owner. Everything runs inside
the application's own event loop, as in a shop.

When done it prints one JSON line of figures: rounds, sales, error reports
(what would have been "Something went wrong" dialogs: every exception that
reached ``sys.excepthook``), change-sets heard from other processes, and the
live controllers per role after each switch. Exit 0 when its time ran out,
3 when a step waited in vain.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtTest import QTest

Condition = Callable[[], bool]
STEP_TIMEOUT_S = 30.0
TICK_MS = 20
PEOPLE = ("desk", "owner", "parts")  # in turn, after the clerk who opens
DIALOG_EVERY = 3  # rounds
SETTLE_S = 0.3  # after a switch: the new window's first answers, and the old one's deletion


class Figures:
    """What the soak saw, printed at the end."""

    def __init__(self) -> None:
        self.rounds = 0
        self.sales = 0
        self.dialogs = 0
        self.errors: list[str] = []
        self.heard = 0
        self.screens: dict[str, list[int]] = {}

    def record_error(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        self.errors.append("".join(traceback.format_exception(kind, exc, tb))[-1500:])

    def as_json(self, seconds: float, stuck: str) -> str:
        return json.dumps(
            {
                "seconds": round(seconds, 1),
                "rounds": self.rounds,
                "sales": self.sales,
                "file_dialogs": self.dialogs,
                "errors": self.errors,
                "heard": self.heard,
                "screens": self.screens,
                "stuck": stuck,
            }
        )


def count_heard(figures: Figures) -> None:
    """Count the change-sets the live feed hears from other processes (the feed's one way out)."""
    from app.db import live

    publish = live._Feed._publish

    def counted(feed: live._Feed, tables: frozenset[str]) -> None:
        figures.heard += 1
        publish(feed, tables)

    live._Feed._publish = counted  # type: ignore[method-assign]


def pause(seconds: float) -> Condition:
    until = time.monotonic() + seconds
    return lambda: time.monotonic() >= until


def screens_alive() -> int:
    gc.collect()
    return sum(
        1
        for thing in gc.get_objects()
        if isinstance(thing, QObject) and type(thing).__name__.endswith("Controller")
    )


class Soak:
    def __init__(self, path: Path, seconds: float, figures: Figures) -> None:
        from app.bootstrap import demo_database
        from app.demo.shop import DEMO_PASSWORD
        from app.ui.access.session import WindowHost
        from tests.stress.soak_outside import sale_codes

        self.path = path
        self.password = DEMO_PASSWORD
        self.deadline = time.monotonic() + seconds
        self.figures = figures
        self.codes = sale_codes(path)
        opened, _ = demo_database(path)
        services = opened.services
        clerk = services.setup.sign_in("parts", DEMO_PASSWORD, "Soak counter")
        self.host = WindowHost(services, services.setup.shop(clerk.shop_id), "Soak counter")
        self.host.open(clerk)

    @property
    def window(self) -> object:
        return self.host.window

    def script(self) -> Iterator[Condition]:
        """The rounds, each step yielding what to wait for before the next."""
        turn = 0
        while time.monotonic() < self.deadline:
            window = self.host.window
            assert window is not None
            window.activateWindow()
            yield from self.sell(window)
            if self.figures.rounds % DIALOG_EVERY == 0:
                yield from self.file_dialog(window)
            username = PEOPLE[turn % len(PEOPLE)]
            turn += 1
            yield from self.switch_user(window, username)
            self.figures.rounds += 1
            self.figures.screens.setdefault(username, []).append(screens_alive())

    def sell(self, window: object) -> Iterator[Condition]:
        from app.ui.main_window import MainWindow

        assert isinstance(window, MainWindow)
        if not window.show_area("parts"):
            return
        counter = window.office_areas["parts"].counter  # type: ignore[attr-defined]
        box = counter.page.search_edit
        box.setFocus()
        QTest.keyClicks(box, self.codes[self.figures.rounds % len(self.codes)])
        QTest.keyClick(box, Qt.Key.Key_Return)
        yield lambda: counter.ticket.rowCount() > 0
        posted: list[object] = []
        counter.ticket_posted.connect(posted.append)
        QTest.keyClick(box, Qt.Key.Key_F9)
        yield lambda: bool(posted)
        self.figures.sales += 1

    def file_dialog(self, window: object) -> Iterator[Condition]:
        """The dialog that once dropped SQLite's locks: shown on the shop file's folder, then cancelled."""
        from app.ui.shared import files

        dialog = files.file_dialog(
            window,  # type: ignore[arg-type]
            "Save the estimate as PDF",
            str(self.path.parent / "estimate.pdf"),
            "PDF documents (*.pdf)",
        )
        dialog.show()
        yield pause(0.8)  # the folder is listed and its icons looked up meanwhile
        dialog.reject()
        dialog.deleteLater()
        self.figures.dialogs += 1

    def switch_user(self, window: object, username: str) -> Iterator[Condition]:
        from app.ui.main_window import MainWindow

        assert isinstance(window, MainWindow)
        lock = window.session_lock.switch_user()
        QTest.keyClicks(lock.username, username)
        QTest.keyClick(lock.username, Qt.Key.Key_Return)
        QTest.keyClicks(lock.password, self.password)
        QTest.keyClick(lock.password, Qt.Key.Key_Return)
        yield lambda: self.host.window is not window
        yield pause(SETTLE_S)  # not "settled": other processes' changes keep the screens refreshing


def run(path: Path, seconds: float) -> int:
    from app.ui.app import application

    started = time.monotonic()
    figures = Figures()
    app = application()
    sys.excepthook = figures.record_error  # instead of a dialog: counted, and the soak goes on
    count_heard(figures)
    soak = Soak(path, seconds, figures)
    steps = soak.script()
    waiting: list[object] = [lambda: True, time.monotonic()]
    stuck: list[str] = []

    def tick() -> None:
        condition, since = waiting
        if not condition():  # type: ignore[operator]
            if time.monotonic() - since > STEP_TIMEOUT_S:  # type: ignore[operator]
                stuck.append(f"round {figures.rounds}: a step waited {STEP_TIMEOUT_S:.0f} s")
                app.exit(3)
            return
        try:
            waiting[:] = [next(steps), time.monotonic()]
        except StopIteration:
            timer.stop()
            if soak.host.window is not None:
                soak.host.window.close()
            app.exit(0)

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(TICK_MS)
    code = app.exec()
    print(figures.as_json(time.monotonic() - started, "; ".join(stuck)), flush=True)
    return code


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(run(Path(sys.argv[1]), float(sys.argv[2])))
