"""Alert rules and an alert's life, as they would be written on paper.

A rule is one kind of condition the owner wants to hear about (stock below
its reorder point, a promise missed...), switched on or off, with limits of
its own (an amount, a number of days, a time of day), the roles that see its
alerts, and a cool-down: after an alert is resolved, the same subject is not
raised again until the cool-down has passed, so a condition that flickers
does not ring every minute.

An alert is open until it is resolved; acknowledging it (who, when, a note)
says someone is on it without closing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from app.domain.errors import ValidationError
from app.domain.permissions import ROLE_LABELS, Role

MAX_NOTE = 400
MAX_COOLDOWN_MINUTES = 7 * 24 * 60
TIME_UNIT = "time"  # a limit given as a time of day (HH:MM), stored as minutes after midnight
_TIME = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")


class AlertState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


STATE_LABELS = {
    AlertState.OPEN: "Open",
    AlertState.ACKNOWLEDGED: "Acknowledged",
    AlertState.RESOLVED: "Resolved",
}


class Resolution(StrEnum):
    CLEARED = "cleared"  # the condition is no longer true
    PERSON = "person"  # someone closed it
    RULE_OFF = "rule_off"  # the owner switched the rule off


RESOLUTION_LABELS = {
    Resolution.CLEARED: "Condition cleared",
    Resolution.PERSON: "Resolved",
    Resolution.RULE_OFF: "Rule switched off",
}


def alert_state(acknowledged_at: datetime | None, resolved_at: datetime | None) -> AlertState:
    if resolved_at is not None:
        return AlertState.RESOLVED
    return AlertState.ACKNOWLEDGED if acknowledged_at is not None else AlertState.OPEN


@dataclass(frozen=True)
class LimitSpec:
    """One limit of a rule: what the owner types, its unit, its range and default."""

    key: str
    label: str
    unit: str
    default: Decimal
    minimum: Decimal
    maximum: Decimal
    places: int = 0  # decimals shown and kept
    zero_off: bool = False  # 0 switches this limit off

    def text(self, value: Decimal) -> str:
        """The value as the rules table shows it ("21:00", "$5.00", "11.8 V", "off")."""
        if self.zero_off and value == 0:
            return "off"
        if self.unit == "$":
            return f"${self.typed(value)}"
        return self.typed(value) if self.unit == TIME_UNIT else f"{self.typed(value)} {self.unit}".strip()

    def typed(self, value: Decimal) -> str:
        """The value as the owner types it in the rule editor ("21:00", "5.00", "11.8")."""
        if self.unit == TIME_UNIT:
            minutes = int(value)
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        return f"{value:.{self.places}f}"

    def parse(self, text: str) -> Decimal:
        """What the owner typed, checked against the range; raises ValidationError."""
        raw = text.strip()
        if not raw:
            return self.default
        if self.unit == TIME_UNIT:
            return self._checked(_minutes_of(raw, self.key))
        try:
            value = Decimal(raw.replace(",", ""))
        except InvalidOperation as exc:
            raise ValidationError({self.key: f"'{raw}' is not a number"}) from exc
        return self._checked(value.quantize(Decimal(1).scaleb(-self.places)))

    def _checked(self, value: Decimal) -> Decimal:
        if not self.minimum <= value <= self.maximum:
            raise ValidationError(
                {self.key: f"is between {self.text(self.minimum)} and {self.text(self.maximum)}"}
            )
        return value


def _minutes_of(text: str, key: str) -> Decimal:
    match = _TIME.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError({key: f"'{text}' is not a time of day (HH:MM, e.g. 21:00)"})
    return Decimal(int(match.group(1)) * 60 + int(match.group(2)))


def limits_with_defaults(specs: Iterable[LimitSpec], stored: Mapping[str, str]) -> dict[str, Decimal]:
    """The rule's limits: stored values where they are readable, defaults for the rest."""
    out: dict[str, Decimal] = {}
    for spec in specs:
        try:
            out[spec.key] = spec._checked(Decimal(stored[spec.key]))
        except (KeyError, InvalidOperation, ValidationError):
            out[spec.key] = spec.default
    return out


def parse_limits(specs: Iterable[LimitSpec], typed: Mapping[str, str]) -> dict[str, Decimal]:
    """Every limit of a rule from what was typed; all problems are reported at once."""
    out: dict[str, Decimal] = {}
    problems: dict[str, str] = {}
    for spec in specs:
        try:
            out[spec.key] = spec.parse(typed.get(spec.key, ""))
        except ValidationError as exc:
            problems.update(exc.errors)
    if problems:
        raise ValidationError(problems)
    return out


def parse_roles(text: str) -> frozenset[Role]:
    """The stored role list ("owner,front_desk"); unknown names are ignored."""
    known = {role.value: role for role in Role}
    return frozenset(known[name] for name in (p.strip() for p in text.split(",")) if name in known)


def roles_text(roles: Iterable[Role]) -> str:
    """Stored form, in a fixed order so equal sets are equal strings."""
    return ",".join(role.value for role in Role if role in set(roles))


def roles_label(roles: Iterable[Role]) -> str:
    chosen = set(roles)
    return ", ".join(ROLE_LABELS[role] for role in Role if role in chosen) or "nobody"


def check_rule_input(roles: Iterable[Role], cooldown_minutes: int) -> None:
    """A rule somebody can see, with a cool-down between none and a week."""
    problems = {}
    if not set(roles):
        problems["roles"] = "choose at least one role to see these alerts (the owner, usually)"
    if not 0 <= cooldown_minutes <= MAX_COOLDOWN_MINUTES:
        problems["cooldown"] = f"is between 0 and {MAX_COOLDOWN_MINUTES:,} minutes"
    if problems:
        raise ValidationError(problems)


def within_cooldown(last_resolved_at: datetime | None, now: datetime, cooldown_minutes: int) -> bool:
    """Was the same subject resolved so recently that raising it again would only nag?"""
    return last_resolved_at is not None and now - last_resolved_at < timedelta(minutes=cooldown_minutes)


def checked_note(text: str, field: str = "note") -> str:
    note = " ".join(text.split())
    if len(note) > MAX_NOTE:
        raise ValidationError({field: f"is {len(note)} characters; at most {MAX_NOTE}"})
    return note
