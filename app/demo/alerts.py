"""Vehicle readings and alerts in the demo shop: a small fleet that reports itself.

Done through the real services: four vehicles of a fleet customer get unit
numbers, their telematics portal's JSON export of the last three days is
imported (one van reports a misfire, one truck a weak battery), a scan tool's
log of another car comes in as CSV, and the rules are checked once, so the
Alerts area and the status bar have something to show. One alert is
acknowledged by the front desk, one trouble code is already a recommended job.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from app.db.models import Customer, Vehicle
from app.db.types import now_utc
from app.domain.customers import VehicleInput
from app.domain.permissions import Actor, Role
from app.services.alerts.service import AlertService
from app.services.base import Service
from app.services.customers.dto import VehicleView
from app.services.customers.records import CustomerService
from app.services.readings.dto import ImportOptions
from app.services.readings.service import ReadingService
from app.services.uow import UnitOfWork

FLEET_UNITS = ("101", "102", "103", "104")
SAMPLES = 12  # every six hours over three days
MISFIRE, CATALYST = "P0301", "P0420"


class DemoAlertsService(Service):
    def create(self, owner: Actor, desk_id: uuid.UUID) -> None:
        """Readings for a fleet, a scan-tool log, one check of the rules; refuses nothing on an empty demo."""
        desk = Actor(desk_id, owner.shop_id, Role.FRONT_DESK, "Sam Writer")
        customers = CustomerService(self.db, self.changes)
        fleet = [self._numbered(customers, owner, vehicle, unit) for vehicle, unit in zip(
            self._fleet_vehicles(owner), FLEET_UNITS, strict=False)]  # fmt: skip
        if not fleet:
            return
        readings = ReadingService(self.db, self.changes)
        now = now_utc().replace(second=0, microsecond=0)
        export = json.dumps({"vehicles": [_telematics(v, i, now) for i, v in enumerate(fleet)]}).encode()
        readings.import_file(desk, export, "fleet-portal-export.json", ImportOptions())
        if len(fleet) > 1:
            log = _scan_log(now - timedelta(hours=2))
            readings.import_file(desk, log, "scan-tool-session.csv", ImportOptions(vin=fleet[-1].vin or ""))
            readings.recommend(desk, fleet[-1].id, CATALYST)
        alerts = AlertService(self.db, self.changes)
        alerts.check(owner.shop_id)
        for alert in alerts.alerts(desk):
            if alert.kind == "trouble_code" and MISFIRE in alert.title:
                alerts.acknowledge(desk, alert.id, "Fleet manager called: van comes in Thursday 8:00")
                break

    def _fleet_vehicles(self, owner: Actor) -> list[VehicleView]:
        """The vehicles of the demo's company customers, the first few of them."""

        def work(uow: UnitOfWork) -> list[uuid.UUID]:
            stmt = (
                select(Vehicle.id)
                .join(Customer, Customer.id == Vehicle.customer_id)
                .where(Vehicle.shop_id == owner.shop_id, Customer.kind == "company", Vehicle.vin.is_not(None))
                .order_by(Customer.company_name, Vehicle.id)
                .limit(len(FLEET_UNITS))
            )
            return list(uow.session.scalars(stmt))

        customers = CustomerService(self.db, self.changes)
        return [customers.vehicle_history(owner, vehicle_id).vehicle for vehicle_id in self._read(work)]

    @staticmethod
    def _numbered(customers: CustomerService, owner: Actor, vehicle: VehicleView, unit: str) -> VehicleView:
        """The fleet's unit number painted on the door, as the telematics portal names the vehicle."""
        data = VehicleInput(
            vin=vehicle.vin or "",
            year=str(vehicle.year or ""),
            make=vehicle.make,
            model=vehicle.model,
            color=vehicle.color,
            plate=vehicle.plate,
            plate_region=vehicle.plate_region,
            unit_number=unit,
        )
        saved = customers.update_vehicle(owner, vehicle.id, data, vehicle.version)
        return saved.vehicle


def _telematics(vehicle: VehicleView, index: int, now: datetime) -> dict[str, object]:
    """Three days of one vehicle as a portal exports them: odometer, battery, coolant, fuel, codes."""
    start = (vehicle.odometer or 50_000) + 40
    samples = []
    for step in range(SAMPLES):
        at = now - timedelta(hours=3 + 6 * (SAMPLES - 1 - step))
        latest = step == SAMPLES - 1
        codes = [MISFIRE] if index == 0 and step >= SAMPLES - 3 else []
        battery = 11.4 if index == 1 and latest else 12.6 - 0.02 * (step % 3)
        samples.append(
            {
                "time": at.isoformat().replace("+00:00", "Z"),
                "odometer": {"value": start + 35 * step, "unit": "mi"},
                "batteryVoltage": round(battery, 2),
                "engineCoolantTemperature": {"value": 88 + step % 4, "unit": "C"},
                "fuelLevel": max(8, 92 - 7 * step),
                "dtcs": codes,
            }
        )
    return {"unit": vehicle.unit_number, "vin": vehicle.vin, "readings": samples}


def _scan_log(start: datetime) -> bytes:
    """A scan tool's session log of one car: a sample every 20 seconds, the catalyst code stored."""
    lines = ["Session log", "Time,Engine Coolant Temperature (°F),Control Module Voltage (V),DTCs"]
    for sample in range(9):
        at = start + timedelta(seconds=20 * sample)
        lines.append(f"{at.isoformat()},{190 + sample},{14.1 - sample * 0.01:.2f},{CATALYST}")
    return "\n".join(lines).encode()
