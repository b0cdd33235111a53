"""How one search box's text becomes the searches a front desk means.

"smith", "john smi", "555-0142", "0142", "7ABC123", "f0 42788" (VIN tail)
and "pat@" all go into the same box; each kind of key is tried where the
text could be one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.contact import digits_only, plate_key, search_key

MIN_PHONE_DIGITS = 3
MIN_VIN_TAIL = 6
_VIN_CHARS = re.compile(r"^[A-HJ-NPR-Z0-9]+$")


@dataclass(frozen=True)
class SearchTerms:
    name_tokens: tuple[str, ...] = ()
    email_prefix: str = ""
    phone_digits: str = ""
    plate_prefix: str = ""
    vin_tail_reversed: str = ""

    @property
    def empty(self) -> bool:
        return not (
            self.name_tokens
            or self.email_prefix
            or self.phone_digits
            or self.plate_prefix
            or self.vin_tail_reversed
        )


def parse_search(text: str) -> SearchTerms:
    text = text.strip()
    if not text:
        return SearchTerms()
    key = search_key(text)
    words = tuple(w for w in re.split(r"[\s,]+", key) if w)
    has_letters = any(ch.isalpha() for ch in text)
    digits = digits_only(text)
    if text.lstrip().startswith("+1") and len(digits) == 11:
        digits = digits[1:]  # North American numbers are stored without the country code
    phone_like = bool(re.fullmatch(r"[\d\s()+.\-/]+", text))
    compact = plate_key(text)
    return SearchTerms(
        name_tokens=words if has_letters else (),
        email_prefix=key if ("@" in key or (has_letters and " " not in key and len(key) >= 3)) else "",
        phone_digits=digits if phone_like and len(digits) >= MIN_PHONE_DIGITS else "",
        plate_prefix=compact if len(compact) >= 2 and len(compact) <= 15 else "",
        vin_tail_reversed=(
            compact[::-1] if MIN_VIN_TAIL <= len(compact) <= 17 and _VIN_CHARS.match(compact) else ""
        ),
    )
