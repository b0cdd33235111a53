"""Terminals booking the last hour at the same moment, on both databases: exactly one gets it."""

from __future__ import annotations

import multiprocessing
import queue
import uuid
from datetime import datetime
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.permissions import Actor
from app.services.bays.dto import BayView
from app.services.container import Services
from tests.integration.schedule_support import appointment_count, at, book, booking_worker, next_weekday
from tests.integration.work_order_helpers import Car

JOIN_TIMEOUT_S = 120


def race(
    db: Database, actor: Actor, car: Car, starts: list[datetime], **where: uuid.UUID | None
) -> list[tuple[str, str]]:
    """One process per start time, all let go at once; what each terminal was told."""
    url = db.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(starts))
    results = ctx.Queue()
    processes = [
        ctx.Process(
            target=booking_worker,
            args=(
                url,
                actor,
                car.vehicle_id,
                start,
                "1",
                where.get("bay_id"),
                where.get("technician_id"),
                barrier,
                results,
            ),
            daemon=True,
        )
        for start in starts
    ]
    for process in processes:
        process.start()
    reports: list[tuple[str, str]] = []
    try:
        for _ in processes:
            reports.append(results.get(timeout=JOIN_TIMEOUT_S))
    except queue.Empty:
        pass
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
    assert [status for status, _ in reports if status == "error"] == [], reports
    assert len(reports) == len(starts)
    return reports


def test_two_terminals_booking_the_last_hour_of_a_bay_one_gets_it(
    services: Services, desk: Actor, db: Database, bays: list[BayView], car: Car
) -> None:
    day = next_weekday(3)
    bay = bays[0]
    book(services, desk, car.vehicle_id, at(day, 8), "4", bay_id=bay.id)
    book(services, desk, car.vehicle_id, at(day, 13), "4", bay_id=bay.id)  # 8 of 9 hours: 12:00 is free
    before = appointment_count(db)

    # 12:00 is the free hour; 17:00 is after closing but would fit the bay's hours just as well.
    reports = race(db, desk, car, [at(day, 12), at(day, 17)], bay_id=bay.id)

    assert sorted(status for status, _ in reports) == ["booked", "refused"]
    [refusal] = [text for status, text in reports if status == "refused"]
    assert "Bay 1 has 9 h, 9 h booked; 1 h more is over" in refusal
    assert appointment_count(db) == before + 1
    load = services.schedule.calendar(desk, day, day).days[0]
    assert load.bay(bay.id).booked == Decimal(9)


@pytest.mark.parametrize("terminals", [4])
def test_four_terminals_booking_one_technicians_last_hour_one_gets_it(
    services: Services, desk: Actor, db: Database, techs: dict[str, uuid.UUID], car: Car, terminals: int
) -> None:
    day = next_weekday(3)
    maria = techs["Maria Alvarez"]
    book(services, desk, car.vehicle_id, at(day, 8), "8", technician_id=maria)
    before = appointment_count(db)

    reports = race(db, desk, car, [at(day, 16 + n) for n in range(terminals)], technician_id=maria)

    assert sorted(status for status, _ in reports) == ["booked"] + ["refused"] * (terminals - 1)
    assert appointment_count(db) == before + 1
    assert services.schedule.calendar(desk, day, day).days[0].technician(maria).booked == Decimal(9)
