"""Alerts and readings as the application role of a locked-down server: its shop only, readings kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import ProgrammingError

from app.db.engine import Database
from app.services.readings.dto import ImportOptions
from tests.integration.alerts.alert_support import late_work_order
from tests.integration.db import test_server_setup as locked
from tests.integration.db.test_server_setup import Server, new_shop, raw
from tests.integration.readings.reading_support import VAN, add_fleet

pytestmark = pytest.mark.postgres
server = locked.server  # the locked-down server's fixtures: roles, database, a terminal on the app role
app_db = locked.app_db


def test_alerts_and_readings_work_for_the_app_role_and_stay_in_their_shop(
    server: Server, app_db: Database
) -> None:
    services, shop_id = new_shop(app_db, "Harbor Garage", "harbor")
    owner = services.setup.sign_in("harbor", "harbor password 12", "Desk A")
    late_work_order(services, owner, datetime.now(UTC), timedelta(hours=2))
    add_fleet(services, owner)
    scan = b'[{"vin": "%s", "timestamp": "2026-11-30T15:00:00Z", "dtcs": ["P0301"]}]' % VAN.encode()
    assert services.readings.import_file(owner, scan, "scan.json", ImportOptions()).added == 1
    assert services.alerts.check(shop_id, kinds=frozenset({"promised_passed"})).raised == 1
    [alert] = services.alerts.alerts(owner)
    services.alerts.acknowledge(owner, alert.id, "On it")
    services.alerts.resolve(owner, alert.id)

    other = raw(server.app, "SELECT count(*) FROM alerts", shop=None)
    assert other == [(0,)]  # no shop named: row-level security shows nothing
    assert raw(server.app, "SELECT count(*) FROM alerts", shop=shop_id) == [(1,)]
    with pytest.raises(ProgrammingError, match="permission denied"):
        raw(server.app, "UPDATE vehicle_readings SET odometer = 1", shop=shop_id)
