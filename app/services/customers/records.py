"""The front desk's customers and vehicles: search, record, edit, retire."""

from __future__ import annotations

import uuid
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy.exc import IntegrityError

from app.db.models import Customer, OdometerReading, Vehicle
from app.db.plain import Reads
from app.db.types import now_utc
from app.domain.contact import digits_only, search_key
from app.domain.customers import (
    CleanVehicle,
    CustomerInput,
    CustomerKind,
    VehicleInput,
    check_odometer,
    display_name,
    validate_customer,
    validate_vehicle,
)
from app.domain.errors import ConflictError, NotFoundError, StaleEditError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.search import parse_search
from app.domain.vin import normalize_vin
from app.repositories.customers import recent_rows, search_rows
from app.services.base import Service
from app.services.customers.dto import (
    CustomerHit,
    CustomerView,
    OdometerView,
    SavedVehicle,
    VehicleHistory,
    VehicleView,
    describe_vehicle,
)
from app.services.customers.hits import dedupe_hits, hit_from_row
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork

SEARCH_LIMIT = 50
_CUSTOMER_FIELDS = [f.name for f in fields(CustomerInput)]
_VEHICLE_FIELDS = [
    "vin",
    "vin_non_standard",
    "year",
    "make",
    "model",
    "trim",
    "engine",
    "color",
    "plate",
    "plate_region",
    "unit_number",
    "notes",
]


