"""The demo shop's schedule on both databases: a week of appointments that keeps the shop's own rules."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from app.db.engine import Database
from app.demo.shop import DEMO_PASSWORD, DemoService
from app.domain.schedule import Level, peak_overlap
from app.services.container import Services
from tests.integration.schedule_support import ZONE


def test_the_demo_holds_a_week_of_appointments_within_the_shops_rules(db: Database) -> None:
    services = Services.build(db)
    DemoService(db, services.changes).create("small")
    desk = services.setup.sign_in("desk", DEMO_PASSWORD, "Demo desk")
    today = datetime.now(ZONE).date()
    week = services.schedule.calendar(desk, today, today + timedelta(days=6))

    open_days = [d for d in week.days if d.window is not None and d.closed_reason is None]
    assert len(open_days) >= 5
    per_day = Counter(a.day for a in week.appointments if a.status in ("booked", "arrived"))
    assert all(per_day[d.day] >= 3 for d in open_days if d.day > today)
    overridden = [a for a in week.appointments if a.override_reason]
    assert len(overridden) == 1 and any(b.level == Level.OVER for d in week.days for b in d.bays)
    takes = {b.id: b.capacity for b in services.bays.bays(desk)}
    for day in week.days:
        held = [a for a in week.on(day.day) if a.holds_time and not a.override_reason and a.bay_id]
        for bay in week.bays:
            spans = [(a.drop_off_at, a.ends_at) for a in held if a.bay_id == bay.id]
            assert all(peak_overlap(spans, s, e) <= takes[bay.id] for s, e in spans)  # no bay over its cars
    assert any(t.note == "day off: Dentist" for d in week.days for t in d.technicians)

    monday = today - timedelta(days=today.weekday())
    earlier = services.schedule.calendar(desk, monday, today)
    arrived = [a for a in earlier.appointments if a.status == "arrived"]
    assert arrived and all(a.work_order_number for a in arrived)
    closed = services.working_hours.closed_days(desk, today, today + timedelta(days=14))
    assert [c.reason for c in closed] == ["Staff training"]
    assert services.schedule.calendar(desk, closed[0].day, closed[0].day).appointments == ()
    assert [r.ok for r in services.audit.verify()] == [True]
