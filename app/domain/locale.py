"""How the shop writes money, numbers, dates and times, on Babel's copy of the CLDR data.

One module for every screen and every document: "1.234,50 €" in a German
shop, "$1,234.50" in an American one, "₹1,50,000.00" in an Indian one, and
the date and the clock as that country writes them, on the shop's own time
zone. Money typed in is read with the same rules, strictly: "12,50" is 12.50
where the comma is the decimal mark and refused where it groups thousands,
never guessed (a silently wrong amount is worse than a question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as wall_time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.dates import format_interval, format_skeleton, get_datetime_format
from babel.dates import format_time as babel_time
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    get_territory_currencies,
    parse_decimal,
    parse_pattern,
)

from app.domain import qt_patterns
from app.domain.errors import ValidationError

DEFAULT_LOCALE = "en_US"
PAPER_SIZES = {"letter": "Letter (8.5 × 11 in)", "a4": "A4 (210 × 297 mm)"}
LETTER_COUNTRIES = frozenset({"US", "CA", "MX"})  # where Letter is the paper on sale; A4 elsewhere

# The countries a shop is offered first (any locale Babel knows is accepted).
COMMON_LOCALES = (
    "en_US",
    "en_CA",
    "fr_CA",
    "es_MX",
    "en_GB",
    "en_IE",
    "en_AU",
    "en_NZ",
    "en_IN",
    "en_ZA",
    "de_DE",
    "de_AT",
    "de_CH",
    "fr_FR",
    "fr_BE",
    "fr_CH",
    "nl_NL",
    "nl_BE",
    "it_IT",
    "es_ES",
    "pt_PT",
    "sv_SE",
    "da_DK",
    "nb_NO",
    "fi_FI",
    "pl_PL",
)

_SPACES = "\u0020\u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
_APOSTROPHES = "'\u2019"
_MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash


@dataclass(frozen=True)
class ShopLocale:
    """The shop's country and language, its currency, its time zone and its paper.

    Every value a person reads goes through one of these methods, so a
    screen and the paper printed from it always agree.
    """

    locale: str = DEFAULT_LOCALE
    currency: str = "USD"
    timezone: str = "UTC"
    paper: str = "letter"

    @property
    def zone(self) -> ZoneInfo:
        return zone_of(self.timezone)

    def money(self, amount: Decimal) -> str:
        """'$1,234.50', '1.234,50 €': an amount with its currency."""
        return format_money(amount, self.locale, self.currency)

    def amount(self, amount: Decimal) -> str:
        """'1,234.50', '1.234,50': an amount in a column of amounts (no symbol)."""
        return format_amount(amount, self.locale)

    def signed_money(self, amount: Decimal) -> str:
        """A difference: '+$120.00', '-$35.50', '$0.00'."""
        text = self.money(amount)
        return f"+{text}" if amount > 0 else text

    def signed_amount(self, amount: Decimal) -> str:
        text = self.amount(amount)
        return f"+{text}" if amount > 0 else text

    def quantity(self, value: Decimal | int) -> str:
        return format_quantity(value, self.locale)

    def percent(self, rate: Decimal) -> str:
        return format_percent(rate, self.locale)

    def day(self, value: date | datetime) -> str:
        """'Mar 5, 2026', '05.03.2026': a moment's date is taken on the shop's clock."""
        if isinstance(value, datetime):
            value = in_zone(value, self.zone).date()
        return format_date(value, self.locale)

    def long_day(self, value: date) -> str:
        """'Wednesday, March 4, 2026', 'Mittwoch, 4. März 2026': a business day named in full."""
        return format_date(value, self.locale, "full")

    def short_day(self, value: date | datetime) -> str:
        """'3/5/26', '05.03.26': where a column is narrow."""
        if isinstance(value, datetime):
            value = in_zone(value, self.zone).date()
        return format_date(value, self.locale, "short")

    def time(self, moment: datetime) -> str:
        """'2:07 PM', '14:07': the shop's wall clock."""
        return format_time(moment, self.locale, self.zone)

    def date_time(self, moment: datetime) -> str:
        """'Mar 5, 2026, 2:07 PM' on the shop's clock."""
        return format_datetime(moment, self.locale, self.zone)

    def weekday_time(self, moment: datetime) -> str:
        """'Wed 10:18 PM', 'Mi., 22:18': a moment within the coming week."""
        return format_weekday_time(moment, self.locale, self.zone)

    def day_month(self, moment: datetime) -> str:
        """'Wed, Mar 4', 'Mi., 4. März': a day near enough that the year goes without saying."""
        local = in_zone(moment, self.zone)
        return format_skeleton("MMMEd", local, locale=_locale(self.locale))

    def weekday_day(self, value: date | datetime, with_year: bool = False) -> str:
        """'Wed, Mar 4' ('Mi., 4. März'), or with its year: a day named with its weekday."""
        if isinstance(value, datetime):
            value = in_zone(value, self.zone).date()
        return format_skeleton("yMMMEd" if with_year else "MMMEd", value, locale=_locale(self.locale))

    def month(self, value: date) -> str:
        """'Mar 2026', 'März 2026': a month of a report."""
        return format_skeleton("yMMM", value, locale=_locale(self.locale))

    def day_range(self, first: date, last: date) -> str:
        """'Dec 7 – 13, 2026' ('7.–13. Dez. 2026'): a run of days, each part said once."""
        return _plain_spaces(format_interval(first, last, "yMMMd", locale=_locale(self.locale)))

    def wall_clock(self, value: datetime | wall_time) -> str:
        """'9:00 AM', '09:00': a time already on the shop's wall clock (no zone to convert)."""
        moment = value.time() if isinstance(value, datetime) else value
        return _plain_spaces(babel_time(moment, "short", locale=_locale(self.locale)))

    def hour_label(self, hour: int) -> str:
        """An hour on a chart's axis: '8a', '5p' on a twelve-hour clock, '8', '17' on a twenty-four-hour one."""
        if _weekday_skeleton(self.locale) == "Ehm":
            return f"{hour % 12 or 12}{'a' if hour < 12 else 'p'}"
        return str(hour)

    def qt_date_format(self, weekday: bool = False) -> str:
        """What a date edit shows: 'MMM d, yyyy', 'dd.MM.yyyy' (with 'ddd' for the weekday if asked)."""
        return qt_patterns.date_format(self.locale, weekday)

    def qt_time_format(self) -> str:
        """What a time edit shows: 'h:mm AP', 'HH:mm'."""
        return qt_patterns.time_format(self.locale)

    def qt_datetime_format(self, weekday: bool = False) -> str:
        """What a date-and-time edit shows: 'MMM d, yyyy, h:mm AP', 'dd.MM.yyyy, HH:mm'."""
        return qt_patterns.datetime_format(self.locale, weekday)

    def integer(self, value: int) -> str:
        """An odometer reading or a count: '123,456', '123.456'."""
        return format_decimal(value, locale=_locale(self.locale))

    def parse_money(self, text: str, field: str = "amount", decimals: int | None = 2) -> Decimal:
        return parse_money(text, self.locale, field=field, decimals=decimals, currency=self.currency)

    def parse_number(self, text: str, field: str = "quantity", decimals: int = 3) -> Decimal:
        return parse_number(text, self.locale, field=field, decimals=decimals)

    def money_example(self) -> str:
        """How this shop writes 1234.56, for hints beside money fields."""
        return format_amount(Decimal("1234.56"), self.locale)

    def currency_symbol(self) -> str:
        return get_currency_symbol(self.currency, locale=_locale(self.locale))


