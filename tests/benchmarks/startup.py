"""Benchmark 3: start-up, each run in a fresh process.

Floor: a bare PySide6 ``QMainWindow`` shown (1280×800) and closed, started
the same way (a fresh interpreter, then PySide6 imported). Measured: BayDesk
on an existing demo file to its first window shown (the start window, up
before the database code loads; goal ≤ 3×), to the main window shown
(imports, sign-in, migration check, main window; same goal, the figure a
person waits for), then to the customer list filled (goal ≤ 4×, timed from
the same start and always reported after the window was shown), and its peak
memory by then (goal < 130 MB; the bare window's is printed beside it). The two kinds of process take turns.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .timing import Result, Samples, result

ROOT = Path(__file__).resolve().parents[2]
SHOWN_GOAL = 3.0
FILLED_GOAL = 4.0
MEMORY_GOAL_MB = 130.0
FLOOR_NOTE = "floor: a bare QMainWindow shown in a fresh Python process"


# what the time to the main window is made of: (phase, from mark, to mark); 0 is the process start
PHASES = (
    ("start window", "", "shown"),
    ("database code imported", "shown", "imported"),
    ("demo file opened", "imported", "opened"),
    ("signed in", "opened", "signed"),
    ("main window built and painted", "signed", "window"),
)


def phase_note(phases: dict[str, list[float]]) -> str:
    """``median ms per phase: start window 205, ...`` (medians of each phase on its own)."""
    return "median ms per phase: " + ", ".join(
        f"{phase} {statistics.median(times):.0f}" for phase, times in phases.items() if times
    )


def _timed(mode: str, demo: Path, home: Path) -> dict[str, float]:
    """Milliseconds from starting the process to each line it prints (``rss KB``: the value)."""
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
        word, _, value = line.strip().partition(" ")
        marks[word] = float(value) if value else (time.perf_counter() - started) * 1000
    if proc.wait(timeout=120) != 0 or "shown" not in marks:
        raise RuntimeError(f"start-up probe '{mode}' failed (exit {proc.returncode})")
    return marks


def make_demo(path: Path, size: str) -> None:
    """A demo shop file of ``size`` for the probes to open (as ``baydesk --demo FILE`` would)."""
    from app.bootstrap import demo_database

    opened, _ = demo_database(path, size)
    opened.services.db.dispose()


def startup_benchmarks(rounds: int = 7, size: str = "small", demo: Path | None = None) -> list[Result]:
    """``demo``: an existing demo file to start on (the runner's large one); else one of ``size``."""
    with tempfile.TemporaryDirectory(prefix="baydesk-startup-") as tmp:
        home = Path(tmp) / "home"
        if demo is None:
            demo = Path(tmp) / "demo.sqlite3"
            print(f"[start-up] making the {size} demo shop ...", file=sys.stderr, flush=True)
            make_demo(demo, size)
        _timed("app", demo, home)  # warms the disk cache and the bytecode
        bare: list[float] = []
        shown: list[float] = []
        window: list[float] = []
        filled: list[float] = []
        phases: dict[str, list[float]] = {}
        memory = Samples()
        for _ in range(rounds):
            floor = _timed("bare", demo, home)
            marks = _timed("app", demo, home)
            bare.append(floor["shown"])
            shown.append(marks["shown"])
            window.append(marks["window"])
            filled.append(marks["filled"])
            for phase, began, ended in PHASES:
                phases.setdefault(phase, []).append(marks[ended] - marks.get(began, 0.0))
            memory.floor.append(floor["rss"] / 1024)
            memory.measured.append(marks["rss"] / 1024)
    return [
        result("start-up: first window shown", "sqlite", Samples(shown, bare), SHOWN_GOAL, note=FLOOR_NOTE),
        result(
            "start-up: main window shown",
            "sqlite",
            Samples(window, bare),
            SHOWN_GOAL,
            note=f"{FLOOR_NOTE}; {phase_note(phases)}",
        ),
        result(
            "start-up: customer list filled (after shown)",
            "sqlite",
            Samples(filled, bare),
            FILLED_GOAL,
            note=FLOOR_NOTE,
        ),
        result(
            "start-up: peak memory, list filled",
            "sqlite",
            memory,
            float("inf"),
            goal_ms=MEMORY_GOAL_MB,
            note="MB, not ms; floor: the bare QMainWindow's peak",
            unit="MB",
        ),
    ]
