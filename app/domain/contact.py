"""Names, phones, e-mail addresses and plates as people type them."""

from __future__ import annotations

import re
import unicodedata

from app.domain import text_gate

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE_ALLOWED = re.compile(r"^[0-9+().\-\s/]*(?:(?:x|ext\.?)\s*[0-9]+)?$", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"(?<!\d)\d+(?!\d)")
# Zero-width, so a card after another digit group ("ref 12 4111 1111 ...") is
# still tried from its own first group: every group start is a candidate.
_GROUPED_CARD = re.compile(
    r"(?<!\d)(?=(\d{4}([ -])\d{4}\2\d{4}\2\d{4}(?:\2\d{3})?(?!\d)|\d{4}([ -])\d{6}\3\d{5}(?!\d)))"
)


def clean_text(text: str) -> str:
    """Trim and NFC-normalise; inner text (right-to-left, accents) is kept exactly."""
    return unicodedata.normalize("NFC", text.strip())


def search_key(text: str) -> str:
    """Case-folded, accent-kept key used for prefix search on names."""
    return unicodedata.normalize("NFC", text).casefold().strip()


def digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() and ch.isascii())


def phone_problem(text: str) -> str | None:
    """None when ``text`` is an acceptable phone number, else what is wrong."""
    if not text:
        return None
    if not _PHONE_ALLOWED.match(text):
        return "may contain only digits, spaces and + ( ) - . (and an 'ext' at the end)"
    count = len(digits_only(text))
    if count < 7:
        return f"has {count} digits; a phone number has at least 7"
    if count > 20:
        return "has more than 20 digits"
    return None


def email_problem(text: str) -> str | None:
    if not text:
        return None
    if not _EMAIL.match(text):
        return f"'{text}' is not an e-mail address (name@example.com)"
    return None


def plate_key(plate: str) -> str:
    """Plates are searched without spaces or dashes, in upper case."""
    return "".join(ch for ch in plate.upper() if ch.isalnum())


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def contains_card_number(text: str) -> bool:
    """A payment card number anywhere in ``text`` (PCI DSS 3.3): see app/domain/text_gate.py."""
    return text_gate.contains_card_number(text)
