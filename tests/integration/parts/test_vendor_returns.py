"""Returns to vendors: numbered without gaps, out of stock by the ledger, credited on the vendor's account;
special-order parts the car did not need hold their work order open until returned or kept."""

from __future__ import annotations

import multiprocessing
import queue
import time
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from app.db.engine import Database
from app.domain.errors import ValidationError
from app.domain.permissions import Actor, Role
from app.domain.stock import InsufficientStockError
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.parts.catalog import PartInput
from app.services.parts.returns import ReturnInput, ReturnLineInput
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput, LineInput
from tests.integration.integration_support import audit_rows
from tests.integration.parts.returns_support import return_rounds, wrong_part
from tests.integration.stock_helpers import assert_ledger, movement_count, on_hand
from tests.integration.work_order_helpers import add_car, add_job, audit_ok, authorize, labor, part

D = Decimal
JOB = "Front brakes"


@dataclass(frozen=True)
class Shop:
    clerk: Actor
    tech: Actor
    vendor: uuid.UUID
    pads: uuid.UUID  # 5 on the shelf at 30.00, bought from the vendor


@pytest.fixture
def shop(services: Services, owner: Actor) -> Shop:
    services.setup.add_user(owner, "pat", "Pat Parts", Role.PARTS, "parts password 1")
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    clerk = services.setup.sign_in("pat", "parts password 1", "Parts counter 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    vendor = services.parts.create_vendor(owner, "WorldPac").id
    pads = services.parts.create_part(
        owner,
        PartInput(
            sku="BRK-4471",
            name="Brake pad set",
            cost="30.00",
            price="70.00",
            vendor_id=vendor,
            vendor_part_number="W-4471",
        ),
    ).id
    services.inventory.receive(owner, pads, "5", reason="opening stock")
    return Shop(clerk, tech, vendor, pads)


def in_progress(services: Services, desk: Actor, shop: Shop, *lines: LineInput) -> WorkOrderView:
    """A work order whose one brake job (labor and ``lines``) the customer authorized, with work started."""
    car = add_car(services, desk)
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, JOB, labor("Replace front pads", "1.0", "120.00"), *lines)
    job = JobInput(JOB, technician_id=shop.tech.user_id)
    view = services.estimates.update_job(desk, view.id, view.jobs[0].id, job, view.version)
    view = authorize(services, desk, view, {JOB: "approve"})
    return services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)


def test_an_unused_special_order_holds_the_order_until_it_goes_back_to_the_vendor(
    services: Services, desk: Actor, shop: Shop, db: Database
) -> None:
    view = in_progress(services, desk, shop, part("Brake pad set", "1", "", part_id=shop.pads))
    special = services.special_orders.order(shop.clerk, view.id, shop.pads, "2")
    assert (special.vendor_name, special.used, special.open) == ("WorldPac", D("1.000"), D("1.000"))
    before = on_hand(db, shop.pads)

    with pytest.raises(ValidationError, match=r"BRK-4471 \(1 unused\)"):
        services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)

    line = ReturnLineInput(shop.pads, "1", special_order_id=special.id)
    done = services.vendor_returns.post(
        shop.clerk, ReturnInput(shop.vendor, "special_order", "RMA-7781", (line,), "not needed")
    )
    assert (done.number, done.rma_number, done.reason_label) == (1, "RMA-7781", "Special order not used")
    assert done.work_order_number == view.number
    assert [(ln.sku, ln.quantity, ln.unit_cost, ln.amount) for ln in done.lines] == [
        ("BRK-4471", D("1.000"), D("30.00"), D("30.00"))
    ]
    assert on_hand(db, shop.pads) == before - 1000  # one back to the vendor
    assert movement_count(db, "vendor_return") == 1
    assert_ledger(db)
    assert services.vendor_returns.vendor_balance(shop.clerk, shop.vendor) == D("-30.00")  # credited
    assert services.special_orders.open_orders(shop.clerk, view.id) == []

    done_view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    assert done_view.status == Status.COMPLETED
    assert _document_recorded(db, done.id)  # the audit chain carries the return's content and hash
    actions = {(r["table_name"], r["action"]) for r in audit_rows(db)}
    assert {("vendor_returns", "post"), ("special_orders", "order"), ("special_orders", "return")} <= actions
    audit_ok(services)


