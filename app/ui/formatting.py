"""How values read on screen: money, numbers, dates and times the shop's way, on the shop's clock.

The signed-in shop's locale is set once (:func:`use_shop_locale`, when the
main window is built or the setting is saved), like ``QLocale.setDefault``,
which it also sets so date edits and spin boxes agree. Every screen formats
through the functions below and reads typed money through
:func:`parse_money`, so a screen and the document printed from it agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from app.domain.errors import ValidationError
from app.domain.locale import AMERICAN, ShopLocale, in_zone
from app.services.customers.dto import CustomerView, ShopView, VehicleView

_shop: list[ShopLocale] = [AMERICAN]  # the signed-in shop's; one shop per running client


def use_shop_locale(shop: ShopLocale) -> None:
    """From now on every screen writes and reads values the way this shop does."""
    _shop[0] = shop
    QLocale.setDefault(QLocale(shop.locale))


def locale_of(shop: ShopView) -> ShopLocale:
    return ShopLocale(shop.locale, shop.currency, shop.timezone, shop.paper_size)


def shop_locale() -> ShopLocale:
    return _shop[0]


# --- money and numbers ------------------------------------------------------------------------


def money(amount: Decimal) -> str:
    """'$1,234.50', '1.234,50 €': an amount said on its own (a total, a message)."""
    return _shop[0].money(amount)


def signed_money(amount: Decimal) -> str:
    """A difference: '+$120.00', '-$35.50', '$0.00'."""
    return _shop[0].signed_money(amount)


def amount_text(amount: Decimal | None) -> str:
    """'1,234.50' in a column of amounts; '' for none."""
    return "" if amount is None else _shop[0].amount(amount)


def quantity_text(value: Decimal | int) -> str:
    """1.500 -> '1.5' ('1,5' where the comma is the decimal mark)."""
    return _shop[0].quantity(value)


def hours_text(value: Decimal) -> str:
    """Hours on a clock, two decimals: '7.50 h'."""
    return f"{_shop[0].amount(value)} h"


def percent_text(rate: Decimal) -> str:
    return _shop[0].percent(rate)


def odometer_text(value: int | None) -> str:
    return "" if value is None else _shop[0].integer(value)


def count_text(value: int) -> str:
    """A count with the shop's grouping: '12,480'."""
    return _shop[0].integer(value)


def money_input_text(amount: Decimal | None) -> str:
    """An amount put back into a field to be edited: the shop's marks, as typed."""
    return "" if amount is None else _shop[0].amount(amount)


def number_input_text(value: Decimal | None) -> str:
    """A quantity or rate put back into a field: as few decimals as it needs."""
    return "" if value is None else _shop[0].quantity(value)


def parse_money(text: str, field: str = "amount") -> Decimal:
    """What was typed into a money field, read with the shop's marks (ambiguous input is refused)."""
    return _shop[0].parse_money(text, field)


def parse_number(text: str, field: str = "quantity", decimals: int = 3) -> Decimal:
    """A typed quantity, hours or percentage, read with the shop's marks."""
    return _shop[0].parse_number(text, field, decimals)


def plain(value: Decimal) -> str:
    """A Decimal as a service reads text: '1234.5' (no grouping, a point)."""
    return format(value, "f")


def whole_number(text: str) -> int | None:
    """A typed whole number ('123,456', '123.456' where the dot groups); None if it is not one."""
    if not text.strip():
        return None
    try:
        value = parse_number(text, "number", decimals=0)
    except ValidationError:
        return None
    return int(value) if value >= 0 else None


class TypedNumbers:
    """Reads a form's money and number fields the shop's way, as services read text ('12.50').

    Every field is read before anything is refused, so a person sees each
    wrong field marked at once; :meth:`check` raises one ValidationError.
    """

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def money(self, text: str, field: str, blank: str = "") -> str:
        """The amount in plain notation; its cents are the service's to check, with the other fields."""
        return self._read(text, field, blank, lambda: plain(_shop[0].parse_money(text, field, None)))

    def number(self, text: str, field: str, blank: str = "", decimals: int = 3) -> str:
        return self._read(text, field, blank, lambda: plain(parse_number(text, field, decimals)))

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    def _read(self, text: str, field: str, blank: str, read: Callable[[], str]) -> str:
        if not text.strip():
            return blank
        try:
            return read()
        except ValidationError as exc:
            self.errors.update(exc.errors)
            return text


def money_hint() -> str:
    """'1,234.56': how to type an amount here, for placeholders."""
    return _shop[0].money_example()


# --- dates and times --------------------------------------------------------------------------


def day_text(value: date | datetime | None) -> str:
    """'Mar 5, 2026' ('05.03.2026'); a moment's date is the shop's date."""
    return "" if value is None else _shop[0].day(value)


