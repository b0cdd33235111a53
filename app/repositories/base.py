"""What every repository shares: the session it works on, prefix ranges, a report's plans."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, text
from sqlalchemy.orm import Session


class Repository:
    def __init__(self, session: Session) -> None:
        self.session = session


def prefix_range(column: Any, prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix``, written as an index range scan.

    ``LIKE 'abc%'`` only uses an index under collations neither database has by
    default; ``column >= 'abc' AND column < 'abd'`` does on both, because
    search-key columns compare bytes (see app/db/types.binary_string).
    """
    return and_(column >= prefix, column < prefix_end(prefix))


def prefix_end(prefix: str) -> str:
    """The first string after every string that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def plan_for_these_values(session: Session) -> None:
    """Plan each statement of this transaction for the values it is given (PostgreSQL).

    The driver prepares a statement it has run a few times, and the server
    then keeps one generic plan for it, chosen without the values. A report
    over a period is the statement that goes wrong that way: planned for "some
    dates", a scan of ten years of invoices runs as an index scan on one core
    instead of a parallel scan, twice as long. A report runs rarely and reads
    much; planning it each time costs a fraction of a millisecond.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
