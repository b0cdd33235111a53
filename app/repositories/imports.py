"""Import keys, saved column mappings, and the look-ups an import matches rows with."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select

from app.db.models import Customer, Vehicle
from app.db.models_imports import ImportKey, ImportMapping
from app.db.types import now_utc
from app.repositories.base import Repository


class ImportRepository(Repository):
    def known(self, shop_id: uuid.UUID, kind: str, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` were imported before."""
        wanted = list(set(keys))
        if not wanted:
            return set()
        stmt = select(ImportKey.row_key).where(
            ImportKey.shop_id == shop_id, ImportKey.kind == kind, ImportKey.row_key.in_(wanted)
        )
        return set(self.session.scalars(stmt))

    def add_keys(self, rows: list[dict[str, Any]]) -> None:
        """Many keys in one statement, at the end of a batch."""
        if rows:
            self.session.execute(insert(ImportKey), rows)

    def record_for(self, shop_id: uuid.UUID, kind: str, source_id: str) -> uuid.UUID | None:
        """What the old system's ``source_id`` became here (a customer or a vehicle imported earlier)."""
        stmt = (
            select(ImportKey.record_id)
            .where(ImportKey.shop_id == shop_id, ImportKey.kind == kind, ImportKey.source_id == source_id)
            .limit(1)
        )
        return self.session.scalar(stmt)

    def customer_like(self, shop_id: uuid.UUID, email_key: str, phone_digits: str) -> Customer | None:
        """A customer already here with this e-mail, else with this phone (the duplicate check).

        One indexed look-up per key: an OR of the two would read the whole
        shop's customers on SQLite, once per imported row.
        """
        for column, value in ((Customer.email_key, email_key), (Customer.phone_digits, phone_digits)):
            if not value:
                continue
            stmt = (
                select(Customer)
                .where(Customer.shop_id == shop_id, column == value, Customer.deleted_at.is_(None))
                .order_by(Customer.created_at)
                .limit(1)
            )
            found = self.session.scalar(stmt)
            if found is not None:
                return found
        return None

    def vehicle_by_plate(self, shop_id: uuid.UUID, plate_key: str) -> Vehicle | None:
        stmt = (
            select(Vehicle)
            .where(Vehicle.shop_id == shop_id, Vehicle.plate_key == plate_key, Vehicle.deleted_at.is_(None))
            .limit(1)
        )
        return self.session.scalar(stmt)

    def mapping(self, shop_id: uuid.UUID, kind: str, signature: str) -> dict[str, str] | None:
        row = self._mapping_row(shop_id, kind, signature)
        return dict(json.loads(row.mapping)) if row is not None else None

    def save_mapping(
        self, shop_id: uuid.UUID, kind: str, signature: str, mapping: dict[str, str], user_id: uuid.UUID
    ) -> None:
        row = self._mapping_row(shop_id, kind, signature)
        if row is None:
            row = ImportMapping(shop_id=shop_id, kind=kind, signature=signature, mapping="", saved_by=user_id)
            self.session.add(row)
        row.mapping = json.dumps(mapping, sort_keys=True)
        row.saved_by = user_id
        row.saved_at = now_utc()

    def _mapping_row(self, shop_id: uuid.UUID, kind: str, signature: str) -> ImportMapping | None:
        return self.session.scalar(
            select(ImportMapping).where(
                ImportMapping.shop_id == shop_id,
                ImportMapping.kind == kind,
                ImportMapping.signature == signature,
            )
        )
