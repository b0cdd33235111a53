"""A small fleet and the reading files its vehicles' telematics and a scan tool would export.

Each accepted layout of docs/readings.md is written here the way such a file
looks: the same four moments of the same vehicles, so every format must give
the same readings.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from app.domain.customers import CustomerInput, CustomerKind, VehicleInput
from app.domain.permissions import Actor
from app.domain.vin import check_digit
from app.services.container import Services
from app.services.readings.dto import ImportOptions


def vin(body: str) -> str:
    """A VIN with its check digit (position 9) filled in."""
    return body[:8] + check_digit(body) + body[9:]


VAN = vin("1FTBW3XG0LKA12345")  # unit 12
TRUCK = vin("1GCUYDED0MZ123456")  # unit 7


@dataclass(frozen=True)
class Fleet:
    customer_id: uuid.UUID
    van: uuid.UUID
    truck: uuid.UUID


def add_fleet(services: Services, actor: Actor) -> Fleet:
    """Metro Courier's van (unit 12, 41,000 mi) and truck (unit 7, plate 8TRK007, 20,000 mi)."""
    company = services.customers.create_customer(
        actor, CustomerInput(kind=CustomerKind.COMPANY, company_name="Metro Courier", phone="(510) 555-0177")
    )
    van = services.customers.add_vehicle(
        actor,
        company.id,
        VehicleInput(vin=VAN, year="2020", make="Ford", model="Transit", unit_number="12", odometer="41000"),
    )
    truck = services.customers.add_vehicle(
        actor,
        company.id,
        VehicleInput(
            vin=TRUCK,
            year="2021",
            make="Chevrolet",
            model="Silverado",
            unit_number="7",
            plate="8TRK007",
            odometer="20000",
        ),
    )
    return Fleet(company.id, van.vehicle.id, truck.vehicle.id)


# Each layout: (file name, contents, options, readings it holds).
def telematics_csv() -> tuple[str, bytes, ImportOptions, int]:
    text = (
        "Unit #,VIN,Timestamp (UTC),Odometer (km),Battery Voltage (V),Coolant Temp (°F),Fuel Level (%),Active DTCs\n"
        f'12,{VAN},2026-11-30T15:00:00Z,"66,100",12.6,195,71,\n'
        f'12,{VAN},2026-11-30T16:00:00Z,"66,140",12.5,197,69,P0301\n'
        f'7,{TRUCK},2026-11-30T15:00:00Z,"32,300",12.7,190,80,\n'
        f'7,{TRUCK},2026-11-30T16:00:00Z,"32,350",11.3,192,78,\n'
    )
    return "fleet-export.csv", text.encode(), ImportOptions(), 4


def scan_tool_log(vehicle_id: uuid.UUID) -> tuple[str, bytes, ImportOptions, int]:
    """A European scan tool: title line, semicolons, decimal commas, samples every 20 s over 3 minutes."""
    lines = [
        "OBD-II session log;Unit 12",
        "Device Time;Engine Coolant Temperature(°C);Voltage (Control Module)(V);Stored codes",
    ]
    for minute in range(3):
        for second in (0, 20, 40):
            code = "P0301 P0420" if minute == 2 else "P0301"
            lines.append(f"30-Nov-2026 07:0{minute}:{second:02d}.250;{88 + minute};14,{minute};{code}")
    return "scan-session.csv", "\n".join(lines).encode(), ImportOptions(vehicle_id=vehicle_id), 3


def json_array() -> tuple[str, bytes, ImportOptions, int]:
    items = [
        {
            "vin": VAN,
            "timestamp": "2026-11-30T07:00:00-08:00",
            "odometerMiles": 41075,
            "batteryVoltage": 12.6,
        },
        {"vin": VAN, "timestamp": "2026-11-30T08:00:00-08:00", "odometerMiles": 41100, "dtcs": ["P0301"]},
        {"assetName": "7", "timestamp": "2026-11-30T07:00:00-08:00", "fuelLevel": 80, "coolantTempC": 88.5},
    ]
    return "portal.json", json.dumps(items).encode(), ImportOptions(), 3


def json_by_vehicle() -> tuple[str, bytes, ImportOptions, int]:
    document = {
        "exportedAt": "2026-12-01T06:00:00Z",
        "vehicles": [
            {
                "vin": VAN,
                "name": "Van 12",
                "readings": [
                    {"time": "2026-11-30T15:00:00Z", "odometer": {"value": 41075, "unit": "mi"}, "dtcs": []},
                    {
                        "time": "2026-11-30T16:00:00Z",
                        "odometer": {"value": 66140, "unit": "km"},
                        "dtcs": [{"code": "P0301", "status": "confirmed"}],
                    },
                ],
            },
            {
                "licensePlate": "8TRK 007",
                "readings": [
                    {"time": "2026-11-30T15:00:00Z", "engineCoolantTemperature": {"value": 221, "unit": "F"}}
                ],
            },
        ],
    }
    return "by-vehicle.json", json.dumps(document).encode(), ImportOptions(), 3


def json_lines() -> tuple[str, bytes, ImportOptions, int]:
    records = [
        {"unit": "12", "recordedAt": 1796050800, "odometer_mi": 41080, "battery_v": 12.4},
        {"unit": "12", "recordedAt": 1796054400, "odometer_mi": 41110, "faultCodes": "P0301, U0100"},
        {"unit": "7", "recordedAt": 1796050800, "odometer_mi": 20040},
    ]
    return "stream.ndjson", "\n".join(json.dumps(r) for r in records).encode(), ImportOptions(), 3


def mapped_csv() -> tuple[str, bytes, ImportOptions, int]:
    """Columns no tool name matches: read with a mapping, kilometres and day/month dates."""
    text = f"Fahrzeug;Zeitpunkt;KM-Stand;Fehler\n{VAN};30/11/2026 14:05;66200;P0301\n{TRUCK};01/12/2026 09:10;32400;\n"
    options = ImportOptions(
        columns={"vin": "Fahrzeug", "time": "Zeitpunkt", "odometer": "KM-Stand", "codes": "Fehler"},
        units={"odometer": "km"},
        date_order="dmy",
    )
    return "werkstatt.csv", text.encode(), options, 2
