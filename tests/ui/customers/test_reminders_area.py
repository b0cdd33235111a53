"""The Reminders area lists what falls due soon, follows the work done, and marks the overdue in red."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.customers import CustomerInput, VehicleInput
from app.domain.permissions import Actor, Role
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.work_orders.estimates import JobInput, LineInput
from app.services.work_orders.orders import AuthorizationInput
from app.ui.customers.reminders_controller import RemindersController
from app.ui.customers.reminders_table import OVERDUE_COLOR
from app.ui.customers.reminders_view import RemindersView
from app.ui.tasks import TaskRunner
from app.ui.theme import tone
from tests.ui.helpers import cells
from tests.ui.settings_helpers import build_reminders

Area = tuple[RemindersView, RemindersController, TaskRunner]


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


@pytest.fixture
def car(services: Services, desk: Actor) -> uuid.UUID:
    customer = services.customers.create_customer(
        desk, CustomerInput(first_name="Maria", last_name="Lopez", phone="(510) 555-0142")
    )
    saved = services.customers.add_vehicle(
        desk,
        customer.id,
        VehicleInput(plate="7ABC123", year="2016", make="Honda", model="Civic", odometer="42000"),
    )
    return saved.vehicle.id


@pytest.fixture
def area(qtbot: QtBot, services: Services, desk: Actor) -> Area:
    return build_reminders(qtbot, services, desk)


def complete_oil_change(services: Services, desk: Actor, tech: Actor, vehicle_id: uuid.UUID) -> None:
    """A job that comes due again 300 miles later, done and completed at 42,100 miles."""
    view = services.work_orders.create(desk, vehicle_id, odometer_in=42_010)
    job = JobInput("Oil change", technician_id=tech.user_id, reminder_miles=300)
    view = services.estimates.add_job(desk, view.id, job, view.version)
    job_id = view.jobs[0].id
    line = LineInput(LineKind.LABOR, "Oil and filter", "0.5")
    view = services.estimates.add_line(desk, view.id, job_id, line, view.version)
    decision = AuthorizationInput({job_id: "approve"}, "Maria Lopez", "in_person")
    view = services.work_orders.authorize(desk, view.id, decision, view.version)
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version, odometer_out=42_100)


def test_a_completed_job_with_an_interval_shows_up_due_and_turns_red_when_overdue(
    qtbot: QtBot, services: Services, desk: Actor, tech: Actor, car: uuid.UUID, area: Area
) -> None:
    view, controller, _runner = area
    assert controller.model.rowCount() == 0
    assert view.summary_label.text() == "Nothing falls due soon."

    with qtbot.waitSignal(controller.reminders_shown, check_params_cb=lambda n: n == 1, timeout=10_000):
        complete_oil_change(services, desk, tech, car)  # the change-set refreshes the list
    assert cells(controller.proxy) == [
        ["2016 Honda Civic", "7ABC123", "Oil change", "", "42,400", "42,100", "Due soon"]
    ]
    assert controller.model.data(controller.model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert view.summary_label.text() == "1 due soon."

    with qtbot.waitSignal(controller.reminders_shown, timeout=10_000):
        services.customers.record_odometer(desk, car, 42_450)
    assert cells(controller.proxy)[0][5:] == ["42,450", "Overdue"]
    brush = controller.model.data(controller.model.index(0, 2), Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == tone(OVERDUE_COLOR)
    assert view.summary_label.text() == "1 due soon, 1 of them overdue."


def test_enter_on_a_reminder_asks_to_open_its_vehicle(
    qtbot: QtBot, services: Services, desk: Actor, tech: Actor, car: uuid.UUID, area: Area
) -> None:
    view, controller, _runner = area
    with qtbot.waitSignal(controller.reminders_shown, timeout=10_000):
        complete_oil_change(services, desk, tech, car)
    view.focus_list()
    with qtbot.waitSignal(controller.vehicle_open_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [car]


def test_the_populated_reminders_model_passes_the_model_tester(
    qtmodeltester, qtbot: QtBot, services: Services, desk: Actor, tech: Actor, car: uuid.UUID, area: Area
) -> None:
    _view, controller, _runner = area
    with qtbot.waitSignal(controller.reminders_shown, timeout=10_000):
        complete_oil_change(services, desk, tech, car)
    assert controller.model.rowCount() == 1
    qtmodeltester.check(controller.model, force_py=True)
    qtmodeltester.check(controller.proxy, force_py=True)
