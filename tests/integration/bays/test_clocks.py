"""Shift and job clocks, findings and recommendations from the bay, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from app.db.engine import Database
from app.db.models_bays import TimeEntry
from app.db.types import now_utc
from app.domain.bays import Condition
from app.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.work_orders import Status
from app.services.bays.board import BaySettings
from app.services.bays.inspections import InspectionInput, Recommendation
from app.services.container import Services
from tests.integration.bay_support import add_bays, approved_order
from tests.integration.work_order_helpers import audit_ok

D = Decimal
ZONE = ZoneInfo("America/Los_Angeles")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


@pytest.fixture
def other_tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech2", "Pat Wrench", Role.TECHNICIAN, "tech password 2")
    return services.setup.sign_in("tech2", "tech password 2", "Bay 3", mode="bay")


def move_clocks_back(db: Database, user_id: object, start: datetime, end: datetime | None = None) -> None:
    """Pretend this technician's entries started (and ended) earlier: the clock cannot be waited on in a test."""
    values: dict[str, object] = {"started_at": start}
    if end is not None:
        values["ended_at"] = end
    with db.engine.begin() as conn:
        conn.execute(update(TimeEntry).where(TimeEntry.user_id == user_id).values(**values))


def test_starting_a_job_clocks_the_technician_in_claims_the_job_and_starts_the_work_order(
    services: Services, desk: Actor, tech: Actor, owner: Actor
) -> None:
    (bay,) = add_bays(services, owner, 1)
    order = approved_order(services, desk)
    services.bays.assign(desk, order.id, bay.id)
    job = services.clocks.board(tech).jobs[0]
    assert (job.title, job.clock_label, job.mine) == ("Front brakes", "Not started", False)
    board = services.clocks.start_job(tech, job.job_id)
    assert board.on_shift
    job = board.jobs[0]
    assert (job.clock_label, job.mine, job.technician) == ("Running", True, "Terry Tech")
    assert services.work_orders.get(desk, order.id).status == Status.IN_PROGRESS
    card = services.bays.board(desk).in_bays[bay.id][0]
    assert (card.status_label, card.technician) == ("In progress", "Terry Tech")
    audit_ok(services)


def test_pause_resume_and_finish_add_up_the_hours_on_the_job(
    services: Services, desk: Actor, tech: Actor, db: Database
) -> None:
    order = approved_order(services, desk)
    job_id = services.clocks.board(tech).jobs[0].job_id
    services.clocks.start_job(tech, job_id)
    now = now_utc()
    move_clocks_back(db, tech.user_id, now - timedelta(hours=2))
    board = services.clocks.pause_job(tech, job_id, "lunch")
    assert board.jobs[0].clock_label == "Paused"
    assert board.jobs[0].actual_hours == D("2.000")
    board = services.clocks.start_job(tech, job_id)  # resume
    assert board.jobs[0].clock_label == "Running"
    board = services.clocks.finish_job(tech, job_id)
    assert board.jobs[0].clock_label == "Finished"
    assert D("2.000") <= services.clocks.job_hours(desk, job_id) < D("2.010")
    with pytest.raises(ValidationError, match="finished already"):
        services.clocks.finish_job(tech, job_id)
    assert order.number == board.jobs[0].number


def test_clocking_off_with_no_clock_running_is_refused(services: Services, desk: Actor, tech: Actor) -> None:
    approved_order(services, desk)
    job_id = services.clocks.board(tech).jobs[0].job_id
    with pytest.raises(ValidationError, match="no shift clock is running"):
        services.clocks.clock_out(tech)
    with pytest.raises(ValidationError, match="no job clock is running"):
        services.clocks.pause_job(tech, job_id)
    services.clocks.clock_in(tech)
    with pytest.raises(ValidationError, match="clocked in already"):
        services.clocks.clock_in(tech)


def test_one_running_job_clock_unless_the_shop_allows_more(
    services: Services, owner: Actor, desk: Actor, tech: Actor
) -> None:
    approved_order(services, desk, "1AAA111")
    approved_order(services, desk, "2BBB222")
    first, second = (j.job_id for j in services.clocks.board(tech).jobs)
    services.clocks.start_job(tech, first)
    with pytest.raises(ConflictError, match="already running"):
        services.clocks.start_job(tech, first)
    with pytest.raises(ValidationError, match="another job clock is running"):
        services.clocks.start_job(tech, second)
    with pytest.raises(ValidationError, match="say why you switch"):
        services.clocks.switch_job(tech, second, "")
    board = services.clocks.switch_job(tech, second, "waiting for parts")
    states = {j.job_id: j.clock_label for j in board.jobs}
    assert states == {first: "Paused", second: "Running"}

    services.bays.save_settings(owner, BaySettings(True, "08:00", "17:00", (0, 1, 2, 3, 4)))
    board = services.clocks.start_job(tech, first)
    assert {j.clock_label for j in board.jobs} == {"Running"}


def test_clocking_out_of_the_shift_stops_the_job_clock_at_the_same_moment(
    services: Services, desk: Actor, tech: Actor, db: Database
) -> None:
    approved_order(services, desk)
    job_id = services.clocks.board(tech).jobs[0].job_id
    services.clocks.start_job(tech, job_id)
    board = services.clocks.clock_out(tech)
    assert not board.on_shift
    assert board.jobs[0].clock_label == "Paused"
    with db.engine.connect() as conn:
        ends = {row.ended_at for row in conn.execute(TimeEntry.__table__.select())}
    assert len(ends) == 1 and None not in ends


