"""Shops, their users and terminals, and shop settings."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, bindparam, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer

from app.db.models import Setting, Shop, Terminal, User
from app.domain.errors import ConflictError
from app.repositories.base import Repository

_SETTINGS = Setting.__table__
_USERS = User.__table__
_STANDING = select(_USERS.c.role, _USERS.c.active).where(_USERS.c.id == bindparam("user_id"))
_SETTING = select(_SETTINGS.c.value).where(
    _SETTINGS.c.shop_id == bindparam("shop_id"), _SETTINGS.c.key == bindparam("key")
)


class ShopRepository(Repository):
    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(Shop)) or 0

    def get(self, shop_id: uuid.UUID) -> Shop | None:
        return self.session.get(Shop, shop_id)

    def all(self) -> list[Shop]:
        return list(self.session.scalars(select(Shop).order_by(Shop.created_at)))

    def add(self, shop: Shop) -> None:
        self.session.add(shop)

    def setting(self, shop_id: uuid.UUID, key: str) -> str | None:
        """The value as this transaction sees it: a row it already loaded, else one Core probe."""
        loaded = self.session.identity_map.get(self.session.identity_key(Setting, (shop_id, key)))
        if loaded is not None:
            return loaded.value  # type: ignore[no-any-return]
        return self.session.connection().execute(_SETTING, {"shop_id": shop_id, "key": key}).scalar()

    def set_setting(self, shop_id: uuid.UUID, key: str, value: str) -> None:
        row = self.session.get(Setting, (shop_id, key))
        if row is None:
            self.session.add(Setting(shop_id=shop_id, key=key, value=value))
        else:
            row.value = value

    def for_update(self, shop_id: uuid.UUID) -> Shop | None:
        return self.session.scalar(select(Shop).where(Shop.id == shop_id).with_for_update())


class UserRepository(Repository):
    def get(self, user_id: uuid.UUID) -> User | None:
        return self.session.get(User, user_id)

    def in_shop(self, shop_id: uuid.UUID, user_id: uuid.UUID, *, for_update: bool = False) -> User | None:
        stmt = select(User).where(User.shop_id == shop_id, User.id == user_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def all_in_shop(self, shop_id: uuid.UUID) -> list[User]:
        """Everyone, deactivated people too (the audit log keeps pointing at them)."""
        stmt = (
            select(User)
            .where(User.shop_id == shop_id)
            .order_by(User.display_name, User.username)
            .options(undefer(User.labor_cost_rate))
        )
        return list(self.session.scalars(stmt))

    def lock_active_owners(self, shop_id: uuid.UUID) -> list[User]:
        """The shop's active owners, locked in id order (the fixed lock order) until commit.

        Two owners demoting each other at once queue here, so the last one
        standing is always kept.
        """
        stmt = (
            select(User)
            .where(User.shop_id == shop_id, User.role == "owner", User.active.is_(True))
            .order_by(User.id)
            .with_for_update()
        )
        return list(self.session.scalars(stmt))

    def by_username(self, username: str, *, for_update: bool = False) -> User | None:
        stmt = select(User).where(func.lower(User.username) == username.lower())
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def add(self, user: User) -> None:
        """Add and flush. User names are unique across the chain, but under row-level security a
        terminal cannot see another shop's users: the unique index is what finds the clash."""
        self.session.add(user)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise ConflictError(
                f"The user name '{user.username}' is taken (perhaps in another shop of the chain)."
            ) from exc

    def with_role(self, shop_id: uuid.UUID, role: str) -> list[User]:
        stmt = (
            select(User)
            .where(User.shop_id == shop_id, User.role == role, User.active.is_(True))
            .order_by(User.display_name)
        )
        return list(self.session.scalars(stmt))

    def names(self, user_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not user_ids:
            return {}
        rows = self.session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
        return {row.id: row.display_name for row in rows}

    def labor_cost_rates(self, user_ids: set[uuid.UUID]) -> dict[uuid.UUID, Decimal]:
        """The labor cost rate of each of these people who has one."""
        if not user_ids:
            return {}
        stmt = select(User.id, User.labor_cost_rate).where(
            User.id.in_(user_ids), User.labor_cost_rate.is_not(None)
        )
        return {row.id: row.labor_cost_rate for row in self.session.execute(stmt)}

    def standing(self, user_id: uuid.UUID) -> tuple[str, bool] | None:
        """(role, active) of a user as this transaction read the row, before its own unsaved edits.

        One primary-key read (none when the row is loaded already). An action that
        changes the person's own row (an owner stepping down) is judged by what
        they were when it began, not by the change it is making.
        """
        user = self.session.identity_map.get(self.session.identity_key(User, user_id))
        if user is None:  # not loaded: the row as stored, by a statement built once
            row = self.session.connection().execute(_STANDING, {"user_id": user_id}).first()
            return (str(row[0]), bool(row[1])) if row is not None else None
        return str(_as_loaded(user, "role")), bool(_as_loaded(user, "active"))


def _as_loaded(row: Any, name: str) -> Any:
    history = inspect(row).attrs[name].history
    return history.deleted[0] if history.deleted else getattr(row, name)


class TerminalRepository(Repository):
    def by_name(self, shop_id: uuid.UUID, name: str) -> Terminal | None:
        return self.session.scalar(select(Terminal).where(Terminal.shop_id == shop_id, Terminal.name == name))

    def modes_named(self, name: str) -> set[str]:
        """The modes of every terminal registered under ``name`` (one per shop of a chain)."""
        return set(self.session.scalars(select(Terminal.mode).where(Terminal.name == name)))

    def in_shop(
        self, shop_id: uuid.UUID, terminal_id: uuid.UUID, *, for_update: bool = False
    ) -> Terminal | None:
        stmt = select(Terminal).where(Terminal.shop_id == shop_id, Terminal.id == terminal_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def names(self, terminal_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not terminal_ids:
            return {}
        rows = self.session.execute(select(Terminal.id, Terminal.name).where(Terminal.id.in_(terminal_ids)))
        return {row.id: row.name for row in rows}

    def all_in_shop(self, shop_id: uuid.UUID) -> list[Terminal]:
        return list(
            self.session.scalars(select(Terminal).where(Terminal.shop_id == shop_id).order_by(Terminal.name))
        )

    def add(self, terminal: Terminal) -> None:
        self.session.add(terminal)


def setting_value(connection: Connection, shop_id: uuid.UUID, key: str) -> str | None:
    """A shop setting's value, read on a plain connection (one statement built once)."""
    return connection.execute(_SETTING, {"shop_id": shop_id, "key": key}).scalar()
