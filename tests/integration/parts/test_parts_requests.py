"""Parts asked for from the bay form the counter's queue, filled by an allocation or cancelled."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.errors import ValidationError
from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput
from tests.integration.stock_helpers import add_part, assert_stock_seams, on_hand
from tests.integration.work_order_helpers import add_car, add_job, authorize, labor

D = Decimal


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


@pytest.fixture
def clerk(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "pat", "Pat Parts", Role.PARTS, "parts password 1")
    return services.setup.sign_in("pat", "parts password 1", "Parts counter 1")


@pytest.fixture
def belt(services: Services, owner: Actor) -> uuid.UUID:
    return add_part(services, owner, "6PK2120", "3", name="Serpentine belt", cost="18.00", price="42.00")


def two_jobs(services: Services, desk: Actor, tech: Actor) -> WorkOrderView:
    car = add_car(services, desk)
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, "Belt", labor("Replace belt", "0.8", "120.00"))
    view = add_job(services, desk, view, "Oil change", labor("Oil and filter", "0.5", "120.00"))
    for job in view.jobs:
        view = services.estimates.update_job(
            desk, view.id, job.id, JobInput(job.title, technician_id=tech.user_id), view.version
        )
    return authorize(services, desk, view, {"Belt": "approve", "Oil change": "approve"})


def test_a_request_from_the_bay_is_queued_and_filled_by_an_allocation_to_its_job(
    services: Services, desk: Actor, tech: Actor, clerk: Actor, belt: uuid.UUID, db: Database
) -> None:
    view = two_jobs(services, desk, tech)
    asked = services.inspections.request_part(
        tech, view.id, "Serpentine belt 6PK2120", "1", job_id=view.jobs[0].id
    )
    queue = services.inspections.parts_requests(clerk)
    assert [(r.work_order_number, r.description, r.job_title, r.status) for r in queue] == [
        (view.number, "Serpentine belt 6PK2120", "Belt", "requested")
    ]

    done = services.parts_requests.fill(clerk, asked.id, belt, "1")

    line = done.view.jobs[0].lines[-1]
    assert (line.part_number, line.quantity, line.allocated) == ("6PK2120", D("1"), D("1"))
    assert on_hand(db, belt) == 2000
    assert services.inspections.parts_requests(clerk) == []  # off the queue
    [closed] = services.inspections.parts_requests(tech, view.id)
    assert (closed.status, closed.close_note) == ("filled", "6PK2120 x 1")
    with pytest.raises(ValidationError, match="filled already"):
        services.parts_requests.fill(clerk, asked.id, belt, "1")
    assert on_hand(db, belt) == 2000
    assert_stock_seams(db)


def test_a_request_without_a_job_names_one_when_the_order_has_several(
    services: Services, desk: Actor, tech: Actor, clerk: Actor, belt: uuid.UUID, db: Database
) -> None:
    view = two_jobs(services, desk, tech)
    asked = services.inspections.request_part(tech, view.id, "Belt", "1")
    with pytest.raises(ValidationError, match="choose the authorized job"):
        services.parts_requests.fill(clerk, asked.id, belt, "1")
    assert services.inspections.parts_requests(clerk)[0].status == "requested"  # still queued
    done = services.parts_requests.fill(clerk, asked.id, belt, "1", job_id=view.jobs[1].id)
    assert [len(job.lines) for job in done.view.jobs] == [1, 2]
    assert_stock_seams(db)


def test_the_counter_cancels_a_request_with_a_reason(
    services: Services, desk: Actor, tech: Actor, clerk: Actor, belt: uuid.UUID, db: Database
) -> None:
    view = two_jobs(services, desk, tech)
    asked = services.inspections.request_part(tech, view.id, "Belt tensioner", "1", job_id=view.jobs[0].id)
    with pytest.raises(ValidationError, match="say why"):
        services.parts_requests.cancel(clerk, asked.id, "  ")
    services.parts_requests.cancel(clerk, asked.id, "Tensioner is fine; belt only")
    assert services.inspections.parts_requests(clerk) == []
    [closed] = services.inspections.parts_requests(tech, view.id)
    assert (closed.status, closed.close_note) == ("cancelled", "Tensioner is fine; belt only")
    assert on_hand(db, belt) == 3000
