"""Vehicle identification numbers (49 CFR 565).

The check digit rule is written out here because it is the law on paper and
fits in a screen; decoding the maker, country and year uses the ``vininfo``
library, which keeps the WMI tables up to date so we do not have to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

VIN_LENGTH = 17
_TRANSLITERATION = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_CHARS = re.compile(r"^[A-HJ-NPR-Z0-9]+$")
# North America: WMI first character 1-5 (US, Canada, Mexico), where the
# check digit is compulsory.
_NORTH_AMERICA = set("12345")


def normalize_vin(text: str) -> str:
    """Upper case, spaces and dashes removed: what a person meant to type."""
    return re.sub(r"[\s\-]", "", text).upper()


def check_digit(vin: str) -> str:
    """The check digit a 17-character VIN must carry in position 9."""
    total = sum(_TRANSLITERATION[ch] * w for ch, w in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


@dataclass(frozen=True)
class VinCheck:
    """The verdict on a VIN: ``error`` blocks saving, ``warning`` does not."""

    vin: str
    error: str | None = None
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def check_vin(text: str, *, non_standard: bool = False) -> VinCheck:
    """Validate a VIN as typed.

    ``non_standard`` is the explicit flag for pre-1981 or short VINs: such a
    VIN is only checked for characters a person could not have meant.
    """
    vin = normalize_vin(text)
    if not vin:
        return VinCheck(vin, error="VIN is empty")
    bad = sorted({ch for ch in vin if ch in "IOQ"})
    if bad:
        return VinCheck(vin, error=f"VINs never contain {', '.join(bad)} (did you mean 1 or 0?)")
    if not _VIN_CHARS.match(vin):
        return VinCheck(vin, error="VIN may contain only letters and digits")
    if non_standard:
        if len(vin) > VIN_LENGTH:
            return VinCheck(vin, error=f"VIN is {len(vin)} characters; at most {VIN_LENGTH}")
        return VinCheck(vin)
    if len(vin) != VIN_LENGTH:
        return VinCheck(
            vin,
            error=f"VIN has {len(vin)} of 17 characters (tick 'non-standard VIN' for older vehicles)",
        )
    expected = check_digit(vin)
    if vin[8] != expected:
        text_ = f"check digit (9th character) is {vin[8]}, the VIN calls for {expected}: a typo?"
        if vin[0] in _NORTH_AMERICA:
            return VinCheck(vin, error=text_)
        return VinCheck(vin, warning=text_ + " (not compulsory outside North America)")
    return VinCheck(vin)


@dataclass(frozen=True)
class VinDecode:
    year: int | None
    make: str | None
    country: str | None
    region: str | None


def decode_vin(vin: str, today: date | None = None) -> VinDecode:
    """Year, make and country where the VIN tells them, offline.

    Position 10 repeats every 30 years; North American VINs disambiguate with
    position 7 (a letter means 2010 or later). Elsewhere, the latest year not
    in the future is taken.
    """
    from vininfo import Vin  # local: decoding is optional and the import is not free

    vin = normalize_vin(vin)
    if len(vin) != VIN_LENGTH or not _VIN_CHARS.match(vin):
        return VinDecode(None, None, None, None)
    try:
        info = Vin(vin)
        years = sorted(info.years or [])
        make = info.manufacturer or None
        country = info.country or None
        region = info.region or None
    except Exception:  # vininfo raises its own errors for unknown WMIs  # noqa: BLE001
        return VinDecode(None, None, None, None)
    if make and make.lower() == "unknown":
        make = None
    this_year = (today or date.today()).year
    year: int | None = None
    candidates = [y for y in years if y <= this_year + 1]
    if candidates:
        if vin[0] in _NORTH_AMERICA and len(candidates) > 1:
            year = candidates[-1] if vin[6].isalpha() else candidates[-2]
        else:
            year = candidates[-1]
    return VinDecode(year, make, country, region)
