"""A process that starts as BayDesk (or as a bare Qt window) and says when it is there.

Run by startup.py in fresh processes: ``python -m tests.benchmarks.startup_probe
bare|app DEMO_FILE``. It prints ``shown`` once its first window has been
shown and painted (BayDesk's start window, which is up before the database
code loads), and for the app ``imported`` (the database code loaded),
``opened`` (the demo file opened and checked), ``signed`` (signed in),
``window`` once the main window has been shown
and painted and ``filled`` once the customer list has its rows (always in
that order), then ``rss KB``: the process's peak resident memory so far; then
it exits. The parent times those lines from the moment it
started the process, so interpreter start-up and imports count on both sides
alike.

The app side goes the way ``baydesk --demo FILE`` goes (app.ui.app.launch):
the same imports in the same order, sign-in, window host, show, start.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def say(word: str) -> None:
    print(word, flush=True)


def say_memory() -> None:
    """Peak resident memory in kB (VmHWM: of this program only; ru_maxrss would keep the
    parent's peak across fork and exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                say(f"rss {line.split()[1]}")
                return
    say(f"rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")  # kB elsewhere than Linux


def bare() -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    QCoreApplication.processEvents()
    say("shown")
    say_memory()
    window.close()
    return 0 if app else 1


def bay_desk(demo_file: str) -> int:
    """As ``baydesk --demo FILE`` (app.ui.app.launch): the start window, then the database,
    sign-in and the main window; ``window`` once the main window is shown and painted."""
    from PySide6.QtCore import QCoreApplication, QTimer

    from app.ui.app import application, open_main_window
    from app.ui.start_window import show_start_window

    app = application()
    start = show_start_window()
    say("shown")
    from app.config import load_settings
    from app.ui.startup import ConsolePrompts, SignedIn, open_services, sign_in

    say("imported")
    args = argparse.Namespace(
        database=None, demo=demo_file, user="desk", screenshot=None, view="customers", search=""
    )
    settings = load_settings()
    services = open_services(args, settings, ConsolePrompts())  # as signed_in, with a mark between
    assert services is not None
    say("opened")
    actor = sign_in(services, args, settings, ConsolePrompts())
    assert actor is not None
    session = SignedIn(services, actor, services.setup.shop(actor.shop_id), settings.effective_terminal_name)
    say("signed")
    host = open_main_window(session)
    start.close()
    window = host.window
    assert window is not None
    state = {"window": False, "filled": False}

    def filled(rows: int) -> None:
        if rows and not state["filled"]:
            state["filled"] = True
            if state["window"]:  # else said right after "window"
                say("filled")
                say_memory()
            QTimer.singleShot(0, app.quit)  # rows before app.exec() would lose a direct quit()

    window.customers.results_shown.connect(filled)
    QCoreApplication.processEvents()
    say("window")
    state["window"] = True
    if state["filled"]:
        say("filled")
        say_memory()
    return app.exec()


if __name__ == "__main__":
    mode, demo = sys.argv[1], sys.argv[2]
    sys.exit(bare() if mode == "bare" else bay_desk(demo))