class CustomerService(Service):
    # --- reading -------------------------------------------------------------
    def search(self, actor: Actor, text: str, limit: int = SEARCH_LIMIT) -> list[CustomerHit]:
        """What the search box finds, as the user types. Empty text: recent customers."""
        require(actor, Action.VIEW_CUSTOMERS)
        terms = parse_search(text)

        def work(connection: Reads) -> list[CustomerHit]:
            if terms.empty:
                return [hit_from_row(row) for row in recent_rows(connection, actor.shop_id, limit)]
            rows = search_rows(connection, actor.shop_id, terms, limit)
            return dedupe_hits([hit_from_row(row) for row in rows], limit)

        return self._rows(work)

    def get(self, actor: Actor, customer_id: uuid.UUID) -> CustomerView:
        require(actor, Action.VIEW_CUSTOMERS)
        return self._read(lambda uow: _customer_view(uow, actor, _customer(uow, actor, customer_id)))

    def vehicle_history(self, actor: Actor, vehicle_id: uuid.UUID) -> VehicleHistory:
        require(actor, Action.VIEW_CUSTOMERS)

        def work(uow: UnitOfWork) -> VehicleHistory:
            vehicle = _vehicle(uow, actor, vehicle_id)
            owner = uow.customers.get(actor.shop_id, vehicle.customer_id)
            readings = uow.vehicles.readings(actor.shop_id, vehicle_id)
            names = uow.users.names({r.recorded_by for r in readings if r.recorded_by})
            return VehicleHistory(
                vehicle=_vehicle_view(vehicle),
                owner_name=_name(owner) if owner else "",
                readings=tuple(
                    OdometerView(
                        r.reading,
                        r.recorded_at,
                        r.lower_reason,
                        r.source,
                        names.get(r.recorded_by, "") if r.recorded_by else "",
                    )
                    for r in readings
                ),
            )

        return self._read(work)

    def find_vehicle_by_vin(self, actor: Actor, vin: str) -> VehicleView | None:
        require(actor, Action.VIEW_CUSTOMERS)

        def work(uow: UnitOfWork) -> VehicleView | None:
            found = uow.vehicles.by_vin(actor.shop_id, normalize_vin(vin))
            return _vehicle_view(found) if found else None

        return self._read(work)

    # --- customers -----------------------------------------------------------
    def create_customer(self, actor: Actor, data: CustomerInput) -> CustomerView:
        require(actor, Action.EDIT_CUSTOMERS)
        clean = validate_customer(data)

        def work(uow: UnitOfWork) -> CustomerView:
            row = insert_customer(uow, actor, clean)
            view = _customer_view(uow, actor, row)  # before COMMIT: after it, a second transaction
            uow.commit()
            return view

        return self._write(work)

    def update_customer(
        self, actor: Actor, customer_id: uuid.UUID, data: CustomerInput, expected_version: int
    ) -> CustomerView:
        """Save an edit; refused if someone saved the customer since ``expected_version``."""
        require(actor, Action.EDIT_CUSTOMERS)
        clean = validate_customer(data)

        def work(uow: UnitOfWork) -> CustomerView:
            # Core on the unit of work's connection: the row and its vehicles as tuples
            row = uow.customers.locked_row(actor.shop_id, customer_id)
            if row is None:
                raise NotFoundError("That customer no longer exists (deleted on another terminal?).")
            _refuse_stale(uow, actor, row, expected_version, f"Customer {_name(row)}")
            values = {**_customer_values(clean), "version": row.version + 1, "updated_at": now_utc()}
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}  # untouched indexes stay
            uow.customers.save_row(row.id, {**changed, "updated_by": actor.user_id})
            after = {name: values[name] for name in _CUSTOMER_FIELDS}
            uow.record(actor, actor.shop_id, "customers", row.id, "update", _customer_fields(row), after)
            vehicles = uow.vehicles.rows_for_customer(actor.shop_id, row.id)
            view = CustomerView(  # before COMMIT: after it, a second transaction
                **after,
                id=row.id,
                display_name=display_name(
                    clean.first_name, clean.last_name, clean.company_name, after["kind"]
                ),
                version=values["version"],
                updated_at=values["updated_at"],
                vehicles=tuple(_vehicle_view(v) for v in vehicles),
            )
            uow.commit()
            return view

        return self._write(work)

    def delete_customer(self, actor: Actor, customer_id: uuid.UUID, expected_version: int) -> None:
        """Soft delete: the customer and their vehicles leave every list; the rows stay."""
        require(actor, Action.DELETE_CUSTOMERS)

        def work(uow: UnitOfWork) -> None:
            row = _customer(uow, actor, customer_id, for_update=True)
            _refuse_stale(uow, actor, row, expected_version, f"Customer {_name(row)}")
            now = now_utc()
            for vehicle in uow.vehicles.for_customer(actor.shop_id, row.id):
                vehicle.deleted_at = now
                _touch(vehicle, actor)
                uow.record(actor, actor.shop_id, "vehicles", vehicle.id, "delete", None, {"deleted_at": now})
            row.deleted_at = now
            _touch(row, actor)
            uow.record(actor, actor.shop_id, "customers", row.id, "delete", None, {"deleted_at": now})
            uow.commit()

        self._write(work)

    # --- vehicles ------------------------------------------------------------
    def add_vehicle(self, actor: Actor, customer_id: uuid.UUID, data: VehicleInput) -> SavedVehicle:
        require(actor, Action.EDIT_VEHICLES)
        clean = validate_vehicle(data, now_utc().year)

        def work(uow: UnitOfWork) -> SavedVehicle:
            row = insert_vehicle(uow, actor, customer_id, clean)
            uow.commit()
            return SavedVehicle(_vehicle_view(row), clean.warnings)

        return self._saving_vin(work)

    def update_vehicle(
        self, actor: Actor, vehicle_id: uuid.UUID, data: VehicleInput, expected_version: int
    ) -> SavedVehicle:
        require(actor, Action.EDIT_VEHICLES)
        clean = validate_vehicle(data, now_utc().year)

        def work(uow: UnitOfWork) -> SavedVehicle:
            row = _vehicle(uow, actor, vehicle_id, for_update=True)
            _refuse_stale(uow, actor, row, expected_version, f"Vehicle {_vehicle_label(row)}")
            if clean.vin and clean.vin != row.vin:
                _refuse_duplicate_vin(uow, actor, clean.vin, row.id)
            if clean.odometer is not None and clean.odometer != row.odometer:
                check_odometer(row.odometer, clean.odometer, clean.odometer_reason)
            before = _vehicle_fields(row)
            _apply_vehicle(row, clean)
            if clean.odometer is not None and clean.odometer != row.odometer:
                reason = clean.odometer_reason if row.odometer and clean.odometer < row.odometer else ""
                add_odometer_reading(uow, actor, row, clean.odometer, reason, "vehicle")
            _touch(row, actor)
            uow.record(actor, actor.shop_id, "vehicles", row.id, "update", before, _vehicle_fields(row))
            uow.commit()
            return SavedVehicle(_vehicle_view(row), clean.warnings)

        return self._saving_vin(work)

    def record_odometer(
        self, actor: Actor, vehicle_id: uuid.UUID, reading: int, reason: str = "", source: str = "vehicle"
    ) -> VehicleView:
        """A new reading; lower than the last needs a reason and is stored with it."""
        require(actor, Action.RECORD_ODOMETER)
        if reading < 0 or reading > 9_999_999:
            raise ValidationError({"odometer": "must be between 0 and 9,999,999"})

        def work(uow: UnitOfWork) -> VehicleView:
            row = _vehicle(uow, actor, vehicle_id, for_update=True)
            check_odometer(row.odometer, reading, reason)
            lower = row.odometer is not None and reading < row.odometer
            add_odometer_reading(uow, actor, row, reading, reason.strip() if lower else "", source)
            _touch(row, actor)
            uow.commit()
            return _vehicle_view(row)

        return self._write(work)

    def delete_vehicle(self, actor: Actor, vehicle_id: uuid.UUID, expected_version: int) -> None:
        require(actor, Action.EDIT_VEHICLES)

        def work(uow: UnitOfWork) -> None:
            row = _vehicle(uow, actor, vehicle_id, for_update=True)
            _refuse_stale(uow, actor, row, expected_version, f"Vehicle {_vehicle_label(row)}")
            row.deleted_at = now_utc()
            _touch(row, actor)
            uow.record(
                actor, actor.shop_id, "vehicles", row.id, "delete", None, {"deleted_at": row.deleted_at}
            )
            uow.commit()

        self._write(work)

    def _saving_vin(self, work: Any) -> SavedVehicle:
        """The partial unique index has the last word when two terminals race."""
        try:
            result: SavedVehicle = self._write(work)
        except IntegrityError as exc:
            if "vin" in str(exc.orig).lower():
                raise ConflictError("Another terminal just saved a vehicle with this VIN.") from exc
            raise
        return result


