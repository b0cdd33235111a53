"""The shop's date and time patterns in the language Qt's date and time edits read.

A date edit shows what the shop writes on paper: the CLDR pattern Babel has
for the locale ('MMM d, y', 'dd.MM.y', 'd MMM y'), each field spelled the way
Qt spells it ('MMM d, yyyy', 'dd.MM.yyyy'). Plain text: no Qt is imported here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_date_format, get_datetime_format, get_time_format

# One run of a CLDR field letter, or a quoted literal ('' is a quote itself), or any other character.
_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|.", re.DOTALL)
_SPACES = {"\u202f": " ", "\u00a0": " "}  # Qt's edits take a plain space as readily; people type one


def _field(run: str) -> str:
    """One CLDR field ('y', 'EEEE', 'a') as Qt writes it; '' for a field Qt's edits do not show."""
    letter, width = run[0], len(run)
    if letter in "yuU":  # the year: 'yy' is two digits, every other width the full year
        return "yy" if width == 2 else "yyyy"
    if letter in "ML":  # month, in a date or standing alone
        return "M" * min(width, 4)
    if letter == "d":
        return "d" * min(width, 2)
    if letter in "Eec":  # weekday: 'Wed' or 'Wednesday' (a numeric 'e' becomes the name too)
        return "dddd" if width == 4 else "ddd"
    if letter in "hH":
        return letter * min(width, 2)
    if letter == "K":  # 0-11 has no Qt spelling; 1-12 reads the same to a person
        return "h" * min(width, 2)
    if letter == "k":  # 1-24 likewise as 0-23
        return "H" * min(width, 2)
    if letter in "ms":
        return letter * min(width, 2)
    if letter in "abB":  # AM/PM, and day periods Qt lacks
        return "AP"
    return ""  # era, zone, quarter, week: not in a date edit


def qt_display_format(cldr: str) -> str:
    """A CLDR pattern as a Qt display format: 'MMM d, y' -> 'MMM d, yyyy', 'h:mm a' -> 'h:mm AP'."""
    parts: list[str] = []
    for match in _TOKEN.finditer(cldr):
        token = match.group(0)
        if match.group(1):
            parts.append(_field(token))
        elif token.startswith("'"):
            parts.append(token)  # Qt quotes literals the same way
        else:
            parts.append(_SPACES.get(token, token))
    return "".join(parts).strip()


@lru_cache(maxsize=64)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en_US")


@lru_cache(maxsize=64)
def date_format(locale: str, weekday: bool = False) -> str:
    """'MMM d, yyyy', 'dd.MM.yyyy'; with its weekday 'ddd, MMM d, yyyy', 'ddd, d. MMM yyyy'."""
    loc = _locale(locale)
    cldr = loc.datetime_skeletons["yMMMEd"].pattern if weekday else get_date_format("medium", loc).pattern
    return qt_display_format(cldr)


@lru_cache(maxsize=64)
def time_format(locale: str) -> str:
    """'h:mm AP', 'HH:mm': the shop's clock in a time edit."""
    return qt_display_format(get_time_format("short", _locale(locale)).pattern)


@lru_cache(maxsize=64)
def datetime_format(locale: str, weekday: bool = False) -> str:
    """'MMM d, yyyy, h:mm AP', 'dd.MM.yyyy, HH:mm': a day and its clock together."""
    joined = str(get_datetime_format("medium", _locale(locale)))
    return joined.replace("{1}", date_format(locale, weekday)).replace("{0}", time_format(locale))
