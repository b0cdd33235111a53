"""The Customers & vehicles area on a real database, driven like a person would.

``area`` builds the view and its controller the way the main window does,
with a dialog factory that answers "yes" to confirmations and records every
dialog opened, so tests type into the real dialogs without a modal loop.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.customers import CustomerInput, VehicleInput
from app.domain.locale import AMERICAN, ShopLocale
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.ui import keyboard
from app.ui.changes import ChangeBridge
from app.ui.collector import collect_on_gui_thread
from app.ui.customers.controller import CustomersController
from app.ui.customers.view import CustomersView
from app.ui.formatting import use_shop_locale
from app.ui.shared.form import FormDialog
from app.ui.tasks import TaskRunner
from tests.ui.helpers import SHOP_ZONE, Area, RecordingDialogs


@pytest.fixture(scope="session", autouse=True)
def gui_thread_collector(qapp: QApplication) -> Iterator[None]:
    """As in the app: cycles holding Qt objects are freed on the GUI thread only."""
    collector = collect_on_gui_thread(qapp)
    keyboard.install(qapp)  # as in the app: Tab leaves date and time fields
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def american_shop() -> Iterator[None]:
    """Screens write the way the test shops do (en_US, dollars, Pacific time); a test may change it."""
    use_shop_locale(ShopLocale("en_US", "USD", SHOP_ZONE.key, "letter"))
    yield
    use_shop_locale(AMERICAN)


@pytest.fixture
def area(qtbot: QtBot, services: Services, desk: Actor) -> Iterator[Area]:
    view = CustomersView()
    qtbot.addWidget(view)
    runner = TaskRunner(view)  # as in the main window: answers that arrive late die with the view
    bridge = ChangeBridge(services.changes)
    dialogs = RecordingDialogs()
    controller = CustomersController(services, desk, view, runner, bridge, SHOP_ZONE, dialogs)
    opened: list[FormDialog] = []
    controller.editing.dialog_opened.connect(opened.append)
    view.resize(1200, 800)
    view.show()
    controller.start()
    found = Area(view, controller, dialogs, opened, qtbot)
    found.settle()
    yield found
    runner.wait()


@pytest.fixture
def ana(services: Services, desk: Actor) -> CustomerView:
    """A customer with one vehicle, saved through the service."""
    customer = services.customers.create_customer(
        desk,
        CustomerInput(first_name="Ana", last_name="Ruiz", phone="(510) 555-0142", city="Oakland"),
    )
    services.customers.add_vehicle(
        desk,
        customer.id,
        VehicleInput(vin="1G4AH59H45G118341", year="2005", make="Buick", model="LaCrosse", plate="5XYZ789"),
    )
    return services.customers.get(desk, customer.id)
