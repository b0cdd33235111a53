"""Barcodes as a parts counter meets them: UPC-A, EAN-13, EAN-8, and the shop's own codes.

A UPC-A (12 digits) is the same number as the EAN-13 that starts with 0:
the box from one supplier is scanned as 036000291452, the same part's box
from another as 0036000291452. BayDesk keeps every UPC-A and EAN-13 in its
13-digit form (GTIN-13), when it is stored and when it is looked up, so one
indexed comparison finds the part whichever way it was printed.

A code of 8, 12 or 13 digits is a UPC/EAN, whose last digit checks the
others: one that does not add up was misread (or mistyped) and is refused
instead of being looked up or stored. The check digits are computed by
python-stdnum (``stdnum.ean``). Any other code (letters, other lengths: the
shop's own labels, Code 128 SKUs) is kept as it is, without its spaces.
"""

from __future__ import annotations

from stdnum import ean

from app.domain.errors import ValidationError

CHECKED_LENGTHS = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13"}


def clean(text: str) -> str:
    """A barcode as the scanner sends it, without spaces."""
    return "".join(text.split())


def kind(code: str) -> str | None:
    """The kind of UPC/EAN a code of that many digits is (UPC-A, EAN-13, EAN-8); None: the shop's own."""
    digits = clean(code)
    return CHECKED_LENGTHS.get(len(digits)) if digits.isdigit() and digits.isascii() else None


def check_digit_ok(code: str) -> bool:
    """True for a UPC/EAN whose check digit adds up, and for every code that has none."""
    return kind(code) is None or bool(ean.is_valid(clean(code)))


def normalized(text: str) -> str:
    """The form a barcode is stored and looked up in: a UPC-A as its EAN-13 (a leading 0).

    Raises ValidationError for a UPC/EAN whose check digit is wrong.
    """
    code = clean(text)
    found = kind(code)
    if found is None:
        return code
    if not ean.is_valid(code):
        expected = ean.calc_check_digit(code[:-1])
        raise ValidationError(
            {
                "barcode": f"{code} is not a valid {found}: its last digit should be {expected}. "
                "Scan it again, or check the number typed."
            }
        )
    return "0" + code if found == "UPC-A" else code


def same_code(text: str) -> str:
    """``normalized`` for a look-up: a misread UPC/EAN is kept as typed (it will simply not be found)."""
    try:
        return normalized(text)
    except ValidationError:
        return clean(text)
