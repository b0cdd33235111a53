"""The Vehicle readings area: import through the dialog (twice), map unknown columns, watch a folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.services.container import Services
from app.ui.changes import ChangeBridge
from app.ui.customers.vehicle_history_view import VehicleHistoryView
from app.ui.customers.vehicle_work_orders import VehicleWorkOrders
from app.ui.readings.controller import ReadingsController
from app.ui.readings.import_dialog import ImportDialog
from app.ui.readings.view import ReadingsView
from app.ui.tasks import TaskRunner
from tests.integration.readings.reading_support import VAN, add_fleet, telematics_csv
from tests.ui.helpers import SHOP_ZONE, RecordingDialogs, cells
from tests.ui.settings_helpers import activate, quiesce


@dataclass
class ReadingsArea:
    view: ReadingsView
    controller: ReadingsController
    runner: TaskRunner
    dialogs: RecordingDialogs
    qtbot: QtBot
    opened: list[object] = field(default_factory=list)

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.controller.is_settled() and self.runner.is_idle())

    def import_through_dialog(self, path: Path) -> ImportDialog:
        dialog = self.controller.import_file(path)
        self.qtbot.waitUntil(lambda: "Reading the file" not in dialog.found_label.text())
        return dialog

    def submit(self, dialog: ImportDialog) -> None:
        with self.qtbot.waitSignal(self.controller.readings_shown, timeout=10_000):
            self.qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        self.settle()


def build_area(qtbot: QtBot, services: Services, actor: Actor) -> ReadingsArea:
    view = ReadingsView()
    runner = TaskRunner(view)
    dialogs = RecordingDialogs()
    controller = ReadingsController(
        services, actor, view, runner, ChangeBridge(services.changes), SHOP_ZONE, dialogs
    )
    qtbot.addWidget(view, before_close_func=lambda _v: quiesce(qtbot, controller.is_settled, runner))
    area = ReadingsArea(view, controller, runner, dialogs, qtbot)
    controller.dialog_opened.connect(area.opened.append)
    view.resize(1100, 700)
    view.show()
    activate(qtbot, view)
    with qtbot.waitSignal(controller.readings_shown):
        controller.start()
    return area


def test_a_file_imported_twice_through_the_dialog_is_stored_once(
    qtbot: QtBot, services: Services, desk: Actor, tmp_path: Path, qtmodeltester
) -> None:
    add_fleet(services, desk)
    name, data, _options, _count = telematics_csv()
    path = tmp_path / name
    path.write_bytes(data)
    area = build_area(qtbot, services, desk)
    assert area.view.summary_label.text() == "No readings yet."

    dialog = area.import_through_dialog(path)
    assert dialog.found_label.text() == "CSV file, 4 lines of readings."
    assert dialog.columns["odometer"].currentText() == "Odometer (km)"
    area.submit(dialog)
    assert area.view.summary_label.text() == "4 readings, 1 with trouble codes."
    van = [row for row in cells(area.controller.proxy) if row[1] == "2020 Ford Transit · unit 12"]
    assert [(row[2], row[6]) for row in van] == [("41,097", "P0301"), ("41,073", "none")]
    qtmodeltester.check(area.controller.model, force_py=True)

    again = area.import_through_dialog(path)
    with area.qtbot.waitSignal(area.controller.message_shown, timeout=10_000) as told:
        area.qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert told.args == [f"{name}: 0 readings added, 4 already there, for 2 vehicles."]
    area.settle()
    assert area.controller.model.rowCount() == 4

    area.view.filter_edit.setText("p0301")
    assert [row[6] for row in cells(area.controller.proxy)] == ["P0301"]
    area.view.table.selectRow(0)
    assert area.view.codes_label.text() == "P0301  Cylinder 1 Misfire Detected"


def test_columns_nobody_recognises_are_chosen_in_the_dialog(
    qtbot: QtBot, services: Services, desk: Actor, tmp_path: Path
) -> None:
    add_fleet(services, desk)
    path = tmp_path / "werkstatt.csv"
    path.write_text(f"Fahrzeug;Zeitpunkt;KM-Stand\n{VAN};2026-11-30 14:05;41500\n", encoding="utf-8")
    area = build_area(qtbot, services, desk)
    dialog = area.import_through_dialog(path)
    assert "Choose the columns below" in dialog.found_label.text()
    for field_name, column in (("vin", "Fahrzeug"), ("time", "Zeitpunkt"), ("odometer", "KM-Stand")):
        box = dialog.columns[field_name]
        box.setCurrentIndex(box.findText(column))
    area.submit(dialog)
    assert [row[2] for row in cells(area.controller.proxy)] == ["41,500"]


def test_a_watched_folder_imports_the_files_dropped_into_it(
    qtbot: QtBot, services: Services, desk: Actor, tmp_path: Path
) -> None:
    add_fleet(services, desk)
    area = build_area(qtbot, services, desk)
    folder = tmp_path / "telematics"
    folder.mkdir()
    area.controller.set_folder(folder)
    assert area.view.watch_label.text().startswith(f"Watching {folder}")
    name, data, _options, count = telematics_csv()
    (folder / name).write_bytes(data)
    qtbot.waitUntil(lambda: area.controller.model.rowCount() == count, timeout=15_000)
    assert area.view.summary_label.text().startswith("4 readings")
    area.controller.set_folder(None)


def test_the_vehicle_history_shows_readings_between_its_work_orders(
    qtbot: QtBot, services: Services, desk: Actor
) -> None:
    fleet = add_fleet(services, desk)
    order = services.work_orders.create(desk, fleet.van)
    name, data, options, _count = telematics_csv()
    services.readings.import_file(desk, data, name, options)
    view = VehicleHistoryView()
    qtbot.addWidget(view)
    runner = TaskRunner(view)
    history = VehicleWorkOrders(services, desk, view, runner, ChangeBridge(services.changes), SHOP_ZONE)
    view.show_history(services.customers.vehicle_history(desk, fleet.van))
    history.show_for(services.customers.vehicle_history(desk, fleet.van))
    qtbot.waitUntil(lambda: history.model.rowCount() == 2)  # the work order, and the day's readings
    rows = cells(history.proxy)
    assert (rows[0][0], rows[0][2]) == (str(order.number), "Estimate")
    assert rows[1][2] == "Reading" and rows[1][5].startswith("P0301 Cylinder 1 Misfire Detected")
    runner.wait()