def test_a_technician_may_not_clock_on_or_write_on_another_technicians_job(
    services: Services, desk: Actor, tech: Actor, other_tech: Actor
) -> None:
    order = approved_order(services, desk, technician_id=other_tech.user_id)
    assert services.clocks.board(tech).jobs == ()  # not theirs: not on their list
    job_id = services.clocks.board(other_tech).jobs[0].job_id
    with pytest.raises(PermissionDeniedError, match="another technician's job"):
        services.clocks.start_job(tech, job_id)
    with pytest.raises(PermissionDeniedError, match="another technician's job"):
        services.inspections.record_findings(tech, job_id, "Worn pads", "Replaced pads")
    services.inspections.record_findings(other_tech, job_id, "Pads at 2 mm", "Replaced pads and rotors")
    job = services.work_orders.get(desk, order.id).jobs[0]
    assert (job.cause, job.correction) == ("Pads at 2 mm", "Replaced pads and rotors")


def test_no_clock_on_a_held_or_cancelled_order(services: Services, desk: Actor, tech: Actor) -> None:
    order = approved_order(services, desk)
    job_id = services.clocks.board(tech).jobs[0].job_id
    services.work_orders.change_status(
        desk, order.id, Status.ON_HOLD, order.version, hold_reason="Waiting for parts"
    )
    with pytest.raises(ValidationError, match="on hold \\(Waiting for parts\\)"):
        services.clocks.start_job(tech, job_id)


def test_findings_with_photos_refuse_what_is_not_a_picture_and_huge_files(
    services: Services, desk: Actor, tech: Actor
) -> None:
    order = approved_order(services, desk)
    good = services.inspections.add_inspection(
        tech, order.id, InspectionInput("Front brake pads", Condition.NOW, "2 mm left", PNG, "pads.png")
    )
    assert (good.condition_label, good.has_photo, good.photo_type) == ("Needs attention now", True, "png")
    with pytest.raises(ValidationError, match=r"report\.png is not a picture"):
        services.inspections.add_inspection(
            tech,
            order.id,
            InspectionInput("Rotors", Condition.SOON, photo=b"%PDF-1.7 ...", photo_name="report.png"),
        )
    with pytest.raises(ValidationError, match="at most 5 MB"):
        huge = PNG + b"\x00" * (6 * 1024 * 1024)
        services.inspections.add_inspection(
            tech, order.id, InspectionInput("Tires", Condition.GOOD, photo=huge)
        )
    listed = services.inspections.inspections(desk, order.id)
    assert [i.item for i in listed] == ["Front brake pads"]  # nothing half-saved
    assert services.inspections.photo(desk, good.id) == PNG


def test_a_recommendation_awaits_the_customers_authorization_at_the_front_desk(
    services: Services, desk: Actor, tech: Actor
) -> None:
    order = approved_order(services, desk)
    services.inspections.recommend(
        tech, order.id, Recommendation("Replace serpentine belt", "Cracked ribs", labor_hours="0.8")
    )
    view = services.work_orders.get(desk, order.id)
    belt = view.jobs[-1]
    assert (belt.title, belt.decision, belt.technician_name) == (
        "Replace serpentine belt",
        "pending",
        "Terry Tech",
    )
    assert view.needs_reauthorization
    assert belt.lines[0].quantity == D("0.800")
    request = services.inspections.request_part(tech, order.id, "Serpentine belt 6PK2120", "1", "Gates")
    assert request.status == "requested"
    assert [r.description for r in services.inspections.parts_requests(desk, order.id)] == [
        "Serpentine belt 6PK2120"
    ]
    with pytest.raises(ValidationError, match="card number"):
        services.inspections.request_part(tech, order.id, "Belt 4111 1111 1111 1111")
    audit_ok(services)


def test_a_shift_over_midnight_counts_on_both_days_in_the_report(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database
) -> None:
    approved_order(services, desk)
    job_id = services.clocks.board(tech).jobs[0].job_id
    services.clocks.start_job(tech, job_id)
    services.clocks.clock_out(tech)
    today = now_utc().astimezone(ZONE).date()
    yesterday = today - timedelta(days=1)
    start = datetime.combine(yesterday, datetime.min.time(), ZONE) + timedelta(hours=22)
    move_clocks_back(db, tech.user_id, start, start + timedelta(hours=3))  # 22:00 to 01:00
    day_before = services.technician_reports.report(owner, yesterday, yesterday).technicians
    row = next(r for r in day_before if r.technician == "Terry Tech")
    assert (row.shift_hours, row.job_hours, row.productivity) == (D("2.000"), D("2.000"), D("100.0"))
    both = services.technician_reports.report(owner, yesterday, today).technicians
    row = next(r for r in both if r.technician == "Terry Tech")
    assert row.shift_hours == D("3.000")


def test_efficiency_is_billed_hours_over_clocked_hours_on_closed_orders(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database
) -> None:
    order = approved_order(services, desk, hours="3", technician_id=tech.user_id)
    job_id = services.clocks.board(tech).jobs[0].job_id
    services.clocks.start_job(tech, job_id)
    now = now_utc()
    move_clocks_back(db, tech.user_id, now - timedelta(hours=2))
    services.clocks.finish_job(tech, job_id)
    view = services.work_orders.get(desk, order.id)
    services.work_orders.change_status(desk, order.id, Status.COMPLETED, view.version, odometer_out=42_100)
    today = now_utc().astimezone(ZONE).date()
    report = services.technician_reports.report(owner, today - timedelta(days=1), today)
    row = next(r for r in report.technicians if r.technician == "Terry Tech")
    assert row.billed_hours == D("3.000")
    assert D("2.000") <= row.clocked_on_closed < D("2.010")
    assert D("149.0") < row.efficiency <= D("150.0")  # type: ignore[operator]
    with pytest.raises(PermissionDeniedError):
        services.technician_reports.report(tech, today, today)
