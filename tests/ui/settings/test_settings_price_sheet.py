"""The owner enters a price sheet from the keyboard: rates, levels, taxes, fees, discount limits."""

from __future__ import annotations

import time
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QDialogButtonBox, QLineEdit, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.domain.price_sheet import CapScope, FeeBase, FeeMethod
from app.services.container import Services
from app.ui.settings.price_sheet_dialog import PriceSheetDialog
from tests.ui.settings_helpers import SettingsArea, build_settings, type_cell

D = Decimal


def open_sheet(qtbot: QtBot, area: SettingsArea) -> PriceSheetDialog:
    with qtbot.waitSignal(area.controller.price_sheet.dialog_opened, timeout=10_000) as opened:
        qtbot.keyClick(
            area.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    dialog = opened.args[0]
    assert isinstance(dialog, PriceSheetDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def add_row(qtbot: QtBot, dialog: PriceSheetDialog, name: str, *cells: str) -> None:
    """ "Add a row" by its button from the keyboard (Space), then type each cell."""
    sheet_table = dialog.tables[name]
    go_to_tab(qtbot, dialog, sheet_table)
    sheet_table.add_button.setFocus()
    qtbot.keyClick(sheet_table.add_button, Qt.Key.Key_Space)
    row = sheet_table.table.rowCount() - 1
    for column, text in enumerate(cells):
        if text:
            type_cell(qtbot, sheet_table.table, row, column, text)


def go_to_tab(qtbot: QtBot, dialog: PriceSheetDialog, widget: QWidget) -> None:
    """Ctrl+Tab through the tabs, as a person does, until ``widget`` shows."""
    for _ in range(dialog.tabs.count()):
        if widget.isVisible():
            return
        dialog.tabs.setFocus()
        qtbot.keyClick(dialog.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert widget.isVisible()


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def save(qtbot: QtBot, dialog: PriceSheetDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_owner_enters_the_price_sheet_in_minutes(qtbot: QtBot, services: Services, owner: Actor) -> None:
    area = build_settings(qtbot, services, owner)
    started = time.perf_counter()
    dialog = open_sheet(qtbot, area)
    # a shop without a sheet starts from its rate and tax, with the four usual levels
    assert dialog.tables["labor_rates"].rows()[0] == ["general", "General", "150.00"]
    assert [r[0] for r in dialog.tables["price_levels"].rows()] == [
        "retail",
        "fleet",
        "wholesale",
        "employee",
    ]
    add_row(qtbot, dialog, "labor_rates", "diag", "Diagnostic", "180")
    add_row(qtbot, dialog, "job_type_rates", "diagnostic", "diag")
    add_row(qtbot, dialog, "taxes", "county", "County tax", "1", "part, labor", "per invoice", "25")
    add_row(qtbot, dialog, "taxes", "city", "City tax", "0.5", "part", "", "", "1600")
    add_row(
        qtbot, dialog, "fees", "supplies", "Shop supplies", "percent", "labor", "8", "", "30", "yes", "yes"
    )
    add_row(
        qtbot,
        dialog,
        "fees",
        "tire_fee",
        "Tire fee",
        "flat",
        "per tire",
        "0",
        "",
        "",
        "no",
        "yes",
        "",
        "16: 1.50; 20: 2.50",
    )
    add_row(
        qtbot,
        dialog,
        "fees",
        "battery",
        "Battery fee",
        "flat",
        "per unit",
        "5",
        "",
        "",
        "yes",
        "no",
        "battery",
    )
    go_to_tab(qtbot, dialog, dialog.limits["front_desk"])
    retype(qtbot, dialog.limits["front_desk"], "10")
    retype(qtbot, dialog.minimum_margin, "25")
    with qtbot.waitSignal(area.controller.price_sheet.sheet_saved, timeout=10_000):
        save(qtbot, dialog)
    elapsed = time.perf_counter() - started
    assert elapsed < 120, f"entering the sheet took {elapsed:.1f} s"

    sheet = services.price_sheet.sheet(owner)
    assert sheet is not None
    assert sheet.labor_rate("diag").rate == D("180.00")
    assert dict(sheet.job_type_rates) == {"diagnostic": "diag"}
    county = next(t for t in sheet.taxes if t.code == "county")
    assert (county.rate, county.categories, county.cap_scope, county.cap) == (
        D("1"), ("part", "labor"), CapScope.PER_INVOICE, D("25.00")
    )  # fmt: skip
    assert next(t for t in sheet.taxes if t.code == "city").item_cap == D("1600.00")
    tire = next(f for f in sheet.fees if f.code == "tire_fee")
    assert (tire.method, tire.base, tire.rim_brackets) == (
        FeeMethod.FLAT, FeeBase.PER_TIRE, ((D("16"), D("1.50")), (D("20"), D("2.50")))
    )  # fmt: skip
    battery = next(f for f in sheet.fees if f.code == "battery")
    assert (battery.base, battery.unit_category, battery.itemise) == (FeeBase.PER_UNIT, "battery", False)
    assert sheet.discount_limit("front_desk") == D("10")
    assert sheet.minimum_margin == D("25")
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_wrong_choice_is_named_with_its_table_and_row_and_nothing_is_saved(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    area = build_settings(qtbot, services, owner)
    dialog = open_sheet(qtbot, area)
    add_row(qtbot, dialog, "fees", "wheel", "Wheel fee", "flat", "per wheel", "2")
    save(qtbot, dialog)
    assert "Fees: row 1: 'per wheel' is not one of the choices" in dialog.message.text()
    assert dialog.isVisible() and services.price_sheet.sheet(owner) is None
    dialog.reject()


def test_every_control_of_the_sheet_has_an_accessible_name(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    area = build_settings(qtbot, services, owner)
    dialog = open_sheet(qtbot, area)
    controls = [
        *dialog.findChildren(QTableWidget),
        *dialog.findChildren(QLineEdit),
        *dialog.findChildren(QCheckBox),
    ]
    unnamed = [
        c.objectName()
        for c in controls
        if not c.accessibleName() and c.parent() is not None and not isinstance(c.parent(), QTableWidget)
    ]
    assert not [n for n in unnamed if n], unnamed
    buttons = [
        b for b in dialog.findChildren(QAbstractButton) if b.objectName().startswith(("add_", "remove_"))
    ]
    assert buttons and all(b.accessibleName() for b in buttons)
    dialog.reject()


def test_a_service_writer_reads_the_sheet_but_cannot_save_it(
    qtbot: QtBot, services: Services, desk: Actor
) -> None:
    area = build_settings(qtbot, services, desk)
    dialog = open_sheet(qtbot, area)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.reject()
