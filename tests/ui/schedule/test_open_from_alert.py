"""From the alert "not arrived" to the appointment: Ctrl+O on the alert opens its day with the car chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.permissions import Actor
from app.services.bays.dto import BayView
from app.services.container import Services
from app.ui.alerts.controller import AlertsController
from app.ui.alerts.dialogs import AlertDialogs
from app.ui.alerts.view import AlertsView
from app.ui.changes import ChangeBridge
from app.ui.tasks import TaskRunner
from tests.integration.schedule_support import at, book, next_weekday
from tests.integration.work_order_helpers import Car
from tests.ui.helpers import SHOP_ZONE, RecordingDialogs
from tests.ui.schedule.conftest import ScheduleArea
from tests.ui.settings_helpers import activate

THURSDAY = 3


def test_ctrl_o_on_a_late_car_alert_shows_its_day_with_the_appointment_chosen(
    schedule: ScheduleArea, services: Services, owner: Actor, desk: Actor, bays: list[BayView], car: Car
) -> None:
    qtbot = schedule.qtbot
    day = next_weekday(THURSDAY)
    late = book(services, desk, car.vehicle_id, at(day, 9), "1.5", bay_id=bays[1].id, concern="Oil change")
    rule = frozenset({"appointment_not_arrived"})
    assert services.alerts.check(owner.shop_id, kinds=rule, now=at(day, 9, 40)).raised == 1

    view = AlertsView()
    runner = TaskRunner(view)
    alerts = AlertsController(
        services,
        desk,
        view,
        runner,
        ChangeBridge(services.changes),
        SHOP_ZONE,
        AlertDialogs(RecordingDialogs()),
    )
    qtbot.addWidget(view, before_close_func=lambda _v: runner.wait())
    alerts.appointment_open_requested.connect(
        schedule.controller.open_appointment
    )  # as the window links them
    view.show()
    activate(qtbot, view)
    with qtbot.waitSignal(alerts.alerts_shown, check_params_cb=lambda n: n == 1, timeout=10_000):
        alerts.start()
    view.table.setFocus()
    view.table.selectRow(0)
    assert alerts.selected() is not None and alerts.selected().title.endswith(
        "was due at 9:00 AM and has not arrived"
    )  # type: ignore[union-attr]

    calendar = schedule.controller.calendar
    assert calendar.day != day
    with qtbot.waitSignal(calendar.schedule_shown, timeout=10_000):
        qtbot.keyClick(view.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # Open what it is about
    schedule.settle()
    assert (calendar.day, calendar.week, calendar.selected) == (day, False, late.id)
    assert schedule.view.calendar.day_grid.selected == late.id
    assert schedule.view.calendar.details_title.text() == "Maria Lopez — Booked"