# --- the settings -----------------------------------------------------------------------------


def check_locale(name: str) -> str:
    """The locale in Babel's spelling ('de_DE'), or a ValidationError naming the field."""
    try:
        parsed = Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValidationError({"locale": f"'{name}' is not a country and language BayDesk knows"}) from None
    if not parsed.territory:
        raise ValidationError({"locale": "choose a country as well as a language (e.g. en_US, de_DE)"})
    return str(parsed)


def check_currency(code: str) -> str:
    """A three-letter ISO 4217 code with cents: money is stored in hundredths."""
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code) or code not in Locale.parse(DEFAULT_LOCALE).currencies:
        raise ValidationError({"currency": f"'{code}' is not a currency code (e.g. USD, EUR, GBP)"})
    if get_currency_precision(code) != 2:
        raise ValidationError({"currency": f"{code} is not counted in hundredths; BayDesk keeps cents"})
    return code


def check_paper(name: str) -> str:
    if name not in PAPER_SIZES:
        raise ValidationError({"paper": "choose Letter or A4"})
    return name


def default_currency(locale: str) -> str:
    """The currency of the locale's country (USD for en_US, EUR for de_DE)."""
    territory = _locale(locale).territory or "US"
    currencies = get_territory_currencies(territory, tender=True) or ["USD"]
    return currencies[0]


def default_paper(locale: str) -> str:
    """Letter in the United States, Canada and Mexico; A4 everywhere else."""
    return "letter" if (_locale(locale).territory or "US") in LETTER_COUNTRIES else "a4"


def locale_name(locale: str) -> str:
    """'German (Germany)': the locale named in English, as the settings list shows it."""
    return _locale(locale).get_display_name("en") or locale


def currency_name(code: str) -> str:
    return Locale.parse(DEFAULT_LOCALE).currencies.get(code, code)


def zone_of(timezone: str) -> ZoneInfo:
    """The shop's zone; an unknown name falls back to UTC rather than failing a print."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def in_zone(moment: datetime, zone: ZoneInfo) -> datetime:
    """A stored moment on the shop's clock; a naive value is a UTC one (as the database keeps it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)


