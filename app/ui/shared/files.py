"""File dialogs that list a folder without reading the files in it.

SQLite guards a shop file with POSIX advisory locks, and POSIX drops *all* of
a process's locks on a file as soon as the process closes *any* descriptor of
that file. Qt's own file dialog (and the GTK one some desktops lend Qt) opens
every file whose name it cannot place, to guess its type from its first bytes:
``shop.sqlite3-shm`` and ``shop.sqlite3-wal`` among them. Showing the folder
that holds the shop file was enough to drop BayDesk's lock on the shared WAL
index; the next program to open the file then took itself for the first
user, truncated the index and rebuilt it, and BayDesk, still mapping the old
index, died with SIGBUS.

These dialogs are Qt's widget dialog with an icon provider that judges files
by name only, so nothing in the process ever opens the shop's files except
SQLite. The signatures are those of ``QFileDialog.getSaveFileName`` and
``getOpenFileName``. Windows locks by handle, so its native dialog stays.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtWidgets import QDialog, QFileDialog, QFileIconProvider, QWidget

_NAMES = QMimeDatabase.MatchMode.MatchExtension


class NameOnlyIcons(QFileIconProvider):
    """Icons and type names from a file's name; the file itself is never opened."""

    def __init__(self) -> None:
        super().__init__()
        self._mime = QMimeDatabase()

    def icon(self, what: Any) -> Any:  # Qt overloads: icon(IconType) and icon(QFileInfo)
        if not isinstance(what, QFileInfo):
            return super().icon(what)
        kind = QFileIconProvider.IconType.Folder if what.isDir() else QFileIconProvider.IconType.File
        return super().icon(kind)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        return self._mime.mimeTypeForFile(info.fileName(), _NAMES).comment()


class FileDialog(QFileDialog):
    """Qt's dialog, judging files by name (except on Windows, where the system's is kept)."""

    def __init__(self, parent: QWidget | None, caption: str, directory: str, filters: str) -> None:
        super().__init__(parent, caption, directory, filters)
        self.icons: NameOnlyIcons | None = None  # the dialog does not own its provider: keep it here
        if os.name != "nt":
            self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
            self.icons = NameOnlyIcons()
            self.setIconProvider(self.icons)


def file_dialog(parent: QWidget | None, caption: str, directory: str, filters: str) -> FileDialog:
    """The dialog itself (tests show it without blocking); ``exec()`` it to ask."""
    return FileDialog(parent, caption, directory, filters)


def get_save_file_name(
    parent: QWidget | None = None, caption: str = "", directory: str = "", filters: str = ""
) -> tuple[str, str]:
    """(path, chosen filter) of the file to write; ("", "") when the person cancels."""
    dialog = file_dialog(parent, caption, directory, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    return _ask(dialog)


def get_open_file_name(
    parent: QWidget | None = None, caption: str = "", directory: str = "", filters: str = ""
) -> tuple[str, str]:
    """(path, chosen filter) of an existing file to read; ("", "") when the person cancels."""
    dialog = file_dialog(parent, caption, directory, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _ask(dialog)


def get_existing_directory(parent: QWidget | None = None, caption: str = "", directory: str = "") -> str:
    """A folder to read from or watch; "" when the person cancels."""
    dialog = file_dialog(parent, caption, directory, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _ask(dialog)[0]


def _ask(dialog: QFileDialog) -> tuple[str, str]:
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return "", ""
        return dialog.selectedFiles()[0], dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()
