"""What readings feed: trouble codes become alerts and recommended jobs; mileage makes reminders due."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from app.db.engine import Database
from app.db.models_work_orders import ServiceReminder
from app.domain.errors import ConflictError
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.readings.dto import ImportOptions
from app.services.uow import UnitOfWork
from tests.integration.readings.reading_support import TRUCK, VAN, add_fleet

READING_RULES = frozenset({"trouble_code", "reading_out_of_range", "reminder_due"})
AFTER_SCANS = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # a day after the scans: inside the 30-day look-back


def scan(vin: str, at: str, codes: list[str], **values: object) -> bytes:
    return json.dumps([{"vin": vin, "timestamp": at, "dtcs": codes, **values}]).encode()


def test_a_trouble_code_raises_an_alert_and_a_clean_scan_resolves_it(services: Services, desk: Actor) -> None:
    fleet = add_fleet(services, desk)
    services.readings.import_file(
        desk, scan(VAN, "2026-11-30T15:00:00Z", ["P0301"]), "a.json", ImportOptions()
    )
    result = services.alerts.check(desk.shop_id, kinds=READING_RULES, now=AFTER_SCANS)
    assert result.raised == 1
    [alert] = services.alerts.alerts(desk)
    assert alert.title == "Unit 12: 2020 Ford Transit: P0301 Cylinder 1 Misfire Detected"
    assert (alert.link_kind, alert.link_id) == ("vehicle", fleet.van)

    services.readings.import_file(desk, scan(VAN, "2026-11-30T18:00:00Z", []), "b.json", ImportOptions())
    assert services.alerts.check(desk.shop_id, kinds=READING_RULES, now=AFTER_SCANS).resolved == 1
    assert services.alerts.alerts(desk) == []


def test_a_low_battery_and_a_hot_engine_are_out_of_range(services: Services, desk: Actor) -> None:
    add_fleet(services, desk)
    data = scan(TRUCK, "2026-11-30T15:00:00Z", [], batteryVoltage=11.2, coolantTempC=118)
    services.readings.import_file(desk, data, "c.json", ImportOptions())
    services.alerts.check(desk.shop_id, kinds=READING_RULES, now=AFTER_SCANS)
    assert sorted(a.title for a in services.alerts.alerts(desk)) == [
        "Unit 7: 2021 Chevrolet Silverado (8TRK007): battery 11.2 V, below 11.8 V",
        "Unit 7: 2021 Chevrolet Silverado (8TRK007): coolant 118 °C, above 110 °C",
    ]


def test_a_code_becomes_a_pending_job_on_the_open_work_order(services: Services, desk: Actor) -> None:
    fleet = add_fleet(services, desk)
    order = services.work_orders.create(desk, fleet.van)
    services.readings.import_file(
        desk, scan(VAN, "2026-11-30T15:00:00Z", ["P0420"]), "d.json", ImportOptions()
    )
    result = services.readings.recommend(desk, fleet.van, "P0420")
    assert result.work_order_number == order.number
    assert result.message.endswith(
        f"added to work order {order.number}, awaiting the customer's authorization."
    )
    [job] = services.work_orders.get(desk, order.id).jobs
    assert (job.title, job.decision) == (
        "Diagnose P0420: Catalyst System Efficiency Below Threshold (Bank 1)",
        "pending",
    )
    assert "reported by telematics: JSON on Nov 30, 2026, 7:00 AM." in job.concern  # the shop writes the date
    with pytest.raises(ConflictError, match=f"on work order {order.number} already"):
        services.readings.recommend(desk, fleet.van, "P0420")


def test_with_no_open_work_order_the_job_waits_for_the_next_one(services: Services, desk: Actor) -> None:
    fleet = add_fleet(services, desk)
    services.readings.import_file(
        desk, scan(TRUCK, "2026-11-30T15:00:00Z", ["U0100"]), "e.json", ImportOptions()
    )
    result = services.readings.recommend(desk, fleet.truck, "U0100")
    assert result.work_order_number is None and "next work order" in result.message
    with pytest.raises(ConflictError, match="already kept"):
        services.readings.recommend(desk, fleet.truck, "U0100")
    order = services.work_orders.create(desk, fleet.truck)
    assert [(j.title, j.decision) for j in order.jobs] == [
        ('Diagnose U0100: Lost Communication With ECM/PCM "A"', "pending")
    ]
    second = services.work_orders.create(desk, fleet.truck)
    assert second.jobs == ()  # attached once, to the next work order only


def test_an_odometer_from_telematics_makes_a_mileage_reminder_due(
    services: Services, db: Database, desk: Actor
) -> None:
    fleet = add_fleet(services, desk)
    with UnitOfWork(db, write=True) as uow:  # an oil change due at 42,000 mi, or in June
        uow.reminders.add(
            ServiceReminder(
                shop_id=desk.shop_id,
                vehicle_id=fleet.van,
                title="Oil change",
                interval_miles=5000,
                last_done_miles=37_000,
                due_miles=42_000,
                due_date=date(2027, 6, 1),
            )
        )
        uow.commit()
    assert services.reminders.due_soon(desk) == []
    data = json.dumps([{"vin": VAN, "timestamp": "2026-11-30T15:00:00Z", "odometer": 42_150}]).encode()
    services.readings.import_file(desk, data, "f.json", ImportOptions())
    [due] = services.reminders.due_soon(desk)
    assert (due.title, due.odometer, due.overdue) == ("Oil change", 42_150, True)
    services.alerts.check(desk.shop_id, kinds=READING_RULES, now=AFTER_SCANS)
    assert [a.title for a in services.alerts.alerts(desk)] == ["Oil change falls due: 2020 Ford Transit"]
