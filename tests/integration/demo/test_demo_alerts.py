"""The demo shop has something in the Alerts area, on both databases: a fleet's readings and its alerts."""

from __future__ import annotations

from collections import Counter

import pytest

from app.db.engine import Database
from app.demo.alerts import CATALYST, FLEET_UNITS, MISFIRE
from app.demo.shop import DEMO_PASSWORD, DemoService
from app.domain.alerts import AlertState
from app.domain.errors import ConflictError
from app.services.container import Services


def test_the_demo_holds_fleet_readings_a_few_alerts_and_a_code_turned_into_a_job(db: Database) -> None:
    services = Services.build(db)
    DemoService(db, services.changes).create("small")
    desk = services.setup.sign_in("desk", DEMO_PASSWORD, "Demo desk")

    readings = services.readings.recent(desk, 1000)
    units = {r.vehicle.split("unit ")[1].split()[0] for r in readings if "unit " in r.vehicle}
    assert units == set(FLEET_UNITS)  # every fleet vehicle reported itself
    assert {r.source.split(":")[0] for r in readings} == {"telematics", "scan tool"}
    assert any(r.mileage_recorded for r in readings)  # odometers went on to the vehicles

    open_alerts = services.alerts.alerts(desk)
    kinds = Counter(a.kind for a in open_alerts)
    assert kinds["trouble_code"] >= 2 and kinds["reading_out_of_range"] >= 1
    assert 3 <= len(open_alerts) <= 40  # a few, not a wall
    [misfire] = [a for a in open_alerts if MISFIRE in a.title]
    assert (misfire.state, misfire.acknowledged_by) == (AlertState.ACKNOWLEDGED, "Sam Writer")
    summary = services.alerts.summary(desk)
    assert summary.open == len(open_alerts) and summary.unacknowledged == len(open_alerts) - 1

    # re-checking the demo raises nothing twice
    owner = services.setup.sign_in("owner", DEMO_PASSWORD, "Demo owner")
    assert services.alerts.check(owner.shop_id).raised == 0
    [catalyst] = [a for a in open_alerts if CATALYST in a.title]
    assert catalyst.link_kind == "vehicle" and catalyst.link_id is not None
    with pytest.raises(ConflictError, match="already"):  # the demo made it a recommended job
        services.readings.recommend(desk, catalyst.link_id, CATALYST)
    assert [r.ok for r in services.audit.verify()] == [True]
