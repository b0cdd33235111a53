"""The window a person sees at once, while the database opens and they sign in.

Starting BayDesk loads the database stack, checks the schema and signs in
before the main window can be built; that takes a second or more on a slow
machine. This window shows within a fraction of that, where the main window
will appear (its remembered size and place), and says what is happening. It
needs nothing but Qt, so it is on screen before the database code is loaded;
it closes once the main window is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from app.ui.geometry import first_size, window_settings
from app.ui.resources import app_icon

OPENING = "Opening the database…"


class StartWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("start_window")
        self.setWindowTitle("BayDesk")
        self.setWindowIcon(app_icon())
        self.message = QLabel(OPENING)
        self.message.setObjectName("start_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.message)
        first_size(self)  # the main window's first size
        geometry = window_settings().value("main_window/geometry")  # then where the person left it
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def say(self, text: str) -> None:
        self.message.setText(text)
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def show_start_window() -> StartWindow:
    """Shown and painted before the caller goes on to load the rest."""
    window = StartWindow()
    window.show()
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    return window
