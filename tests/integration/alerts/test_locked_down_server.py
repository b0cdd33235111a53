"""Alerts and readings as the application role of a locked-down server: its shop only, readings kept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.exc import ProgrammingError

from app.db.engine import Database, open_database
from app.services.readings.dto import ImportOptions
from tests.integration.alerts.alert_support import late_work_order
from tests.integration.db import test_server_setup as locked
from tests.integration.db.server_support import Server, new_shop, raw
from tests.integration.readings.reading_support import VAN, add_fleet

pytestmark = pytest.mark.postgres
server = locked.server  # the locked-down server's fixtures: its roles and database


@pytest.fixture
def harbor(server: Server) -> Iterator[tuple[Database, URL]]:
    """A terminal of a new shop's own role."""
    url, _shop_id = server.add_shop("harbor")
    db = open_database(url, terminal_name="Desk A")
    try:
        yield db, url
    finally:
        db.dispose()


def test_alerts_and_readings_work_for_the_shops_role_and_stay_in_their_shop(
    server: Server, harbor: tuple[Database, URL]
) -> None:
    app_db, url = harbor
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

    assert raw(url, "SELECT count(*) FROM alerts") == [(1,)]  # its own shop's, by its role
    other_url, _other = server.add_shop("inlet")  # another shop of the chain, naming this one's id
    assert raw(other_url, "SELECT count(*) FROM alerts", shop=shop_id) == [(0,)]
    assert raw(other_url, "SELECT count(*) FROM vehicle_readings", shop=shop_id) == [(0,)]
    with pytest.raises(ProgrammingError, match="permission denied"):
        raw(url, "UPDATE vehicle_readings SET odometer = 1", shop=shop_id)
