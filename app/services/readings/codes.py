"""Descriptions of diagnostic trouble codes, from the table shipped in resources/dtc/.

The table (resources/dtc/generic_codes.csv, its source and limits in the
README beside it) holds common generic codes; any other code is described by
what its shape says (app/domain/readings.py).
"""

from __future__ import annotations

import csv
import sys
from functools import cache
from pathlib import Path

from app.domain.readings import structural_description

TABLE = Path("dtc") / "generic_codes.csv"


def resources_dir() -> Path:
    """``resources/`` in the source tree, or inside a frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) / "resources" if bundle else Path(__file__).resolve().parents[3] / "resources"


@cache
def generic_codes() -> dict[str, str]:
    """Code -> standard description; empty if the table is missing (descriptions fall back)."""
    path = resources_dir() / TABLE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {row["code"].strip().upper(): row["description"].strip() for row in csv.DictReader(lines)}


def describe(code: str) -> str:
    """'Cylinder 1 Misfire Detected' for P0301; what the shape says for a code not in the table."""
    return generic_codes().get(code.upper()) or structural_description(code.upper())
