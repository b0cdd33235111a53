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
    "a date edit's format written by hand": re.compile(r"setDisplayFormat\(\s*[rfb]?[\"']"),
    "a strftime month name": re.compile(r"%b"),
    "a strftime clock": re.compile(r"%H:%M|%I:%M"),
    "a weekday or month named in English by an f-string": re.compile(r"\{[^{}]*:[^{}]*%[aAB][^{}]*\}"),
}
# Patterns that read dates as other systems write them, or write data (not words) for them.
NOT_WORDS = {
    "domain/readings.py": "the date formats scan tools and telematics feeds write, to read them",
    "services/day/exports.py": "ISO timestamps in a CSV for the accountant's software",
}
# Dates and clocks are checked in the services' and the domain's messages too (money there is not yet).
DATES = frozenset(
    {
        "a clock read in this computer's zone",
        "a month name written by hand",
        "a date edit's format written by hand",
        "a strftime month name",
        "a strftime clock",
        "a weekday or month named in English by an f-string",
    }
)
WORDS_AREAS = ("ui", "reports", "services", "domain")


def _sources(*areas: str) -> list[Path]:
    return sorted(p for area in areas for p in (APP / area).rglob("*.py"))


@pytest.mark.parametrize("area", WORDS_AREAS)
def test_screens_and_documents_write_figures_dates_and_times_the_shops_way(area: str) -> None:
    found = [
        f"{path.relative_to(APP)}:{number}: {what}"
        for path in _sources(area)
        if path.relative_to(APP).as_posix() not in NOT_WORDS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for what, pattern in HAND_MADE.items()
        if (area in ("ui", "reports") or what in DATES) and pattern.search(line)
    ]
    assert found == []


def test_the_check_would_see_a_hand_made_amount() -> None:
    assert HAND_MADE["two decimals with thousands commas"].search('text = f"{amount:,.2f}"')
    assert HAND_MADE["a dollar sign glued to a figure"].search('f"${amount}"')


@pytest.mark.parametrize(
    "line",
    [
        'edit.setDisplayFormat("MMM d, yyyy")',
        "self.time_edit.setDisplayFormat('HH:mm')",
        'raise StaleEditError(what, who, when.strftime("%H:%M on %b %d"))',
        'f"{rule.updated_at:%H:%M}"',
        'moment.strftime("%I:%M %p")',
        'f"Promised {promised:%a} {clock(promised)}"',
        'title = f"{day:%A}, {day:%B} {day.day}, {day.year}"',
    ],
)
def test_the_check_would_see_a_hand_made_date(line: str) -> None:
    assert any(pattern.search(line) for pattern in HAND_MADE.values())


@pytest.mark.parametrize(
    "line",
    [
        "edit.setDisplayFormat(qt_date_format())",
        "self.promised.setDisplayFormat(qt_datetime_format(weekday=True))",
        "raise StaleEditError(what, who, shop.date_time(row.updated_at))",
    ],
)
def test_the_check_lets_the_shops_way_through(line: str) -> None:
    assert not any(pattern.search(line) for pattern in HAND_MADE.values())


def test_every_exempt_file_still_exists() -> None:
    """An exemption outliving its file would quietly cover a new one of that name."""
    assert all((APP / name).is_file() for name in NOT_WORDS)