# --- formatting -------------------------------------------------------------------------------


def format_money(amount: Decimal, locale: str = DEFAULT_LOCALE, currency: str = "USD") -> str:
    """'$1,234.50', '-$3.00', '1.234,50 €', '₹1,50,000.00'."""
    return format_currency(amount, currency, locale=_locale(locale))


def format_amount(amount: Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """Two decimals with the locale's marks and grouping, no currency: '1,234.50', '1.234,50'."""
    return format_decimal(amount, format=_amount_pattern(locale), locale=_locale(locale))


def format_quantity(value: Decimal | int, locale: str = DEFAULT_LOCALE) -> str:
    """As few decimals as the quantity needs (at most three): '1.5', '1,5', '2', '1,000'."""
    return format_decimal(value, format=_quantity_pattern(locale), locale=_locale(locale))


def format_percent(rate: Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """A rate kept as a fraction: 0.0725 -> '7.25%', '7,25 %'."""
    return format_decimal(rate, format=_percent_pattern(locale), locale=_locale(locale))


def format_date(value: date, locale: str = DEFAULT_LOCALE, style: str = "medium") -> str:
    """'Mar 5, 2026', '05.03.2026', '5 mars 2026' (style 'short': '3/5/26')."""
    return babel_date(value, format=style, locale=_locale(locale))


def format_time(moment: datetime, locale: str = DEFAULT_LOCALE, zone: ZoneInfo | None = None) -> str:
    """'2:07 PM', '14:07', '14 h 07' on the given zone's clock."""
    local = in_zone(moment, zone or ZoneInfo("UTC"))
    return _plain_spaces(babel_time(local, format="short", locale=_locale(locale)))


def format_datetime(moment: datetime, locale: str = DEFAULT_LOCALE, zone: ZoneInfo | None = None) -> str:
    """'Mar 5, 2026, 2:07 PM', '05.03.2026, 14:07' on the given zone's clock."""
    local = in_zone(moment, zone or ZoneInfo("UTC"))
    pattern = str(get_datetime_format("medium", locale=_locale(locale)))
    return pattern.replace("{1}", format_date(local.date(), locale)).replace(
        "{0}",
        format_time(local, locale, local.tzinfo),  # type: ignore[arg-type]
    )


def format_weekday_time(moment: datetime, locale: str = DEFAULT_LOCALE, zone: ZoneInfo | None = None) -> str:
    """'Wed 10:18 PM', 'Wed 22:18', 'Mi., 22:18': the clock as the locale reads it (12 or 24 hours)."""
    local = in_zone(moment, zone or ZoneInfo("UTC"))
    return _plain_spaces(format_skeleton(_weekday_skeleton(locale), local, locale=_locale(locale)))


def _plain_spaces(clock: str) -> str:
    """CLDR sets '2:07 PM' with a narrow no-break space; a plain one is what people type and search."""
    return clock.replace("\u202f", " ")


# --- reading what was typed -------------------------------------------------------------------


def parse_money(
    text: str | Decimal | int,
    locale: str = DEFAULT_LOCALE,
    *,
    field: str = "amount",
    decimals: int | None = 2,
    currency: str | None = None,
) -> Decimal:
    """An amount as typed at this shop's counter; ambiguous or foreign marks are refused.

    In en_US "1,500.00" is 1500 and "12,50" is refused (a thousands comma
    before two digits is someone's decimal comma); in de_DE "12,50" is 12.50
    and "1.500,00" is 1500. A currency symbol or code around the figure is
    allowed. With ``decimals`` None the figure comes back as typed ('21.00'),
    its cents left for the caller to check.
    """
    if isinstance(text, str):
        text = _strip_currency(text, locale, currency)
    value = parse_number(text, locale, field=field, decimals=None)
    if decimals is None:
        return value
    try:
        rounded = value.quantize(Decimal(1).scaleb(-decimals))
    except InvalidOperation:
        raise ValidationError({field: "is far too large"}) from None
    if rounded != value:  # 12.340 is fine, 12.345 is not
        raise ValidationError({field: f"has more than {decimals} decimals"})
    return rounded


def parse_number(
    text: str | Decimal | int,
    locale: str = DEFAULT_LOCALE,
    *,
    field: str = "quantity",
    decimals: int | None = 3,
) -> Decimal:
    """A quantity, a rate or an amount as typed, read with the locale's marks, or refused."""
    if isinstance(text, float):  # pragma: no cover - guarded by typing, kept for callers that slip
        raise ValidationError({field: "must not be a float"})
    value = Decimal(text) if isinstance(text, (Decimal, int)) else _parse_text(text, locale, field)
    if not value.is_finite():
        raise ValidationError({field: "must be a finite number"})
    if decimals is not None:
        try:
            exact = value == value.quantize(Decimal(1).scaleb(-decimals))
        except InvalidOperation:  # more digits than Decimal's context holds
            raise ValidationError({field: "is far too large"}) from None
        if not exact:
            raise ValidationError({field: f"has more than {decimals} decimals"})
    return value


def _parse_text(text: str, locale: str, field: str) -> Decimal:
    loc = _locale(locale)
    decimal_mark, group_mark = loc.number_symbols["latn"]["decimal"], loc.number_symbols["latn"]["group"]
    raw = _normalise(text.strip(), group_mark)
    if not raw:
        raise ValidationError({field: "is required"})
    sign = ""
    if raw[0] in _MINUS or raw[0] == "+":
        sign, raw = ("-" if raw[0] in _MINUS else ""), raw[1:].strip()
    allowed = re.escape(decimal_mark) + re.escape(group_mark)
    if not raw or not re.fullmatch(rf"[0-9{allowed}]+", raw) or raw.count(decimal_mark) > 1:
        raise ValidationError(
            {field: f"'{text.strip()}' is not a number; this shop writes {_example(locale)}"}
        )
    try:
        value = parse_decimal(raw, locale=loc, strict=True)
    except NumberFormatError:
        if not _thousands_grouped(raw, decimal_mark, group_mark):
            raise ValidationError({field: _ambiguous(text.strip(), locale)}) from None
        value = parse_decimal(raw, locale=loc)  # '150,000.00' in India: plain thousands, not ambiguous
    return -value if sign else value


def _normalise(text: str, group_mark: str) -> str:
    """Typed spaces or apostrophes stand for the locale's own (narrow no-break space, ’)."""
    if group_mark in _SPACES:
        text = re.sub(f"[{_SPACES}]", group_mark, text)
    elif group_mark in _APOSTROPHES:
        text = re.sub(f"[{_APOSTROPHES}]", group_mark, text)
    return text


def _thousands_grouped(raw: str, decimal_mark: str, group_mark: str) -> bool:
    """'150,000.00': groups of three after the first, the way most of the world groups."""
    whole = raw.split(decimal_mark)[0]
    groups = whole.split(group_mark)
    return (
        len(groups) > 1 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 and g.isdigit() for g in groups[1:])
    )


def _ambiguous(text: str, locale: str) -> str:
    """Why '12,50' is refused here, and how the shop writes an amount."""
    return f"'{text}' is ambiguous here; this shop writes amounts as {_example(locale)}"


def _strip_currency(text: str, locale: str, currency: str | None) -> str:
    """'$ 12.50', '12,50 €', 'USD 12.50' -> the figure alone."""
    marks = {"$", "€", "£", "¥", "₹"}
    if currency:
        marks |= {currency, get_currency_symbol(currency, locale=_locale(locale))}
    text = text.strip()
    for mark in sorted(marks, key=len, reverse=True):
        if text.startswith(mark) or text.startswith("-" + mark):
            text = ("-" if text.startswith("-") else "") + text.removeprefix("-").removeprefix(mark)
        text = text.removesuffix(mark)
    return text.strip()


def _example(locale: str) -> str:
    return format_amount(Decimal("1234.56"), locale)


# --- Babel lookups, cached (patterns parsed once): a table repaints hundreds of cells ---------------------------------


@lru_cache(maxsize=64)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(DEFAULT_LOCALE)


def _integer_part(pattern: str) -> str:
    """'#,##,##0.###' -> '#,##,##0': the locale's grouping, whatever its fraction digits."""
    return pattern.split(";")[0].split(".")[0]


@lru_cache(maxsize=64)
def _amount_pattern(locale: str) -> NumberPattern:
    return parse_pattern(_integer_part(_locale(locale).decimal_formats[None].pattern) + ".00")


@lru_cache(maxsize=64)
def _quantity_pattern(locale: str) -> NumberPattern:
    return parse_pattern(_integer_part(_locale(locale).decimal_formats[None].pattern) + ".###")


@lru_cache(maxsize=64)
def _percent_pattern(locale: str) -> NumberPattern:
    """The locale's percent pattern ('#,##0 %' in German) with up to four decimals, parsed once."""
    pattern = _locale(locale).percent_formats[None].pattern.split(";")[0]
    return parse_pattern(pattern.replace("0", "0.####", 1) if "." not in pattern else pattern)


@lru_cache(maxsize=64)
def _weekday_skeleton(locale: str) -> str:
    """'Ehm' where the clock has twelve hours (en_US), 'EHm' where it has twenty-four."""
    short_time = _locale(locale).time_formats["short"].pattern
    return "Ehm" if "h" in short_time else "EHm"


AMERICAN = ShopLocale()  # what a document shows when nothing else is known: en_US, USD, Letter
