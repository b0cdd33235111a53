"""No screen or document formats money, dates or times by hand: they all go through the shop's locale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[3] / "app"
HAND_MADE = {
    "a dollar sign glued to a figure": re.compile(r"\$\{"),
    "two decimals with thousands commas": re.compile(r":,\.2f"),
    "two decimals": re.compile(r":\.2f"),
    "a clock read in this computer's zone": re.compile(r"\.astimezone\(\)"),
    "now in this computer's zone": re.compile(r"datetime\.now\(\)"),
    "today in this computer's zone": re.compile(r"date\.today\(\)"),
    "a month name written by hand": re.compile(r"%b %d|%b} \{|%A, %B"),
}


def _sources(*areas: str) -> list[Path]:
    return sorted(p for area in areas for p in (APP / area).rglob("*.py"))


@pytest.mark.parametrize("area", ["ui", "reports"])
def test_screens_and_documents_write_figures_dates_and_times_the_shops_way(area: str) -> None:
    found = [
        f"{path.relative_to(APP)}:{number}: {what}"
        for path in _sources(area)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for what, pattern in HAND_MADE.items()
        if pattern.search(line)
    ]
    assert found == []


def test_the_check_would_see_a_hand_made_amount() -> None:
    assert HAND_MADE["two decimals with thousands commas"].search('text = f"{amount:,.2f}"')
    assert HAND_MADE["a dollar sign glued to a figure"].search('f"${amount}"')
