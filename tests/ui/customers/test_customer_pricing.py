"""A service writer gives a customer a price level and a labor rate and records a tax-exempt certificate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app.domain.permissions import Actor
from app.domain.price_sheet import LaborRate, PriceLevel, PriceSheet
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.ui.customers.pricing_dialog import CustomerPricingDialog
from tests.ui.helpers import Area

SHEET = PriceSheet(
    labor_rates=(
        LaborRate("general", "General", Decimal("150")),
        LaborRate("fleet", "Fleet", Decimal("120")),
    ),
    price_levels=(PriceLevel("retail", "Retail"), PriceLevel("fleet", "Fleet", Decimal("30"), "fleet")),
)


def choose(qtbot, combo: QComboBox, label: str) -> None:  # type: ignore[no-untyped-def]
    """Pick ``label`` from the keyboard: focus, then Down until it shows."""
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText() == label:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == label


def test_customer_pricing_is_set_from_the_keyboard(
    qtbot, area: Area, ana: CustomerView, services: Services, owner: Actor, desk: Actor
) -> None:
    services.price_sheet.save_sheet(owner, SHEET)
    area.show(ana)
    with qtbot.waitSignal(area.controller.pricing.dialog_opened, timeout=10_000) as opened:
        area.controller.actions["customer_pricing"].trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, CustomerPricingDialog)
    assert area.controller.actions["customer_pricing"].shortcut().toString() == "Ctrl+Shift+L"
    assert all(
        w.accessibleName()
        for w in (dialog.level, dialog.rate, dialog.number, dialog.expires, dialog.components)
    )
    choose(qtbot, dialog.level, "Fleet")
    choose(qtbot, dialog.rate, "Fleet")
    choose(qtbot, dialog.vehicle_level, "Retail")
    dialog.number.setFocus()
    qtbot.keyClicks(dialog.number, "RESALE-12")
    assert dialog.expires.date().toPython() > date.today()  # a certificate typed today runs a year
    qtbot.keyClicks(dialog.components, "state")
    with qtbot.waitSignal(area.controller.pricing.saved, timeout=10_000):
        qtbot.keyClick(dialog.components, Qt.Key.Key_Return)  # Enter saves
    profile = services.price_sheet.profile(desk, "customer", ana.id)
    assert profile is not None and (profile.price_level, profile.labor_rate) == ("fleet", "fleet")
    vehicle = services.price_sheet.profile(desk, "vehicle", ana.vehicles[0].id)
    assert vehicle is not None and vehicle.price_level == "retail"
    [cert] = services.price_sheet.certificates(desk, ana.id)
    assert (cert.number, cert.components) == ("RESALE-12", ("state",))
    assert cert.expires_on is not None and cert.expires_on.year == date.today().year + 1
    area.settle()
