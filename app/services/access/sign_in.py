"""Signing in: password or PIN, the shared lockout, and the terminal's registration.

The lockout counters are on the user's row, taken ``FOR UPDATE``, so every
terminal of the shop counts the same ten attempts. Argon2 runs outside the
transaction (it is slow on purpose) and an unknown or deactivated user name
costs the same time and gets the same message as a wrong password. Failed
attempts and lockouts are written to the audit log; a refusal that changes
nothing (a 10 MB password, a PIN at the front desk) writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from app.db.models import Terminal
from app.db.types import now_utc
from app.domain.contact import clean_text
from app.domain.errors import AuthenticationError
from app.domain.lockout import LockState, after_failure, after_success, locked_message
from app.domain.permissions import Actor, Role
from app.domain.pins import looks_like_pin
from app.domain.terminals import TerminalMode, parse_mode
from app.repositories.sign_in_names import forget, lock_of, name_key, shop_for_attempts, store
from app.services.access.passwords import MAX_LENGTH, verify_nobody, verify_password
from app.services.base import Service
from app.services.uow import UnitOfWork

WRONG = "Wrong user name or password."
TOO_LONG = (
    f"That password is longer than {MAX_LENGTH} characters, so it is not anyone's; nothing was checked."
)
PIN_NOT_HERE = "A PIN works only on a bay terminal. Sign in with your password here."
USERNAME_MAX = 64


@dataclass(frozen=True)
class _Found:
    """What the name typed leads to; ``user_id`` is None for a name no active person has."""

    user_id: uuid.UUID | None
    shop_id: uuid.UUID | None  # whose audit log records a failed attempt
    secret_hash: str | None
    lock: LockState


class _Outcome(Enum):
    SIGNED_IN = "signed_in"
    WRONG = "wrong"
    LOCKED = "locked"


class SignInService(Service):
    """``clock`` is the time the lockout is measured by; tests replace it."""

    clock: Callable[[], datetime] = staticmethod(now_utc)

    def sign_in(
        self, username: str, secret: str, terminal_name: str, mode: str = TerminalMode.FRONT_DESK
    ) -> Actor:
        """Check a password (or, on a bay terminal, a technician's PIN) and register the terminal."""
        if len(secret) > MAX_LENGTH:
            raise AuthenticationError(TOO_LONG)  # refused before any hashing or database work
        name = clean_text(username)
        if not name or not secret:  # a slip of the Enter key: said, not counted
            raise AuthenticationError("Type your user name and your password.")
        terminal = clean_text(terminal_name)[:100] or "Terminal"
        new_mode = parse_mode(mode)
        by_pin = looks_like_pin(secret)
        if by_pin and TerminalMode.BAY.value not in self._read(
            lambda uow: uow.terminals.modes_named(terminal)
        ):
            raise AuthenticationError(PIN_NOT_HERE)
        found = self._read(lambda uow: _find(uow, name, by_pin, terminal))
        now = self.clock()
        if found.lock.is_locked(now):
            assert found.lock.locked_until is not None
            raise AuthenticationError(locked_message(found.lock.locked_until, now))
        if found.secret_hash is not None:
            matches = verify_password(found.secret_hash, secret)
        else:
            verify_nobody(secret)  # a name nobody has, or a technician without a PIN typing one
            matches = False
        outcome, actor, locked_until = self._write(
            lambda uow: _settle(uow, found, name, matches, by_pin, terminal, new_mode, now)
        )
        if outcome is _Outcome.SIGNED_IN:
            assert actor is not None
            return actor
        if outcome is _Outcome.LOCKED and locked_until is not None:
            raise AuthenticationError(locked_message(locked_until, now))
        raise AuthenticationError(WRONG)

    def register_terminal(
        self, shop_id: uuid.UUID, name: str, mode: str = TerminalMode.FRONT_DESK
    ) -> tuple[uuid.UUID, TerminalMode]:
        """This installation as a terminal of the shop; an existing one keeps its registered mode."""
        clean = clean_text(name)[:100] or "Terminal"
        checked = parse_mode(mode)

        def work(uow: UnitOfWork) -> tuple[uuid.UUID, TerminalMode]:
            terminal = _terminal(uow, shop_id, clean, checked)
            found = terminal.id, parse_mode(terminal.mode)
            uow.commit()
            return found

        return self._write(work)


def _find(uow: UnitOfWork, name: str, by_pin: bool, terminal: str) -> _Found:
    """The same statements for every name: the person, the name's count, the shop that records it."""
    user = uow.users.by_username(name)
    fallback = shop_for_attempts(uow.session, terminal)
    shop_id = user.shop_id if user is not None and user.active else fallback
    by_name = lock_of(uow.session, shop_id, name)
    if user is None or not user.active:
        return _Found(None, fallback, None, by_name)
    role = Role(user.role)
    secret_hash = user.pin_hash if by_pin and role == Role.TECHNICIAN else user.password_hash
    if by_pin and role != Role.TECHNICIAN:
        secret_hash = None  # only technicians have PINs; for anyone else it is a wrong password
    return _Found(user.id, user.shop_id, secret_hash, LockState(user.failed_attempts, user.locked_until))


def _settle(
    uow: UnitOfWork,
    found: _Found,
    name: str,
    matches: bool,
    by_pin: bool,
    terminal_name: str,
    mode: TerminalMode,
    now: datetime,
) -> tuple[_Outcome, Actor | None, datetime | None]:
    """Under the name's locks: count a failure, or reset the count and register the terminal."""
    user = uow.users.by_username(name, for_update=True)
    by_name = lock_of(uow.session, found.shop_id, name, for_update=True)
    real = user is not None and user.active and user.id == found.user_id
    state = LockState(user.failed_attempts, user.locked_until) if real and user is not None else by_name
    if state.is_locked(now):  # another terminal locked it meanwhile
        return _Outcome.LOCKED, None, state.locked_until
    how = "pin" if by_pin else "password"
    if not matches or not real or user is None:
        after = after_failure(state, now)
        store(uow.session, found.shop_id, name, after)
        _record_failure(uow, found, name, state, after, {"terminal": terminal_name, "with": how})
        uow.commit()
        if after.locked_until is not None:
            return _Outcome.LOCKED, None, after.locked_until
        return _Outcome.WRONG, None, None
    terminal = _terminal(uow, user.shop_id, terminal_name, mode)
    terminal_mode = parse_mode(terminal.mode)
    role = Role.TECHNICIAN if by_pin else Role(user.role)  # a PIN never gives more than technician rights
    if by_pin and terminal_mode != TerminalMode.BAY:
        return _Outcome.WRONG, None, None  # the terminal's mode changed meanwhile: nothing written
    fresh = after_success()
    user.failed_attempts, user.locked_until = fresh.failed_attempts, fresh.locked_until
    forget(uow.session, user.shop_id, name)
    actor = Actor(
        user.id, user.shop_id, role, user.display_name, terminal.id, terminal_mode, by_pin, user.username
    )
    uow.record(
        actor, user.shop_id, "users", user.id, "sign_in", None, {"terminal": terminal.name, "with": how}
    )
    uow.commit()
    return _Outcome.SIGNED_IN, actor, None


def _record_failure(
    uow: UnitOfWork, found: _Found, name: str, before: LockState, after: LockState, where: dict[str, str]
) -> None:
    """The failed attempt (and a lock) in the audit log: on the person, or on the name's key."""
    if found.shop_id is None:
        return  # no shop at all yet: nobody to tell
    table, record = (
        ("users", str(found.user_id)) if found.user_id is not None else ("sign_in_names", name_key(name))
    )
    uow.record(
        None, found.shop_id, table, record, "sign_in_failed",
        {"failed_attempts": before.failed_attempts},
        {"failed_attempts": after.failed_attempts, **where},
    )  # fmt: skip
    if after.locked_until is not None:
        uow.record(None, found.shop_id, table, record, "locked", None, {"locked_until": after.locked_until})


def _terminal(uow: UnitOfWork, shop_id: uuid.UUID, name: str, mode: TerminalMode) -> Terminal:
    """The terminal row (its registered mode wins over this computer's setting), seen now."""
    terminal = uow.terminals.by_name(shop_id, name)
    if terminal is None:
        terminal = Terminal(shop_id=shop_id, name=name, mode=mode.value)
        uow.terminals.add(terminal)
        uow.session.flush()
        uow.record(None, shop_id, "terminals", terminal.id, "register", None, {"name": name, "mode": mode})
    terminal.last_seen_at = now_utc()
    return terminal
