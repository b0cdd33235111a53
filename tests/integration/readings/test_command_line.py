"""``baydesk readings import`` and ``baydesk alerts check`` as a server's cron runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.db.engine import Database
from app.domain.permissions import Actor
from app.services.container import Services
from tests.integration.readings.reading_support import TRUCK, add_fleet, telematics_csv


def test_a_folder_is_imported_once_and_its_trouble_code_raises_an_alert(
    services: Services, db: Database, desk: Actor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_fleet(services, desk)
    name, data, _options, _count = telematics_csv()
    (tmp_path / name).write_bytes(data)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not a readings file: left alone
    url = db.url.render_as_string(hide_password=False)

    assert main(["--database", url, "readings", "import", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"{name}: 4 readings added, 0 already there, for 2 vehicles; odometer updated on 2." in out
    assert "Alerts: 2 raised, 0 resolved." in out  # the misfire, and unit 7's weak battery
    assert main(["--database", url, "readings", "import", str(tmp_path / name)]) == 0
    assert "0 readings added, 4 already there" in capsys.readouterr().out

    assert main(["--database", url, "alerts", "check"]) == 0  # every rule, as cron runs it
    out = capsys.readouterr().out
    assert out.startswith("Alerts: ") and "Not judged on this machine: backup_overdue" in out
    readings_rules = {"trouble_code", "reading_out_of_range"}
    titles = sorted(a.title for a in services.alerts.alerts(desk) if a.kind in readings_rules)
    assert titles == [
        "Unit 12: 2020 Ford Transit: P0301 Cylinder 1 Misfire Detected",
        "Unit 7: 2021 Chevrolet Silverado (8TRK007): battery 11.3 V, below 11.8 V",
    ]


def test_a_one_car_log_names_its_car_and_bad_options_are_refused(
    services: Services, db: Database, desk: Actor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_fleet(services, desk)
    log = tmp_path / "scan.csv"
    log.write_text("Zeit;KM\n2026-11-30 07:00;20500\n", encoding="utf-8")
    url = db.url.render_as_string(hide_password=False)
    args = ["--database", url, "readings", "import", str(log), "--vin", TRUCK]
    assert main([*args, "--map", "time=Zeit", "--map", "odometer=KM", "--unit", "odometer=mi"]) == 0
    assert "1 reading added" in capsys.readouterr().out
    assert (
        services.customers.vehicle_history(
            desk, services.readings.recent(desk)[0].vehicle_id
        ).vehicle.odometer
        == 20_500
    )
    assert main([*args, "--map", "time"]) == 2
    assert "is written FIELD=VALUE" in capsys.readouterr().err
