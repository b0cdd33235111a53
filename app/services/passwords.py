"""Argon2id password hashing with OWASP's minimum (19 MiB, 2 passes, 1 lane)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain.errors import ValidationError

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


def verify_password(stored_hash: str, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
