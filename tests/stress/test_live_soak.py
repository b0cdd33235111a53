"""The window on a busy shop file: other processes write, read, back up and checkpoint it while
BayDesk sells at the parts counter, shows a file dialog beside the file and switches user, round
after round. No crash, no error dialog, no screen left behind.

One minute by default; ``--stress-long`` runs ten. The figures are printed (``pytest -s``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.bootstrap import demo_database

pytestmark = pytest.mark.stress
ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = ("writer", "reader", "backup", "checkpoint")


def start(module: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def last_json(output: str) -> dict[str, object]:
    lines = [line for line in output.splitlines() if line.startswith("{")]
    assert lines, f"no figures in: {output[-2000:]}"
    return dict(json.loads(lines[-1]))


def test_the_window_survives_other_processes_and_switch_user(tmp_path: Path, stress_long: bool) -> None:
    seconds = 600.0 if stress_long else 50.0
    shop = tmp_path / "shop" / "shop.sqlite3"
    opened, _demo = demo_database(shop)
    opened.services.db.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BAYDESK_HOME": str(tmp_path / "home")}

    app = start("tests.stress.soak_app", str(shop), str(seconds), env=env)
    others = {
        kind: start("tests.stress.soak_outside", kind, str(shop), str(seconds), env=env) for kind in OUTSIDE
    }
    out, err = app.communicate(timeout=seconds + 240)
    done = {}
    for kind, process in others.items():
        other_out, other_err = process.communicate(timeout=120)
        assert process.returncode == 0, f"the {kind} failed: {other_err[-2000:]}"
        done[kind] = last_json(other_out)["done"]

    figures = last_json(out) if app.returncode in (0, 3) else {}
    print("\nsoak:", json.dumps({**figures, "outside": done}))
    assert app.returncode == 0, f"exit {app.returncode} (-7: SIGBUS, -6: abort): {figures} {err[-3000:]}"
    assert figures["errors"] == []
    assert figures["stuck"] == ""
    rounds = int(figures["rounds"])  # type: ignore[call-overload]
    assert rounds >= 5 and figures["sales"] == rounds
    assert int(figures["heard"]) > 0  # type: ignore[call-overload]
    for person, counts in dict(figures["screens"]).items():  # type: ignore[call-overload]
        assert len(set(counts)) == 1, f"{person}'s windows left screens behind: {counts}"
