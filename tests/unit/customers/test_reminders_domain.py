"""Service reminders: the next due date and mileage, and 'due soon' by whichever comes first."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.customers.reminders import add_months, is_due_soon, next_due

TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),  # no Feb 31: the last day of February
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 1, 15), 6, date(2024, 7, 15)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),  # over the new year
        (date(2024, 10, 31), 14, date(2025, 12, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_next_due_by_both_date_and_mileage() -> None:
    # oil every 6 months or 5,000 miles, done on 15 Jan 2024 at 42,100 miles
    assert next_due(date(2024, 1, 15), 42_100, 6, 5_000) == (date(2024, 7, 15), 47_100)


def test_next_due_by_date_only_or_mileage_only() -> None:
    assert next_due(date(2024, 1, 15), 42_100, 6, None) == (date(2024, 7, 15), None)
    assert next_due(date(2024, 1, 15), 42_100, None, 5_000) == (None, 47_100)
    # mileage interval but no odometer reading on the order: only the date can fall due
    assert next_due(date(2024, 1, 15), None, 6, 5_000) == (date(2024, 7, 15), None)


@pytest.mark.parametrize(
    ("due_date", "due_miles", "odometer", "soon"),
    [
        (date(2024, 6, 20), 60_000, 50_000, True),  # date within 30 days, miles far
        (date(2024, 7, 1), None, None, True),  # exactly 30 days ahead
        (date(2024, 7, 2), None, None, False),  # 31 days ahead
        (date(2024, 5, 1), None, 10_000, True),  # overdue by date
        (date(2025, 1, 1), 60_000, 59_600, True),  # miles within 500 while the date is far
        (date(2025, 1, 1), 60_000, 59_500, True),  # exactly 500 miles to go
        (date(2025, 1, 1), 60_000, 59_499, False),  # 501 miles to go, date far
        (date(2025, 1, 1), 60_000, 61_000, True),  # overdue by miles
        (date(2025, 1, 1), 60_000, None, False),  # no odometer known: only the date counts
        (None, 60_000, 59_900, True),  # mileage-only reminder
        (None, None, 59_900, False),
    ],
)
def test_due_soon_by_date_or_mileage_whichever_comes_first(
    due_date: date | None, due_miles: int | None, odometer: int | None, soon: bool
) -> None:
    assert is_due_soon(due_date, due_miles, odometer, TODAY) is soon