# --- helpers: ORM rows in, read models out ----------------------------------------


def insert_customer(uow: UnitOfWork, actor: Actor, clean: CustomerInput) -> Customer:
    """A validated customer added and audited inside the caller's transaction."""
    row = Customer(shop_id=actor.shop_id, updated_by=actor.user_id)
    _apply_customer(row, clean)
    uow.customers.add(row)
    uow.record(actor, actor.shop_id, "customers", row.id, "create", None, asdict(clean))
    return row


def insert_vehicle(uow: UnitOfWork, actor: Actor, customer_id: uuid.UUID, clean: CleanVehicle) -> Vehicle:
    """A validated vehicle of ``customer_id`` added and audited inside the caller's transaction."""
    owner = _customer(uow, actor, customer_id)
    if clean.vin:
        _refuse_duplicate_vin(uow, actor, clean.vin, None)
    row = Vehicle(shop_id=actor.shop_id, customer_id=owner.id, updated_by=actor.user_id)
    _apply_vehicle(row, clean)
    row.odometer = clean.odometer
    uow.vehicles.add(row)
    uow.record(actor, actor.shop_id, "vehicles", row.id, "create", None, _vehicle_fields(row))
    if clean.odometer is not None:
        add_odometer_reading(uow, actor, row, clean.odometer, "", "vehicle")
    return row


def fill_customer(uow: UnitOfWork, actor: Actor, row: Customer, clean: CustomerInput) -> bool:
    """Fill ``row``'s empty fields from ``clean`` (an import merging a duplicate); nothing typed is overwritten."""
    before = _customer_fields(row)
    filled = {
        n: getattr(clean, n) for n in _CUSTOMER_FIELDS if n != "kind" and not before[n] and getattr(clean, n)
    }
    if not filled:
        return False
    kept = {n: CustomerKind(v) if n == "kind" else v for n, v in before.items()}
    _apply_customer(row, CustomerInput(**{**kept, **filled}))
    _touch(row, actor)
    uow.record(actor, actor.shop_id, "customers", row.id, "update", before, _customer_fields(row))
    return True


def fill_vehicle(uow: UnitOfWork, actor: Actor, row: Vehicle, clean: CleanVehicle) -> bool:
    """Fill ``row``'s empty fields from ``clean`` (an import merging a duplicate VIN); a higher odometer is read."""
    before = _vehicle_fields(row)
    names = [n for n in _VEHICLE_FIELDS if n not in ("vin", "vin_non_standard")]
    filled = {n: getattr(clean, n) for n in names if not before[n] and getattr(clean, n)}
    for name, value in filled.items():
        setattr(row, name, value)
    if "plate" in filled:
        row.plate_key = clean.plate_key
    higher = clean.odometer is not None and (row.odometer is None or clean.odometer > row.odometer)
    if higher:
        add_odometer_reading(uow, actor, row, clean.odometer or 0, "", "import")
    if not filled and not higher:
        return False
    _touch(row, actor)
    uow.record(actor, actor.shop_id, "vehicles", row.id, "update", before, _vehicle_fields(row))
    return True


def _customer(uow: UnitOfWork, actor: Actor, customer_id: uuid.UUID, for_update: bool = False) -> Customer:
    row = uow.customers.get(actor.shop_id, customer_id, for_update=for_update)
    if row is None:
        raise NotFoundError("That customer no longer exists (deleted on another terminal?).")
    return row


def _vehicle(uow: UnitOfWork, actor: Actor, vehicle_id: uuid.UUID, for_update: bool = False) -> Vehicle:
    row = uow.vehicles.get(actor.shop_id, vehicle_id, for_update=for_update)
    if row is None:
        raise NotFoundError("That vehicle no longer exists (deleted on another terminal?).")
    return row


