"""Bad input is refused where it is typed, and nothing the person typed is lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.customers import CustomerInput, VehicleInput
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.ui.customers.customer_dialog import CustomerDialog
from app.ui.customers.odometer_dialog import OdometerDialog
from app.ui.customers.vehicle_dialog import VehicleDialog
from tests.ui.helpers import Area, cells, save


def _open_vehicle_dialog(area: Area, customer: CustomerView) -> VehicleDialog:
    area.show(customer)
    area.controller.actions["new_vehicle"].trigger()
    dialog = area.last_dialog()
    assert isinstance(dialog, VehicleDialog)
    return dialog


@pytest.mark.parametrize(
    ("vin", "message"),
    [
        ("1M8GDM9AXKP04278O", "VINs never contain O (did you mean 1 or 0?)"),
        ("1M8GDM9A1KP042788", "check digit (9th character) is 1, the VIN calls for X: a typo?"),
    ],
)
def test_a_bad_vin_shows_why_beside_the_field_and_cannot_be_saved(
    qtbot, area: Area, ana: CustomerView, services: Services, desk: Actor, vin: str, message: str
) -> None:
    dialog = _open_vehicle_dialog(area, ana)
    qtbot.keyClicks(dialog.vin_edit, vin)
    qtbot.keyClicks(dialog.edits["plate"], "8BAD000")
    assert dialog.field_message("vin").isVisible()
    assert message in dialog.field_message("vin").text()
    assert dialog.field_message("vin").property("level") == "error"
    assert not dialog.save_button.isEnabled()

    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter refuses too
    dialog.submit()
    area.settle()
    assert dialog.isVisible()
    assert dialog.vin_edit.text() == vin
    assert services.customers.search(desk, "8BAD000") == []
    assert len(services.customers.get(desk, ana.id).vehicles) == 1


def test_a_short_vin_is_a_hint_while_typing_and_non_standard_lets_it_through(
    qtbot, area: Area, ana: CustomerView, services: Services, desk: Actor
) -> None:
    dialog = _open_vehicle_dialog(area, ana)
    qtbot.keyClicks(dialog.vin_edit, "124675R1234")
    assert dialog.field_message("vin").text().startswith("VIN has 11 of 17 characters")
    assert dialog.field_message("vin").property("level") == "hint"
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.vin_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.non_standard  # the checkbox comes right after the VIN
    qtbot.keyClick(dialog.non_standard, Qt.Key.Key_Space)
    assert dialog.field_message("vin").text() == "Non-standard VIN accepted"
    qtbot.keyClicks(dialog.edits["year"], "1967")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "124675R1234" in [row[2] for row in cells(area.controller.vehicles_proxy)])


def test_service_errors_appear_beside_their_fields_and_the_form_keeps_everything(
    qtbot, area: Area, services: Services, desk: Actor
) -> None:
    area.controller.actions["new_customer"].trigger()
    dialog = area.last_dialog()
    assert isinstance(dialog, CustomerDialog)
    # Right-to-left text arrives through an input method; QTest cannot synthesise its keys.
    dialog.edits["first_name"].insert("مريم")
    qtbot.keyClicks(dialog.edits["phone"], "555-CALL-NOW")
    qtbot.keyClicks(dialog.edits["email"], "not an address")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_message("email").isVisible())
    assert dialog.field_message("phone").text().startswith("may contain only digits")
    assert "is not an e-mail address" in dialog.field_message("email").text()
    assert dialog.banner.text() == "Please correct the fields marked in red."
    assert dialog.edits["first_name"].text() == "مريم"
    assert dialog.edits["phone"].text() == "555-CALL-NOW"
    assert dialog.save_button.isEnabled()
    assert services.customers.search(desk, "مريم") == []

    dialog.edits["phone"].clear()
    dialog.edits["email"].clear()
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: area.view.detail.name_label.text() == "مريم")


def test_a_stale_edit_names_who_changed_it_keeps_the_typing_and_offers_reload(
    qtbot, area: Area, ana: CustomerView, services: Services, owner: Actor
) -> None:
    area.show(ana)
    area.controller.actions["edit_customer"].trigger()
    dialog = area.last_dialog()
    assert isinstance(dialog, CustomerDialog)
    # Meanwhile, at the owner's desk:
    services.customers.update_customer(
        owner, ana.id, CustomerInput(first_name="Ana", last_name="Ruiz", city="Berkeley"), ana.version
    )
    dialog.edits["city"].clear()
    qtbot.keyClicks(dialog.edits["city"], "Alameda")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.isVisible())
    assert "Customer Ana Ruiz was changed by Olivia Owner at" in dialog.banner.text()
    assert "Your changes were not saved" in dialog.banner.text()
    assert dialog.edits["city"].text() == "Alameda"
    reload = [b for b in dialog.banner_buttons() if b.text() == "Reload"]
    assert reload

    qtbot.mouseClick(reload[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.edits["city"].text() == "Berkeley")
    dialog.edits["city"].clear()
    qtbot.keyClicks(dialog.edits["city"], "Alameda")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "Alameda" in area.view.detail.address_label.text())


def test_a_duplicate_vin_offers_to_open_that_vehicle(
    qtbot, area: Area, ana: CustomerView, services: Services, desk: Actor
) -> None:
    other = services.customers.create_customer(desk, CustomerInput(first_name="Ben", last_name="Cho"))
    dialog = _open_vehicle_dialog(area, other)
    qtbot.keyClicks(dialog.vin_edit, "1G4AH59H45G118341")  # Ana's Buick
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.isVisible())
    assert "VIN 1G4AH59H45G118341 is already on 2005 Buick LaCrosse of Ana Ruiz." in dialog.banner.text()
    buttons = [b for b in dialog.banner_buttons() if b.text() == "Open that vehicle"]
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: area.view.detail.name_label.text() == "Ana Ruiz")
    area.settle()
    assert area.view.history.title_label.text() == "2005 Buick LaCrosse · 5XYZ789"


def test_a_lower_odometer_needs_a_reason_and_history_shows_it(
    qtbot, area: Area, services: Services, desk: Actor, ana: CustomerView
) -> None:
    services.customers.record_odometer(desk, ana.vehicles[0].id, 120_000)
    area.show(ana)
    area.controller.actions["record_odometer"].trigger()
    dialog = area.last_dialog()
    assert isinstance(dialog, OdometerDialog)
    assert not dialog.reason.isVisible()
    qtbot.keyClicks(dialog.reading, "15,200")
    assert dialog.reason.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_message("odometer").isVisible())
    assert "15,200 is lower than the last reading 120,000" in dialog.field_message("odometer").text()
    assert dialog.reading.text() == "15,200"

    qtbot.keyClicks(dialog.reason, "Instrument cluster replaced")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: area.controller.readings.rowCount() == 2)
    newest = cells(area.controller.readings_proxy)[0]
    assert newest[0] == "15,200"
    assert newest[2] == "Sam Writer"
    assert newest[3] == "Instrument cluster replaced"
    assert area.view.history.odometer_label.text() == "15,200 mi"


def test_editing_a_vehicle_asks_for_a_reason_only_when_the_reading_goes_down(
    qtbot, area: Area, services: Services, desk: Actor, ana: CustomerView
) -> None:
    vehicle = ana.vehicles[0]
    services.customers.update_vehicle(
        desk,
        vehicle.id,
        VehicleInput(vin=vehicle.vin or "", plate="5XYZ789", odometer="50000"),
        vehicle.version,
    )
    area.show(ana)
    area.controller.actions["edit_vehicle"].trigger()
    dialog = area.last_dialog()
    assert isinstance(dialog, VehicleDialog)
    assert dialog.edits["odometer"].text() == "50000"
    assert not dialog.edits["odometer_reason"].isVisible()
    dialog.edits["odometer"].clear()
    qtbot.keyClicks(dialog.edits["odometer"], "49000")
    assert dialog.edits["odometer_reason"].isVisible()
    dialog.edits["odometer"].clear()
    qtbot.keyClicks(dialog.edits["odometer"], "51000")
    assert not dialog.edits["odometer_reason"].isVisible()


def test_escape_cancels_and_enter_in_a_field_saves(
    qtbot, area: Area, services: Services, desk: Actor
) -> None:
    area.controller.actions["new_customer"].trigger()
    dialog = area.last_dialog()
    assert isinstance(dialog, CustomerDialog)
    dialog.activateWindow()
    qtbot.keyClicks(dialog.edits["first_name"], "Bea")
    qtbot.keyClicks(dialog.edits["last_name"], "Quill")
    dialog.edits["last_name"].setFocus()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.edits["last_name"], Qt.Key.Key_Return)
    assert [hit.name for hit in services.customers.search(desk, "quill")] == ["Bea Quill"]
    area.controller.actions["new_customer"].trigger()
    dialog = area.last_dialog()
    dialog.activateWindow()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
