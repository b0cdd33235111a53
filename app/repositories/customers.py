"""Customers, vehicles and odometer readings, and the front desk's one search."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from typing import cast as as_type

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    Table,
    Uuid,
    and_,
    bindparam,
    cast,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)

from app.db.models import Customer, OdometerReading, Vehicle
from app.db.plain import PlainSelect, Reads, fetch_one
from app.domain.search import SearchTerms
from app.repositories.base import Repository, prefix_end

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
_CUSTOMERS = as_type(Table, Customer.__table__)
_VEHICLES = as_type(Table, Vehicle.__table__)
# The audited edit and the read-back it returns, built once (Core, rows as tuples).
_CUSTOMER_LOCKED = (
    select(*_CUSTOMERS.c)
    .where(
        _CUSTOMERS.c.id == bindparam("customer_id"),
        _CUSTOMERS.c.shop_id == bindparam("shop_id"),
        _CUSTOMERS.c.deleted_at.is_(None),
    )
    .with_for_update()
)
_VEHICLES_OF = (
    select(*_VEHICLES.c)
    .where(
        _VEHICLES.c.shop_id == bindparam("shop_id"),
        _VEHICLES.c.customer_id == bindparam("customer_id"),
        _VEHICLES.c.deleted_at.is_(None),
    )
    .order_by(_VEHICLES.c.year.desc(), _VEHICLES.c.make, _VEHICLES.c.model)
)
_RECENT: Select[*tuple[Any, ...]] = (
    select(*SEARCH_COLUMNS, null().label("vehicle_id"))
    .where(Customer.shop_id == bindparam("shop_id"), Customer.deleted_at.is_(None))
    .order_by(Customer.updated_at.desc())
    .limit(bindparam("limit"))
)
_PLAIN_RECENT = PlainSelect(_RECENT)
_ESCAPE = "/"


class CustomerRepository(Repository):
    def get(self, shop_id: uuid.UUID, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer | None:
        stmt = select(Customer).where(
            Customer.id == customer_id, Customer.shop_id == shop_id, Customer.deleted_at.is_(None)
        )
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def locked_row(self, shop_id: uuid.UUID, customer_id: uuid.UUID) -> Row[Any] | None:
        """The customer's row as a tuple, locked until commit (FOR UPDATE on PostgreSQL)."""
        params = {"customer_id": customer_id, "shop_id": shop_id}
        return self.session.connection().execute(_CUSTOMER_LOCKED, params).first()

    def save_row(self, customer_id: uuid.UUID, values: dict[str, Any]) -> None:
        """Write ``values`` onto the customer's row. The caller names only the columns that change:
        SQLite rewrites the index entries of every indexed column in the SET list, changed or not."""
        self.session.connection().execute(_update_of(tuple(values)), {"row_id": customer_id, **values})

    def get_any(self, customer_id: uuid.UUID) -> Customer:
        """A customer even if deleted since: documents keep pointing at them."""
        return self.session.get_one(Customer, customer_id)

    def add(self, customer: Customer) -> None:
        self.session.add(customer)
        self.session.flush()

    def bulk_insert(self, rows: list[dict[str, Any]]) -> None:
        """Many customers in one statement (demo data, imports)."""
        self.session.execute(insert(Customer), rows)

    def recent(self, shop_id: uuid.UUID, limit: int) -> Sequence[Row[Any]]:
        return recent_rows(self.session.connection(), shop_id, limit)

    def search(self, shop_id: uuid.UUID, terms: SearchTerms, limit: int) -> Sequence[Row[Any]]:
        return search_rows(self.session.connection(), shop_id, terms, limit)


def recent_rows(connection: Reads, shop_id: uuid.UUID, limit: int) -> Sequence[Any]:
    """The customers changed last, as search rows (no vehicle)."""
    return fetch_one(connection, _PLAIN_RECENT, {"shop_id": shop_id, "limit": limit})


def search_rows(connection: Reads, shop_id: uuid.UUID, terms: SearchTerms, limit: int) -> Sequence[Any]:
    """Customers matching any key; rows found through a vehicle name it.

    Every branch is an index range scan cut at ``limit`` rows, so a one-letter
    query on 100,000 customers costs no more than a precise one. Run compiled on the
    driver (app/db/plain.py): the statement costs more in SQLAlchemy than in the database.
    """
    plain = _plain_search(_shape_of(terms), limit)
    if plain is None:
        return []
    return fetch_one(connection, plain, search_params(shop_id, terms))


def search_statement(shop_id: uuid.UUID, terms: SearchTerms, limit: int) -> Select[Any] | None:
    """The search as one statement with its values bound (to read, explain or run alone)."""
    stmt = _search_shape(_shape_of(terms), limit)
    return stmt.params(search_params(shop_id, terms)) if stmt is not None else None


def search_params(shop_id: uuid.UUID, terms: SearchTerms) -> dict[str, Any]:
    """The values for the bound parameters of the search's statement."""
    params: dict[str, Any] = {"shop_id": shop_id}
    if terms.name_tokens:
        params.update(_bounds("name", terms.name_tokens[0]))
        for i, word in enumerate(terms.name_tokens[1:], start=1):
            params.update(_bounds(f"word{i}", word))
            params[f"word{i}_inner"] = _like_escaped(" " + word)
    if terms.email_prefix:
        params.update(_bounds("email", terms.email_prefix))
    if terms.phone_digits:
        params.update(_bounds("phone", terms.phone_digits))
        params.update(_bounds("phone_rev", terms.phone_digits[::-1]))
    if terms.plate_prefix:
        params.update(_bounds("plate", terms.plate_prefix))
    if terms.vin_tail_reversed:
        params.update(_bounds("vin_rev", terms.vin_tail_reversed))
    return params


