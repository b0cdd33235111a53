"""A process that starts as BayDesk (or as a bare Qt window) and says when it is there.

Run by startup.py in fresh processes: ``python -m tests.benchmarks.startup_probe
bare|app DEMO_FILE``. It prints ``shown`` once the main window has been shown
and painted, and (app only) ``filled`` once the customer list has its rows,
then exits. The parent times those lines from the moment it started the
process, so interpreter start-up and imports count on both sides alike.
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def say(word: str) -> None:
    print(word, flush=True)


def bare() -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    QCoreApplication.processEvents()
    say("shown")
    window.close()
    return 0 if app else 1


def bay_desk(demo_file: str) -> int:
    from PySide6.QtCore import QCoreApplication, QTimer

    from app.config import load_settings
    from app.demo.shop import DEMO_PASSWORD
    from app.ui.app import application
    from app.ui.main_window import MainWindow
    from app.ui.startup import ConsolePrompts, signed_in

    os.environ.setdefault("BAYDESK_PASSWORD", DEMO_PASSWORD)
    app = application()
    args = argparse.Namespace(
        database=None, demo=demo_file, user="desk", screenshot=None, view="customers", search=""
    )
    session = signed_in(args, load_settings(), ConsolePrompts())
    if session is None:
        return 2
    window = MainWindow(session.services, session.actor, session.shop, session.terminal_name)
    # The rows may arrive before app.exec() runs, where app.quit() would be lost: quit from the loop.
    window.customers.results_shown.connect(
        lambda rows: (say("filled"), QTimer.singleShot(0, app.quit)) if rows else None
    )
    window.show()
    window.start()
    QCoreApplication.processEvents()
    say("shown")
    return app.exec()


if __name__ == "__main__":
    mode, demo = sys.argv[1], sys.argv[2]
    sys.exit(bare() if mode == "bare" else bay_desk(demo))
