"""Read models: what services hand to the UI, the CLI and reports.

Frozen dataclasses of plain values; no ORM object ever leaves app/services.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class ShopView:
    id: uuid.UUID
    name: str
    address: str
    phone: str
    timezone: str
    currency: str
    tax_rate: Decimal
    locale: str = "en_US"
    paper_size: str = "letter"


@dataclass(frozen=True)
class CustomerHit:
    """One line of the front desk's search results."""

    customer_id: uuid.UUID
    name: str
    company: str
    phone: str
    email: str
    city: str
    vehicle_id: uuid.UUID | None = None
    vehicle: str = ""


@dataclass(frozen=True)
class VehicleView:
    id: uuid.UUID
    customer_id: uuid.UUID
    vin: str | None
    vin_non_standard: bool
    year: int | None
    make: str
    model: str
    trim: str
    engine: str
    color: str
    plate: str
    plate_region: str
    unit_number: str
    notes: str
    odometer: int | None
    version: int

    @property
    def description(self) -> str:
        return describe_vehicle(self.year, self.make, self.model) or "Vehicle"


def describe_vehicle(year: int | None, make: str | None, model: str | None) -> str:
    return " ".join(str(p) for p in (year, make, model) if p)


@dataclass(frozen=True)
class CustomerView:
    id: uuid.UUID
    kind: str
    first_name: str
    last_name: str
    company_name: str
    phone: str
    alt_phone: str
    email: str
    address_line1: str
    address_line2: str
    city: str
    region: str
    postal_code: str
    country: str
    tax_exempt_number: str
    notes: str
    display_name: str
    version: int
    updated_at: datetime
    vehicles: tuple[VehicleView, ...] = ()


@dataclass(frozen=True)
class OdometerView:
    reading: int
    recorded_at: datetime
    lower_reason: str
    source: str
    recorded_by: str


@dataclass(frozen=True)
class VehicleHistory:
    """The vehicle panel: readings now, work orders once they exist."""

    vehicle: VehicleView
    owner_name: str
    readings: tuple[OdometerView, ...]


@dataclass(frozen=True)
class SavedVehicle:
    vehicle: VehicleView
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditChainReport:
    shop_name: str
    ok: bool
    checked: int
    first_bad_seq: int | None
    problem: str | None
    problems: tuple[str, ...] = ()  # every problem found, the first one first
    verified_to: tuple[int, str] | None = None  # the head (seq, hash) the chain was verified up to, when ok
