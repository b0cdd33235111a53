"""The owner's pricing settings, typed and saved as a person would; a service writer only reads them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.domain.totals import FeeRule, RoundingMode
from app.services.container import Services
from tests.ui.settings_helpers import build_settings, click

D = Decimal


def test_owner_types_a_labor_rate_and_a_supplies_rule_and_saves_with_ctrl_s(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    area = build_settings(qtbot, services, owner)
    form = area.view.pricing
    assert form.edits["labor_rate"].text() == "150.00"
    assert form.edits["tax_rate"].text() == "10.25"  # the rate the shop was set up with

    area.retype("labor_rate", "165.50")
    area.retype("tax_rate", "9.5")
    click(qtbot, form.taxable_boxes["labor"])
    click(qtbot, form.per_line_radio)
    click(qtbot, form.supplies_on_radio)
    area.retype("percent_of_labor", "8")
    area.retype("cap", "35")
    area.retype("minimum", "5")
    area.retype("label", "Shop supplies and disposal")
    click(qtbot, form.supplies_taxable_box)
    click(qtbot, form.odometer_box)
    assert form.status_label.text() == "Not saved yet. Ctrl+S saves."

    with qtbot.waitSignal(area.controller.pricing_saved, timeout=10_000):
        qtbot.keyClick(form.edits["label"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    saved = services.settings.pricing(owner)
    assert saved.labor_rate == D("165.50")
    assert saved.tax_rate == D("0.095")
    assert set(saved.taxable) == {"labor", "part"}
    assert saved.rounding == RoundingMode.PER_LINE
    assert saved.require_odometer_out is True
    assert saved.fee_rule == FeeRule(
        enabled=True,
        percent_of_labor=D("8"),
        percent_of_parts=D("0"),
        flat=D("0.00"),
        cap=D("35.00"),
        minimum=D("5.00"),
        taxable=True,
        label="Shop supplies and disposal",
    )
    assert form.status_label.text() == "Saved. New estimates use these settings."
    assert form.edits["labor_rate"].text() == "165.50"
    assert not form.revert_button.isEnabled()  # nothing left unsaved


def test_a_rate_that_is_not_a_number_is_refused_beside_its_field_and_nothing_is_saved(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    area = build_settings(qtbot, services, owner)
    before = services.settings.pricing(owner)
    area.retype("labor_rate", "abc")
    qtbot.mouseClick(area.view.pricing.save_button, Qt.MouseButton.LeftButton)

    assert area.message("labor_rate") == "'abc' is not a number; this shop writes 1,234.56"
    assert area.view.pricing.edits["labor_rate"].text() == "abc"  # what was typed stays
    assert area.view.pricing.edits["labor_rate"].hasFocus()
    assert "Nothing was saved" in area.view.pricing.status_label.text()
    area.settle()
    assert services.settings.pricing(owner) == before


def test_a_cap_below_the_minimum_is_refused_by_the_service_beside_the_minimum(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    area = build_settings(qtbot, services, owner)
    before = services.settings.pricing(owner)
    form = area.view.pricing
    area.retype("labor_rate", "140")
    click(qtbot, form.supplies_on_radio)
    area.retype("percent_of_parts", "5")
    area.retype("cap", "10")
    area.retype("minimum", "20")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: area.message("minimum") == "must not be more than the cap")
    assert area.message("labor_rate") == ""
    assert [form.edits[n].text() for n in ("labor_rate", "cap", "minimum")] == ["140", "10", "20"]
    assert form.supplies_on_radio.isChecked()
    assert services.settings.pricing(owner) == before

    area.retype("cap", "30")  # corrected: the next save goes through and the message goes
    with qtbot.waitSignal(area.controller.pricing_saved, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert area.message("minimum") == ""
    assert services.settings.pricing(owner).fee_rule.minimum == D("20.00")


def test_the_preview_follows_the_percent_as_it_is_typed(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    area = build_settings(qtbot, services, owner)
    form = area.view.pricing
    assert form.preview_label.text().startswith("Shop supplies are off")
    click(qtbot, form.supplies_on_radio)
    assert form.preview_label.text() == "On $100.00 labor + $200.00 parts this rule charges $0.00 supplies."

    edit = form.edits["percent_of_labor"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_1)
    assert form.preview_label.text() == "On $100.00 labor + $200.00 parts this rule charges $1.00 supplies."
    qtbot.keyClick(edit, Qt.Key.Key_0)
    assert form.preview_label.text() == "On $100.00 labor + $200.00 parts this rule charges $10.00 supplies."
    area.retype("percent_of_parts", "5")
    assert "charges $20.00 supplies" in form.preview_label.text()
    area.retype("cap", "15")
    assert "charges $15.00 supplies" in form.preview_label.text()
    area.retype("cap", "1x")
    assert form.preview_label.text() == "Type numbers in the supplies fields to see what the rule charges."


def test_a_service_writer_sees_the_prices_but_cannot_change_them(
    qtbot: QtBot, services: Services, owner: Actor, desk: Actor
) -> None:
    area = build_settings(qtbot, services, desk)
    form = area.view.pricing
    assert form.edits["labor_rate"].text() == "150.00"
    assert not form.edits["labor_rate"].isEnabled()
    assert not any(box.isEnabled() for box in form.taxable_boxes.values())
    assert not form.supplies_on_radio.isEnabled()
    assert not form.save_button.isVisible()
    assert form.read_only_label.text().startswith("Only the owner changes prices")
    before = services.settings.pricing(owner)
    qtbot.keyClick(area.view.canned.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    area.settle()
    assert services.settings.pricing(owner) == before
    assert area.view.canned.new_button.isEnabled()  # the canned jobs are theirs to manage


def test_a_change_from_another_terminal_shows_unless_it_would_overwrite_typing(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    area = build_settings(qtbot, services, owner)
    form = area.view.pricing
    saved = services.settings.pricing(owner)
    with qtbot.waitSignal(area.controller.pricing_shown, timeout=10_000):
        services.settings.update_pricing(owner, replace(saved, labor_rate=D("155.00")))
    assert form.edits["labor_rate"].text() == "155.00"

    area.retype("tax_rate", "8")
    services.settings.update_pricing(owner, replace(saved, labor_rate=D("160.00")))
    qtbot.waitUntil(lambda: "changed at another terminal" in form.status_label.text())
    area.settle()
    assert form.edits["tax_rate"].text() == "8"  # the typing is not lost
    assert form.edits["labor_rate"].text() == "155.00"
    qtbot.mouseClick(form.revert_button, Qt.MouseButton.LeftButton)
    assert form.edits["labor_rate"].text() == "160.00"  # Undo changes shows theirs
    assert form.edits["tax_rate"].text() == "10.25"
