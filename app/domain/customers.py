"""What a customer and a vehicle are made of, and the rules for their fields."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from app.domain.contact import (
    clean_text,
    contains_card_number,
    email_problem,
    phone_problem,
    plate_key,
)
from app.domain.errors import ValidationError
from app.domain.vin import check_vin

MAX_NAME = 100
MAX_LINE = 200
MAX_NOTES = 4000


class CustomerKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


@dataclass(frozen=True)
class CustomerInput:
    """A customer as typed into the form (strings, unvalidated)."""

    kind: CustomerKind = CustomerKind.PERSON
    first_name: str = ""
    last_name: str = ""
    company_name: str = ""
    phone: str = ""
    alt_phone: str = ""
    email: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    tax_exempt_number: str = ""
    notes: str = ""


_LIMITS = {
    "first_name": MAX_NAME,
    "last_name": MAX_NAME,
    "company_name": MAX_LINE,
    "phone": 40,
    "alt_phone": 40,
    "email": 254,
    "address_line1": MAX_LINE,
    "address_line2": MAX_LINE,
    "city": MAX_NAME,
    "region": MAX_NAME,
    "postal_code": 20,
    "country": MAX_NAME,
    "tax_exempt_number": 50,
    "notes": MAX_NOTES,
}


def validate_customer(data: CustomerInput) -> CustomerInput:
    """Return the cleaned input, or raise ``ValidationError`` naming every bad field."""
    texts: dict[str, Any] = {name: clean_text(getattr(data, name)) for name in _LIMITS}
    cleaned = replace(data, **texts)
    errors: dict[str, str] = {}
    for name, limit in _LIMITS.items():
        value = getattr(cleaned, name)
        if len(value) > limit:
            errors[name] = f"is {len(value)} characters; at most {limit}"
        elif contains_card_number(value):
            errors[name] = "looks like a payment card number; BayDesk never stores card numbers"
    if cleaned.kind == CustomerKind.COMPANY:
        if not cleaned.company_name:
            errors.setdefault("company_name", "is required for a company or fleet")
    elif not cleaned.last_name and not cleaned.first_name:
        errors.setdefault("last_name", "a first or last name is required")
    for name in ("phone", "alt_phone"):
        if problem := phone_problem(getattr(cleaned, name)):
            errors.setdefault(name, problem)
    if problem := email_problem(cleaned.email):
        errors.setdefault("email", problem)
    if errors:
        raise ValidationError(errors)
    return cleaned


def display_name(first: str, last: str, company: str, kind: str) -> str:
    person = " ".join(p for p in (first, last) if p)
    if kind == CustomerKind.COMPANY:
        return f"{company} ({person})" if person else company
    return person


@dataclass(frozen=True)
class VehicleInput:
    """A vehicle as typed into the form."""

    vin: str = ""
    vin_non_standard: bool = False
    year: str = ""
    make: str = ""
    model: str = ""
    trim: str = ""
    engine: str = ""
    color: str = ""
    plate: str = ""
    plate_region: str = ""
    unit_number: str = ""
    notes: str = ""
    odometer: str = ""
    odometer_reason: str = ""


@dataclass(frozen=True)
class CleanVehicle:
    vin: str | None
    vin_non_standard: bool
    year: int | None
    make: str
    model: str
    trim: str
    engine: str
    color: str
    plate: str
    plate_key: str
    plate_region: str
    unit_number: str
    notes: str
    odometer: int | None
    odometer_reason: str
    warnings: tuple[str, ...] = field(default=())


_VEHICLE_LIMITS = {
    "make": 50,
    "model": 50,
    "trim": 50,
    "engine": 50,
    "color": 30,
    "plate": 15,
    "plate_region": 30,
    "unit_number": 30,
    "notes": MAX_NOTES,
    "odometer_reason": MAX_LINE,
}
MAX_ODOMETER = 9_999_999


def validate_vehicle(data: VehicleInput, this_year: int) -> CleanVehicle:
    errors: dict[str, str] = {}
    warnings: list[str] = []
    text = {name: clean_text(getattr(data, name)) for name in _VEHICLE_LIMITS}
    for name, limit in _VEHICLE_LIMITS.items():
        if len(text[name]) > limit:
            errors[name] = f"is {len(text[name])} characters; at most {limit}"
        elif contains_card_number(text[name]):
            errors[name] = "looks like a payment card number; BayDesk never stores card numbers"
    vin: str | None = None
    if data.vin.strip():
        verdict = check_vin(data.vin, non_standard=data.vin_non_standard)
        if verdict.error:
            errors["vin"] = verdict.error
        elif verdict.warning:
            warnings.append("VIN " + verdict.warning)
        vin = verdict.vin
    elif not text["plate"]:
        errors["plate"] = "a vehicle needs a VIN or a plate"
    year: int | None = None
    if data.year.strip():
        if not data.year.strip().isdigit():
            errors["year"] = f"'{data.year}' is not a year"
        else:
            year = int(data.year.strip())
            if not 1886 <= year <= this_year + 2:
                errors["year"] = f"must be between 1886 and {this_year + 2}"
    odometer: int | None = None
    raw_odo = data.odometer.strip().replace(",", "")
    if raw_odo:
        if not raw_odo.isdigit():
            errors["odometer"] = f"'{data.odometer}' is not a whole number of miles"
        else:
            odometer = int(raw_odo)
            if odometer > MAX_ODOMETER:
                errors["odometer"] = f"must be at most {MAX_ODOMETER:,}"
    if errors:
        raise ValidationError(errors)
    return CleanVehicle(
        vin=vin,
        vin_non_standard=data.vin_non_standard,
        year=year,
        make=text["make"],
        model=text["model"],
        trim=text["trim"],
        engine=text["engine"],
        color=text["color"],
        plate=text["plate"].upper(),
        plate_key=plate_key(text["plate"]),
        plate_region=text["plate_region"],
        unit_number=text["unit_number"],
        notes=text["notes"],
        odometer=odometer,
        odometer_reason=text["odometer_reason"],
        warnings=tuple(warnings),
    )


def check_odometer(previous: int | None, new: int, reason: str) -> None:
    """Readings only go up; a lower one needs a reason (cluster replaced...)."""
    if previous is not None and new < previous and not reason.strip():
        raise ValidationError(
            {
                "odometer": f"{new:,} is lower than the last reading {previous:,}; "
                "give a reason (e.g. instrument cluster replaced)"
            }
        )