def long_day_text(value: date) -> str:
    """'Wednesday, March 4, 2026': a business day named in full."""
    return _shop[0].long_day(value)


def weekday_day_text(value: date | datetime, with_year: bool = False) -> str:
    """'Wed, Mar 4' ('Mi., 4. März'); with its year where the day may be far off."""
    return _shop[0].weekday_day(value, with_year)


def month_text(value: date) -> str:
    """'Mar 2026': a report's month, the shop's way."""
    return shop_locale().month(value)


def day_range_text(first: date, last: date) -> str:
    """'Dec 7 – 13, 2026': a week or any run of days."""
    return _shop[0].day_range(first, last)


def clock_text(value: datetime | time) -> str:
    """'9:00 AM' ('09:00'): a time already on the shop's wall clock."""
    return _shop[0].wall_clock(value)


def time_text(moment: datetime | None) -> str:
    """'2:07 PM' ('14:07') on the shop's clock."""
    return "" if moment is None else _shop[0].time(moment)


def local_time_text(moment: datetime, zone: ZoneInfo | None = None) -> str:
    """A stored UTC moment as the shop's wall clock shows it: 'Mar 5, 2026, 2:07 PM'."""
    return _in(zone).date_time(moment)


def _in(zone: ZoneInfo | None) -> ShopLocale:
    """The shop's locale on a given zone (a screen built with the shop's zone in hand)."""
    return _shop[0] if zone is None else replace(_shop[0], timezone=zone.key)


def qt_date_format(weekday: bool = False) -> str:
    """A date edit's display format, the shop's way: 'MMM d, yyyy', 'dd.MM.yyyy'."""
    return _shop[0].qt_date_format(weekday)


def qt_time_format() -> str:
    """A time edit's display format: 'h:mm AP', 'HH:mm'."""
    return _shop[0].qt_time_format()


def qt_datetime_format(weekday: bool = False) -> str:
    """A date-and-time edit's display format: 'MMM d, yyyy, h:mm AP', 'dd.MM.yyyy, HH:mm'."""
    return _shop[0].qt_datetime_format(weekday)


def shop_now(zone: ZoneInfo | None = None) -> datetime:
    """Now on the shop's clock (never this computer's zone)."""
    return datetime.now(zone or _shop[0].zone)


def shop_today(zone: ZoneInfo | None = None) -> date:
    return shop_now(zone).date()


def promised_text(moment: datetime | None, zone: ZoneInfo | None = None, now: datetime | None = None) -> str:
    """'Today 5:00 PM', 'Tomorrow 9:30 AM', 'Thu 5:00 PM' or, further off or past, the date.

    A weekday only names a day of the coming week: a promise missed days ago
    shows its date ('Mar 4, 10:18 PM'), never a weekday that reads as the next one.
    """
    if moment is None:
        return ""
    shop = _in(zone)
    local = in_zone(moment, shop.zone)
    today = in_zone(now or datetime.now(shop.zone), shop.zone).date()
    days = (local.date() - today).days
    clock = shop.time(local)
    if days == 0:
        return f"Today {clock}"
    if days == 1:
        return f"Tomorrow {clock}"
    if days == -1:
        return f"Yesterday {clock}"
    if 1 < days < 7:
        return shop.weekday_time(local)
    if local.year == today.year:
        return f"{shop.day_month(local)}, {clock}"
    return shop.date_time(local)


# --- people, places and cars ------------------------------------------------------------------


def address_text(customer: CustomerView) -> str:
    """The postal address as it would be written on an envelope."""
    place = " ".join(p for p in (customer.region, customer.postal_code) if p)
    city_line = ", ".join(p for p in (customer.city, place) if p)
    lines = (customer.address_line1, customer.address_line2, city_line, customer.country)
    return "\n".join(line for line in lines if line)


def phones_text(customer: CustomerView) -> str:
    return "\n".join(p for p in (customer.phone, customer.alt_phone) if p)


def plate_text(vehicle: VehicleView) -> str:
    if not vehicle.plate:
        return ""
    return f"{vehicle.plate} ({vehicle.plate_region})" if vehicle.plate_region else vehicle.plate


def vehicle_title(vehicle: VehicleView) -> str:
    """'2019 Honda Civic · 7ABC123': how the counter names a car."""
    parts = [vehicle.description]
    if vehicle.trim:
        parts[0] += f" {vehicle.trim}"
    if vehicle.plate:
        parts.append(vehicle.plate)
    return " · ".join(parts)


def qdate(day: date) -> QDate:
    """A ``date`` as the QDate a date edit shows."""
    return QDate(day.year, day.month, day.day)


def qdatetime(moment: datetime) -> QDateTime:
    """A wall-clock ``datetime`` as the QDateTime a date-time edit shows (its zone dropped)."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second, moment.microsecond // 1000),
    )
