"""The owner's chain page: every shop's figures, read when the page is first shown, and the report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCharts import QAbstractBarSeries
from pytestqt.qtbot import QtBot

from app.db.engine import Database
from app.demo.chain import ChainDemoService
from app.demo.shop import DEMO_PASSWORD
from app.services.container import Services
from app.ui.formatting import amount_text
from tests.ui.day.test_owner_area import Owner, build
from tests.ui.helpers import cells


@pytest.fixture
def chain_area(qtbot: QtBot, db: Database, tmp_path: Path) -> Iterator[Owner]:
    services = Services.build(db)
    ChainDemoService(db, services.changes).create(2, 200)
    owner = services.setup.sign_in("owner", DEMO_PASSWORD, "Office")
    yield from build(qtbot, services, owner, tmp_path)


def test_the_chain_page_shows_every_shop_and_previews_the_report(chain_area: Owner) -> None:
    area, page = chain_area, chain_area.view.chain_page
    chain = area.controller.chain
    assert chain is not None and chain.report is None  # nothing read before the page is shown
    with area.qtbot.waitSignal(chain.report_shown, timeout=20_000) as shown:
        area.view.tabs.setCurrentWidget(page)
    report = shown.args[0]
    area.settle()
    shops = [row[0] for row in cells(page.tables["shops"].model())]
    assert sorted(shops) == ["Bayview Auto Repair", "Harbor Auto Repair"]
    assert len(cells(page.tables["months"].model())) == 12
    assert page.totals["sales"].text() == amount_text(report.total().sales)
    assert page.totals["car_count"].text() != "—"
    series = page.charts["sales_by_shop"].chart().series()
    assert series and isinstance(series[0], QAbstractBarSeries) and series[0].count() == 2  # sales, profit
    assert cells(page.tables["slow"].model())  # slow movers listed
    with area.qtbot.waitSignal(area.controller.paper.preview_opened, timeout=20_000) as opened:
        area.key("Ctrl+Shift+P")
    preview = opened.args[0]
    assert "Chain report" in preview.windowTitle()
    preview.close()


def test_the_front_desk_has_no_chain_page(qtbot: QtBot, services: Services, desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    area = next(build(qtbot, services, desk, tmp_path))
    assert area.view.tabs.indexOf(area.view.chain_page) == -1 and area.controller.chain is None
