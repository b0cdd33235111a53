"""Column types that keep money exact and time in UTC on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer, String
from sqlalchemy.types import TypeDecorator

from app.domain.money import from_cents, rate_from_millionths, rate_to_millionths, to_cents


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out.

    SQLite has no time zones, so values are stored as naive UTC there;
    PostgreSQL stores ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def now_utc() -> datetime:
    return datetime.now(UTC)


def binary_string(length: int) -> String:
    """A string compared byte by byte, so a prefix search is an index range scan.

    SQLite compares BINARY by default; PostgreSQL needs the "C" collation.
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")  # type: ignore[return-value]


class Money(TypeDecorator[Decimal]):
    """A ``Decimal`` amount stored as integer cents: no float ever holds money."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        return None if value is None else to_cents(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else from_cents(int(value))


class Rate(TypeDecorator[Decimal]):
    """A rate (0.0725 for 7.25 %) stored as integer millionths."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        return None if value is None else rate_to_millionths(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else rate_from_millionths(int(value))
