"""Stock on SQLite and PostgreSQL: every operation keeps on hand equal to the ledger, nothing half-saved."""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import event

from app.db.engine import Database
from app.domain.errors import NotFoundError, PermissionDeniedError, StaleEditError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.stock import InsufficientStockError, NegativeStock, StockSettings
from app.repositories.parts import LockError, PartsRepository
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services
from app.services.parts.counter import SaleInput, SaleLine
from app.services.parts.stock import CountEntry
from tests.integration.parts.returns_support import wrong_part
from tests.integration.stock_helpers import add_part, assert_ledger, movement_count, on_hand, table_count
from tests.integration.work_order_helpers import add_car, add_job, authorize, part

D = Decimal


@pytest.fixture
def clerk(services: Services, owner: Actor) -> Actor:
    """Someone at the parts counter (role parts)."""
    services.setup.add_user(owner, "pat", "Pat Parts", Role.PARTS, "parts password 1")
    return services.setup.sign_in("pat", "parts password 1", "Parts counter 1")


def sell(services: Services, actor: Actor, *lines: tuple[object, str], customer: str = "") -> object:
    return services.counter.post_sale(
        actor,
        SaleInput(tuple(SaleLine(p, q) for p, q in lines), customer),  # type: ignore[arg-type]
    )


def test_every_kind_of_movement_keeps_on_hand_equal_to_the_ledger(
    services: Services, owner: Actor, clerk: Actor, db: Database
) -> None:
    pads = add_part(services, clerk, "BRK-4471", "10", cost="20.00", price="45.00", core_charge="10.00")
    filt = add_part(services, clerk, "OF-100", "5", cost="3.00")
    assert_ledger(db)
    ticket = sell(services, clerk, (pads, "3"), (filt, "2"), customer="Walk-in Wanda")
    assert_ledger(db)
    assert (on_hand(db, pads), on_hand(db, filt)) == (7000, 3000)
    services.counter.customer_return(clerk, ticket.id, ticket.lines[0].id, "1", "wrong size")  # type: ignore[attr-defined]
    assert_ledger(db)
    services.inventory.core_from_customer(clerk, pads, "1", "old calipers")  # a core is not stock
    vendor = services.parts.create_vendor(owner, "WorldPac").id
    services.inventory.core_return(clerk, pads, "1", "old calipers", vendor_id=vendor)
    assert_ledger(db)
    result = services.inventory.post_count(
        clerk, [CountEntry(filt, "4"), CountEntry(pads, "8")], "cycle count"
    )
    assert_ledger(db)
    assert [c.sku for c in result.adjusted] == ["OF-100"] and result.unchanged == 1
    services.counter.void(clerk, ticket.id, "customer changed mind")  # type: ignore[attr-defined]
    assert_ledger(db)
    # 10 - 3 + 1 = 8 counted 8 (the core came and went on its own shelf); void brings the 2 not yet returned
    assert on_hand(db, pads) == 10000
    assert on_hand(db, filt) == 6000  # counted 4, then the 2 sold came back
    services.vendor_returns.post(clerk, wrong_part(vendor, pads, "1", "RMA-1"))
    assert_ledger(db)
    assert on_hand(db, pads) == 9000
    movements = services.inventory.movements(clerk, pads)
    assert {m.label for m in movements} >= {
        "Received",
        "Counter sale",
        "Customer return",
        "Returned to vendor",
    }
    assert all(m.user_name == "Pat Parts" for m in movements)
    assert services.inventory.ledger_differences(owner) == {}


def test_a_multi_line_ticket_short_on_one_line_saves_nothing_and_says_how_many_are_left(
    services: Services, clerk: Actor, db: Database
) -> None:
    pads = add_part(services, clerk, "BRK-4471", "2")
    rotor = add_part(services, clerk, "ROT-9", "6")
    before = (movement_count(db), table_count(db, "counter_tickets"))
    with pytest.raises(InsufficientStockError) as caught:
        sell(services, clerk, (rotor, "2"), (pads, "3"))
    assert "Only 2 of part BRK-4471 in stock; 3 asked" in caught.value.message
    assert (movement_count(db), table_count(db, "counter_tickets")) == before
    assert (on_hand(db, pads), on_hand(db, rotor)) == (2000, 6000)
    ticket = sell(services, clerk, (rotor, "2"), (pads, "2"))
    assert ticket.number == 5001  # the refused sale left no gap  # type: ignore[attr-defined]
    assert_ledger(db)


def test_the_same_part_on_two_lines_is_checked_against_its_total(
    services: Services, clerk: Actor, db: Database
) -> None:
    pads = add_part(services, clerk, "BRK-4471", "3")
    with pytest.raises(InsufficientStockError):
        sell(services, clerk, (pads, "2"), (pads, "2"))
    assert on_hand(db, pads) == 3000


