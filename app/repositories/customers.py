"""Customers, vehicles and odometer readings, and the front desk's one search."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, Select, Uuid, and_, cast, func, insert, literal, null, or_, select, union_all

from app.db.models import Customer, OdometerReading, Vehicle
from app.domain.search import SearchTerms
from app.repositories.base import Repository, prefix_range

SEARCH_COLUMNS = (
    Customer.id,
    Customer.kind,
    Customer.first_name,
    Customer.last_name,
    Customer.company_name,
    Customer.phone,
    Customer.email,
    Customer.city,
)
_NO_VEHICLE = cast(null(), Uuid)


class CustomerRepository(Repository):
    def get(self, shop_id: uuid.UUID, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer | None:
        stmt = select(Customer).where(
            Customer.id == customer_id, Customer.shop_id == shop_id, Customer.deleted_at.is_(None)
        )
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def get_any(self, customer_id: uuid.UUID) -> Customer:
        """A customer even if deleted since: documents keep pointing at them."""
        return self.session.get_one(Customer, customer_id)

    def add(self, customer: Customer) -> None:
        self.session.add(customer)
        self.session.flush()

    def bulk_insert(self, rows: list[dict[str, Any]]) -> None:
        """Many customers in one statement (demo data, imports)."""
        self.session.execute(insert(Customer), rows)

    def recent(self, shop_id: uuid.UUID, limit: int) -> list[Row[Any]]:
        stmt = (
            select(*SEARCH_COLUMNS, null().label("vehicle_id"))
            .where(Customer.shop_id == shop_id, Customer.deleted_at.is_(None))
            .order_by(Customer.updated_at.desc())
            .limit(limit)
        )
        return list(self.session.execute(stmt))

    def search(self, shop_id: uuid.UUID, terms: SearchTerms, limit: int) -> list[Row[Any]]:
        """Customers matching any key; rows found through a vehicle name it.

        Every branch is an index range scan cut at ``limit`` rows, so a one-letter
        query on 100,000 customers costs no more than a precise one.
        """
        stmt = search_statement(shop_id, terms, limit)
        return list(self.session.execute(stmt)) if stmt is not None else []


def search_statement(shop_id: uuid.UUID, terms: SearchTerms, limit: int) -> Select[Any] | None:
    live = and_(Customer.shop_id == shop_id, Customer.deleted_at.is_(None))
    branches: list[Select[Any]] = []

    def customers_where(condition: Any, order: Any) -> None:
        inner = select(Customer.id.label("cid"), _NO_VEHICLE.label("vid"), literal(1).label("rank"))
        branches.append(_limited(inner.where(live, condition).order_by(order), limit))

    if terms.name_tokens:
        first, rest = terms.name_tokens[0], terms.name_tokens[1:]
        extra = [
            or_(
                prefix_range(Customer.first_key, t),
                prefix_range(Customer.last_key, t),
                prefix_range(Customer.company_key, t),
            )
            for t in rest
        ]
        for column in (Customer.last_key, Customer.first_key, Customer.company_key):
            customers_where(and_(prefix_range(column, first), *extra), column)
    if terms.email_prefix:
        customers_where(prefix_range(Customer.email_key, terms.email_prefix), Customer.email_key)
    if terms.phone_digits:
        rev = terms.phone_digits[::-1]
        for column, key in (
            (Customer.phone_digits, terms.phone_digits),
            (Customer.phone_rev, rev),
            (Customer.alt_phone_digits, terms.phone_digits),
            (Customer.alt_phone_rev, rev),
        ):
            customers_where(prefix_range(column, key), column)
    vehicle_live = and_(Vehicle.shop_id == shop_id, Vehicle.deleted_at.is_(None))
    for column, key in ((Vehicle.plate_key, terms.plate_prefix), (Vehicle.vin_rev, terms.vin_tail_reversed)):
        if key:
            inner = select(
                Vehicle.customer_id.label("cid"), Vehicle.id.label("vid"), literal(0).label("rank")
            ).where(vehicle_live, prefix_range(column, key))
            branches.append(_limited(inner.order_by(column), limit))
    if not branches:
        return None
    hits = union_all(*branches).subquery("hits")
    return (
        select(
            *SEARCH_COLUMNS,
            hits.c.vid.label("vehicle_id"),
            Vehicle.year,
            Vehicle.make,
            Vehicle.model,
            Vehicle.plate,
            Vehicle.vin,
        )
        .select_from(hits)
        .join(Customer, Customer.id == hits.c.cid)
        .outerjoin(Vehicle, Vehicle.id == hits.c.vid)
        .where(Customer.deleted_at.is_(None))
        .order_by(hits.c.rank, Customer.last_key, Customer.first_key, Customer.company_key)
        .limit(limit * 2)
    )


def _limited(stmt: Select[Any], limit: int) -> Select[Any]:
    sub = stmt.limit(limit).subquery()
    return select(sub.c.cid, sub.c.vid, sub.c.rank)


class VehicleRepository(Repository):
    def get(self, shop_id: uuid.UUID, vehicle_id: uuid.UUID, *, for_update: bool = False) -> Vehicle | None:
        stmt = select(Vehicle).where(
            Vehicle.id == vehicle_id, Vehicle.shop_id == shop_id, Vehicle.deleted_at.is_(None)
        )
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def get_any(self, vehicle_id: uuid.UUID) -> Vehicle:
        return self.session.get_one(Vehicle, vehicle_id)

    def add(self, vehicle: Vehicle) -> None:
        self.session.add(vehicle)
        self.session.flush()

    def bulk_insert(self, rows: list[dict[str, Any]]) -> None:
        self.session.execute(insert(Vehicle), rows)

    def by_vin(self, shop_id: uuid.UUID, vin: str) -> Vehicle | None:
        return self.session.scalar(
            select(Vehicle).where(
                Vehicle.shop_id == shop_id, Vehicle.vin == vin, Vehicle.deleted_at.is_(None)
            )
        )

    def for_customer(self, shop_id: uuid.UUID, customer_id: uuid.UUID) -> list[Vehicle]:
        stmt = (
            select(Vehicle)
            .where(
                Vehicle.shop_id == shop_id,
                Vehicle.customer_id == customer_id,
                Vehicle.deleted_at.is_(None),
            )
            .order_by(Vehicle.year.desc(), Vehicle.make, Vehicle.model)
        )
        return list(self.session.scalars(stmt))

    def count_for_customer(self, shop_id: uuid.UUID, customer_id: uuid.UUID) -> int:
        stmt = select(func.count()).where(
            Vehicle.shop_id == shop_id, Vehicle.customer_id == customer_id, Vehicle.deleted_at.is_(None)
        )
        return self.session.scalar(stmt) or 0

    def add_reading(self, reading: OdometerReading) -> None:
        self.session.add(reading)

    def readings(self, shop_id: uuid.UUID, vehicle_id: uuid.UUID, limit: int = 50) -> list[OdometerReading]:
        stmt = (
            select(OdometerReading)
            .where(OdometerReading.shop_id == shop_id, OdometerReading.vehicle_id == vehicle_id)
            .order_by(OdometerReading.recorded_at.desc())
            .limit(limit)
        )
        return list(self.session.scalars(stmt))
