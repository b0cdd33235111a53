"""What a terminal is for: its mode decides which areas it shows (with the role's permissions)."""

from __future__ import annotations

from enum import StrEnum

from app.domain.errors import ValidationError


class TerminalMode(StrEnum):
    FRONT_DESK = "front_desk"
    BAY = "bay"
    PARTS = "parts"
    OFFICE = "office"


MODE_LABELS = {
    TerminalMode.FRONT_DESK: "Front desk",
    TerminalMode.BAY: "Bay",
    TerminalMode.PARTS: "Parts counter",
    TerminalMode.OFFICE: "Office",
}

ALL_MODES = frozenset(TerminalMode)


def parse_mode(value: str, field: str = "mode") -> TerminalMode:
    try:
        return TerminalMode(value.strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        names = ", ".join(m.value for m in TerminalMode)
        raise ValidationError({field: f"'{value}' is not a terminal mode ({names})"}) from None