def test_a_special_order_kept_in_stock_by_the_clerk_lets_the_order_close(
    services: Services, desk: Actor, shop: Shop, db: Database
) -> None:
    view = in_progress(services, desk, shop)
    special = services.special_orders.order(shop.clerk, view.id, shop.pads, "1")
    with pytest.raises(ValidationError, match="say why"):
        services.special_orders.keep_in_stock(shop.clerk, special.id, "1", "  ")
    with pytest.raises(ValidationError, match="only 1 of special-order part BRK-4471"):
        services.special_orders.keep_in_stock(shop.clerk, special.id, "2", "we sell these often")
    kept = services.special_orders.keep_in_stock(shop.clerk, special.id, "1", "we sell these often")
    assert (kept.kept, kept.open) == (D("1.000"), D("0.000"))
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    assert view.status == Status.COMPLETED
    assert on_hand(db, shop.pads) == 5000  # kept means it stays on the shelf
    assert ("special_orders", "keep_in_stock") in {(r["table_name"], r["action"]) for r in audit_rows(db)}


def test_cancelling_an_order_with_a_special_order_part_is_refused_until_it_is_returned(
    services: Services, desk: Actor, shop: Shop
) -> None:
    view = in_progress(services, desk, shop)
    services.special_orders.order(shop.clerk, view.id, shop.pads, "1")
    view = services.work_orders.change_status(
        desk, view.id, Status.ON_HOLD, view.version, "Waiting for customer"
    )
    with pytest.raises(ValidationError, match=f"Work order {view.number} has special-order parts"):
        services.work_orders.change_status(desk, view.id, Status.CANCELLED, view.version)


def test_a_refused_return_takes_no_number_and_moves_nothing(
    services: Services, shop: Shop, db: Database
) -> None:
    movements = movement_count(db)
    with pytest.raises(ValidationError, match="RMA number"):
        services.vendor_returns.post(shop.clerk, wrong_part(shop.vendor, shop.pads, "1", " "))
    with pytest.raises(InsufficientStockError, match="Only 5 of part BRK-4471"):
        services.vendor_returns.post(shop.clerk, wrong_part(shop.vendor, shop.pads, "6", "RMA-1"))
    assert movement_count(db) == movements
    assert services.vendor_returns.vendor_balance(shop.clerk, shop.vendor) == D("0")

    first = services.vendor_returns.post(shop.clerk, wrong_part(shop.vendor, shop.pads, "2", "RMA-2"))
    second = services.vendor_returns.post(shop.clerk, wrong_part(shop.vendor, shop.pads, "1", "RMA-3"))
    assert (first.number, second.number) == (1, 2)  # the refused ones left no gap
    assert [r.number for r in services.vendor_returns.returns(shop.clerk)] == [2, 1]
    assert second.vendor_balance == D("-90.00")
    assert on_hand(db, shop.pads) == 2000
    assert_ledger(db)


def test_cores_go_back_on_a_return_document_that_credits_the_core_charge(
    services: Services, owner: Actor, shop: Shop, db: Database
) -> None:
    alternator = services.parts.create_part(
        owner,
        PartInput(
            sku="ALT-9",
            name="Alternator, reman",
            cost="90.00",
            core_charge="45.00",
            vendor_id=shop.vendor,
            vendor_part_number="W-ALT9",
        ),
    ).id
    services.inventory.core_from_customer(shop.clerk, alternator, "2", "old units", "ticket 5001")
    movements = movement_count(db)
    change = services.inventory.core_return(shop.clerk, alternator, "2", "core run")
    assert change.cores_on_hand == D("0.000")
    assert movement_count(db) == movements  # sellable stock did not move
    [row] = services.vendor_returns.returns(shop.clerk)
    assert (row.reason_label, row.lines, row.credit) == ("Core return", 1, D("90.00"))
    document = services.vendor_returns.get(shop.clerk, row.id)
    assert [(ln.kind, ln.quantity, ln.unit_cost) for ln in document.lines] == [
        ("core", D("2.000"), D("45.00"))
    ]
    assert services.vendor_returns.vendor_balance(shop.clerk, shop.vendor) == D("-90.00")
    history = services.inventory.core_movements(shop.clerk, alternator)
    assert history[0].document == "vendor_return 1"