def _refuse_stale(uow: UnitOfWork, actor: Actor, row: Any, expected: int, what: str) -> None:
    if row.version == expected:
        return
    who = (
        uow.users.names({row.updated_by}).get(row.updated_by, "another user")
        if row.updated_by
        else "another user"
    )
    raise StaleEditError(what, who, shop_locale(uow.shops.get(actor.shop_id)).date_time(row.updated_at))


def _refuse_duplicate_vin(uow: UnitOfWork, actor: Actor, vin: str, own_id: uuid.UUID | None) -> None:
    existing = uow.vehicles.by_vin(actor.shop_id, vin)
    if existing is not None and existing.id != own_id:
        owner = uow.customers.get(actor.shop_id, existing.customer_id)
        raise ConflictError(
            f"VIN {vin} is already on {_vehicle_label(existing)} of {_name(owner) if owner else 'a customer'}.",
            existing_id=existing.id,
        )


def _touch(row: Customer | Vehicle, actor: Actor) -> None:
    row.version += 1
    row.updated_at = now_utc()
    row.updated_by = actor.user_id


def add_odometer_reading(
    uow: UnitOfWork, actor: Actor, row: Vehicle, reading: int, reason: str, source: str
) -> None:
    before = row.odometer
    uow.vehicles.add_reading(
        OdometerReading(
            shop_id=actor.shop_id,
            vehicle_id=row.id,
            reading=reading,
            lower_reason=reason,
            source=source,
            recorded_by=actor.user_id,
        )
    )
    row.odometer = reading
    uow.record(
        actor,
        actor.shop_id,
        "odometer_readings",
        row.id,
        "record",
        {"odometer": before},
        {"odometer": reading, "reason": reason} if reason else {"odometer": reading},
    )


def _apply_customer(row: Customer, clean: CustomerInput) -> None:
    for name, value in _customer_values(clean).items():
        setattr(row, name, value)


def _customer_values(clean: CustomerInput) -> dict[str, Any]:
    """The columns a validated customer sets: the fields as typed and the search keys."""
    values = {name: getattr(clean, name) for name in _CUSTOMER_FIELDS}
    values["kind"] = clean.kind.value
    phone, alt_phone = digits_only(clean.phone), digits_only(clean.alt_phone)
    values.update(
        first_key=_key(Customer.first_key, clean.first_name),
        last_key=_key(Customer.last_key, clean.last_name),
        company_key=_key(Customer.company_key, clean.company_name),
        email_key=_key(Customer.email_key, clean.email),
        phone_digits=phone,
        phone_rev=phone[::-1],
        alt_phone_digits=alt_phone,
        alt_phone_rev=alt_phone[::-1],
    )
    return values


def _key(column: Any, text: str) -> str:
    """A search key cut to its column: case folding can lengthen a name ("ß" becomes "ss")."""
    return search_key(text)[: column.type.length]


def _apply_vehicle(row: Vehicle, clean: Any) -> None:
    for name in _VEHICLE_FIELDS:
        setattr(row, name, getattr(clean, name))
    row.plate_key = clean.plate_key
    row.vin_rev = clean.vin[::-1] if clean.vin else None


def _customer_fields(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _CUSTOMER_FIELDS}


def _vehicle_fields(row: Vehicle) -> dict[str, Any]:
    return {name: getattr(row, name) for name in (*_VEHICLE_FIELDS, "odometer")}


def _name(row: Any) -> str:
    return display_name(row.first_name, row.last_name, row.company_name, row.kind)


def _vehicle_label(row: Vehicle) -> str:
    return describe_vehicle(row.year, row.make, row.model) or (row.plate or row.vin or "vehicle")


def _vehicle_view(row: Any) -> VehicleView:
    return VehicleView(
        id=row.id,
        customer_id=row.customer_id,
        vin=row.vin,
        vin_non_standard=row.vin_non_standard,
        year=row.year,
        make=row.make,
        model=row.model,
        trim=row.trim,
        engine=row.engine,
        color=row.color,
        plate=row.plate,
        plate_region=row.plate_region,
        unit_number=row.unit_number,
        notes=row.notes,
        odometer=row.odometer,
        version=row.version,
    )


def _customer_view(uow: UnitOfWork, actor: Actor, row: Customer) -> CustomerView:
    vehicles = tuple(_vehicle_view(v) for v in uow.vehicles.for_customer(actor.shop_id, row.id))
    return CustomerView(
        **{name: getattr(row, name) for name in _CUSTOMER_FIELDS},
        id=row.id,
        display_name=_name(row),
        version=row.version,
        updated_at=row.updated_at,
        vehicles=vehicles,
    )
