"""Argon2id password and PIN hashing with OWASP's minimum (19 MiB, 2 passes, 1 lane)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain.errors import ValidationError
from app.domain.pins import check_pin

MIN_LENGTH = 12
MAX_LENGTH = 1024  # refused before hashing: nobody's password is longer

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def check_policy(password: str, field: str = "password") -> None:
    if len(password) > MAX_LENGTH:
        raise ValidationError({field: f"is longer than {MAX_LENGTH} characters"})
    if len(password) < MIN_LENGTH:
        raise ValidationError({field: f"must be at least {MIN_LENGTH} characters ({len(password)} given)"})


def hash_password(password: str) -> str:
    check_policy(password)
    return _HASHER.hash(password)


def hash_pin(pin: str) -> str:
    check_pin(pin)
    return _HASHER.hash(pin)


def verify_password(stored_hash: str, password: str) -> bool:
    """Also checks PINs (same hasher). An over-long secret is refused without hashing it."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker settings than today's (rehash at the next sign-in)."""
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return False


def verify_nobody(password: str) -> None:
    """Spend the time a real check takes, for a user name that does not exist.

    Without it an unknown name would answer faster than a wrong password,
    and the difference would tell an attacker which names are real.
    """
    verify_password(_dummy_hash(), password)


@cache
def _dummy_hash() -> str:
    return _HASHER.hash("no user has this password, it only costs time")
