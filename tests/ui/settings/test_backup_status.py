"""The daily backup in the app and the status-bar label with the date of the last good one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QStatusBar
from pytestqt.qtbot import QtBot

from app.config import Settings, data_dir
from app.db import migrate
from app.db.engine import open_database, sqlite_url
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services
from app.services.settings.backup import STATUS_FILE
from app.ui.formatting import day_text, local_time_text
from app.ui.settings.backup_status import BackupStatusController
from app.ui.tasks import TaskRunner


@pytest.fixture
def shop_file(tmp_path: Path) -> Iterator[tuple[Path, Services]]:
    path = tmp_path / "shop.sqlite3"
    db = open_database(sqlite_url(path))
    migrate.upgrade(db, backup=False)
    services = Services.build(db)
    services.setup.create_shop(ShopInput("Label Garage"), OwnerInput("lu", "Lu", "lu's password 12"))
    yield path, services
    db.dispose()


@pytest.fixture
def bar(qtbot: QtBot) -> QStatusBar:
    made = QStatusBar()
    qtbot.addWidget(made)
    return made


def controller(
    qtbot: QtBot, bar: QStatusBar, services: Services, settings: Settings
) -> BackupStatusController:
    runner = TaskRunner(bar)
    made = BackupStatusController(services, runner, settings, parent=bar)
    bar.addPermanentWidget(made.label)
    made.start()
    qtbot.waitUntil(runner.is_idle, timeout=30_000)
    return made


def test_the_app_takes_the_daily_backup_and_shows_its_date(
    qtbot: QtBot, bar: QStatusBar, shop_file: tuple[Path, Services], tmp_path: Path
) -> None:
    path, services = shop_file
    folder = tmp_path / "daily"
    settings = Settings(database_url=str(sqlite_url(path)), backup_folder=str(folder), backup_keep="3")
    shown = controller(qtbot, bar, services, settings)
    assert [p.suffix for p in folder.iterdir()] == [".sqlite3"]
    assert shown.label.text().startswith(f"Last backup: {day_text(datetime.now(UTC))}, ")  # the shop's day
    assert shown.label.property("level") == ""
    assert str(folder) in shown.label.toolTip()
    shown.check()  # an hour later: not due again
    qtbot.waitUntil(shown.runner.is_idle, timeout=30_000)
    assert len(list(folder.iterdir())) == 1


def test_no_backup_for_two_days_is_a_warning(
    qtbot: QtBot, bar: QStatusBar, shop_file: tuple[Path, Services]
) -> None:
    path, services = shop_file
    old = datetime.now(UTC) - timedelta(days=3)
    record = data_dir() / STATUS_FILE
    record.parent.mkdir(parents=True, exist_ok=True)
    records = json.loads(record.read_text()) if record.exists() else {}
    records[services.db.describe()] = {"at": old.isoformat(), "path": "/backups/old.sqlite3", "rows": 9}
    record.write_text(json.dumps(records))
    settings = Settings(database_url=str(sqlite_url(path)), backup_keep="0")  # no daily backup here
    shown = controller(qtbot, bar, services, settings)
    assert shown.label.property("level") == "warning"
    assert shown.label.text() == f"Last backup: {local_time_text(old)} (over 2 days ago)"  # the shop's clock


def test_a_database_that_is_not_this_shops_own_gets_no_daily_backup(
    qtbot: QtBot, bar: QStatusBar, shop_file: tuple[Path, Services], tmp_path: Path
) -> None:
    _path, services = shop_file
    folder = tmp_path / "daily"
    settings = Settings(database_url=str(sqlite_url(tmp_path / "other.sqlite3")), backup_folder=str(folder))
    shown = controller(qtbot, bar, services, settings)
    assert not folder.exists()
    assert shown.label.isHidden()