def _shape_of(terms: SearchTerms) -> tuple[int, bool, bool, bool, bool]:
    """What decides the statement's form: the values only fill its parameters."""
    return (
        len(terms.name_tokens),
        bool(terms.email_prefix),
        bool(terms.phone_digits),
        bool(terms.plate_prefix),
        bool(terms.vin_tail_reversed),
    )


@lru_cache(maxsize=256)
def _plain_search(shape: tuple[int, bool, bool, bool, bool], limit: int) -> PlainSelect | None:
    stmt = _search_shape(shape, limit)
    return PlainSelect(stmt) if stmt is not None else None


@lru_cache(maxsize=256)
def _search_shape(shape: tuple[int, bool, bool, bool, bool], limit: int) -> Select[Any] | None:
    """Built once per form of search and kept: building this statement costs more
    than running it, and a kept statement also keeps SQLAlchemy's cache key."""
    words, email, phone, plate, vin = shape
    branches = [*_customer_branches(words, email, phone, limit), *_vehicle_branches(plate, vin, limit)]
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


def _customer_branches(words: int, email: bool, phone: bool, limit: int) -> list[Select[Any]]:
    """One index range scan per customer key searched (name words, e-mail, phones), ranked 1."""
    live = and_(Customer.shop_id == bindparam("shop_id"), Customer.deleted_at.is_(None))
    branches: list[Select[Any]] = []

    def customers_where(condition: Any, order: Any) -> None:
        inner = select(Customer.id.label("cid"), _NO_VEHICLE.label("vid"), literal(1).label("rank"))
        branches.append(_limited(inner.where(live, condition).order_by(order), limit))

    if words:
        keys = (Customer.first_key, Customer.last_key, Customer.company_key)
        # Later words may start any word of a name: "van der berg", "acme fleet".
        extra = [
            or_(
                *(_starts(k, f"word{i}") for k in keys),
                *(k.contains(bindparam(f"word{i}_inner"), escape=_ESCAPE) for k in keys),
            )
            for i in range(1, words)
        ]
        for column in (Customer.last_key, Customer.first_key, Customer.company_key):
            customers_where(and_(_starts(column, "name"), *extra), column)
    if email:
        customers_where(_starts(Customer.email_key, "email"), Customer.email_key)
    if phone:
        for column, name in (
            (Customer.phone_digits, "phone"),
            (Customer.phone_rev, "phone_rev"),
            (Customer.alt_phone_digits, "phone"),
            (Customer.alt_phone_rev, "phone_rev"),
        ):
            customers_where(_starts(column, name), column)
    return branches


def _vehicle_branches(plate: bool, vin: bool, limit: int) -> list[Select[Any]]:
    """The plate and VIN-tail scans, ranked 0: a vehicle hit lists before its owner's name hits."""
    vehicle_live = and_(Vehicle.shop_id == bindparam("shop_id"), Vehicle.deleted_at.is_(None))
    vehicle_keys: tuple[tuple[Any, str, bool], ...] = (
        (Vehicle.plate_key, "plate", bool(plate)),
        (Vehicle.vin_rev, "vin_rev", bool(vin)),
    )
    branches: list[Select[Any]] = []
    for column, name, wanted in vehicle_keys:
        if wanted:
            inner = select(
                Vehicle.customer_id.label("cid"), Vehicle.id.label("vid"), literal(0).label("rank")
            ).where(vehicle_live, _starts(column, name))
            branches.append(_limited(inner.order_by(column), limit))
    return branches


def _limited(stmt: Any, limit: int) -> Select[Any]:
    sub = stmt.limit(limit).subquery()
    return select(sub.c.cid, sub.c.vid, sub.c.rank)


def _starts(column: Any, name: str) -> ColumnElement[bool]:
    """``column`` starts with parameter ``name``: an index range scan, as in prefix_range."""
    return and_(column >= bindparam(name), column < bindparam(f"{name}_end"))


def _bounds(name: str, prefix: str) -> dict[str, str]:
    return {name: prefix, f"{name}_end": prefix_end(prefix)}


def _like_escaped(text: str) -> str:
    """``text`` matched literally by LIKE (what SQLAlchemy's ``autoescape`` does)."""
    return text.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")


@lru_cache(maxsize=128)  # one statement per set of columns an edit changes
def _update_of(columns: tuple[str, ...]) -> Any:
    return (
        update(_CUSTOMERS)
        .where(_CUSTOMERS.c.id == bindparam("row_id"))
        .values({name: bindparam(name) for name in columns})
    )


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

    def rows_for_customer(self, shop_id: uuid.UUID, customer_id: uuid.UUID) -> list[Row[Any]]:
        """``for_customer`` as tuples: what a customer's screen lists."""
        params = {"shop_id": shop_id, "customer_id": customer_id}
        return list(self.session.connection().execute(_VEHICLES_OF, params))

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
