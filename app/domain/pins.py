"""Technicians' short PINs (DOMAIN.md): 4 to 8 digits, on a bay terminal only, technician rights only."""

from __future__ import annotations

from app.domain.errors import ValidationError
from app.domain.permissions import Role
from app.domain.terminals import TerminalMode

PIN_MIN = 4
PIN_MAX = 8


def looks_like_pin(secret: str) -> bool:
    """A PIN is all digits and short; no password (12 characters or more) can be taken for one."""
    return PIN_MIN <= len(secret) <= PIN_MAX and secret.isascii() and secret.isdigit()


def check_pin(pin: str, field: str = "pin") -> None:
    if not looks_like_pin(pin):
        raise ValidationError({field: f"must be {PIN_MIN} to {PIN_MAX} digits"})


def check_pin_holder(role: Role) -> None:
    if role != Role.TECHNICIAN:
        raise ValidationError({"pin": "only technicians may have a PIN (used on bay terminals)"})


def pin_allowed(role: Role, mode: TerminalMode | None) -> bool:
    return role == Role.TECHNICIAN and mode == TerminalMode.BAY
