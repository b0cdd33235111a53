"""Allocation follows the work order line: every change of a part line moves stock, once.

On SQLite and PostgreSQL. After each step the three invariants hold: on hand
equals the ledger; what a work order's lines hold equals what its movements
took off the shelf; every part billed on a live invoice left the shelf once.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.errors import ValidationError
from app.domain.permissions import Actor, Role
from app.domain.stock import InsufficientStockError
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.work_orders.dto import LineView, WorkOrderView
from app.services.work_orders.estimates import JobInput, LineInput
from tests.integration.stock_helpers import add_part, assert_stock_seams, on_hand
from tests.integration.work_order_helpers import Car, add_car, add_job, authorize, labor

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
def pads(services: Services, owner: Actor) -> uuid.UUID:
    """A catalog part with 5 on the shelf."""
    return add_part(services, owner, "BRK-4471", "5", name="Brake pad set", cost="30.00", price="70.00")


def approved_order(
    services: Services, actor: Actor, car: Car, tech: Actor, *lines: LineInput
) -> WorkOrderView:
    """A work order whose one job (labor, and ``lines``) the customer authorized."""
    view = services.work_orders.create(actor, car.vehicle_id)
    view = add_job(services, actor, view, PADS, labor("Replace front pads", "1.0", "120.00"), *lines)
    view = services.estimates.update_job(
        actor, view.id, view.jobs[0].id, JobInput(PADS, technician_id=tech.user_id), view.version
    )
    return authorize(services, actor, view, {PADS: "approve"})


def allocate(
    services: Services, actor: Actor, view: WorkOrderView, part_id: uuid.UUID, qty: str
) -> WorkOrderView:
    return services.allocation.allocate(actor, view.id, view.jobs[0].id, part_id, qty, view.version).view


def part_line(view: WorkOrderView) -> LineView:
    return next(line for job in view.jobs for line in job.lines if line.kind == LineKind.PART)


def as_input(line: LineView, **changes: str) -> LineInput:
    """The line as the editor's dialog sends it back, with ``changes`` typed over it."""
    typed = LineInput(
        LineKind(line.kind),
        line.description,
        format(line.quantity.normalize(), "f"),
        f"{line.unit_price:.2f}",
        f"{line.unit_cost:.2f}",
        line.part_number,
        line.condition,
        line.taxable,
        format(line.discount_percent.normalize(), "f"),
        f"{line.core_charge:.2f}",
        line.vendor,
        part_id=line.part_id,
    )
    return replace(typed, **changes)


def finish(services: Services, actor: Actor, view: WorkOrderView) -> WorkOrderView:
    view = services.work_orders.change_status(actor, view.id, Status.IN_PROGRESS, view.version)
    return services.work_orders.change_status(actor, view.id, Status.COMPLETED, view.version)


def billed_parts(services: Services, actor: Actor, invoice_id: uuid.UUID) -> list[tuple[str, Decimal]]:
    invoice = services.invoicing.get(actor, invoice_id)
    return [(ln.part_number, ln.quantity) for ln in invoice.lines if ln.category == LineKind.PART.value]


def test_removing_an_allocated_part_line_puts_the_part_back_on_the_shelf(
    services: Services, desk: Actor, tech: Actor, car: Car, pads: uuid.UUID, db: Database
) -> None:
    view = allocate(services, desk, approved_order(services, desk, car, tech), pads, "1")
    assert on_hand(db, pads) == 4000
    assert_stock_seams(db)

    view = services.estimates.remove_line(desk, view.id, part_line(view).id, view.version)

    assert on_hand(db, pads) == 5000  # the unit is back, not vanished
    assert services.parts.get(desk, pads).on_hand == D("5.000")
    assert_stock_seams(db)


