"""What a vehicle reports about itself: odometer, trouble codes, battery, fuel, coolant.

Values are kept as integers in fixed units so nothing is lost in a round
trip through either database: odometer in whole miles, battery in
millivolts, fuel level and coolant temperature in tenths (of a percent, of a
degree Celsius). Files give them in other units (kilometres, Fahrenheit);
they are converted here, once, and a value outside what a car can report is
refused rather than stored.

Diagnostic trouble codes follow SAE J2012 / ISO 15031-6: a letter for the
system (P powertrain, B body, C chassis, U network), then four characters.
The second character says who defines the code: P0, P2, P34-P39 and B0, C0,
U0 are generic (SAE's, the same on every make); P1, P30-P33, B1, B2, C1,
C2, U1 and U2 are the manufacturer's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MILES_PER_KM = Decimal("0.621371192")
MAX_ODOMETER = 9_999_999
BATTERY_RANGE_V = (Decimal("0"), Decimal("40"))  # 12 V cars and 24 V trucks, with room for a charger
FUEL_RANGE_PCT = (Decimal("0"), Decimal("100"))
COOLANT_RANGE_C = (Decimal("-40"), Decimal("215"))  # what OBD-II PID 05 can express
_CODE = re.compile(r"\b([PBCU][0-3][0-9A-F]{3})\b")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d{1,2}$")
NAMED_MONTH_FORMATS = (
    "%d-%b-%Y %H:%M:%S.%f",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y %H:%M",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%b %d, %Y %H:%M:%S",
    "%b %d, %Y %H:%M",
)
SYSTEMS = {"P": "Powertrain", "B": "Body", "C": "Chassis", "U": "Network"}
# SAE J2012's grouping of generic powertrain codes by their third character.
POWERTRAIN_GROUPS = {
    "0": "fuel and air metering, auxiliary emission controls",
    "1": "fuel and air metering",
    "2": "fuel and air metering (injector circuit)",
    "3": "ignition system or misfire",
    "4": "auxiliary emission controls",
    "5": "vehicle speed, idle control and auxiliary inputs",
    "6": "computer and auxiliary outputs",
    "7": "transmission",
    "8": "transmission",
    "9": "transmission",
    "A": "hybrid propulsion",
}


class ReadingError(ValueError):
    """A value in an imported file that cannot be a reading; the message names it."""


@dataclass(frozen=True)
class ReadingValues:
    """One reading as stored: UTC minute, integer units; None where the source said nothing.

    ``codes`` is None when the source did not read trouble codes at all, and
    an empty tuple when it read them and found none (which clears earlier ones).
    """

    taken_at: datetime
    odometer: int | None = None
    battery_mv: int | None = None
    fuel_tenths: int | None = None
    coolant_tenths: int | None = None
    codes: tuple[str, ...] | None = None

    @property
    def battery_volts(self) -> Decimal | None:
        return None if self.battery_mv is None else Decimal(self.battery_mv) / 1000

    @property
    def fuel_percent(self) -> Decimal | None:
        return None if self.fuel_tenths is None else Decimal(self.fuel_tenths) / 10

    @property
    def coolant_celsius(self) -> Decimal | None:
        return None if self.coolant_tenths is None else Decimal(self.coolant_tenths) / 10

    def has_values(self) -> bool:
        return any(
            v is not None
            for v in (self.odometer, self.battery_mv, self.fuel_tenths, self.coolant_tenths, self.codes)
        )


def parse_number(text: str, what: str) -> Decimal:
    """A number as files write it: "12.6", "123,456" (thousands), "12,6" (decimal comma)."""
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if _THOUSANDS.match(raw):
        raw = raw.replace(",", "")
    elif _DECIMAL_COMMA.match(raw):
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ReadingError(f"{what} '{text}' is not a number") from exc
    if not value.is_finite():
        raise ReadingError(f"{what} '{text}' is not a number")
    return value


def odometer_miles(value: Decimal, unit: str = "mi") -> int:
    miles = value * MILES_PER_KM if unit == "km" else value
    whole = int(miles.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if not 0 <= whole <= MAX_ODOMETER:
        raise ReadingError(f"odometer {value} {unit} is outside 0 to {MAX_ODOMETER:,} miles")
    return whole


def battery_millivolts(volts: Decimal) -> int:
    _in_range(volts, BATTERY_RANGE_V, "battery voltage", "V")
    return int((volts * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fuel_tenths(percent: Decimal) -> int:
    _in_range(percent, FUEL_RANGE_PCT, "fuel level", "%")
    return int((percent * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def coolant_tenths(value: Decimal, unit: str = "C") -> int:
    celsius = (value - 32) * 5 / 9 if unit == "F" else value
    _in_range(celsius, COOLANT_RANGE_C, "coolant temperature", "°C")
    return int((celsius * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _in_range(value: Decimal, bounds: tuple[Decimal, Decimal], what: str, unit: str) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise ReadingError(f"{what} {value} {unit} is outside {low} to {high} {unit}")


def codes_in(text: str) -> tuple[str, ...]:
    """Every trouble code in a cell, however separated ("P0301,P0420", "p0301 / P0420-00")."""
    found = _CODE.findall(text.upper().replace("-", " "))
    return tuple(sorted(set(found)))


def is_generic(code: str) -> bool:
    """Defined by SAE for every make: P0, P2, P34-P39, B0, C0 and U0 (SAE J2012)."""
    second = code[1]
    if code[0] == "P":
        return second in "02" or (second == "3" and code[2] in "456789")
    return second == "0"


def structural_description(code: str) -> str:
    """What the code's shape alone tells: its system, generic or the maker's, its group."""
    system = SYSTEMS.get(code[0], "Unknown system")
    if not is_generic(code):
        return f"{system} code defined by the manufacturer; see the maker's service information"
    group = POWERTRAIN_GROUPS.get(code[2]) if code[0] == "P" else None
    return f"Generic {system.lower()} code ({group})" if group else f"Generic {system.lower()} code"


def parse_moment(text: str, zone: tzinfo, date_order: str = "") -> datetime:
    """A time as exports write it, as an aware UTC datetime.

    ISO 8601 (with or without an offset; without one it is the shop's local
    time), Unix seconds or milliseconds, or a slashed date. A slashed date
    whose day and month could be swapped (03/04/2026) needs ``date_order``
    ("mdy" or "dmy"): an ambiguous date is refused, never guessed.
    """
    raw = text.strip()
    if not raw:
        raise ReadingError("the time is empty")
    if re.fullmatch(r"\d{9,13}(\.\d+)?", raw):
        seconds = Decimal(raw) / (1000 if len(raw.split(".")[0]) > 11 else 1)
        return datetime.fromtimestamp(float(seconds), UTC)
    if "/" in raw:
        return _slashed(raw, zone, date_order)
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        moment = _named_month(raw)
    return _aware(moment, zone)


def _named_month(raw: str) -> datetime:
    """Dates with the month's name, as some scan tools write them ("30-Nov-2026 14:05:11.123")."""
    for pattern in NAMED_MONTH_FORMATS:
        try:
            return datetime.strptime(raw, pattern)
        except ValueError:
            continue
    raise ReadingError(f"time '{raw}' is not a date and time (2026-11-30 14:05)")


