"""Per-shop document numbers from a locked counter row: never max()+1."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.db.models import Counter
from app.repositories.base import Repository


class CounterRepository(Repository):
    def create(self, shop_id: uuid.UUID, name: str, start: int = 0) -> None:
        self.session.add(Counter(shop_id=shop_id, name=name, value=start))

    def ensure(self, shop_id: uuid.UUID, name: str, start: int = 0) -> None:
        """Create the counter if it is missing; a concurrent creator is not an error."""
        dialect = self.session.get_bind().dialect.name
        values = {"shop_id": shop_id, "name": name, "value": start}
        if dialect == "postgresql":
            stmt: Any = pg_insert(Counter).values(values).on_conflict_do_nothing()
        else:
            stmt = sqlite_insert(Counter).values(values).on_conflict_do_nothing()
        self.session.execute(stmt)

    def lock(self, shop_id: uuid.UUID, name: str) -> int:
        """Take the counter's row lock without taking a number; returns the last number given.

        A use case that must read, then write, something only one terminal may
        write at a time (the reorder list becoming purchase orders) takes this
        lock first, and reads after it: a second terminal waits here, then
        reads what the first one committed.
        """
        counter = self.session.scalar(
            select(Counter).where(Counter.shop_id == shop_id, Counter.name == name).with_for_update()
        )
        if counter is None:
            raise LookupError(f"no counter {name!r} for this shop")
        return counter.value

    def next(self, shop_id: uuid.UUID, name: str) -> int:
        """The next number, under a row lock held until the transaction ends.

        A rolled-back transaction releases the number with the lock, so no gap
        is left behind; concurrent callers queue on the row.
        """
        counter = self.session.scalar(
            select(Counter).where(Counter.shop_id == shop_id, Counter.name == name).with_for_update()
        )
        if counter is None:
            raise LookupError(f"no counter {name!r} for this shop")
        counter.value += 1
        self.session.flush()
        return counter.value