def test_changing_an_allocated_quantity_moves_the_difference_and_bills_what_left(
    services: Services, desk: Actor, tech: Actor, car: Car, pads: uuid.UUID, db: Database
) -> None:
    view = allocate(services, desk, approved_order(services, desk, car, tech), pads, "1")

    view = services.estimates.update_line(
        desk, view.id, part_line(view).id, as_input(part_line(view), quantity="4"), view.version
    )
    assert (part_line(view).quantity, on_hand(db, pads)) == (D("4"), 1000)  # 3 more left the shelf
    assert_stock_seams(db)
    view = services.estimates.update_line(
        desk, view.id, part_line(view).id, as_input(part_line(view), quantity="2"), view.version
    )
    assert on_hand(db, pads) == 3000  # 2 came back
    assert_stock_seams(db)

    view = authorize(services, desk, view, {PADS: "approve"})  # the customer agrees to the change
    invoice = services.invoicing.post_from_work_order(desk, finish(services, desk, view).id)
    assert billed_parts(services, desk, invoice.id) == [("BRK-4471", D("2"))]
    assert on_hand(db, pads) == 3000  # billed 2, and 2 left the shelf: nothing taken twice
    assert_stock_seams(db)


def test_raising_a_line_past_the_shelf_is_refused_and_changes_nothing(
    services: Services, desk: Actor, tech: Actor, car: Car, pads: uuid.UUID, db: Database
) -> None:
    view = allocate(services, desk, approved_order(services, desk, car, tech), pads, "1")
    with pytest.raises(InsufficientStockError, match="Only 4 of part BRK-4471 in stock; 6 asked"):
        services.estimates.update_line(
            desk, view.id, part_line(view).id, as_input(part_line(view), quantity="7"), view.version
        )
    view = services.work_orders.get(desk, view.id)
    assert (part_line(view).quantity, on_hand(db, pads)) == (D("1"), 4000)
    assert_stock_seams(db)


def test_declining_a_job_returns_the_parts_it_held(
    services: Services, desk: Actor, tech: Actor, car: Car, pads: uuid.UUID, db: Database
) -> None:
    view = allocate(services, desk, approved_order(services, desk, car, tech), pads, "2")
    assert on_hand(db, pads) == 3000

    view = authorize(services, desk, view, {PADS: "decline"})

    assert on_hand(db, pads) == 5000
    assert part_line(view).quantity == D("2")  # declined work stays on the record, holding nothing
    assert_stock_seams(db)


def test_cancelling_a_work_order_returns_the_parts_it_held(
    services: Services, desk: Actor, tech: Actor, car: Car, pads: uuid.UUID, db: Database
) -> None:
    view = allocate(services, desk, approved_order(services, desk, car, tech), pads, "3")
    assert on_hand(db, pads) == 2000

    view = services.work_orders.change_status(desk, view.id, Status.CANCELLED, view.version)

    assert on_hand(db, pads) == 5000
    assert_stock_seams(db)
    with pytest.raises(ValidationError, match="cancelled"):  # nothing is left to return by hand
        services.allocation.return_to_stock(desk, view.id, part_line(view).id, "1", view.version)
    assert on_hand(db, pads) == 5000


def test_void_with_return_then_reinvoice_takes_the_parts_again_and_bills_them_once(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, pads: uuid.UUID, db: Database
) -> None:
    view = allocate(services, desk, approved_order(services, desk, car, tech), pads, "2")
    view = authorize(services, desk, view, {PADS: "approve"})
    first = services.invoicing.post_from_work_order(desk, finish(services, desk, view).id)
    assert on_hand(db, pads) == 3000
    assert_stock_seams(db)

    services.invoicing.void(owner, first.id, "Wrong customer on the invoice", restock=True)
    assert on_hand(db, pads) == 5000  # the parts are back on the shelf...
    view = services.work_orders.get(desk, view.id)
    assert part_line(view).allocated == D("0")  # ...and the line holds none of them
    assert_stock_seams(db)

    second = services.invoicing.post_from_work_order(desk, view.id)
    assert billed_parts(services, desk, second.id) == [("BRK-4471", D("2"))]
    assert on_hand(db, pads) == 3000  # billed again, so they left the shelf again: once per live invoice
    assert_stock_seams(db)


def test_void_without_return_then_reinvoice_moves_nothing(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, pads: uuid.UUID, db: Database
) -> None:
    view = allocate(services, desk, approved_order(services, desk, car, tech), pads, "2")
    view = authorize(services, desk, view, {PADS: "approve"})
    first = services.invoicing.post_from_work_order(desk, finish(services, desk, view).id)
    services.invoicing.void(owner, first.id, "Typo in the note")
    second = services.invoicing.post_from_work_order(desk, view.id)
    assert billed_parts(services, desk, second.id) == [("BRK-4471", D("2"))]
    assert on_hand(db, pads) == 3000
    assert_stock_seams(db)
