"""Window size, position and splitter positions, remembered between runs.

Kept apart from user settings (app/config.py) on purpose: losing this file
costs nothing but a window's size. It lives in BayDesk's config directory so
``BAYDESK_HOME`` (tests, portable installs) keeps it there too.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from app.config import config_dir

FIRST_SIZE = (1280, 800)  # a window's size on first start, when the screen is at least that big


def window_settings() -> QSettings:
    path = config_dir() / "window-state.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def first_size(widget: QWidget) -> None:
    """The first-start size, shrunk to the screen's free area: on a 1366x768 laptop the window
    fits, status bar included, before any window manager steps in."""
    width, height = FIRST_SIZE
    screen = widget.screen()
    if screen is not None:
        free = screen.availableGeometry()
        width, height = min(width, free.width()), min(height, free.height())
    widget.resize(width, height)


class PreserveGeometry:
    """Mixin for a top-level widget: ``restore_geometry()`` once built, ``save_geometry()`` on close.

    Subclasses name themselves with ``geometry_key`` and list their splitters
    in ``remembered_splitters()`` (those that exist so far; a part built later
    restores its own with ``restore_splitters``).
    """

    geometry_key = ""

    def remembered_splitters(self) -> dict[str, QSplitter]:
        return {}

    def restore_geometry(self) -> None:
        widget = self._widget()
        store = window_settings()
        geometry = store.value(f"{self.geometry_key}/geometry")
        if isinstance(geometry, QByteArray):
            widget.restoreGeometry(geometry)
        state = store.value(f"{self.geometry_key}/state")
        if isinstance(widget, QMainWindow) and isinstance(state, QByteArray):
            widget.restoreState(state)
        self.restore_splitters(self.remembered_splitters(), store)

    def restore_splitters(self, splitters: dict[str, QSplitter], store: QSettings | None = None) -> None:
        """Put ``splitters`` where they were left (also for a part of the window built later)."""
        store = store or window_settings()
        for name, splitter in splitters.items():
            saved = store.value(f"{self.geometry_key}/splitter-{name}")
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)

    def save_geometry(self) -> None:
        widget = self._widget()
        store = window_settings()
        store.setValue(f"{self.geometry_key}/geometry", widget.saveGeometry())
        if isinstance(widget, QMainWindow):
            store.setValue(f"{self.geometry_key}/state", widget.saveState())
        for name, splitter in self.remembered_splitters().items():
            store.setValue(f"{self.geometry_key}/splitter-{name}", splitter.saveState())
        store.sync()

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget), "PreserveGeometry is mixed into widgets only"
        assert self.geometry_key, "set geometry_key on the class"
        return self
