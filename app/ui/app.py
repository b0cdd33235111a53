"""``run_gui``: the desktop application, from the command line's arguments to the event loop.

Only Qt and the light parts of BayDesk load before the start window is on
screen; the database stack, the services and the main window's areas load
after it (app/ui/start_window.py), each area when first opened.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication

from app.config import data_dir, load_settings
from app.domain.errors import BayDeskError
from app.ui import keyboard
from app.ui.collector import collect_on_gui_thread, keep_start_up_objects
from app.ui.errors import error_message, install_excepthook
from app.ui.geometry import FIRST_SIZE
from app.ui.resources import app_icon, style_sheet
from app.ui.start_window import StartWindow, show_start_window
from app.ui.theme import ThemeKeeper

if TYPE_CHECKING:
    from app.ui.access.session import WindowHost
    from app.ui.main_window import MainWindow
    from app.ui.startup import Prompts, SignedIn

SETTLE_TIMEOUT_S = 15.0
log = logging.getLogger("baydesk.ui")


NO_DISPLAY_EXIT = 3


def run_gui(args: argparse.Namespace) -> int:
    """Start the window; the process's exit code (2: the database or sign-in failed, 3: no display)."""
    problem = missing_display(os.environ, sys.platform)
    if problem and getattr(args, "screenshot", None):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a PNG needs no screen
    elif problem:
        print(problem, file=sys.stderr)  # before Qt, which would abort with a misleading message
        return NO_DISPLAY_EXIT
    app = application(getattr(args, "theme", "system") or "system")
    _log_to_file()
    install_excepthook()
    return launch(args, app)


def missing_display(env: Mapping[str, str], platform: str) -> str | None:
    """One line for a person when a window cannot be opened here, else None.

    On Linux and the BSDs a window needs an X display (DISPLAY) or a Wayland
    one (WAYLAND_DISPLAY), unless QT_QPA_PLATFORM names another way (offscreen,
    vnc...). Without any, Qt aborts (exit 134) naming a library that is not the
    problem; this says what is.
    """
    if platform.startswith(("win", "darwin", "cygwin")):
        return None
    if any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return (
        "baydesk: there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set): "
        "start it from a desktop session, or under Xvfb (xvfb-run baydesk ...), "
        "or set QT_QPA_PLATFORM=offscreen to run without a window."
    )


def application(scheme: str = "system") -> QApplication:
    """The QApplication, named and styled in the desktop's colours or the ``scheme`` asked for
    (an existing one is reused: tests, embedding)."""
    QCoreApplication.setApplicationName("BayDesk")
    QCoreApplication.setOrganizationName("BayDesk")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("BayDesk")
    app.setDesktopFileName("baydesk")  # Wayland task bars match the menu entry and its icon
    collect_on_gui_thread(app)  # never let a pool thread destroy Qt objects
    keyboard.install(app)  # Tab leaves date and time fields, as it leaves every other
    app.setWindowIcon(app_icon())
    ThemeKeeper(app, style_sheet(), scheme)
    return app


def launch(args: argparse.Namespace, app: QApplication, prompts: Prompts | None = None) -> int:
    """Open the database, sign in, show the window (or render it to ``--screenshot``).

    A window is on screen first (the start window), then the database stack loads.
    """
    screenshot = getattr(args, "screenshot", None)
    start = None if screenshot else show_start_window()
    from app.ui.main_window import MainWindow, area_names
    from app.ui.startup import ConsolePrompts, DialogPrompts, signed_in

    prompts = prompts or (ConsolePrompts() if screenshot else DialogPrompts())
    if screenshot and args.view not in area_names():
        prompts.fatal(f"There is no view '{args.view}'; views: {', '.join(area_names())}.")
        return 2
    try:
        session = signed_in(args, load_settings(), prompts)
    except BayDeskError as exc:
        prompts.fatal(error_message(exc))
        _close(start)
        return 2
    if session is None:
        _close(start)
        return 1  # the person cancelled a start-up dialog
    if screenshot:
        window = MainWindow(session.services, session.actor, session.shop, session.terminal_name)
        return render_screenshot(window, args, screenshot)
    open_main_window(session)
    _close(start)
    return app.exec()


def open_main_window(session: SignedIn) -> WindowHost:
    """The main window shown for the person signed in (the host rebuilds it at "Switch user")."""
    from app.ui.access.session import WindowHost

    keep_start_up_objects()  # the main window's code is loaded: what is made from here on is its own
    host = WindowHost(session.services, session.shop, session.terminal_name)
    host.setParent(QApplication.instance())  # kept while the application runs
    host.open(session.actor)
    return host


def _close(start: StartWindow | None) -> None:
    """The start window goes once the main window is up, or start-up ended without one."""
    if start is not None:
        start.close()
        start.deleteLater()


def render_screenshot(window: MainWindow, args: argparse.Namespace, path: str) -> int:
    """Render the window as a person would see it once the search has answered.

    With ``--size WxH`` the picture is exactly that many pixels (at 150 % scaling
    the window is 2/3 of that in Qt's units, as on such a screen); an area whose
    controls need more room than that makes the window grow, which is reported
    (exit code 3) rather than hidden.
    """
    size: tuple[int, int] | None = getattr(args, "size", None)
    window.show_area(args.view)
    window.show()
    ratio = window.devicePixelRatioF()
    wanted = (round(size[0] / ratio), round(size[1] / ratio)) if size else FIRST_SIZE  # no screen to fit
    window.resize(*wanted)
    window.customers.start(select_first=not args.search)  # with a search, its best match is shown
    if args.search:
        window.customers.set_search_text(args.search)
    settled = settle(window)
    grew = window.width() > wanted[0] or window.height() > wanted[1]
    saved = window.grab().save(path)
    window.close()
    if grew:
        print(
            f"baydesk: the {args.view} area needs {window.width()}x{window.height()}; "
            f"it does not fit {wanted[0]}x{wanted[1]}",
            file=sys.stderr,
        )
        return 3
    if not settled:
        log.warning(
            "the window was still busy after %.0f s; the screenshot may be incomplete", SETTLE_TIMEOUT_S
        )
    if not saved:
        print(f"baydesk: could not write the screenshot to {path}", file=sys.stderr)
        return 2
    return 0


def settle(window: MainWindow, timeout_s: float = SETTLE_TIMEOUT_S) -> bool:
    """Run the event loop until searches and loads have answered three checks in a row."""
    deadline = time.monotonic() + timeout_s
    quiet = 0
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        quiet = quiet + 1 if window.is_settled() else 0
        if quiet >= 3:
            return True
        time.sleep(0.02)
    return False


def _log_to_file() -> None:
    """Tracebacks of unexpected errors go to ``baydesk.log`` in the data directory."""
    path = data_dir() / "baydesk.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("baydesk").addHandler(handler)