def test_a_part_never_received_is_refused_as_out_of_stock_not_sold(
    services: Services, clerk: Actor, db: Database
) -> None:
    new = add_part(services, clerk, "NEW-1")
    with pytest.raises(InsufficientStockError, match="Only 0 of part NEW-1"):
        sell(services, clerk, (new, "1"))
    assert movement_count(db) == 0


def test_the_shop_may_allow_negative_stock_with_a_warning_on_the_movement(
    services: Services, owner: Actor, clerk: Actor, db: Database
) -> None:
    services.inventory.update_settings(owner, StockSettings(negative_stock=NegativeStock.WARN))
    pads = add_part(services, clerk, "BRK-4471", "1")
    ticket = sell(services, clerk, (pads, "3"))
    assert ticket.warnings and "negative" in ticket.warnings[0]  # type: ignore[attr-defined]
    assert on_hand(db, pads) == -2000
    sale = services.inventory.movements(clerk, pads)[0]
    assert sale.label == "Counter sale" and "negative" in sale.warning
    assert_ledger(db)


def test_the_lock_raises_when_a_row_is_missing_and_locks_in_part_id_order(
    services: Services, clerk: Actor, db: Database
) -> None:
    ids = [add_part(services, clerk, f"P-{n}", "1") for n in range(3)]
    unknown = uuid.uuid4()  # no inventory row: a lock that finds nothing is no lock
    statements: list[str] = []

    def capture(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.session(write=True) as session, session.begin():
            repo = PartsRepository(session)
            rows = repo.lock_inventory([(clerk.shop_id, i) for i in reversed(ids)])
            assert len(rows) == 3
            with pytest.raises(LockError):
                repo.lock_inventory([(clerk.shop_id, ids[0]), (clerk.shop_id, unknown)])
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    lock = next(s for s in statements if "FROM inventory" in s)
    assert "ORDER BY inventory.part_id, inventory.shop_id" in lock
    if not db.is_sqlite:
        assert "FOR UPDATE" in lock


def test_catalog_lookup_by_sku_barcode_vendor_number_and_name_words(
    services: Services, clerk: Actor, owner: Actor
) -> None:
    vendor = services.parts.create_vendor(owner, "WorldPac")
    pads = add_part(
        services,
        clerk,
        "BRK-4471",
        "4",
        name="Ceramic brake pads front",
        brand="Akebono",
        category="Brakes",
        barcodes=("0012345678905",),
        vendor_id=vendor.id,
        vendor_part_number="ACT-787",
    )
    add_part(services, clerk, "OF-100", "2", name="Oil filter", brand="Wix")
    assert [p.sku for p in services.parts.search(clerk, "brk-44")] == ["BRK-4471"]
    assert [p.sku for p in services.parts.search(clerk, "pads akebono")] == ["BRK-4471"]
    assert [p.sku for p in services.parts.search(clerk, "act-787")] == ["BRK-4471"]  # typed with a dash
    assert [p.sku for p in services.parts.search(clerk, "ACT787")] == ["BRK-4471"]
    scanned = services.parts.find_code(clerk, "0012345678905")
    assert scanned is not None and scanned.id == pads and scanned.on_hand == D("4.000")
    assert scanned.bin_location == "A-01" and scanned.vendor_numbers[0].vendor_name == "WorldPac"
    assert services.parts.find_code(clerk, "9780201379624") is None  # a valid EAN-13 no part has


def test_bad_catalog_input_is_refused_with_the_field_named(services: Services, clerk: Actor) -> None:
    add_part(services, clerk, "BRK-4471", barcodes=("111",))
    for field, kwargs in (
        ("cost", {"cost": "NaN"}),
        ("cost", {"cost": "-1"}),
        ("cost", {"cost": "abc"}),
        ("price", {"price": "12.345"}),
        ("name", {"name": "   "}),
    ):
        with pytest.raises(ValidationError) as caught:
            add_part(services, clerk, "NEW-1", **kwargs)  # type: ignore[arg-type]
        assert field in caught.value.errors
    from app.domain.errors import ConflictError

    with pytest.raises(ConflictError, match="BRK-4471"):
        add_part(services, clerk, "brk-4471")
    with pytest.raises(ConflictError, match="Barcode 111"):
        add_part(services, clerk, "NEW-2", barcodes=("111",))
    assert [p.sku for p in services.parts.search(clerk, "NEW")] == []


def test_bad_quantities_are_refused(services: Services, clerk: Actor, db: Database) -> None:
    pads = add_part(services, clerk, "BRK-4471", "5")
    for quantity in ("0", "-1", "1.5", "abc", "NaN"):
        with pytest.raises(ValidationError):
            sell(services, clerk, (pads, quantity))
    oil = add_part(services, clerk, "OIL-5W30", "20", fractional=True)
    sell(services, clerk, (oil, "4.5"))
    assert on_hand(db, oil) == 15500
    assert on_hand(db, pads) == 5000


def test_stock_in_the_other_shops_of_the_chain_is_shown(services: Services, clerk: Actor) -> None:
    add_part(services, clerk, "BRK-4471", "4")
    other = services.setup.create_shop(
        ShopInput("Second Street Garage", "2 Second St", "(510) 555-0200", "America/Los_Angeles", "10.25"),
        OwnerInput("owner2", "Oscar Owner", "owner password 2"),
    )
    add_part(services, other, "BRK-4471", "7")
    view = services.parts.search(clerk, "BRK-4471")[0]
    assert [(c.shop_name, c.on_hand) for c in view.other_shops] == [("Second Street Garage", D("7.000"))]
    # a transfer moves stock between the two shops, both ledgers agree
    services.inventory.transfer(clerk, view.id, other.shop_id, "2")
    assert services.parts.search(clerk, "BRK-4471")[0].on_hand == D("2.000")
    assert services.parts.search(other, "BRK-4471")[0].on_hand == D("9.000")


def test_allocation_to_a_job_snapshots_the_price_and_returns_shrink_the_line(
    services: Services, owner: Actor, desk: Actor, db: Database
) -> None:
    pads = add_part(services, owner, "BRK-4471", "5", cost="20.00", price="45.00", core_charge="15.00")
    car = add_car(services, desk)
    view = services.work_orders.create(desk, car.vehicle_id, odometer_in=42000)
    view = add_job(services, desk, view, "Front brakes", part("Rotor", "1", "80.00"))
    view = authorize(services, desk, view, {"Front brakes": "approve"})
    job = view.jobs[0].id
    done = services.allocation.allocate(desk, view.id, job, pads, "2", view.version)
    lines = done.view.jobs[0].lines
    allocated = next(ln for ln in lines if ln.description == "Part BRK-4471")
    assert (allocated.quantity, allocated.unit_price, allocated.core_charge) == (
        D("2"),
        D("45.00"),
        D("15.00"),
    )
    assert on_hand(db, pads) == 3000
    assert_ledger(db)
    # the stale editor is refused, nothing moves
    with pytest.raises(StaleEditError):
        services.allocation.allocate(desk, view.id, job, pads, "1", view.version)
    assert on_hand(db, pads) == 3000
    again = services.allocation.allocate(desk, view.id, job, pads, "1", done.view.version)
    assert again.line_id == done.line_id  # the same line grew
    back = services.allocation.return_to_stock(desk, view.id, done.line_id, "1", again.view.version)  # type: ignore[arg-type]
    assert on_hand(db, pads) == 3000
    gone = services.allocation.return_to_stock(desk, view.id, done.line_id, "2", back.view.version)  # type: ignore[arg-type]
    assert gone.line_id is None
    assert [ln.description for ln in gone.view.jobs[0].lines] == ["Rotor"]
    assert on_hand(db, pads) == 5000
    assert_ledger(db)


def test_parts_go_only_to_authorized_jobs(
    services: Services, owner: Actor, desk: Actor, db: Database
) -> None:
    pads = add_part(services, owner, "BRK-4471", "5")
    car = add_car(services, desk)
    view = services.work_orders.create(desk, car.vehicle_id, odometer_in=42000)
    view = add_job(services, desk, view, "Front brakes", part("Rotor", "1", "80.00"))
    with pytest.raises(ValidationError):
        services.allocation.allocate(desk, view.id, view.jobs[0].id, pads, "1", view.version)
    assert on_hand(db, pads) == 5000


def test_reorder_list_becomes_purchase_orders_received_in_part_and_over(
    services: Services, owner: Actor, clerk: Actor, db: Database
) -> None:
    wp = services.parts.create_vendor(owner, "WorldPac")
    napa = services.parts.create_vendor(owner, "NAPA")
    low = add_part(
        services,
        clerk,
        "BRK-1",
        "1",
        reorder_point="2",
        reorder_quantity="6",
        vendor_id=wp.id,
        vendor_part_number="W1",
    )
    add_part(
        services,
        clerk,
        "OF-1",
        "0",
        reorder_point="1",
        reorder_quantity="4",
        vendor_id=napa.id,
        vendor_part_number="N1",
    )
    add_part(
        services,
        clerk,
        "FULL-1",
        "9",
        reorder_point="2",
        reorder_quantity="6",
        vendor_id=wp.id,
        vendor_part_number="W2",
    )
    assert [r.sku for r in services.purchasing.reorder_list(clerk)] == ["BRK-1", "OF-1"]
    orders = services.purchasing.create_purchase_orders(clerk)
    assert sorted((o.vendor_name, [ln.sku for ln in o.lines]) for o in orders) == [
        ("NAPA", ["OF-1"]),
        ("WorldPac", ["BRK-1"]),
    ]
    assert services.purchasing.reorder_list(clerk) == []  # on order now: not ordered twice
    po = next(o for o in orders if o.vendor_name == "WorldPac")
    line = po.lines[0]
    assert line.ordered == D("7.000")  # back above the reorder point: 2 - 1 + 6
    po = services.purchasing.receive(clerk, po.id, {line.id: "3"}, po.version, costs={line.id: "18.50"})
    assert po.status == "partial" and not po.warnings
    po = services.purchasing.receive(clerk, po.id, {line.id: "6"}, po.version)
    assert po.status == "received" and "4 were outstanding" in po.warnings[0]
    assert on_hand(db, low) == 10000
    movements = services.inventory.movements(clerk, low)
    assert "outstanding" in movements[0].warning
    assert D("18.50") in {m.unit_cost for m in movements}
    assert_ledger(db)


def test_a_large_count_adjustment_needs_the_owner(
    services: Services, owner: Actor, clerk: Actor, db: Database
) -> None:
    pads = add_part(services, clerk, "BRK-4471", "100", cost="20.00")
    with pytest.raises(PermissionDeniedError, match="ask the owner"):
        services.inventory.post_count(clerk, [CountEntry(pads, "50")], "cycle count")
    assert on_hand(db, pads) == 100_000
    with pytest.raises(ValidationError):
        services.inventory.post_count(clerk, [CountEntry(pads, "-1")], "cycle count")
    services.inventory.post_count(owner, [CountEntry(pads, "50")], "cycle count")
    assert on_hand(db, pads) == 50_000
    assert services.inventory.movements(owner, pads)[0].reason == "cycle count"
    assert_ledger(db)


def test_a_counter_price_below_cost_needs_the_owner(
    services: Services, owner: Actor, clerk: Actor, db: Database
) -> None:
    pads = add_part(services, clerk, "BRK-4471", "10", cost="20.00", price="35.00")
    with pytest.raises(PermissionDeniedError, match="ask the owner"):
        services.counter.post_sale(clerk, SaleInput((SaleLine(pads, "1", "19.99"),), ""))
    assert on_hand(db, pads) == 10_000 and movement_count(db, "sale") == 0
    services.counter.post_sale(
        clerk, SaleInput((SaleLine(pads, "1", "25.00"),), "")
    )  # a discount, above cost
    services.counter.post_sale(owner, SaleInput((SaleLine(pads, "1", "19.99"),), ""))
    assert on_hand(db, pads) == 8_000
    assert_ledger(db)


def test_a_posted_ticket_reads_back_for_invoicing_with_its_snapshot(
    services: Services, owner: Actor, clerk: Actor
) -> None:
    pads = add_part(services, clerk, "BRK-4471", "5", cost="20.00", price="45.00", core_charge="10.00")
    ticket = sell(services, clerk, (pads, "2"), customer="Walk-in Wanda")
    services.parts.update_part(
        owner,
        pads,
        replace(services_input(services, owner, pads), price="60.00"),
        services.parts.get(owner, pads).version,
    )
    posted = services.counter.posted_ticket(owner, ticket.id)  # type: ignore[attr-defined]
    assert posted.status == "posted" and posted.customer_name == "Walk-in Wanda"
    assert [(ln.sku, ln.quantity, ln.unit_price, ln.core_charge) for ln in posted.lines] == [
        ("BRK-4471", D("2.000"), D("45.00"), D("10.00"))
    ]
    services.counter.void(owner, ticket.id, "rung up twice")  # type: ignore[attr-defined]
    with pytest.raises(NotFoundError):
        services.counter.posted_ticket(owner, ticket.id)  # type: ignore[attr-defined]


def services_input(services: Services, actor: Actor, part_id: object):  # type: ignore[no-untyped-def]
    from app.services.parts.catalog import PartInput

    view = services.parts.get(actor, part_id)  # type: ignore[arg-type]
    return PartInput(
        sku=view.sku,
        name=view.name,
        cost=str(view.cost),
        price="" if view.own_price is None else str(view.own_price),
        core_charge=str(view.core_charge),
        bin_location=view.bin_location,
    )


def test_an_invoiced_ticket_is_voided_through_its_invoice_not_at_the_counter(
    services: Services, owner: Actor, desk: Actor, db: Database
) -> None:
    pads = add_part(services, owner, "BRK-4471", "5", cost="20.00", price="45.00")
    ticket = sell(services, desk, (pads, "2"))
    invoice = services.invoicing.post_from_counter_ticket(desk, ticket.id)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match=f"invoice {invoice.number}"):
        services.counter.void(owner, ticket.id, "changed mind")  # type: ignore[attr-defined]
    assert on_hand(db, pads) == 3000
    assert_ledger(db)
