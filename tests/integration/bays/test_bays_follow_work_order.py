"""A car leaves its bay when its work order is completed, invoiced or cancelled, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.db.engine import Database
from app.domain.permissions import Actor, Role
from app.domain.work_orders import Status
from app.services.container import Services
from tests.integration.bay_support import add_bays, approved_order, finished_in_bay, open_assignments
from tests.integration.work_order_helpers import audit_ok


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


def test_completing_a_work_order_frees_its_bay_and_the_card_moves_to_done_today(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database
) -> None:
    (bay,) = add_bays(services, owner, 1)
    order = approved_order(services, desk, technician_id=tech.user_id)
    services.bays.assign(desk, order.id, bay.id)
    order = services.work_orders.change_status(desk, order.id, Status.IN_PROGRESS, order.version)

    services.work_orders.change_status(desk, order.id, Status.COMPLETED, order.version)

    board = services.bays.board(desk)
    assert board.in_bays[bay.id] == ()
    assert [(c.number, c.status_label) for c in board.done_today] == [(order.number, "Completed")]
    history = services.bays.history(desk, bay.id)
    assert (history[0].event, history[0].work_order_number, history[0].details) == (
        "released",
        order.number,
        "work order completed",
    )
    # the bay has room again: the next car goes in without an override
    second = approved_order(services, desk, "2BBB222")
    assert [c.number for c in services.bays.assign(desk, second.id, bay.id).in_bays[bay.id]] == [
        second.number
    ]
    assert finished_in_bay(db) == []
    audit_ok(services)


def test_invoicing_takes_a_car_still_in_a_bay_out_of_it(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database
) -> None:
    (bay,) = add_bays(services, owner, 1)
    order = approved_order(services, desk, technician_id=tech.user_id)
    services.bays.assign(desk, order.id, bay.id)
    order = services.work_orders.change_status(desk, order.id, Status.IN_PROGRESS, order.version)
    order = services.work_orders.change_status(desk, order.id, Status.COMPLETED, order.version)
    # a car left in its bay by an older version of the program, completed meanwhile
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE bay_assignments SET status = 'in_progress', ended_at = NULL WHERE work_order_id = :id"
            ),
            {"id": order.id.hex if db.is_sqlite else order.id},
        )
    assert open_assignments(db, bay.id) == 1

    services.invoicing.post_from_work_order(desk, order.id)

    board = services.bays.board(desk)
    assert board.in_bays[bay.id] == ()
    assert [(c.number, c.status_label) for c in board.done_today] == [(order.number, "Invoiced")]
    assert services.bays.history(desk, bay.id)[0].details == "work order invoiced"
    assert finished_in_bay(db) == []
    audit_ok(services)


@pytest.mark.parametrize("hold", [False, True], ids=["approved", "on_hold"])
def test_a_cancelled_order_leaves_its_bay(
    services: Services, owner: Actor, desk: Actor, db: Database, hold: bool
) -> None:
    (bay,) = add_bays(services, owner, 1)
    order = approved_order(services, desk)
    services.bays.assign(desk, order.id, bay.id)
    if hold:
        order = services.work_orders.change_status(
            desk, order.id, Status.ON_HOLD, order.version, hold_reason="Waiting for customer"
        )

    services.work_orders.change_status(desk, order.id, Status.CANCELLED, order.version)

    board = services.bays.board(desk)
    assert board.in_bays[bay.id] == ()
    assert board.card(order.id) is None  # a cancelled order is neither waiting nor done
    history = services.bays.history(desk, bay.id)
    assert (history[0].event, history[0].details) == ("released", "work order cancelled")
    assert finished_in_bay(db) == []
    audit_ok(services)


def test_the_board_never_counts_a_finished_car_against_a_bay(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database
) -> None:
    (bay,) = add_bays(services, owner, 1)
    done = approved_order(services, desk, "1AAA111", technician_id=tech.user_id)
    services.bays.assign(desk, done.id, bay.id)
    done = services.work_orders.change_status(desk, done.id, Status.IN_PROGRESS, done.version)
    services.work_orders.change_status(desk, done.id, Status.COMPLETED, done.version)
    services.invoicing.post_from_work_order(desk, done.id)

    bays = {b.id: b for b in services.bays.bays(owner)}
    assert bays[bay.id].occupied == 0
    assert finished_in_bay(db) == []
