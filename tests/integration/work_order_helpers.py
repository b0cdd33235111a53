"""Plain helpers for the work order integration tests (no fixtures, importable by spawned children).

A spawned ``multiprocessing`` child imports this module by name to find its
worker function, so it must not import pytest or any test module.
"""

from __future__ import annotations

import traceback
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from app.db.engine import Database, open_database
from app.domain.customers import CustomerInput, VehicleInput
from app.domain.permissions import Actor
from app.domain.totals import (
    FeeRule,
    LineKind,
    PricedLine,
    PricingRules,
    RoundingMode,
    Totals,
    compute_totals,
)
from app.services.container import Services
from app.services.work_orders.dto import TotalsView, WorkOrderView
from app.services.work_orders.estimates import JobInput, LineInput
from app.services.work_orders.orders import AuthorizationInput

D = Decimal
TABLES = (
    "work_orders",
    "jobs",
    "work_order_lines",
    "authorizations",
    "audit_log",
    "odometer_readings",
    "service_reminders",
    "canned_jobs",
    "counters",
)


@dataclass(frozen=True)
class Car:
    customer_id: uuid.UUID
    vehicle_id: uuid.UUID


def add_car(
    services: Services,
    actor: Actor,
    last_name: str = "Lopez",
    plate: str = "7ABC123",
    odometer: str = "42000",
) -> Car:
    """A customer at the counter with one car whose last odometer reading is ``odometer``."""
    customer = services.customers.create_customer(
        actor, CustomerInput(first_name="Maria", last_name=last_name, phone="(510) 555-0142")
    )
    saved = services.customers.add_vehicle(
        actor,
        customer.id,
        VehicleInput(plate=plate, year="2016", make="Honda", model="Civic", odometer=odometer),
    )
    return Car(customer.id, saved.vehicle.id)


def labor(description: str, hours: str, price: str = "") -> LineInput:
    return LineInput(LineKind.LABOR, description, hours, price)


def part(description: str, quantity: str, price: str, condition: str = "new", **more: Any) -> LineInput:
    return LineInput(LineKind.PART, description, quantity, price, condition=condition, **more)


def fee(description: str, price: str) -> LineInput:
    return LineInput(LineKind.FEE, description, "1", price)


def sublet(description: str, price: str) -> LineInput:
    return LineInput(LineKind.SUBLET, description, "1", price, vendor="ABC Machine Shop")


def add_job(
    services: Services, actor: Actor, view: WorkOrderView, title: str, *lines: LineInput
) -> WorkOrderView:
    """Add a job and its lines, as the editor would, one save after another."""
    view = services.estimates.add_job(
        actor, view.id, JobInput(title, concern=f"{title}, please"), view.version
    )
    job_id = view.jobs[-1].id
    for line in lines:
        view = services.estimates.add_line(actor, view.id, job_id, line, view.version)
    return view


def job_id(view: WorkOrderView, title: str) -> uuid.UUID:
    return next(job.id for job in view.jobs if job.title == title)


def authorize(
    services: Services,
    actor: Actor,
    view: WorkOrderView,
    decisions: dict[str, str],
    by: str = "Maria Lopez",
    method: str = "in_person",
    phone: str = "",
) -> WorkOrderView:
    """Record the customer's decision for the jobs named by title."""
    auth = AuthorizationInput(
        {job_id(view, title): d for title, d in decisions.items()}, by, method, phone_called=phone
    )
    return services.work_orders.authorize(actor, view.id, auth, view.version)


def recompute(view: WorkOrderView, fee_rule: FeeRule, decisions: set[str]) -> Totals:
    """What compute_totals gives for the lines the view shows (jobs whose decision is counted)."""
    lines = [
        PricedLine(
            LineKind(ln.kind), ln.quantity, ln.unit_price, ln.taxable, ln.discount_percent, ln.core_charge
        )
        for job in view.jobs
        if job.decision in decisions
        for ln in job.lines
    ]
    rules = PricingRules(view.tax_rate, RoundingMode(view.rounding), fee_rule)
    return compute_totals(lines, rules, tax_exempt=bool(view.tax_exempt_number))


def amounts(t: TotalsView | Totals) -> tuple[Decimal, ...]:
    """The figures printed under an estimate, in order."""
    return (t.labor, t.parts, t.fees, t.sublet, t.cores, t.shop_supplies, t.discount, t.tax, t.total)


def counts(db: Database) -> dict[str, int]:
    """Rows per table, counted on a fresh connection (what another terminal would see)."""
    with db.engine.connect() as conn:
        return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES}


def work_order_numbers(db: Database) -> list[int]:
    with db.engine.connect() as conn:
        return [
            int(n) for n in conn.execute(text("SELECT number FROM work_orders ORDER BY number")).scalars()
        ]


def audit_ok(services: Services) -> None:
    reports = services.audit.verify()
    assert reports, "no shop to verify"
    for report in reports:
        assert report.ok, (
            f"audit chain of {report.shop_name} broken at {report.first_bad_seq}: {report.problem}"
        )
        assert report.checked > 0


def create_work_orders(
    url: str, actor: Actor, vehicle_id: uuid.UUID, count: int, start: Any, results: Any
) -> None:
    """One terminal in its own process: open ``count`` work orders as fast as it can.

    Reports ("ok", numbers) or ("error", traceback) on ``results``.
    """
    db: Database | None = None
    try:
        db = open_database(url, terminal_name=f"Worker {vehicle_id}")
        services = Services.build(db)
        if not start.wait(timeout=60):
            raise TimeoutError("the start signal never came")
        numbers = [services.work_orders.create(actor, vehicle_id).number for _ in range(count)]
        results.put(("ok", numbers))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        if db is not None:
            db.dispose()
