"""The script PyInstaller freezes: the same ``main`` the ``baydesk`` command runs."""

from __future__ import annotations

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    # A frozen program that ever starts a worker process on Windows or macOS
    # would otherwise start a second BayDesk instead of the worker.
    multiprocessing.freeze_support()
    sys.exit(main())
