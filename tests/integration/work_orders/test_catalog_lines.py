"""Parts on a work order are catalog parts: priced by the shop's rules, cost snapshotted, stock followed.

On SQLite and PostgreSQL; the stock invariants are checked after every step.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.permissions import Actor, Role
from app.domain.stock import AllocateOn, InsufficientStockError, StockSettings
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.parts.catalog import PartInput
from app.services.work_orders.dto import LineView, WorkOrderView
from app.services.work_orders.estimates import JobInput, LineInput
from tests.integration.stock_helpers import add_part, assert_stock_seams, on_hand
from tests.integration.work_order_helpers import Car, add_car, add_job, authorize, labor, part

D = Decimal
PADS = "Front pads"


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk)


@pytest.fixture
def rotor(services: Services, owner: Actor) -> uuid.UUID:
    """Cost 30.00, no own price (the markup matrix prices it: 60 % up to 100), a core, 4 on the shelf."""
    return add_part(
        services, owner, "ROT-220", "4", name="Brake rotor, front", cost="30.00", core_charge="12.50"
    )


def catalog(part_id: uuid.UUID, quantity: str = "2", **more: str) -> LineInput:
    return LineInput(LineKind.PART, "", quantity, condition="new", part_id=part_id, **more)  # type: ignore[arg-type]


def estimate(services: Services, actor: Actor, car: Car, tech: Actor, *lines: LineInput) -> WorkOrderView:
    view = services.work_orders.create(actor, car.vehicle_id)
    view = add_job(services, actor, view, PADS, labor("Replace rotors", "1.0", "120.00"), *lines)
    return services.estimates.update_job(
        actor, view.id, view.jobs[0].id, JobInput(PADS, technician_id=tech.user_id), view.version
    )


def parts_of(view: WorkOrderView) -> list[LineView]:
    return [line for job in view.jobs for line in job.lines if line.kind == LineKind.PART]


def test_a_catalog_part_takes_the_shops_price_snapshots_its_cost_and_moves_no_stock_on_the_estimate(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, rotor: uuid.UUID, db: Database
) -> None:
    view = estimate(services, desk, car, tech, catalog(rotor))
    [line] = parts_of(view)
    assert (line.part_number, line.description, line.unit_price, line.unit_cost, line.core_charge) == (
        "ROT-220",
        "Brake rotor, front",
        D("48.00"),  # 30.00 + 60 %
        D("30.00"),
        D("12.50"),  # the core deposit shows on the estimate, before any invoice
    )
    assert view.totals.cores == D("25.00")
    assert (line.part_id, line.allocated, line.stock_text, line.non_stock) == (
        rotor,
        D(0),
        "Not allocated",
        False,
    )
    assert on_hand(db, rotor) == 4000  # an estimate never moves stock

    # the catalog's cost changes later: the line keeps the cost it snapshotted
    services.parts.update_part(
        owner, rotor, PartInput(sku="ROT-220", name="Brake rotor, front", cost="35.00"), expected_version=1
    )
    view = services.estimates.update_line(
        desk, view.id, line.id, catalog(rotor, "3", unit_price="48.00"), view.version
    )
    assert (parts_of(view)[0].quantity, parts_of(view)[0].unit_cost) == (D("3"), D("30.00"))
    assert_stock_seams(db)


def test_a_part_typed_by_hand_is_marked_non_stock_and_never_moves_stock(
    services: Services, desk: Actor, tech: Actor, car: Car, rotor: uuid.UUID, db: Database
) -> None:
    view = estimate(
        services, desk, car, tech, part("Rotor from the dealer", "2", "80.00", part_number="ROT-220")
    )
    [line] = parts_of(view)
    assert (line.part_id, line.non_stock, line.stock_text) == (None, True, "Non-stock")
    view = authorize(services, desk, view, {PADS: "approve"})
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    services.invoicing.post_from_work_order(desk, view.id)
    assert on_hand(db, rotor) == 4000
    assert_stock_seams(db)


def test_a_whole_unit_part_refuses_a_fraction_and_an_unknown_part_is_refused(
    services: Services, desk: Actor, tech: Actor, car: Car, rotor: uuid.UUID
) -> None:
    view = estimate(services, desk, car, tech)
    with pytest.raises(Exception, match="sold by the unit"):
        services.estimates.add_line(desk, view.id, view.jobs[0].id, catalog(rotor, "1.5"), view.version)
    with pytest.raises(Exception, match="catalog"):
        services.estimates.add_line(desk, view.id, view.jobs[0].id, catalog(uuid.uuid4()), view.version)


def test_the_counter_fills_the_estimate_line_without_asking_the_customer_again(
    services: Services, desk: Actor, tech: Actor, car: Car, rotor: uuid.UUID, db: Database
) -> None:
    view = authorize(services, desk, estimate(services, desk, car, tech, catalog(rotor)), {PADS: "approve"})
    done = services.allocation.allocate(desk, view.id, view.jobs[0].id, rotor, "2", view.version)
    [line] = parts_of(done.view)
    assert (line.quantity, line.allocated, line.stock_text) == (D("2"), D("2"), "Allocated")
    assert not done.view.needs_reauthorization  # the bill did not change
    assert on_hand(db, rotor) == 2000
    assert_stock_seams(db)


def test_invoicing_takes_off_the_shelf_what_was_never_allocated(
    services: Services, desk: Actor, tech: Actor, car: Car, rotor: uuid.UUID, db: Database
) -> None:
    view = authorize(
        services, desk, estimate(services, desk, car, tech, catalog(rotor, "3")), {PADS: "approve"}
    )
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    assert on_hand(db, rotor) == 4000
    services.invoicing.post_from_work_order(desk, view.id)
    assert on_hand(db, rotor) == 1000  # billed 3, so 3 left the shelf
    assert_stock_seams(db)


def test_invoicing_a_part_the_shelf_does_not_have_is_refused_and_posts_nothing(
    services: Services, desk: Actor, tech: Actor, car: Car, rotor: uuid.UUID, db: Database
) -> None:
    view = authorize(
        services, desk, estimate(services, desk, car, tech, catalog(rotor, "6")), {PADS: "approve"}
    )
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    with pytest.raises(InsufficientStockError, match="Only 4 of part ROT-220"):
        services.invoicing.post_from_work_order(desk, view.id)
    assert services.work_orders.get(desk, view.id).status == Status.COMPLETED
    assert on_hand(db, rotor) == 4000
    assert_stock_seams(db)


def test_the_shop_may_allocate_on_approval_taking_what_the_shelf_has(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, rotor: uuid.UUID, db: Database
) -> None:
    services.inventory.update_settings(owner, StockSettings(allocate_on=AllocateOn.APPROVAL))
    view = estimate(services, desk, car, tech, catalog(rotor, "6"))
    view = authorize(services, desk, view, {PADS: "approve"})  # never refused for want of stock
    [line] = parts_of(view)
    assert (line.allocated, line.stock_text, on_hand(db, rotor)) == (D("4"), "Allocated 4 of 6", 0)
    assert_stock_seams(db)
    view = authorize(services, desk, view, {PADS: "decline"})
    assert (parts_of(view)[0].allocated, on_hand(db, rotor)) == (D("0"), 4000)
    assert_stock_seams(db)


def test_the_shop_may_allocate_when_work_starts(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, rotor: uuid.UUID, db: Database
) -> None:
    services.inventory.update_settings(owner, StockSettings(allocate_on=AllocateOn.START_WORK))
    view = authorize(
        services, desk, estimate(services, desk, car, tech, catalog(rotor, "2")), {PADS: "approve"}
    )
    assert on_hand(db, rotor) == 4000  # approved, not started
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    assert (parts_of(view)[0].allocated, on_hand(db, rotor)) == (D("2"), 2000)
    assert_stock_seams(db)


def test_a_technician_starting_the_clock_starts_the_work_and_its_allocation(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, rotor: uuid.UUID, db: Database
) -> None:
    services.inventory.update_settings(owner, StockSettings(allocate_on=AllocateOn.START_WORK))
    view = authorize(
        services, desk, estimate(services, desk, car, tech, catalog(rotor, "1")), {PADS: "approve"}
    )
    services.clocks.clock_in(tech)
    services.clocks.start_job(tech, view.jobs[0].id)
    view = services.work_orders.get(desk, view.id)
    assert (view.status, parts_of(view)[0].allocated, on_hand(db, rotor)) == (
        Status.IN_PROGRESS,
        D("1"),
        3000,
    )
    assert_stock_seams(db)
