"""The demo's customers and vehicles: rows as the bulk loader writes them (every VIN valid), and
the payer, party and vehicle snapshots the history's work orders and invoices carry."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from typing import Any

from app.db.types import now_utc
from app.demo.history_invoices import Party, Vehicle
from app.demo.names import CITIES, COLORS, COMPANIES, FIRST, LAST, MAKES, STREETS
from app.demo.work_orders import Payer
from app.domain.contact import digits_only, search_key
from app.domain.customers import display_name
from app.domain.permissions import Actor
from app.domain.vin import check_digit
from app.services.customers.dto import describe_vehicle

YEAR_CODES = {y: c for y, c in zip(range(2001, 2031), "123456789ABCDEFGHJKLMNPRSTVWXY", strict=True)}
VIN_BODY = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def make_vin(rng: random.Random, wmi: str, year: int, serial: int) -> str:
    """A 17-character VIN with a correct check digit and the model year code."""
    vds = "".join(rng.choice(VIN_BODY) for _ in range(5))
    plant = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
    body = f"{wmi}{vds}0{YEAR_CODES[year]}{plant}{serial % 1_000_000:06d}"
    return body[:8] + check_digit(body) + body[9:]


def payer_of(customer: dict[str, Any]) -> Payer:
    return Payer(
        f"{customer['first_name']} {customer['last_name']}",
        customer["phone"],
        customer["tax_exempt_number"],
        customer["kind"] == "company",
    )


def party_of(customer: dict[str, Any]) -> Party:
    """The customer as an invoice snapshots them (see ``app.services.invoicing.posting``)."""
    c = customer
    address = (c["address_line1"], c["address_line2"], c["city"], c["region"], c["postal_code"])
    return Party(
        display_name(c["first_name"], c["last_name"], c["company_name"], c["kind"]),
        ", ".join(part for part in address if part),
        c["phone"],
        c["email"],
    )


def vehicle_of(row: dict[str, Any]) -> Vehicle:
    return Vehicle(
        describe_vehicle(row["year"], row["make"], row["model"]) or "Vehicle", row["vin"], row["plate"]
    )


def _phone(rng: random.Random) -> str:
    return f"({rng.choice((510, 415, 925, 650, 408))}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"


def customer_rows(rng: random.Random, owner: Actor, count: int) -> Iterator[dict[str, Any]]:
    now = now_utc()
    for i in range(count):
        company = rng.random() < 0.08
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company_name = f"{rng.choice(COMPANIES)} {i % 97 + 1}" if company else ""
        phone = _phone(rng)
        alt = _phone(rng) if rng.random() < 0.3 else ""
        email = f"{search_key(first)}.{search_key(last)}{i}@example.com".replace("'", "")
        yield {
            "id": uuid.uuid4(),
            "shop_id": owner.shop_id,
            "kind": "company" if company else "person",
            "first_name": first,
            "last_name": last,
            "company_name": company_name,
            "phone": phone,
            "alt_phone": alt,
            "email": email,
            "address_line1": f"{rng.randint(10, 9999)} {rng.choice(STREETS)} St",
            "address_line2": "",
            "city": rng.choice(CITIES),
            "region": "CA",
            "postal_code": f"94{rng.randint(500, 999)}",
            "country": "US",
            "tax_exempt_number": f"RES-{rng.randint(100000, 999999)}" if company else "",
            "notes": "",
            "first_key": search_key(first),
            "last_key": search_key(last),
            "company_key": search_key(company_name),
            "email_key": search_key(email),
            "phone_digits": digits_only(phone),
            "phone_rev": digits_only(phone)[::-1],
            "alt_phone_digits": digits_only(alt),
            "alt_phone_rev": digits_only(alt)[::-1],
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "updated_by": owner.user_id,
        }


def vehicle_rows(
    rng: random.Random, owner: Actor, customer_ids: list[uuid.UUID], count: int
) -> Iterator[dict[str, Any]]:
    now = now_utc()
    for i in range(count):
        # every customer gets one vehicle, then the rest go to random customers
        customer = customer_ids[i] if i < len(customer_ids) else rng.choice(customer_ids)
        wmi, make, models = rng.choice(MAKES)
        year = rng.randint(2001, 2025)
        vin = make_vin(rng, wmi, year, i)
        plate = f"{rng.randint(1, 9)}{''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}{rng.randint(0, 999):03d}"
        yield {
            "id": uuid.uuid4(),
            "shop_id": owner.shop_id,
            "customer_id": customer,
            "vin": vin,
            "vin_rev": vin[::-1],
            "vin_non_standard": False,
            "year": year,
            "make": make,
            "model": rng.choice(models),
            "trim": "",
            "engine": "",
            "color": rng.choice(COLORS),
            "plate": plate,
            "plate_key": plate,
            "plate_region": "CA",
            "unit_number": "",
            "notes": "",
            "odometer": rng.randint(5_000, 220_000),
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "updated_by": owner.user_id,
        }
