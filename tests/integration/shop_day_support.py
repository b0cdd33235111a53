"""The terminals of "a day in the shop": two front desks and a parts counter, each its own process.

Every terminal opens its own database connection and signs its people in
through the services with its own terminal name, as the app does. No pytest
import: spawned children import this module by name to find their function.
Each reports ("ok", what it did) or ("error", traceback) on its results queue.
"""

from __future__ import annotations

import queue
import time
import traceback
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.db.engine import Database, open_database
from app.domain.permissions import Actor
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.parts.counter import SaleInput, SaleLine
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput
from tests.integration.invoicing_helpers import card, cash
from tests.integration.work_order_helpers import add_car, add_job, authorize, labor

D = Decimal
ZERO = D("0.00")
WAIT_S = 45.0
PAID_OUT = D("12.35")
COUNTER_SKU = "WB-22"
PASSWORD = "shop day password"  # a test fixture, not a secret


@dataclass(frozen=True)
class DeskPlan:
    """What one front desk does through the day."""

    desk: int  # 1 or 2
    username: str
    tech_username: str
    bay_id: uuid.UUID
    opening_float: str
    orders: tuple[tuple[str, str], ...]  # (sku, quantity) the bay asks the counter for, per car
    owner_login: tuple[str, str] | None = None  # the owner steps up to this desk to void one invoice
    invoices_counter_sale: bool = False


@dataclass
class DeskReport:
    """What a desk did, in figures it wrote down itself (the test compares them to the database)."""

    terminal: str
    drawer_id: uuid.UUID
    opening_float: Decimal
    cash: list[Decimal] = field(default_factory=list)  # cash amounts applied (tendered less change)
    tendered: Decimal = ZERO
    change: Decimal = ZERO
    card: list[Decimal] = field(default_factory=list)
    paid_out: Decimal = ZERO
    invoice_totals: list[Decimal] = field(default_factory=list)  # every invoice posted, void or not
    voided: list[uuid.UUID] = field(default_factory=list)
    work_orders: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (sku, quantity)
    counter_invoice: uuid.UUID | None = None
    counted: Decimal = ZERO


def terminal_name(desk: int) -> str:
    return f"Front desk {desk}"


def front_desk(url: str, plan: DeskPlan, tickets: Any, results: Any) -> None:
    """A front desk's day: open the drawer, write up cars, bill them, take the money, count the drawer."""
    db: Database | None = None
    try:
        db = open_database(url, terminal_name=terminal_name(plan.desk))
        services = Services.build(db)
        desk = services.setup.sign_in(plan.username, PASSWORD, terminal_name(plan.desk))
        tech = services.setup.sign_in(plan.tech_username, PASSWORD, f"Bay {plan.desk}", mode="bay")
        drawer = services.drawers.open(desk, plan.opening_float)
        report = DeskReport(drawer.terminal, drawer.id, drawer.opening_float)
        for number, (sku, quantity) in enumerate(plan.orders):
            view = _write_up(services, desk, tech, plan, sku, quantity, number)
            report.work_orders[str(view.id)] = (sku, quantity)
            invoice = services.invoicing.post_from_work_order(desk, view.id)
            report.invoice_totals.append(invoice.totals.total)
            if number == 0 and plan.owner_login:
                # the owner, at this desk, voids the first invoice with its parts back on the shelf
                owner = services.setup.sign_in(*plan.owner_login, terminal_name(plan.desk))
                services.invoicing.void(owner, invoice.id, "Wrong customer on the invoice", restock=True)
                report.voided.append(invoice.id)
                invoice = services.invoicing.post_from_work_order(desk, view.id)
                report.invoice_totals.append(invoice.totals.total)
            _pay(services, desk, invoice.id, invoice.balance_due, number % 2 == 0, report)
            if number == 1:
                services.drawers.move(desk, drawer.id, "paid_out", str(PAID_OUT), "Parts runner's gas")
                report.paid_out += PAID_OUT
        if plan.invoices_counter_sale:
            ticket_id = tickets.get(timeout=WAIT_S)
            invoice = services.invoicing.post_from_counter_ticket(desk, ticket_id)
            report.invoice_totals.append(invoice.totals.total)
            report.counter_invoice = invoice.id
            _pay(services, desk, invoice.id, invoice.balance_due, True, report)
        # counted exactly: what this desk wrote down it put in and took out
        report.counted = report.opening_float + sum(report.cash, D("0.00")) - report.paid_out
        services.drawers.count(desk, drawer.id, report.counted)
        services.drawers.close(desk, drawer.id, report.counted - report.opening_float)
        results.put(("ok", report))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        if db is not None:
            db.dispose()


