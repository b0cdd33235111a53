"""Bays and the board through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import queue

import pytest
from sqlalchemy import text, update

from app.db.engine import Database
from app.db.models_work_orders import WorkOrder
from app.domain.bays import BayStatus
from app.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.work_orders import Status
from app.repositories.bays import BayRepository
from app.services.bays.board import BayInput, BoardFilter
from app.services.container import Services
from tests.integration.bay_support import add_bays, approved_order, assign_worker, open_assignments
from tests.integration.work_order_helpers import audit_ok

WORKERS = 8
JOIN_TIMEOUT_S = 150


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


def test_an_approved_car_waits_then_goes_into_a_bay_and_out_again(
    services: Services, owner: Actor, desk: Actor
) -> None:
    bay1, bay2 = add_bays(services, owner, 2)
    order = approved_order(services, desk)
    board = services.bays.board(desk)
    assert [c.number for c in board.waiting] == [order.number]
    card = board.waiting[0]
    assert (card.vehicle, card.plate, card.customer) == ("2016 Honda Civic", "7ABC123", "Maria Owner 7ABC123")

    board = services.bays.assign(desk, order.id, bay2.id)
    assert board.waiting == ()
    assert [c.number for c in board.in_bays[bay2.id]] == [order.number]
    assert board.in_bays[bay1.id] == ()
    assert board.card(order.id).in_bay_since is not None  # type: ignore[union-attr]

    board = services.bays.assign(desk, order.id, bay1.id)  # moved: one assignment closed, one opened
    assert [c.number for c in board.in_bays[bay1.id]] == [order.number]
    assert board.in_bays[bay2.id] == ()
    assert (open_assignments(services.db, bay1.id), open_assignments(services.db, bay2.id)) == (1, 0)

    board = services.bays.release(desk, order.id)
    assert board.card(order.id).column == "waiting"  # type: ignore[union-attr]
    events = [entry.event for entry in services.bays.history(desk, bay2.id)]
    assert events == ["moved_out", "assigned", "status"]
    audit_ok(services)


def test_a_full_bay_refuses_another_car_unless_overridden_with_a_reason(
    services: Services, owner: Actor, desk: Actor
) -> None:
    (bay,) = add_bays(services, owner, 1)
    first = approved_order(services, desk, "1AAA111")
    second = approved_order(services, desk, "2BBB222")
    services.bays.assign(desk, first.id, bay.id)
    with pytest.raises(ValidationError, match="Bay 1 is full \\(1 of 1 car\\); give a reason"):
        services.bays.assign(desk, second.id, bay.id)
    board = services.bays.assign(desk, second.id, bay.id, override_reason="Short job, lift shared")
    assert len(board.in_bays[bay.id]) == 2
    log = services.bays.history(desk, bay.id)[0]
    assert "over capacity: Short job, lift shared" in log.details


def test_a_bay_in_maintenance_takes_no_car_even_overridden(
    services: Services, owner: Actor, desk: Actor
) -> None:
    (bay,) = add_bays(services, owner, 1)
    order = approved_order(services, desk)
    view = services.bays.set_status(owner, bay.id, BayStatus.MAINTENANCE, "Lift hydraulics serviced")
    assert (view.status_label, view.available) == ("Maintenance", False)
    with pytest.raises(ValidationError, match="in maintenance"):
        services.bays.assign(desk, order.id, bay.id, override_reason="please")
    assert open_assignments(services.db, bay.id) == 0
    history = services.bays.history(desk, bay.id)
    assert (history[0].old_status, history[0].new_status, history[0].details) == (
        "active",
        "maintenance",
        "Lift hydraulics serviced",
    )


def test_an_estimate_a_cancelled_or_an_invoiced_order_goes_into_no_bay(
    services: Services, owner: Actor, desk: Actor, db: Database
) -> None:
    (bay,) = add_bays(services, owner, 1)
    order = approved_order(services, desk)
    estimate = services.work_orders.create(desk, services.work_orders.get(desk, order.id).vehicle_id)
    with pytest.raises(ValidationError, match="is estimate; only approved work"):
        services.bays.assign(desk, estimate.id, bay.id)
    cancelled = services.work_orders.change_status(desk, order.id, Status.CANCELLED, order.version)
    with pytest.raises(ValidationError, match="is cancelled"):
        services.bays.assign(desk, cancelled.id, bay.id)
    with db.engine.begin() as conn:
        conn.execute(update(WorkOrder).where(WorkOrder.id == order.id).values(status="invoiced"))
    with pytest.raises(ValidationError, match="is invoiced"):
        services.bays.assign(desk, order.id, bay.id)
    assert open_assignments(db, bay.id) == 0


def test_bays_are_managed_by_the_owner_only_and_names_are_unique(
    services: Services, owner: Actor, desk: Actor, tech: Actor
) -> None:
    with pytest.raises(PermissionDeniedError):
        services.bays.save_bay(desk, BayInput("Bay 9"))
    bay = services.bays.save_bay(
        owner, BayInput("Alignment", area="Back", capacity=2, equipment=("Hunter rack",))
    )
    with pytest.raises(ConflictError, match="named Alignment"):
        services.bays.save_bay(owner, BayInput("alignment"))
    with pytest.raises(ValidationError, match="1 to 10 cars"):
        services.bays.save_bay(owner, BayInput("Bay 10", capacity=0))
    with pytest.raises(PermissionDeniedError):
        services.bays.assign(tech, approved_order(services, desk).id, bay.id)
    changed = services.bays.save_bay(
        owner, BayInput("Alignment", "Back", 3, ("Hunter rack", "TPMS tool")), bay.id, 1
    )
    assert (changed.capacity, changed.equipment, changed.version) == (3, ("Hunter rack", "TPMS tool"), 2)
    with pytest.raises(ConflictError, match="changed on another terminal"):
        services.bays.save_bay(owner, BayInput("Alignment", "Back", 1), bay.id, 1)


def test_the_board_filters_by_area_and_technician(
    services: Services, owner: Actor, desk: Actor, tech: Actor
) -> None:
    front = services.bays.save_bay(owner, BayInput("Bay 1", area="Front"))
    back = services.bays.save_bay(owner, BayInput("Bay 2", area="Back"))
    mine = approved_order(services, desk, "1AAA111", technician_id=tech.user_id)
    other = approved_order(services, desk, "2BBB222")
    services.bays.assign(desk, mine.id, front.id, technician_id=tech.user_id)
    services.bays.assign(desk, other.id, back.id)
    board = services.bays.board(desk, BoardFilter(area="Front"))
    assert [b.name for b in board.bays] == ["Bay 1"]
    assert board.areas == ("Back", "Front")
    board = services.bays.board(desk, BoardFilter(technician="Terry Tech"))
    assert [c.number for c in board.in_bays[front.id]] == [mine.number]
    assert board.in_bays[back.id] == ()
    assert board.technicians == ("Terry Tech",)


def test_bay_status_logs_are_append_only_in_the_service_layer(
    services: Services, owner: Actor, desk: Actor, db: Database
) -> None:
    (bay,) = add_bays(services, owner, 1)
    services.bays.set_status(owner, bay.id, BayStatus.INACTIVE, "Closed for winter")
    repo_methods = {name for name in dir(BayRepository) if not name.startswith("_")}
    assert not any(("log" in m and m not in ("add_log", "logs")) for m in repo_methods)
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT event, old_status, new_status FROM bay_status_logs ORDER BY at")
        ).all()
    assert [tuple(r) for r in rows] == [("status", "", "active"), ("status", "active", "inactive")]
    services.bays.set_status(owner, bay.id, BayStatus.ACTIVE)
    with db.engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM bay_status_logs")).scalar_one()
    assert count == 3  # the earlier entries stay as they were; a new one is added


def test_eight_terminals_assigning_at_once_never_overfill_a_bay(
    services: Services, owner: Actor, desk: Actor, db: Database
) -> None:
    (bay,) = add_bays(services, owner, 1, capacity=3)
    orders = [approved_order(services, desk, f"{i}CAP00{i}") for i in range(WORKERS)]
    url = db.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    processes = [
        ctx.Process(target=assign_worker, args=(url, desk, orders[i].id, bay.id, start, results), daemon=True)
        for i in range(WORKERS)
    ]
    for process in processes:
        process.start()
    reports = []
    try:
        for _ in range(WORKERS):
            reports.append(results.get(timeout=JOIN_TIMEOUT_S))
    except queue.Empty:
        pass
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
    errors = [message for status, message in reports if status == "error"]
    assert errors == [], "\n".join(errors)
    outcomes = sorted(status for status, _ in reports)
    assert outcomes == ["assigned"] * 3 + ["refused"] * 5
    assert all("Bay 1 is full (3 of 3 cars)" in m for s, m in reports if s == "refused")
    assert open_assignments(db, bay.id) == 3
    audit_ok(services)
