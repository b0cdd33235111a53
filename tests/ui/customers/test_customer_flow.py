"""A service writer adds a customer and a car, then finds them again the ways people do."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.ui.customers.customer_dialog import CustomerDialog
from app.ui.customers.vehicle_dialog import VehicleDialog
from tests.ui.helpers import SHOP_ZONE, Area, cells, save


def test_typed_customer_and_vehicle_are_found_by_plate_and_by_phone(qtbot, area: Area) -> None:
    area.controller.actions["new_customer"].trigger()
    customer_dialog = area.last_dialog()
    assert isinstance(customer_dialog, CustomerDialog)
    qtbot.keyClicks(customer_dialog.edits["first_name"], "Ana")
    qtbot.keyClicks(customer_dialog.edits["last_name"], "Ruiz-Ortega")
    qtbot.keyClicks(customer_dialog.edits["phone"], "(510) 555-0142")
    qtbot.keyClicks(customer_dialog.edits["email"], "ana@example.com")
    qtbot.keyClicks(customer_dialog.edits["city"], "Oakland")
    save(qtbot, customer_dialog)
    qtbot.waitUntil(lambda: area.view.detail.name_label.text() == "Ana Ruiz-Ortega")
    assert area.view.detail.phone_label.text() == "(510) 555-0142"

    area.controller.actions["new_vehicle"].trigger()
    vehicle_dialog = area.last_dialog()
    assert isinstance(vehicle_dialog, VehicleDialog)
    assert "Ana Ruiz-Ortega" in vehicle_dialog.windowTitle()
    qtbot.keyClicks(vehicle_dialog.vin_edit, "1g4ah59h45g118341")  # typed in lower case
    assert vehicle_dialog.vin_edit.text() == "1G4AH59H45G118341"
    assert vehicle_dialog.field_message("vin").text() == "VIN is valid"
    qtbot.keyClicks(vehicle_dialog.edits["model"], "LaCrosse")
    qtbot.keyClicks(vehicle_dialog.edits["plate"], "7abc123")
    qtbot.keyClicks(vehicle_dialog.edits["odometer"], "42,000")
    save(qtbot, vehicle_dialog)
    qtbot.waitUntil(lambda: area.controller.vehicles.rowCount() == 1)
    vehicle_row = cells(area.controller.vehicles_proxy)[0]
    assert vehicle_row[1:] == ["7ABC123", "1G4AH59H45G118341", "42,000"]

    area.search("7abc 123")
    found = cells(area.controller.hits_proxy)
    assert [row[0] for row in found] == ["Ana Ruiz-Ortega"]
    assert "7ABC123" in found[0][5]  # the Vehicle column says which car matched

    area.search("510.555.0142")
    assert [row[0] for row in cells(area.controller.hits_proxy)] == ["Ana Ruiz-Ortega"]
    area.search("555 0142")
    assert [row[0] for row in cells(area.controller.hits_proxy)] == ["Ana Ruiz-Ortega"]


def test_vin_decoding_fills_empty_year_and_make_and_names_the_country(
    qtbot, area: Area, ana: CustomerView
) -> None:
    area.show(ana)
    area.controller.actions["new_vehicle"].trigger()
    dialog = area.last_dialog()
    assert isinstance(dialog, VehicleDialog)
    qtbot.keyClicks(dialog.edits["make"], "Mack")  # typed first: decoding must not overwrite it
    qtbot.keyClicks(dialog.vin_edit, "1M8GDM9AXKP042788")
    assert dialog.edits["year"].text() == "1989"  # position 7 is a digit: the 1980s cycle
    assert dialog.edits["make"].text() == "Mack"
    assert "built in" in dialog.decoded.text()
    assert dialog.save_button.isEnabled()


def test_down_arrow_moves_into_results_and_enter_opens_the_customer(
    qtbot, area: Area, ana: CustomerView
) -> None:
    area.search("ruiz")
    area.view.search_edit.setFocus()
    qtbot.keyClick(area.view.search_edit, Qt.Key.Key_Down)
    assert area.view.results_table.hasFocus()
    qtbot.keyClick(area.view.results_table, Qt.Key.Key_Return)
    area.settle()
    assert area.view.detail.name_label.text() == "Ana Ruiz"
    assert area.view.detail.vehicles_table.hasFocus()
    assert area.view.history.title_label.text() == "2005 Buick LaCrosse · 5XYZ789"
    assert area.view.history.owner_label.text() == "Ana Ruiz"


def test_enter_on_a_customer_still_loading_hands_the_keyboard_over_once_loaded(
    qtbot, area: Area, ana: CustomerView, services: Services, desk: Actor
) -> None:
    from app.domain.customers import CustomerInput

    services.customers.create_customer(desk, CustomerInput(first_name="Zoe", last_name="Ruiz"))
    area.search("ruiz")
    assert [row[0] for row in cells(area.controller.hits_proxy)] == ["Ana Ruiz", "Zoe Ruiz"]
    qtbot.keyClick(area.view.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(area.view.results_table, Qt.Key.Key_Down)  # Zoe: her record starts loading
    qtbot.keyClick(area.view.results_table, Qt.Key.Key_Return)  # before it has arrived
    area.settle()
    assert area.view.detail.name_label.text() == "Zoe Ruiz"
    assert area.view.detail.edit_customer_button.hasFocus()  # no vehicle: the next step is editing


def test_scanned_plate_ending_in_enter_opens_its_owner(qtbot, area: Area, ana: CustomerView) -> None:
    area.view.search_edit.setFocus()
    qtbot.keyClicks(area.view.search_edit, "5XYZ789")
    qtbot.keyClick(area.view.search_edit, Qt.Key.Key_Return)  # before the typing pause ends
    area.settle()
    assert area.view.detail.name_label.text() == "Ana Ruiz"


def test_no_match_says_so_and_how_to_add(area: Area) -> None:
    area.search("Zzyzx")
    assert area.controller.hits.rowCount() == 0
    assert "No customer or vehicle matches “Zzyzx”" in area.view.result_summary.text()


def test_deleting_a_customer_asks_first_and_removes_them_from_the_list(
    qtbot, area: Area, ana: CustomerView, services: Services, desk: Actor
) -> None:
    area.search("ruiz")
    area.show(ana)
    area.controller.actions["delete_customer"].trigger()
    assert "Delete Ana Ruiz and their 1 vehicle(s)?" in area.dialogs.confirmations[-1]
    qtbot.waitUntil(lambda: area.controller.hits.rowCount() == 0)
    assert area.view.detail.empty_label.text() == "Customer deleted."
    assert services.customers.search(desk, "ruiz") == []


def test_a_customer_saved_on_another_terminal_appears_without_a_keystroke(
    qtbot, area: Area, services: Services, owner: Actor
) -> None:
    from app.domain.customers import CustomerInput

    area.search("Okafor")
    assert area.controller.hits.rowCount() == 0
    services.customers.create_customer(owner, CustomerInput(first_name="Chidi", last_name="Okafor"))
    qtbot.waitUntil(lambda: [r[0] for r in cells(area.controller.hits_proxy)] == ["Chidi Okafor"])


def test_a_technician_sees_customers_but_not_the_edit_buttons(
    qtbot, services: Services, owner: Actor, ana: CustomerView
) -> None:
    from app.domain.permissions import Role
    from app.ui.changes import ChangeBridge
    from app.ui.customers.controller import CustomersController
    from app.ui.customers.view import CustomersView
    from app.ui.tasks import TaskRunner

    services.setup.add_user(owner, "tech", "Tony Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 1")
    view = CustomersView()
    qtbot.addWidget(view)
    runner = TaskRunner(view)
    controller = CustomersController(services, tech, view, runner, ChangeBridge(services.changes), SHOP_ZONE)
    controller.show_customer(ana.id)
    qtbot.waitUntil(lambda: view.detail.name_label.text() == "Ana Ruiz")
    qtbot.waitUntil(runner.is_idle)
    assert not controller.actions["edit_customer"].isEnabled()
    assert not controller.actions["new_customer"].isEnabled()
    assert controller.actions["record_odometer"].isEnabled()
    runner.wait()
