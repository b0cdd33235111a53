"""Run as a program: a file dialog beside a busy shop file, then another program opens the file.

The sequence that ended in "Fatal Python error: Bus error": this process maps
a WAL index of more than one 32 KiB region; a file dialog lists the folder;
another program checkpoints and truncates the WAL, and a third opens the file
as if it were the first (no lock on the index: the dialog dropped ours),
truncating and rebuilding the index; this process then writes past the
first region of its old mapping. Exit 0 when nothing broke.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.ui.shared import files

FRAMES = 5_000  # more than the 4,096 frames one region of the WAL index holds
OTHER = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]).fetchall(); c.close()"


def fill(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO t VALUES (randomblob(3500))", [()] * FRAMES)
    conn.execute("COMMIT")


def main(folder: Path) -> int:
    path = folder / "shop.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x BLOB)")
    fill(conn)
    app = QApplication.instance() or QApplication([])
    dialog = files.file_dialog(None, "Save the estimate as PDF", str(folder), "PDF documents (*.pdf)")
    dialog.show()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:  # long enough for the listing and its icons
        app.processEvents()
        time.sleep(0.01)
    dialog.close()
    for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "SELECT count(*) FROM t"):
        subprocess.run([sys.executable, "-c", OTHER, str(path), statement], check=True)
    fill(conn)  # with its lock gone, this process no longer owns the index it writes into
    conn.close()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main(Path(sys.argv[1])))