def _slashed(raw: str, zone: tzinfo, date_order: str) -> datetime:
    match = re.fullmatch(
        r"(\d{1,2})/(\d{1,2})/(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?", raw
    )
    if not match:
        raise ReadingError(f"time '{raw}' is not a date and time (11/30/2026 14:05)")
    first, second, year, hour, minute, sec, half = match.groups()
    a, b = int(first), int(second)
    order = date_order or ("dmy" if a > 12 else "mdy" if b > 12 else "")
    if not order:
        raise ReadingError(f"date '{raw.split()[0]}' could be day/month or month/day; say which (mdy or dmy)")
    month, day = (a, b) if order == "mdy" else (b, a)
    hours = int(hour)
    if half:
        if hours > 12:
            raise ReadingError(f"time '{raw}' has an hour over 12 with AM/PM")
        hours = hours % 12 + (12 if half.lower() == "pm" else 0)
    try:
        moment = datetime(int(year), month, day, hours, int(minute), int(sec or 0))
    except ValueError as exc:
        raise ReadingError(f"time '{raw}' is not a real date") from exc
    return _aware(moment, zone)


def _aware(moment: datetime, zone: tzinfo) -> datetime:
    return (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment).astimezone(UTC)


def minute_of(moment: datetime) -> datetime:
    """Readings are kept one per vehicle per minute: the minute a moment falls in."""
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def merge(readings: Iterable[ReadingValues]) -> ReadingValues:
    """Samples of one minute as one reading: the last value of each quantity, codes combined."""
    merged: ReadingValues | None = None
    for item in readings:
        if merged is None:
            merged = item
            continue
        codes = merged.codes
        if item.codes is not None:
            codes = tuple(sorted(set(codes or ()) | set(item.codes)))
        merged = replace(
            merged,
            odometer=_last(merged.odometer, item.odometer),
            battery_mv=_last(merged.battery_mv, item.battery_mv),
            fuel_tenths=_last(merged.fuel_tenths, item.fuel_tenths),
            coolant_tenths=_last(merged.coolant_tenths, item.coolant_tenths),
            codes=codes,
        )
    if merged is None:
        raise ValueError("nothing to merge")
    return merged


def _last(before: int | None, after: int | None) -> int | None:
    return after if after is not None else before


@dataclass(frozen=True)
class OutOfRange:
    quantity: str  # "battery", "coolant", "fuel"
    text: str  # "battery 11.4 V, below 11.8 V"


def out_of_range(
    reading: ReadingValues,
    battery_min_v: Decimal,
    coolant_max_c: Decimal,
    fuel_min_pct: Decimal,
) -> list[OutOfRange]:
    """The quantities of a reading outside the owner's limits (a limit of 0 is off)."""
    found = []
    volts = reading.battery_volts
    if volts is not None and battery_min_v > 0 and volts < battery_min_v:
        found.append(OutOfRange("battery", f"battery {volts:.1f} V, below {battery_min_v:.1f} V"))
    hot = reading.coolant_celsius
    if hot is not None and coolant_max_c > 0 and hot > coolant_max_c:
        found.append(OutOfRange("coolant", f"coolant {hot:.0f} °C, above {coolant_max_c:.0f} °C"))
    fuel = reading.fuel_percent
    if fuel is not None and fuel_min_pct > 0 and fuel < fuel_min_pct:
        found.append(OutOfRange("fuel", f"fuel {fuel:.0f} %, below {fuel_min_pct:.0f} %"))
    return found


def within(moment: datetime, now: datetime, days: int) -> bool:
    return now - moment <= timedelta(days=days)
