"""The counter's customer: found from the ticket's customer box, their price level prices the ticket."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.customers import CustomerInput, CustomerKind
from app.domain.permissions import Actor
from app.domain.price_sheet import LaborRate, PriceLevel, PriceSheet
from app.services.container import Services
from tests.ui.helpers import cells
from tests.ui.parts.test_parts_counter import Counter, clerk, counter, stock  # noqa: F401 (fixtures)

D = Decimal
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SHEET = PriceSheet(
    labor_rates=(LaborRate("general", "General", D("120")),),
    price_levels=(PriceLevel("wholesale", "Wholesale", D("20")),),
)


def test_a_customer_at_the_wholesale_level_pays_cost_plus_markup(
    qtbot: QtBot,
    services: Services,
    owner: Actor,
    clerk: Actor,  # noqa: F811 (the fixture imported above)
    counter: Counter,  # noqa: F811
) -> None:
    services.price_sheet.save_sheet(owner, SHEET)
    garage = services.customers.create_customer(
        owner, CustomerInput(company_name="Quickfix Garage", kind=CustomerKind.COMPANY)
    )
    services.price_sheet.set_profile(owner, "customer", garage.id, "wholesale")
    stock(services, clerk, "BRK-4471", "0036000291452", "4", "45.00")  # cost 5.00
    page = counter.view.counter
    counter.scan("0036000291452")
    counter.settle()
    assert page.total_label.text() == "1 line   $45.00"

    page.customer_edit.setFocus()
    qtbot.keyClicks(page.customer_edit, "Quickfix")
    qtbot.wait(150)  # a person's Enter, not a scanner's
    qtbot.keyClick(page.customer_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.controller.counter.customer.level is not None, timeout=10_000)
    assert page.customer_edit.text() == "Quickfix Garage"
    assert page.total_label.text() == "1 line   $6.00"  # 5.00 + 20 %
    assert cells(counter.controller.counter.ticket_proxy)[0][3:] == ["$6.00", "$6.00"]
    assert "Wholesale" in page.ticket_message.text()

    with qtbot.waitSignal(counter.controller.counter.ticket_posted, timeout=10_000) as posted:
        qtbot.keyClick(page.search_edit, Qt.Key.Key_F9)
    counter.settle()
    ticket = posted.args[0]
    assert [(ln.unit_price, ln.sku) for ln in ticket.lines] == [(D("6.00"), "BRK-4471")]
    assert ticket.customer_name == "Quickfix Garage"
    assert "$6.00 before tax" in page.ticket_message.text()
    # the next sale is a walk-in again, at the catalog's price
    counter.scan("0036000291452")
    counter.settle()
    assert page.total_label.text() == "1 line   $45.00"


def test_editing_the_name_makes_the_sale_a_walk_in(
    qtbot: QtBot,
    services: Services,
    owner: Actor,
    clerk: Actor,  # noqa: F811 (the fixture imported above)
    counter: Counter,  # noqa: F811
) -> None:
    services.price_sheet.save_sheet(owner, SHEET)
    garage = services.customers.create_customer(
        owner, CustomerInput(company_name="Quickfix Garage", kind=CustomerKind.COMPANY)
    )
    services.price_sheet.set_profile(owner, "customer", garage.id, "wholesale")
    stock(services, clerk, "BRK-4471", "0036000291452", "4", "45.00")
    page = counter.view.counter
    counter.scan("0036000291452")
    counter.settle()
    page.customer_edit.setFocus()
    qtbot.keyClicks(page.customer_edit, "Quickfix")
    qtbot.keyClick(page.customer_edit, Qt.Key.Key_L, CTRL_SHIFT)
    qtbot.waitUntil(lambda: page.total_label.text() == "1 line   $6.00", timeout=10_000)
    qtbot.keyClicks(page.customer_edit, " Jr")  # a different person
    assert counter.controller.counter.customer.customer_id is None
    assert page.total_label.text() == "1 line   $45.00"
