"""Sign-in lockout as arithmetic on plain values (DOMAIN.md: 10 failed attempts, 30 minutes).

The counters live on the user's row, so every terminal of the shop shares
them; the service takes that row under a lock and asks these functions what
the next state is. The clock is passed in, so tests can move time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILED_ATTEMPTS = 10
LOCKOUT = timedelta(minutes=30)


@dataclass(frozen=True)
class LockState:
    failed_attempts: int = 0
    locked_until: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


def after_failure(state: LockState, now: datetime) -> LockState:
    """One more wrong password; the tenth in a row locks the account for ``LOCKOUT``.

    A lock that has run out starts the count afresh, so the eleventh attempt
    after a lock is the first of the next ten, not an instant new lock.
    """
    if state.is_locked(now):
        return state  # attempts during a lock are refused without being counted
    count = 0 if state.locked_until is not None else state.failed_attempts
    count += 1
    if count >= MAX_FAILED_ATTEMPTS:
        return LockState(count, now + LOCKOUT)
    return LockState(count, None)


def after_success() -> LockState:
    return LockState(0, None)


def attempts_left(state: LockState) -> int:
    return max(0, MAX_FAILED_ATTEMPTS - state.failed_attempts)


def locked_message(locked_until: datetime, now: datetime) -> str:
    """What the person at the sign-in window is told while the account is locked."""
    minutes = max(1, -(-int((locked_until - now).total_seconds()) // 60))
    return (
        f"This account is locked after {MAX_FAILED_ATTEMPTS} failed sign-in attempts. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, or ask the owner to unlock it."
    )
