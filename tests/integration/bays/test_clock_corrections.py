"""The owner corrects a technician's clock entries, on both databases.

A forgotten clock-out is ended where it should have been, with a reason; the
audit log keeps the times before and after. A correction may not leave an
entry running, end it before it starts or in the future, or make it overlap
another clock of the same kind of that technician.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.db.engine import Database
from app.db.models_bays import TimeEntry
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.services.container import Services
from tests.integration.integration_support import audit_rows
from tests.integration.work_order_helpers import audit_ok

D = Decimal
LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


@pytest.fixture
def yesterday(services: Services, owner: Actor) -> date:
    return datetime.now(LA).date() - timedelta(days=1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LA).astimezone(UTC)


def clock(db: Database, who: Actor, kind: str, start: datetime, end: datetime | None) -> None:
    with db.session(write=True) as session:
        session.add(
            TimeEntry(
                shop_id=who.shop_id,
                user_id=who.user_id,
                kind=kind,
                started_at=start,
                ended_at=end,
                end_reason="clock_out" if end else "",
            )
        )
        session.commit()


def shift_hours(services: Services, owner: Actor, tech: Actor, day: date) -> Decimal:
    report = services.technician_reports.report(owner, day, day)
    return next(r.shift_hours for r in report.technicians if r.technician_id == tech.user_id)


def test_the_owner_ends_a_forgotten_clock_out_and_the_audit_keeps_before_and_after(
    services: Services, db: Database, owner: Actor, tech: Actor, yesterday: date
) -> None:
    clock(db, tech, "shift", at(yesterday, 7, 30), None)  # never clocked out
    assert shift_hours(services, owner, tech, yesterday) == D("16.500")  # 7:30 to midnight: corrupt

    (entry,) = services.clock_corrections.entries(owner, tech.user_id, yesterday)
    assert (entry.kind, entry.started_at, entry.ended_at) == ("shift", at(yesterday, 7, 30), None)
    fixed = services.clock_corrections.correct(
        owner, entry.id, at(yesterday, 7, 30), at(yesterday, 16, 30), "Forgot to clock out; left at 4:30"
    )

    assert (fixed.ended_at, fixed.hours) == (at(yesterday, 16, 30), D("9.000"))
    assert shift_hours(services, owner, tech, yesterday) == D("9.000")
    (row,) = [r for r in audit_rows(db) if r["action"] == "correct"]
    diff = json.loads(row["diff"])
    assert diff["before"] == {"ended_at": None}
    assert diff["after"]["ended_at"] == at(yesterday, 16, 30).isoformat()
    assert diff["after"]["reason"] == "Forgot to clock out; left at 4:30"
    audit_ok(services)


@pytest.mark.parametrize(
    ("start", "end", "reason", "message"),
    [
        ((7, 30), (16, 30), "  ", "Reason: is required"),
        ((7, 30), None, "still running", "running"),
        ((16, 30), (7, 30), "swapped", "after the start"),
    ],
    ids=["no reason", "left open", "end before start"],
)
def test_a_bad_correction_is_refused_and_nothing_changes(
    services: Services,
    db: Database,
    owner: Actor,
    tech: Actor,
    yesterday: date,
    start: tuple[int, int],
    end: tuple[int, int] | None,
    reason: str,
    message: str,
) -> None:
    clock(db, tech, "shift", at(yesterday, 7, 30), None)
    (entry,) = services.clock_corrections.entries(owner, tech.user_id, yesterday)
    before = len(audit_rows(db))
    with pytest.raises(ValidationError, match=message):
        services.clock_corrections.correct(
            owner, entry.id, at(yesterday, *start), at(yesterday, *end) if end else None, reason
        )
    assert services.clock_corrections.entries(owner, tech.user_id, yesterday) == [entry]
    assert len(audit_rows(db)) == before


def test_a_correction_ending_in_the_future_is_refused(
    services: Services, db: Database, owner: Actor, tech: Actor, yesterday: date
) -> None:
    clock(db, tech, "shift", at(yesterday, 7, 30), None)
    (entry,) = services.clock_corrections.entries(owner, tech.user_id, yesterday)
    with pytest.raises(ValidationError, match="future"):
        services.clock_corrections.correct(
            owner, entry.id, at(yesterday, 7, 30), datetime.now(UTC) + timedelta(hours=2), "typo"
        )


def test_a_correction_that_would_overlap_another_clock_is_refused(
    services: Services, db: Database, owner: Actor, tech: Actor, yesterday: date
) -> None:
    clock(db, tech, "shift", at(yesterday, 7, 30), at(yesterday, 12, 0))
    clock(db, tech, "shift", at(yesterday, 13, 0), at(yesterday, 17, 0))
    clock(db, tech, "job", at(yesterday, 12, 30), at(yesterday, 14, 0))  # a job clock is another kind
    morning = next(
        e for e in services.clock_corrections.entries(owner, tech.user_id, yesterday) if e.kind == "shift"
    )
    with pytest.raises(ValidationError, match="overlaps the shift clock from 1:00 PM to 5:00 PM"):
        services.clock_corrections.correct(
            owner, morning.id, at(yesterday, 7, 30), at(yesterday, 13, 30), "late lunch"
        )
    fixed = services.clock_corrections.correct(
        owner, morning.id, at(yesterday, 7, 30), at(yesterday, 12, 45), "Took a short lunch"
    )
    assert fixed.hours == D("5.250")
    assert shift_hours(services, owner, tech, yesterday) == D("9.250")


def test_only_the_owner_corrects_clocks(
    services: Services, db: Database, owner: Actor, desk: Actor, tech: Actor, yesterday: date
) -> None:
    clock(db, tech, "shift", at(yesterday, 7, 30), None)
    (entry,) = services.clock_corrections.entries(owner, tech.user_id, yesterday)
    for who in (desk, tech):
        with pytest.raises(PermissionDeniedError):
            services.clock_corrections.entries(who, tech.user_id, yesterday)
        with pytest.raises(PermissionDeniedError):
            services.clock_corrections.correct(who, entry.id, at(yesterday, 7, 30), at(yesterday, 16, 0), "x")
