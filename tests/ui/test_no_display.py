"""With no display, the window is not attempted: one line says why and what to do, and the exit is clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.app import NO_DISPLAY_EXIT, missing_display

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("env", "platform", "refused"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"DISPLAY": ""}, "freebsd14", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_a_window_needs_a_display_on_linux_and_the_bsds(
    env: dict[str, str], platform: str, refused: bool
) -> None:
    assert (missing_display(env, platform) is not None) is refused


def test_started_with_no_display_it_says_so_in_one_line_and_exits_cleanly(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("displays are named by DISPLAY and WAYLAND_DISPLAY on Linux")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["BAYDESK_HOME"] = str(tmp_path / "home")
    run = subprocess.run(
        [sys.executable, "-m", "app", "--demo", str(tmp_path / "demo.sqlite3")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == NO_DISPLAY_EXIT  # not 134: Qt never got to abort
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "QT_QPA_PLATFORM" in lines[0] and "xvfb-run" in lines[0]
    assert not (tmp_path / "demo.sqlite3").exists()  # nothing was made for a window that cannot open
