"""When each demo car comes in: ten years of visits, and the open board of the last two weeks.

Some cars come in often, most a few times, none before its model year; every
visit falls in the shop's opening hours. An open work order is the last
visit of its car, opened in the last two weeks (most of them in the last few
days), so the board looks like a working week's.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from app.domain.work_orders import Status

YEARS = 10
OPEN_DAYS = 14
OPEN_STATUSES = (
    (Status.ESTIMATE, Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED),
    (25, 15, 25, 12, 23),
)
SHOP_TZ = ZoneInfo("America/Los_Angeles")  # the demo shop's, for opening hours


@dataclass(frozen=True)
class Car:
    vehicle_id: uuid.UUID
    customer_id: uuid.UUID
    year: int
    odometer: int


class Visit(NamedTuple):
    """A work order to be: when it was opened, which car (an index), and its status if still open."""

    at: datetime
    car: int
    open_status: Status | None


def plan_dates(
    rng: random.Random, cars: list[Car], total: int, open_count: int, now: datetime
) -> list[Visit]:
    """Every visit, oldest first: ``open_count`` open ones and the rest of ``total`` in the past."""
    weights = [rng.gammavariate(0.7, 1.0) for _ in cars]
    plans = _open_visits(rng, len(cars), open_count, now)
    opened = {visit.car: visit.at for visit in plans}
    plans += _past_visits(rng, cars, weights, total - len(plans), opened, now)
    plans.sort(key=lambda p: p[0])
    return plans


def _open_visits(rng: random.Random, car_count: int, open_count: int, now: datetime) -> list[Visit]:
    """The open board: one order per chosen car, opened in the last two weeks, before now."""
    visits: list[Visit] = []
    for index in rng.sample(range(car_count), min(open_count, car_count)):
        at = _business_hours(rng, now - timedelta(days=OPEN_DAYS * rng.random() ** 2))
        if at > now - timedelta(minutes=20):  # not opened yet today: this morning
            at = _business_hours(rng, now - timedelta(days=1))
        visits.append(Visit(at, index, rng.choices(*OPEN_STATUSES)[0]))
    return visits


def _past_visits(
    rng: random.Random,
    cars: list[Car],
    weights: list[float],
    count: int,
    opened: dict[int, datetime],
    now: datetime,
) -> list[Visit]:
    """Closed visits over the years, more for the cars with a heavier weight; before any open one."""
    start = now - timedelta(days=365 * YEARS)
    end = now - timedelta(days=1)
    visits: list[Visit] = []
    for index in rng.choices(range(len(cars)), weights, k=count):
        first = max(start, datetime(cars[index].year - 1, 7, 1, tzinfo=UTC))
        at = first + (end - first) * rng.random() if first < end else end
        if index in opened and at > opened[index] - timedelta(days=2):
            at = opened[index] - timedelta(days=rng.randint(30, 400))
        visits.append(Visit(_business_hours(rng, at), index, None))
    return visits


def _business_hours(rng: random.Random, at: datetime) -> datetime:
    """The same day, between 7:30 and 17:30 in the shop's time zone (never on a Sunday)."""
    local = at.astimezone(SHOP_TZ)
    if local.weekday() == 6:
        local += timedelta(days=1)
    minutes = rng.randint(7 * 60 + 30, 17 * 60 + 30)
    opened = local.replace(hour=minutes // 60, minute=minutes % 60, second=rng.randint(0, 59), microsecond=0)
    return opened.astimezone(UTC)


def odometer_at(car: Car, at: datetime, now: datetime) -> int:
    """Miles grow evenly from the car's first summer to its reading today."""
    born = datetime(car.year - 1, 7, 1, tzinfo=UTC)
    share = (at - born) / (now - born) if now > born else 1.0
    return max(1, int(car.odometer * min(max(share, 0.0), 1.0)))
