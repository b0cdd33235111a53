"""The search box's rows: a customer, or a customer with one of their vehicles, as the list shows it."""

from __future__ import annotations

import uuid
from typing import Any

from app.domain.customers import display_name
from app.services.customers.dto import CustomerHit, describe_vehicle


def hit_from_row(row: Any) -> CustomerHit:
    vehicle = ""
    vehicle_id = row.vehicle_id  # every search row has the column; the recent list's is NULL
    if vehicle_id is not None:
        vehicle = " ".join(
            p for p in (describe_vehicle(row.year, row.make, row.model), row.plate, row.vin or "") if p
        )
    return CustomerHit(
        customer_id=row.id,
        name=display_name(row.first_name, row.last_name, "", row.kind)
        if row.kind == "person"
        else row.company_name,
        company=row.company_name,
        phone=row.phone,
        email=row.email,
        city=row.city,
        vehicle_id=vehicle_id,
        vehicle=vehicle,
    )


def dedupe_hits(hits: list[CustomerHit], limit: int) -> list[CustomerHit]:
    seen: set[tuple[uuid.UUID, uuid.UUID | None]] = set()
    out: list[CustomerHit] = []
    plain: set[uuid.UUID] = set()
    for hit in hits:
        key = (hit.customer_id, hit.vehicle_id)
        if key in seen or (hit.vehicle_id is None and hit.customer_id in plain):
            continue
        seen.add(key)
        if hit.vehicle_id is None:
            plain.add(hit.customer_id)
        out.append(hit)
        if len(out) == limit:
            break
    return out
