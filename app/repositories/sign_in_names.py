"""Failed sign-ins counted by name: the same statements whether the name is a person's or nobody's."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.db.models import Shop, SignInName, Terminal, User
from app.domain.lockout import LockState


def name_key(name: str) -> str:
    """The name as it is counted: folded, then hashed (the table never holds a name typed)."""
    return hashlib.sha256(name.casefold().encode("utf-8")).hexdigest()


def lock_of(session: Session, shop_id: uuid.UUID | None, name: str, *, for_update: bool = False) -> LockState:
    stmt = select(SignInName).where(SignInName.shop_id == shop_id, SignInName.name_key == name_key(name))
    if for_update:
        stmt = stmt.with_for_update()
    row = session.scalar(stmt)
    return LockState(row.failed_attempts, row.locked_until) if row is not None else LockState()


def store(session: Session, shop_id: uuid.UUID | None, name: str, state: LockState) -> None:
    """The name's count and lock, in its own row and on the active person's row of that name (if any).

    Both statements run for every name: an unknown name's UPDATE of ``users`` finds no row.
    """
    key = name_key(name)
    row = session.get(SignInName, (shop_id, key)) if shop_id is not None else None
    if row is None and shop_id is not None:
        row = SignInName(shop_id=shop_id, name_key=key, failed_attempts=0)
        session.add(row)
    if row is not None:
        row.failed_attempts, row.locked_until = state.failed_attempts, state.locked_until
        session.flush()
    session.execute(
        update(User)
        .where(func.lower(User.username) == name.lower(), User.active.is_(True))
        .values(failed_attempts=state.failed_attempts, locked_until=state.locked_until)
        .execution_options(synchronize_session=False)
    )


def forget(session: Session, shop_id: uuid.UUID, name: str) -> None:
    """The name's count cleared (a sign-in went through)."""
    row = session.get(SignInName, (shop_id, name_key(name)))
    if row is not None:
        row.failed_attempts, row.locked_until = 0, None


def shop_for_attempts(session: Session, terminal_name: str) -> uuid.UUID | None:
    """Whose audit log records a failed sign-in by a name nobody has: the terminal's shop, or the first.

    Both look-ups run for every attempt, so a real name and an unknown one cost the same.
    """
    by_terminal = session.scalar(
        select(Terminal.shop_id).where(Terminal.name == terminal_name).order_by(Terminal.shop_id).limit(1)
    )
    first = session.scalar(select(Shop.id).order_by(Shop.id).limit(1))
    return by_terminal if by_terminal is not None else first
