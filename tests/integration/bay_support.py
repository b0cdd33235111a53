"""Plain helpers for the bay and clock tests (no pytest: spawned children import this by name)."""

from __future__ import annotations

import time
import traceback
import uuid
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.db.engine import Database, open_database
from app.db.models_bays import BayAssignment
from app.db.models_work_orders import WorkOrder
from app.domain.errors import BayDeskError
from app.domain.permissions import Actor
from app.services.bays.board import BayInput
from app.services.bays.dto import BayView
from app.services.container import Services
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput
from tests.integration.work_order_helpers import add_car, add_job, authorize, labor


def approved_order(
    services: Services,
    desk: Actor,
    plate: str = "7ABC123",
    hours: str = "1.5",
    technician_id: uuid.UUID | None = None,
) -> WorkOrderView:
    """A car whose owner approved one brake job (``hours`` of labor), waiting for a bay."""
    car = add_car(services, desk, last_name=f"Owner {plate}", plate=plate)
    view = services.work_orders.create(desk, car.vehicle_id, odometer_in=42_010)
    view = add_job(services, desk, view, "Front brakes", labor("Replace pads and rotors", hours))
    if technician_id is not None:
        job = view.jobs[-1]
        view = services.estimates.update_job(
            desk, view.id, job.id, JobInput(job.title, job.concern, technician_id=technician_id), view.version
        )
    return authorize(services, desk, view, {"Front brakes": "approve"})


def add_bays(
    services: Services, owner: Actor, count: int, capacity: int = 1, area: str = ""
) -> list[BayView]:
    return [
        services.bays.save_bay(owner, BayInput(f"Bay {i}", area=area, capacity=capacity, position=i))
        for i in range(1, count + 1)
    ]


def open_assignments(db: Database, bay_id: uuid.UUID) -> int:
    """Cars in a bay, counted on a fresh connection (what another terminal would see)."""
    stmt = select(func.count()).where(
        BayAssignment.bay_id == bay_id, BayAssignment.status.in_(("assigned", "in_progress"))
    )
    with db.engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def finished_in_bay(db: Database) -> list[int]:
    """Numbers of completed, invoiced or cancelled work orders a bay still holds (none, ever)."""
    stmt = (
        select(WorkOrder.number)
        .join(BayAssignment, BayAssignment.work_order_id == WorkOrder.id)
        .where(
            BayAssignment.status.in_(("assigned", "in_progress")),
            WorkOrder.status.in_(("completed", "invoiced", "cancelled")),
        )
        .order_by(WorkOrder.number)
    )
    with db.engine.connect() as conn:
        return [int(n) for n in conn.execute(stmt).scalars()]


def assign_worker(
    url: str, actor: Actor, work_order_id: uuid.UUID, bay_id: uuid.UUID, start: Any, results: Any
) -> None:
    """One terminal in its own process: try to put one car into the bay, at the same moment as the others."""
    db: Database | None = None
    try:
        db = open_database(url, terminal_name=f"Worker {work_order_id}")
        services = Services.build(db)
        start.wait(timeout=60)  # a Barrier: all eight go at once
        try:
            services.bays.assign(actor, work_order_id, bay_id)
            results.put(("assigned", ""))
        except BayDeskError as exc:
            results.put(("refused", exc.message))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        if db is not None:
            db.dispose()


def live_assigner(
    url: str, actor: Any, orders: list[uuid.UUID], bay_id: uuid.UUID, ready: Any, results: Any
) -> None:
    """The other terminal of the live test: assigns each car when told to, reports the commit time."""
    db: Database | None = None
    try:
        db = open_database(url, terminal_name="Assigning terminal")
        services = Services.build(db)
        committed: list[float] = []
        # the moment the transaction committed, not when the call returned with its board
        event.listen(Session, "after_commit", lambda _session: committed.append(time.time()))
        for work_order_id in orders:
            if not ready.get(timeout=60):
                break
            committed.clear()
            services.bays.assign(actor, work_order_id, bay_id, override_reason="live test")
            results.put(("assigned", committed[0]))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        if db is not None:
            db.dispose()
