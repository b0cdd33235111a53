"""Service bays on paper: statuses, capacity, which work orders may go in, opening hours, photos."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.domain.errors import ValidationError
from app.domain.technician_time import hours, overlap_seconds
from app.domain.work_orders import STATUS_LABELS, Status

MAX_CAPACITY = 10
PHOTO_LIMIT_BYTES = 5 * 1024 * 1024


class BayStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    MAINTENANCE = "maintenance"


BAY_STATUS_LABELS = {
    BayStatus.ACTIVE: "Active",
    BayStatus.INACTIVE: "Inactive",
    BayStatus.MAINTENANCE: "Maintenance",
}


class AssignmentStatus(StrEnum):
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


OPEN_ASSIGNMENTS = (AssignmentStatus.ASSIGNED.value, AssignmentStatus.IN_PROGRESS.value)
# A car goes into a bay once the customer has authorized work, and until it is done.
ASSIGNABLE = (Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD)


class Condition(StrEnum):
    GOOD = "good"
    SOON = "soon"
    NOW = "now"


CONDITION_LABELS = {
    Condition.GOOD: "Good",
    Condition.SOON: "Needs attention soon",
    Condition.NOW: "Needs attention now",
}


def check_capacity_value(capacity: int) -> None:
    if not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError({"capacity": f"a bay holds 1 to {MAX_CAPACITY} cars"})


def check_bay_takes(bay_name: str, status: str, occupied: int, capacity: int, override_reason: str) -> bool:
    """May one more car go into this bay? True when only the override reason lets it in.

    A bay in maintenance (or taken out of use) takes none, override or not.
    """
    if status == BayStatus.MAINTENANCE:
        raise ValidationError({"bay": f"{bay_name} is in maintenance and takes no car"})
    if status != BayStatus.ACTIVE:
        raise ValidationError({"bay": f"{bay_name} is not in use"})
    if occupied < capacity:
        return False
    if not override_reason.strip():
        cars = "car" if capacity == 1 else "cars"
        raise ValidationError(
            {"bay": f"{bay_name} is full ({occupied} of {capacity} {cars}); give a reason to override"}
        )
    return True


def check_assignable(number: int, status: str) -> None:
    """Only an authorized, unfinished work order goes into a bay."""
    current = Status(status)
    if current not in ASSIGNABLE:
        raise ValidationError(
            {
                "work_order": f"work order {number} is {STATUS_LABELS[current].lower()}; "
                "only approved work in progress goes into a bay"
            }
        )


@dataclass(frozen=True)
class OpeningHours:
    """When the bays are open: the same hours on the listed weekdays (0 = Monday)."""

    opens: time = time(8, 0)
    closes: time = time(17, 0)
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5)

    @classmethod
    def from_json(cls, text: str | None) -> OpeningHours:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(
            time.fromisoformat(data["opens"]),
            time.fromisoformat(data["closes"]),
            tuple(int(d) for d in data["weekdays"]),
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "opens": self.opens.isoformat("minutes"),
                "closes": self.closes.isoformat("minutes"),
                "weekdays": list(self.weekdays),
            }
        )

    def windows(self, first: date, last: date, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
        """The open spans of each open day from ``first`` to ``last`` inclusive, as aware datetimes."""
        out = []
        day = first
        while day <= last:
            if day.weekday() in self.weekdays and self.closes > self.opens:
                out.append(
                    (datetime.combine(day, self.opens, zone), datetime.combine(day, self.closes, zone))
                )
            day += timedelta(days=1)
        return out


def open_hours(windows: list[tuple[datetime, datetime]]) -> Decimal:
    return hours(sum((overlap_seconds(lo, hi, lo, hi) for lo, hi in windows), Decimal(0)))


def occupied_hours(
    spans: list[tuple[datetime, datetime]], windows: list[tuple[datetime, datetime]]
) -> Decimal:
    """Hours a bay held at least one car while open (two cars at once count once)."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    seconds = Decimal(0)
    for start, end in merged:
        for lo, hi in windows:
            seconds += overlap_seconds(start, end, lo, hi)
    return hours(seconds)


def image_type(data: bytes) -> str | None:
    """The image format from the file's first bytes (never from its name), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:2] == b"BM" and len(data) > 26:
        return "bmp"
    return None


def check_photo(data: bytes, name: str = "the file") -> str:
    """The photo's format; refuses what is not an image, is empty, or is over the size limit."""
    if not data:
        raise ValidationError({"photo": f"{name} is empty"})
    if len(data) > PHOTO_LIMIT_BYTES:
        size = len(data) / (1024 * 1024)
        limit = PHOTO_LIMIT_BYTES // (1024 * 1024)
        raise ValidationError({"photo": f"{name} is {size:.1f} MB; a photo may be at most {limit} MB"})
    kind = image_type(data)
    if kind is None:
        raise ValidationError({"photo": f"{name} is not a picture (PNG, JPEG, GIF, WebP or BMP)"})
    return kind
