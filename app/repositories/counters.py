"""Per-shop document numbers from a locked counter row: never max()+1."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.db.models import Counter
from app.repositories.base import Repository


class CounterRepository(Repository):
    def create(self, shop_id: uuid.UUID, name: str, start: int = 0) -> None:
        self.session.add(Counter(shop_id=shop_id, name=name, value=start))

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
