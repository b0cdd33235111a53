"""BayDesk's file dialogs leave SQLite its locks on the shop file they may be shown beside.

POSIX drops all of a process's locks on a file when the process closes any
descriptor of it; a dialog that opens ``shop.sqlite3-shm`` to guess its type
takes BayDesk's lock on the shared WAL index with it (app/ui/shared/files.py).
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QFileSystemModel
from pytestqt.qtbot import QtBot

from app.ui.shared import files
from tests.locks import locked_files, needs_proc_locks


@needs_proc_locks
@pytest.mark.parametrize("mode", ["save", "open"])
def test_a_file_dialog_in_the_shop_files_folder_leaves_sqlite_its_locks(
    qtbot: QtBot, tmp_path: Path, mode: str
) -> None:
    shop = sqlite3.connect(tmp_path / "shop.sqlite3", isolation_level=None)
    shop.execute("PRAGMA journal_mode = WAL")
    shop.execute("CREATE TABLE t (x)")
    shop.execute("INSERT INTO t VALUES (1)")  # an idle connection, as between two polls
    held = locked_files(tmp_path)
    assert {"shop.sqlite3", "shop.sqlite3-shm"} <= held

    dialog = files.file_dialog(None, "Save the estimate as PDF", str(tmp_path), "PDF documents (*.pdf)")
    if mode == "open":
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    qtbot.addWidget(dialog)
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    with qtbot.waitSignal(model.directoryLoaded, timeout=5_000):
        dialog.show()
    qtbot.wait(1_000)  # the icons and types of what is listed are looked up as it is drawn
    dialog.reject()

    assert locked_files(tmp_path) == held
    shop.close()


@pytest.mark.skipif(os.name == "nt", reason="Windows locks files by handle; its own dialog is kept")
def test_another_program_opening_the_shop_file_after_a_dialog_does_not_crash_us(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.shared.wal_index_truncation", str(tmp_path)],
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, f"exit {run.returncode} (-7 is SIGBUS): {run.stderr[-2000:]}"


def test_every_file_dialog_of_the_app_goes_through_the_name_only_dialogs() -> None:
    """A screen that called QFileDialog's own functions would bring the lost lock, and the crash, back."""
    ui = Path(__file__).resolve().parents[3] / "app" / "ui"
    direct = re.compile(r"QFileDialog\.get|QFileDialog\(")
    offenders = [
        f"{path.relative_to(ui)}:{number}"
        for path in sorted(ui.rglob("*.py"))
        if path.name != "files.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if direct.search(line)
    ]
    assert offenders == []
