"""Every populated table model behaves as Qt's views expect, and sorts by real values."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerHit, CustomerView, OdometerView
from app.ui.customers.tables import CustomerHitsModel, OdometerModel, VehiclesModel
from app.ui.shared.table_model import ROW_ROLE, SORT_ROLE, SortProxy
from app.ui.tasks import TaskRunner
from tests.ui.helpers import SHOP_ZONE, Area, cells


def test_results_vehicles_and_readings_models_pass_the_model_tester(
    qtmodeltester, area: Area, ana: CustomerView, services: Services, desk: Actor
) -> None:
    services.customers.record_odometer(desk, ana.vehicles[0].id, 61_000)
    services.customers.record_odometer(desk, ana.vehicles[0].id, 9_800, "Cluster replaced")
    area.search("ruiz")
    area.show(ana)
    controller = area.controller
    assert controller.hits.rowCount() >= 1
    assert controller.vehicles.rowCount() == 1
    assert controller.readings.rowCount() == 2
    for model in (
        controller.hits,
        controller.hits_proxy,
        controller.vehicles,
        controller.vehicles_proxy,
        controller.readings,
        controller.readings_proxy,
    ):
        qtmodeltester.check(model, force_py=True)


def test_the_sort_role_returns_real_values_and_numbers_sort_as_numbers(qtmodeltester) -> None:
    now = datetime(2026, 3, 5, 22, 30, tzinfo=UTC)
    readings = [
        OdometerView(9_800, now, "Cluster replaced", "vehicle", "Sam Writer"),
        OdometerView(10_200, now - timedelta(days=30), "", "vehicle", "Olivia Owner"),
        OdometerView(120_000, now - timedelta(days=400), "", "vehicle", "Sam Writer"),
    ]
    model = OdometerModel(SHOP_ZONE)
    model.set_rows(readings)
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(0, 0), SORT_ROLE) == 9_800
    assert model.data(model.index(0, 1), SORT_ROLE) == now
    assert model.data(model.index(0, 1)) == "Mar 5, 2026, 2:30 PM"  # the shop's wall clock (PST)
    assert model.data(model.index(0, 0), ROW_ROLE) is readings[0]

    proxy = SortProxy(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [row[0] for row in cells(proxy)] == ["9,800", "10,200", "120,000"]
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert [row[0] for row in cells(proxy)] == ["9,800", "10,200", "120,000"]
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert [row[0] for row in cells(proxy)] == ["120,000", "10,200", "9,800"]


def test_empty_cells_stay_at_the_bottom_in_both_directions() -> None:
    import uuid

    hits = [
        CustomerHit(uuid.uuid4(), "Bea", "", "", "", "Oakland"),
        CustomerHit(uuid.uuid4(), "Al", "", "", "", ""),
        CustomerHit(uuid.uuid4(), "Cy", "", "", "", "Alameda"),
    ]
    model = CustomerHitsModel()
    model.set_rows(hits)
    proxy = SortProxy(model)
    proxy.sort(4, Qt.SortOrder.AscendingOrder)
    assert [row[4] for row in cells(proxy)] == ["Alameda", "Oakland", ""]
    proxy.sort(4, Qt.SortOrder.DescendingOrder)
    assert [row[4] for row in cells(proxy)] == ["Oakland", "Alameda", ""]


def test_an_empty_model_is_still_a_valid_model(qtmodeltester) -> None:
    for model in (CustomerHitsModel(), VehiclesModel(), OdometerModel(SHOP_ZONE)):
        qtmodeltester.check(model, force_py=True)
        assert model.rowCount(QModelIndex()) == 0
        assert model.headerData(0, Qt.Orientation.Horizontal) != ""


def test_a_newer_search_makes_the_older_answer_stale(qtbot) -> None:
    """The answer to "sm" arriving after the answer to "smi" is dropped, not shown."""
    runner = TaskRunner()
    release_first = threading.Event()
    shown: list[str] = []

    def slow() -> str:
        release_first.wait(5)
        return "sm"

    runner.run(slow, shown.append, lambda exc: None, channel="search")
    runner.run(lambda: "smi", shown.append, lambda exc: None, channel="search")
    qtbot.waitUntil(lambda: shown == ["smi"])
    release_first.set()
    qtbot.waitUntil(runner.is_idle)
    assert shown == ["smi"]
    assert runner.wait()
