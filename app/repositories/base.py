"""What every repository shares: the session it works on and prefix ranges."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_
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