def test_two_terminals_returning_at_the_same_moment_number_without_gaps(
    services: Services, owner: Actor, shop: Shop, db: Database
) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time; the race is between PostgreSQL terminals")
    rounds = 8
    services.inventory.receive(owner, shop.pads, str(2 * rounds), reason="for the race")
    actors = [
        replace(shop.clerk, terminal_id=services.setup.register_terminal(owner.shop_id, f"Parts {i}"))
        for i in (2, 3)
    ]
    url = db.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    workers = [
        ctx.Process(
            target=return_rounds, args=(url, a, shop.vendor, shop.pads, rounds, barrier, results), daemon=True
        )
        for a in actors
    ]
    for worker in workers:
        worker.start()
    reports = _collect(results, workers, 300)
    for worker in workers:
        worker.join(timeout=10)
    errors = [detail for status, detail in reports if status != "ok"]
    assert not errors, errors[0]
    numbers = sorted(n for _status, got in reports for n in got)
    assert numbers == list(range(1, 2 * rounds + 1))  # every number once, none skipped
    assert on_hand(db, shop.pads) == 5000
    assert services.vendor_returns.vendor_balance(owner, shop.vendor) == D("-30.00") * 2 * rounds
    assert_ledger(db)
    audit_ok(services)


def _document_recorded(db: Database, return_id: uuid.UUID) -> bool:
    with db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT document, document_hash FROM audit_log "
                "WHERE table_name = 'vendor_returns' AND record_id = :r"
            ),
            {"r": str(return_id)},
        ).one()
    return row.document is not None and "RMA-7781" in row.document and len(row.document_hash) == 64


def _collect(results: Any, workers: list[Any], deadline_s: float) -> list[tuple[str, Any]]:
    reports: list[tuple[str, Any]] = []
    deadline = time.monotonic() + deadline_s
    while len(reports) < len(workers) and time.monotonic() < deadline:
        try:
            reports.append(results.get(timeout=1))
        except queue.Empty:
            if not any(w.is_alive() for w in workers):
                break
    return reports


def test_receiving_a_purchase_order_charges_the_vendor_and_returns_credit_it(
    services: Services, owner: Actor, shop: Shop, db: Database
) -> None:
    rotors = services.parts.create_part(
        owner,
        PartInput(
            sku="ROT-12",
            name="Brake rotor",
            cost="41.35",
            price="89.00",
            vendor_id=shop.vendor,
            vendor_part_number="W-12",
            reorder_point="2",
            reorder_quantity="4",
        ),
    ).id
    (po,) = services.purchasing.create_purchase_orders(shop.clerk, [rotors])
    assert po.vendor_balance == D("0.00")
    line = po.lines[0]
    po = services.purchasing.receive(shop.clerk, po.id, {line.id: "3"}, po.version)
    assert po.vendor_balance == D("124.05")  # 3 × 41.35
    # the rest came in at a new price: 3 × 41.35 + 3 × 39.99 = 124.05 + 119.97 = 244.02
    po = services.purchasing.receive(shop.clerk, po.id, {line.id: "3"}, po.version, costs={line.id: "39.99"})
    assert po.vendor_balance == D("244.02")
    assert services.vendor_returns.vendor_balance(shop.clerk, shop.vendor) == D("244.02")
    returned = services.vendor_returns.post(shop.clerk, wrong_part(shop.vendor, rotors, "1", "RMA-5"))
    # one rotor back at its cost now (the average of 41.35 and 39.99 is 40.67): received − returned
    assert returned.vendor_balance == D("244.02") - returned.credit
    charges = [
        r
        for r in audit_rows(db)
        if (r["table_name"], r["action"]) == ("vendor_account_entries", "receipt_charge")
    ]
    assert len(charges) == 2
    refused_version = po.version
    with pytest.raises(ValidationError):
        services.purchasing.receive(shop.clerk, po.id, {line.id: "0"}, refused_version)
    assert services.vendor_returns.vendor_balance(shop.clerk, shop.vendor) == returned.vendor_balance
    audit_ok(services)
