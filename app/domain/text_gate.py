"""The one gate every piece of free text passes on its way in.

Three refusals, each with a message a person can act on, never a silent fix:

- a control character (NUL, escape, bell...): a line break or a tab in a
  note is fine, anything else below U+0020 or in C1 is refused (PostgreSQL
  cannot store NUL at all);
- text longer than the column that keeps it (never cut);
- a payment card number (PCI DSS 3.3), however it was typed: digit groups
  joined by any run of spaces, dots, slashes, no-break spaces... A card is
  recognised by its issuer's prefix, a length that issuer uses, and the Luhn
  check, so a product's EAN-13 or UPC code (even a misread one) is not
  mistaken for one.
"""

from __future__ import annotations

import re
import unicodedata

from stdnum import ean, luhn

CARD_REFUSED = "looks like a payment card number; BayDesk never stores card numbers"
_ALLOWED_CONTROLS = frozenset("\n\r\t")
_CHAIN = re.compile(r"[0-9]+(?:[\W_]+[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")

# (prefixes, lengths) of the card brands in use; a prefix is matched on the number's start.
_ISSUERS: tuple[tuple[tuple[str, ...], range], ...] = (
    (("4",), range(16, 20)),  # Visa (13-digit Visa cards are no longer issued; EAN-13 codes are 13)
    (("51", "52", "53", "54", "55", *(str(n) for n in range(2221, 2721))), range(16, 17)),  # Mastercard
    (("34", "37"), range(15, 16)),  # American Express
    (("6011", "65", *(str(n) for n in range(644, 650))), range(16, 20)),  # Discover
    (tuple(str(n) for n in range(3528, 3590)), range(16, 20)),  # JCB
    (("300", "301", "302", "303", "304", "305", "36", "38", "39"), range(14, 20)),  # Diners Club
    (("62", "81"), range(16, 20)),  # UnionPay
    (("50", "56", "57", "58", "63", "67"), range(16, 20)),  # Maestro (as issued now)
)


def is_card_number(digits: str) -> bool:
    """A whole number a card issuer could have issued: its prefix, its length and its Luhn digit."""
    if not digits.isdigit() or not 13 <= len(digits) <= 19 or not luhn.is_valid(digits):
        return False
    if len(digits) == 13 and ean.is_valid(digits):
        return False  # a product's EAN-13 code
    return any(len(digits) in lengths and digits.startswith(prefixes) for prefixes, lengths in _ISSUERS)


def contains_card_number(text: str) -> bool:
    """A card number anywhere in ``text``: consecutive digit groups, whatever separates them.

    A card typed in groups always starts and ends on a group's edge, so each
    run of consecutive groups of 13-19 digits in all is a candidate; a digit
    run longer than any card is searched inside, since nothing else a shop
    types is that long.
    """
    for chain in _CHAIN.finditer(text):
        groups = _GROUP.findall(chain.group())
        for start in range(len(groups)):
            digits = ""
            for group in groups[start:]:
                digits += group
                if len(digits) > 19:
                    break
                if is_card_number(digits):
                    return True
        for group in groups:
            if len(group) > 19 and _inside(group):
                return True
    return False


def _inside(run: str) -> bool:
    return any(
        is_card_number(run[start : start + length])
        for length in range(13, 20)
        for start in range(len(run) - length + 1)
    )


def control_character(text: str) -> str | None:
    """The first control character in ``text`` (other than a line break or tab), named; None if clean."""
    for ch in text:
        if ch in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(ch) == "Cc":
            return "NUL" if ch == "\0" else f"U+{ord(ch):04X}"
    return None


def text_problem(text: str, max_length: int | None = None, *, card_check: bool = True) -> str | None:
    """What is wrong with one field's text, as a message; None when it may be stored."""
    bad = control_character(text)
    if bad is not None:
        return f"contains a control character ({bad}); remove it"
    if card_check and contains_card_number(text):
        return CARD_REFUSED
    if max_length is not None and len(text.strip()) > max_length:
        return f"is {len(text.strip())} characters long; at most {max_length} fit"
    return None
