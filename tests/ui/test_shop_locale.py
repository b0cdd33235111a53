"""Screens in the shop's locale: German money typed the German way, promises read at a glance, the setting saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.locale import ShopLocale
from app.domain.payments import Method
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.ui.formatting import promised_text, shop_locale, use_shop_locale
from app.ui.invoicing.payment_dialog import PaymentDialog
from app.ui.work_orders.line_dialog import LineDialog
from tests.ui.settings_helpers import build_settings
from tests.ui.work_order_helpers import brake_estimate, build_area

D = Decimal
CTRL = Qt.KeyboardModifier.ControlModifier
GERMAN = ShopLocale("de_DE", "EUR", "Europe/Berlin", "a4")
NOW = datetime(2026, 3, 18, 16, 0, tzinfo=UTC)  # Wednesday March 18, 9 AM in Los Angeles


def test_a_promise_missed_days_ago_shows_its_date_not_a_weekday() -> None:
    two_weeks_ago = NOW - timedelta(days=14) + timedelta(hours=13, minutes=18)  # Wed Mar 4, 9:18 PM (PST)
    assert promised_text(two_weeks_ago, now=NOW) == "Wed, Mar 4, 9:18 PM"
    assert promised_text(NOW + timedelta(hours=8), now=NOW) == "Today 5:00 PM"
    assert promised_text(NOW - timedelta(days=1), now=NOW) == "Yesterday 9:00 AM"
    assert promised_text(NOW + timedelta(days=2), now=NOW) == "Fri 9:00 AM"  # this week: its weekday
    assert promised_text(NOW - timedelta(days=400), now=NOW) == "Feb 11, 2025, 8:00 AM"
    use_shop_locale(GERMAN)
    assert promised_text(two_weeks_ago, now=NOW) == "Do., 5. März, 06:18"  # Berlin's clock and words


def test_a_german_shop_types_prices_the_german_way(
    qtbot: QtBot, ana: CustomerView, services: Services, desk: Actor, tmp_path: Path
) -> None:
    use_shop_locale(GERMAN)
    wo_area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    wo_area.open(view)
    wo_area.press(Qt.Key.Key_T, CTRL)  # add a part to the job
    dialog = wo_area.last_dialog()
    assert isinstance(dialog, LineDialog)
    qtbot.keyClicks(dialog.edits["description"], "Bremsscheibe")
    qtbot.keyClick(dialog.condition, Qt.Key.Key_Down)
    qtbot.keyClicks(dialog.edits["unit_price"], "12.50")  # an American habit: 1,250 here?
    qtbot.keyClick(dialog.edits["unit_price"], Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: dialog.field_message("unit_price").isVisible())
    assert "ambiguous" in dialog.field_message("unit_price").text()
    assert "1.234,56" in dialog.field_message("unit_price").text()
    assert services.work_orders.get(desk, view.id).jobs[0].lines[-1].description != "Bremsscheibe"
    dialog.edits["unit_price"].clear()
    qtbot.keyClicks(dialog.edits["unit_price"], "1.234,50")
    assert dialog.preview.text() == "1.234,50\u00a0€ before tax"
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.edits["unit_price"], Qt.Key.Key_Return, CTRL)
    line = services.work_orders.get(desk, view.id).jobs[0].lines[-1]
    assert (line.description, line.unit_price) == ("Bremsscheibe", D("1234.50"))


def test_cash_typed_with_a_decimal_comma_is_cents_not_hundreds(qtbot: QtBot) -> None:
    use_shop_locale(GERMAN)
    dialog = PaymentDialog("Zahlung", D("20.00"), (Method.CASH, Method.CARD))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.amounts[Method.CASH], "12,50")
    assert [t.amount for t in dialog.tenders()] == [D("12.50")]
    assert dialog.remaining_label.text() == "Still to pay: 7,50\u00a0€"
    use_shop_locale(ShopLocale())
    dialog.amounts[Method.CASH].clear()
    qtbot.keyClicks(dialog.amounts[Method.CASH], "12,50")
    assert dialog.remaining_label.text() == "Still to pay: $20.00"  # refused in America, never $1,250
    assert dialog.amounts[Method.CASH].text() == "12,50"


def test_the_owner_sets_the_country_and_the_screens_follow(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    area = build_settings(qtbot, services, owner)
    form = area.view.region
    qtbot.waitUntil(lambda: form.locale_combo.currentData() == "en_US")
    assert form.example_label.text() == "Money: -$1,234.56 · Date: Mar 4, 2026 · Time: 1:07 PM"
    form.locale_combo.setCurrentIndex(form.locale_combo.findData("de_DE"))
    form.locale_combo.activated.emit(form.locale_combo.currentIndex())  # as a person picks it
    assert (form.currency_combo.currentData(), form.paper_combo.currentData()) == ("EUR", "a4")
    form.zone_combo.setCurrentText("Europe/Berlin")
    assert form.example_label.text() == "Money: -1.234,56\u00a0€ · Date: 04.03.2026 · Time: 22:07"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.status_label.property("level") == "ok", timeout=10_000)
    assert services.settings.locale(owner) == GERMAN
    assert shop_locale() == GERMAN  # money and dates on every screen, from now on


def test_a_date_edit_shows_the_day_as_the_shop_writes_it(qtbot: QtBot) -> None:
    """An American shop's closed-day edit reads 'Wed, Mar 4, 2026'; a German one's 'Mi., 4. März 2026'."""
    from datetime import date

    from app.ui.schedule.hours_dialogs import ClosedDayDialog

    american = ClosedDayDialog(date(2026, 3, 4))
    qtbot.addWidget(american)
    assert american.day.text() == "Wed, Mar 4, 2026"
    use_shop_locale(GERMAN)
    german = ClosedDayDialog(date(2026, 3, 4))
    qtbot.addWidget(german)
    assert german.day.text() == "Mi., 4. März 2026"
    german.day.stepBy(1)  # the edit can still read and step the day it shows
    assert german.day.date().toPython() != date(2026, 3, 4)
