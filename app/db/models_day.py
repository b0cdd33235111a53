"""Cash drawer sessions, drawer movements and day closes: the owner's end of day (issue 6)."""

from __future__ import annotations
