"""Date and time edits show the day and the clock the way the shop's country writes them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from app.domain.locale import COMMON_LOCALES, ShopLocale
from app.domain.qt_patterns import qt_display_format

DAY = QDate(2026, 3, 4)
CLOCK = QTime(14, 30)


def _shown(fmt: str, locale: str) -> str:
    """What a date-time edit set to this format shows for Wednesday 4 March 2026, 14:30."""
    return QLocale(locale).toString(QDateTime(DAY, CLOCK), fmt)


@pytest.mark.parametrize(
    ("locale", "day", "clock", "both", "with_weekday"),
    [
        ("en_US", "Mar 4, 2026", "2:30 PM", "Mar 4, 2026, 2:30 PM", "Wed, Mar 4, 2026"),
        ("de_DE", "04.03.2026", "14:30", "04.03.2026, 14:30", "Mi., 4. März 2026"),
        ("fr_FR", "4 mars 2026", "14:30", "4 mars 2026, 14:30", "mer. 4 mars 2026"),
    ],
)
def test_a_date_edit_shows_what_the_shop_writes(
    locale: str, day: str, clock: str, both: str, with_weekday: str
) -> None:
    shop = ShopLocale(locale)
    assert _shown(shop.qt_date_format(), locale) == day
    assert _shown(shop.qt_time_format(), locale) == clock
    assert _shown(shop.qt_datetime_format(), locale) == both
    assert _shown(shop.qt_date_format(weekday=True), locale) == with_weekday


@pytest.mark.parametrize("locale", ["en_US", "de_DE", "fr_FR"])
def test_the_edit_and_the_printed_text_agree(locale: str) -> None:
    """The day a screen prints (Babel) is the day its date edit shows (Qt), letter for letter."""
    shop = ShopLocale(locale)
    assert _shown(shop.qt_date_format(), locale) == shop.day(date(2026, 3, 4))
    assert _shown(shop.qt_time_format(), locale) == shop.wall_clock(datetime(2026, 3, 4, 14, 30))


@pytest.mark.parametrize(
    ("cldr", "qt"),
    [
        ("MMM d, y", "MMM d, yyyy"),
        ("dd.MM.yy", "dd.MM.yy"),
        ("h:mm\u202fa", "h:mm AP"),
        ("HH 'h' mm", "HH 'h' mm"),  # a quoted literal stays quoted: Qt reads quotes the same way
        ("EEEE d MMMM y G", "dddd d MMMM yyyy"),  # the era has no place in a date edit
        ("y年M月d日", "yyyy年M月d日"),
        ("LLL y", "MMM yyyy"),
    ],
)
def test_cldr_fields_become_qt_fields(cldr: str, qt: str) -> None:
    assert qt_display_format(cldr) == qt


@pytest.mark.parametrize("locale", COMMON_LOCALES)
def test_every_offered_locale_shows_the_year_in_full(locale: str) -> None:
    """A two-digit year is a guess at the century; every shop's date edit shows all four digits,
    and reads back the day it shows (a date edit that cannot read its own text refuses every edit)."""
    fmt = ShopLocale(locale).qt_date_format()
    shown = _shown(fmt, locale)
    assert "2026" in shown
    assert QLocale(locale).toDate(shown, fmt) == DAY
