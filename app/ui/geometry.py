"""Window size, position and splitter positions, remembered between runs.

Kept apart from user settings (app/config.py) on purpose: losing this file
costs nothing but a window's size. It lives in BayDesk's config directory so
``BAYDESK_HOME`` (tests, portable installs) keeps it there too.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from app.config import config_dir


def window_settings() -> QSettings:
    path = config_dir() / "window-state.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


class PreserveGeometry:
    """Mixin for a top-level widget: ``restore_geometry()`` once built, ``save_geometry()`` on close.

    Subclasses name themselves with ``geometry_key`` and list their splitters
    in ``remembered_splitters()``.
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
        for name, splitter in self.remembered_splitters().items():
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
