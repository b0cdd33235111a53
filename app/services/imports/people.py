"""Customers and vehicles, row by row, through the same checks and helpers as the front desk's forms."""

from __future__ import annotations

import uuid

from app.db.models import Customer
from app.domain.contact import digits_only, search_key
from app.domain.customers import (
    CustomerInput,
    CustomerKind,
    VehicleInput,
    display_name,
    validate_customer,
    validate_vehicle,
)
from app.domain.errors import NotFoundError
from app.domain.imports import ImportKind, SourceRow
from app.services.customers.records import fill_customer, fill_vehicle, insert_customer, insert_vehicle
from app.services.imports.context import RowContext, Skipped
from app.services.imports.dto import Done

_COMPANY_WORDS = {"company", "business", "fleet", "commercial", "c", "b"}
_PERSON_TEXTS = (
    "first_name",
    "last_name",
    "company_name",
    "phone",
    "alt_phone",
    "email",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "country",
    "tax_exempt_number",
    "notes",
)


def customer_input(row: SourceRow) -> CustomerInput:
    """The row as the customer form would hold it; a one-column name is split as people write it."""
    texts = {name: row.get(name) for name in _PERSON_TEXTS}
    name = row.get("name")
    kind = _kind(row.get("kind").casefold(), name, texts)
    if name and kind == CustomerKind.COMPANY and not texts["company_name"]:
        texts["company_name"] = name
    elif name and not texts["first_name"] and not texts["last_name"]:
        texts["first_name"], texts["last_name"] = split_name(name)
    return CustomerInput(kind=kind, **texts)


def _kind(kind_text: str, name: str, texts: dict[str, str]) -> CustomerKind:
    if kind_text:
        return CustomerKind.COMPANY if kind_text in _COMPANY_WORDS else CustomerKind.PERSON
    if texts["first_name"] or texts["last_name"]:
        return CustomerKind.PERSON
    if name:
        return CustomerKind.COMPANY if _looks_like_company(name) else CustomerKind.PERSON
    return CustomerKind.COMPANY if texts["company_name"] else CustomerKind.PERSON


def _looks_like_company(name: str) -> bool:
    words = {w.strip(".,").casefold() for w in name.split()}
    return bool(
        words & {"inc", "llc", "ltd", "co", "corp", "company", "fleet", "gmbh", "services", "rentals"}
    )


def split_name(name: str) -> tuple[str, str]:
    """'Doe, Jane' and 'Jane Doe' are both first 'Jane', last 'Doe'."""
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    first, _, last = name.strip().rpartition(" ")
    return first.strip(), last.strip()


def import_customer(ctx: RowContext, row: SourceRow) -> Done:
    clean = validate_customer(customer_input(row))
    email_key = search_key(clean.email)[: Customer.email_key.type.length]
    twin = ctx.repo.customer_like(ctx.actor.shop_id, email_key, digits_only(clean.phone))
    if twin is None:
        return Done("created", insert_customer(ctx.uow, ctx.actor, clean).id)
    same = "e-mail" if email_key and twin.email_key == email_key else "phone"
    name = display_name(twin.first_name, twin.last_name, twin.company_name, twin.kind)
    if not ctx.merging:
        raise Skipped(f"the same {same} as {name}, already here")
    fill_customer(ctx.uow, ctx.actor, twin, clean)
    return Done("merged", twin.id, f"merged into {name} (same {same})")


def import_vehicle(ctx: RowContext, row: SourceRow) -> Done:
    owner_id = _owner(ctx, row)
    data = VehicleInput(
        vin=row.get("vin"),
        year=row.get("year"),
        make=row.get("make"),
        model=row.get("model"),
        trim=row.get("trim"),
        engine=row.get("engine"),
        color=row.get("color"),
        plate=row.get("plate"),
        plate_region=row.get("plate_region"),
        unit_number=row.get("unit_number"),
        notes=row.get("notes"),
        odometer=row.get("odometer").replace(",", ""),
    )
    clean = validate_vehicle(data, ctx.year)
    twin = ctx.uow.vehicles.by_vin(ctx.actor.shop_id, clean.vin) if clean.vin else None
    if twin is None:
        made = insert_vehicle(ctx.uow, ctx.actor, owner_id, clean)
        return Done("created", made.id, "; ".join(clean.warnings))
    if not ctx.merging:
        raise Skipped(f"VIN {clean.vin} is already on a vehicle here")
    fill_vehicle(ctx.uow, ctx.actor, twin, clean)
    return Done("merged", twin.id, f"merged into the vehicle with VIN {clean.vin}")


def _owner(ctx: RowContext, row: SourceRow) -> uuid.UUID:
    """The vehicle's owner: the customer imported with that id, or the one with that phone or e-mail."""
    shop_id = ctx.actor.shop_id
    if source := row.get("customer_id"):
        found = ctx.repo.record_for(shop_id, ImportKind.CUSTOMERS.value, source)
        if found is not None:
            return found
    email, phone = row.get("customer_email"), digits_only(row.get("customer_phone"))
    if email or phone:
        twin = ctx.repo.customer_like(shop_id, search_key(email)[: Customer.email_key.type.length], phone)
        if twin is not None:
            return twin.id
    asked = ", ".join(
        f"{label} {value}"
        for label, value in (("customer", source), ("phone", row.get("customer_phone")), ("e-mail", email))
        if value
    )
    raise NotFoundError(
        f"no customer here matches {asked or 'nothing (the owner columns are empty)'}; import the customers first"
    )
