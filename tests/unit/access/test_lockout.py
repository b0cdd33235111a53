"""Lockout timing (DOMAIN.md: 10 failed attempts lock the account for 30 minutes), on a moved clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain.lockout import (
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    LockState,
    after_failure,
    after_success,
    attempts_left,
    locked_message,
)

T0 = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


def fail(state: LockState, times: int, at: datetime) -> LockState:
    for _ in range(times):
        state = after_failure(state, at)
    return state


def test_nine_failures_leave_the_account_open_and_the_tenth_locks_it_for_thirty_minutes() -> None:
    state = fail(LockState(), 9, T0)
    assert not state.is_locked(T0)
    assert attempts_left(state) == 1
    state = after_failure(state, T0 + timedelta(seconds=5))
    assert state.locked_until == T0 + timedelta(seconds=5) + timedelta(minutes=30)
    assert timedelta(minutes=30) == LOCKOUT and MAX_FAILED_ATTEMPTS == 10
    assert state.is_locked(T0 + timedelta(minutes=30))
    assert not state.is_locked(T0 + timedelta(minutes=30, seconds=5))


def test_attempts_during_a_lock_neither_count_nor_extend_it() -> None:
    locked = fail(LockState(), 10, T0)
    assert fail(locked, 50, T0 + timedelta(minutes=29)) == locked


def test_after_a_lock_runs_out_the_count_starts_again() -> None:
    locked = fail(LockState(), 10, T0)
    later = T0 + timedelta(minutes=31)
    once = after_failure(locked, later)
    assert once == LockState(1, None)
    assert not fail(once, 8, later).is_locked(later)
    assert fail(once, 9, later).is_locked(later)


def test_a_success_clears_the_count() -> None:
    assert after_success() == LockState(0, None)
    assert attempts_left(after_success()) == 10


def test_the_message_says_how_long_to_wait_in_whole_minutes() -> None:
    until = T0 + timedelta(minutes=30)
    assert "Try again in 30 minutes" in locked_message(until, T0)
    assert "Try again in 1 minute," in locked_message(until, until - timedelta(seconds=20))
    assert "10 failed sign-in attempts" in locked_message(until, T0)
