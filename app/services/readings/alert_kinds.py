"""The alert rules fed by vehicle readings: a value out of range, a trouble code reported.

Both look at each vehicle's newest reading within the look-back (so a code
cleared by the next scan, or a battery charged since, resolves its alert on
its own). They plug into the alert registry the way any area's rules do.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.db.models_readings import VehicleReading
from app.domain.alerts import LimitSpec
from app.domain.permissions import Role
from app.domain.readings import ReadingValues, out_of_range
from app.repositories.readings import ReadingRepository
from app.services.alerts.registry import KINDS, CheckContext, Finding, RuleKind
from app.services.customers.dto import describe_vehicle
from app.services.readings.codes import describe

READING_TABLES = frozenset({"vehicle_readings"})
_DESK = frozenset({Role.OWNER, Role.FRONT_DESK})


def _vehicle(year: int | None, make: str, model: str, plate: str, unit: str) -> str:
    name = describe_vehicle(year, make, model) or "Vehicle"
    return " ".join(p for p in (f"Unit {unit}:" if unit else "", name, f"({plate})" if plate else "") if p)


def _latest(ctx: CheckContext, quantity: str) -> list[tuple[VehicleReading, str]]:
    since = ctx.now - timedelta(days=int(ctx.limits["look_back_days"]))
    rows = ReadingRepository(ctx.uow.session).latest_per_vehicle(ctx.shop_id, since, quantity)
    return [
        (reading, _vehicle(year, make, model, plate, unit))
        for reading, year, make, model, plate, unit in rows
    ]


def _out_of_range(ctx: CheckContext) -> list[Finding]:
    findings = []
    limits = (ctx.limits["battery_min_v"], ctx.limits["coolant_max_c"], ctx.limits["fuel_min_pct"])
    for quantity, reading, vehicle in _newest_values(ctx):
        values = ReadingValues(
            reading.taken_at,
            battery_mv=reading.battery_mv if quantity == "battery" else None,
            fuel_tenths=reading.fuel_tenths if quantity == "fuel" else None,
            coolant_tenths=reading.coolant_tenths if quantity == "coolant" else None,
        )
        vehicle_id = reading.vehicle_id
        for item in out_of_range(values, *limits):
            findings.append(
                Finding(
                    f"{vehicle_id}:{item.quantity}",
                    f"{vehicle}: {item.text}",
                    f"Reading of {ctx.shop.date_time(values.taken_at)} ({reading.source}).",
                    link_kind="vehicle",
                    link_id=vehicle_id,
                )
            )
    return findings


def _newest_values(ctx: CheckContext) -> list[tuple[str, VehicleReading, str]]:
    """Per vehicle, the newest reading of each quantity whose limit is on."""
    keys = {"battery": "battery_min_v", "coolant": "coolant_max_c", "fuel": "fuel_min_pct"}
    return [
        (quantity, reading, vehicle)
        for quantity, limit in keys.items()
        if ctx.limits[limit] > 0
        for reading, vehicle in _latest(ctx, quantity)
    ]


def _trouble_codes(ctx: CheckContext) -> list[Finding]:
    findings = []
    for reading, vehicle in _latest(ctx, "codes"):
        vehicle_id = reading.vehicle_id
        when = ctx.shop.date_time(reading.taken_at)
        for code in reading.codes.split():
            findings.append(
                Finding(
                    f"{vehicle_id}:{code}",
                    f"{vehicle}: {code} {describe(code)}",
                    f"Reported {when} ({reading.source}). "
                    "Recommend a job to put its diagnosis on the vehicle's next work order.",
                    link_kind="vehicle",
                    link_id=vehicle_id,
                )
            )
    return findings


def _limit(
    key: str,
    label: str,
    unit: str,
    default: str,
    low: str,
    high: str,
    places: int = 0,
    zero_off: bool = False,
) -> LimitSpec:
    return LimitSpec(key, label, unit, Decimal(default), Decimal(low), Decimal(high), places, zero_off)


LOOK_BACK = _limit("look_back_days", "Readings of the last", "days", "30", "1", "365")
READING_OUT_OF_RANGE = KINDS.register(
    RuleKind(
        "reading_out_of_range",
        "Vehicle reading out of range",
        "A vehicle's newest reading has a low battery, a hot engine or (if set) low fuel. 0 turns a limit off.",
        _out_of_range,
        limits=(
            _limit("battery_min_v", "Battery below", "V", "11.8", "0", "30", 1, zero_off=True),
            _limit("coolant_max_c", "Coolant above", "°C", "110", "0", "150", zero_off=True),
            _limit("fuel_min_pct", "Fuel below", "%", "0", "0", "100", zero_off=True),
            LOOK_BACK,
        ),
        roles=_DESK,
        watches=READING_TABLES,
        order=40,
    )
)
TROUBLE_CODE = KINDS.register(
    RuleKind(
        "trouble_code",
        "Trouble code reported",
        "A vehicle's newest scan reports a diagnostic trouble code; it resolves when a scan no longer does.",
        _trouble_codes,
        limits=(LOOK_BACK,),
        roles=frozenset({Role.OWNER, Role.FRONT_DESK, Role.TECHNICIAN}),
        watches=READING_TABLES,
        order=41,
    )
)