def _write_up(
    services: Services, desk: Actor, tech: Actor, plan: DeskPlan, sku: str, quantity: str, number: int
) -> WorkOrderView:
    """A car from the counter to completed: estimate, approval, bay, the part from the counter, done."""
    car = add_car(
        services, desk, last_name=f"Desk{plan.desk} Car{number}", plate=f"{plan.desk}DAY{number:03d}"
    )
    view = services.work_orders.create(desk, car.vehicle_id, odometer_in=42_010 + number)
    view = add_job(services, desk, view, "Repair", labor("Diagnose and repair", "1.2", "135.00"))
    job = view.jobs[0]
    view = services.estimates.update_job(
        desk, view.id, job.id, JobInput("Repair", technician_id=tech.user_id), view.version
    )
    view = authorize(services, desk, view, {"Repair": "approve"})
    services.bays.assign(desk, view.id, plan.bay_id, technician_id=tech.user_id)
    view = services.work_orders.get(desk, view.id)
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    services.inspections.request_part(tech, view.id, f"{sku} for the repair", quantity, job_id=job.id)
    view = _wait_for_part(services, desk, view.id)
    view = authorize(services, desk, view, {"Repair": "approve"})  # the customer agrees to the part
    return services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)


def _wait_for_part(services: Services, desk: Actor, work_order_id: uuid.UUID) -> WorkOrderView:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        view = services.work_orders.get(desk, work_order_id)
        if any(line.part_id is not None and line.allocated > 0 for job in view.jobs for line in job.lines):
            return view
        time.sleep(0.05)
    raise TimeoutError("the parts counter never filled the request")


def _pay(
    services: Services, desk: Actor, invoice_id: uuid.UUID, due: Decimal, in_cash: bool, report: DeskReport
) -> None:
    if in_cash:
        tendered = (due // 20 + 1) * 20  # the next twenty up: change is given
        result = services.payments.take(desk, invoice_id, [cash(str(due), str(tendered))])
        assert result.change_due == tendered - due, (result.change_due, tendered, due)
        report.cash.append(due)
        report.tendered += tendered
        report.change += result.change_due
    else:
        services.payments.take(desk, invoice_id, [card(str(due))])
        report.card.append(due)
    assert services.invoicing.get(desk, invoice_id).balance_due == 0


def parts_counter(
    url: str, username: str, skus: dict[str, uuid.UUID], stop: Any, tickets: Any, results: Any
) -> None:
    """The parts terminal: rings up a counter sale, then fills the bays' requests until the day ends."""
    db: Database | None = None
    try:
        db = open_database(url, terminal_name="Parts counter")
        services = Services.build(db)
        clerk = services.setup.sign_in(username, PASSWORD, "Parts counter")
        ticket = services.counter.post_sale(
            clerk, SaleInput((SaleLine(skus[COUNTER_SKU], "2"),), "Walk-in Wanda")
        )
        tickets.put(ticket.id)
        filled: list[tuple[str, str, str]] = []  # (work order id, sku, quantity)
        while True:
            waiting = services.inspections.parts_requests(clerk)
            for request in waiting:
                sku = request.description.split()[0]
                quantity = format(request.quantity.normalize(), "f")
                services.parts_requests.fill(clerk, request.id, skus[sku], quantity)
                filled.append((str(request.work_order_id), sku, quantity))
            if not waiting:
                if stop.is_set():
                    break
                time.sleep(0.05)
        results.put(("ok", (ticket.id, filled)))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        if db is not None:
            db.dispose()


def collect(results: Any, count: int, deadline_s: float) -> list[tuple[str, Any]]:
    reports: list[tuple[str, Any]] = []
    deadline = time.monotonic() + deadline_s
    while len(reports) < count and time.monotonic() < deadline:
        try:
            reports.append(results.get(timeout=1))
        except queue.Empty:
            continue
    return reports
