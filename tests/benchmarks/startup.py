"""Benchmark 3: start-up, each run in a fresh process.

Floor: a bare PySide6 ``QMainWindow`` shown and closed, started the same way.
Measured: BayDesk on an existing demo file (sign-in, migration check, main
window) to the window shown (goal ≤ 2×) and to the customer list filled
(goal ≤ 3×). The two kinds of process take turns.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .timing import Result, Samples, result

ROOT = Path(__file__).resolve().parents[2]


def _timed(mode: str, demo: Path, home: Path) -> dict[str, float]:
    """Milliseconds from starting the process to each line it prints."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BAYDESK_HOME": str(home)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed BayDesk starts from cached bytecode
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.startup_probe", mode, str(demo)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    marks: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        marks[line.strip()] = (time.perf_counter() - started) * 1000
    if proc.wait(timeout=120) != 0 or "shown" not in marks:
        raise RuntimeError(f"start-up probe '{mode}' failed (exit {proc.returncode})")
    return marks


def startup_benchmarks(rounds: int = 7) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="baydesk-startup-") as tmp:
        home, demo = Path(tmp) / "home", Path(tmp) / "demo.sqlite3"
        _timed("app", demo, home)  # makes the demo file and warms the disk cache
        bare: list[float] = []
        shown: list[float] = []
        filled: list[float] = []
        for _ in range(rounds):
            bare.append(_timed("bare", demo, home)["shown"])
            marks = _timed("app", demo, home)
            shown.append(marks["shown"])
            filled.append(marks["filled"])
    return [
        result(
            "start-up: main window shown", "sqlite", Samples(shown, bare), 2.0, note="floor: bare QMainWindow"
        ),
        result(
            "start-up: customer list filled",
            "sqlite",
            Samples(filled, bare),
            3.0,
            note="floor: bare QMainWindow",
        ),
    ]
