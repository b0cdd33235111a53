"""The Alerts area and the status bar's count, driven as a person would, on both databases.

The status bar of a second terminal (its own services and change hub, hearing
the first one only through the live feed) shows an alert the first raised.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.engine import Database, open_database
from app.domain.locale import ShopLocale
from app.domain.permissions import Actor
from app.domain.work_orders import Status
from app.services.container import Services
from app.ui.alerts.controller import AlertsController
from app.ui.alerts.dialogs import AlertDialogs, NoteDialog, RuleDialog
from app.ui.alerts.status import AlertStatus
from app.ui.alerts.view import AlertsView
from app.ui.changes import ChangeBridge
from app.ui.tasks import TaskRunner
from tests.integration.alerts.alert_support import late_work_order
from tests.ui.helpers import SHOP_ZONE, RecordingDialogs, cells
from tests.ui.settings_helpers import activate, quiesce

PROMISES = frozenset({"promised_passed"})


@dataclass
class AlertsArea:
    view: AlertsView
    controller: AlertsController
    runner: TaskRunner
    qtbot: QtBot
    opened: list[object] = field(default_factory=list)

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.controller.is_settled() and self.runner.is_idle())


def build_area(qtbot: QtBot, services: Services, actor: Actor) -> AlertsArea:
    view = AlertsView()
    runner = TaskRunner(view)
    dialogs = AlertDialogs(RecordingDialogs())
    controller = AlertsController(
        services, actor, view, runner, ChangeBridge(services.changes), SHOP_ZONE, dialogs
    )
    qtbot.addWidget(view, before_close_func=lambda _v: quiesce(qtbot, controller.is_settled, runner))
    area = AlertsArea(view, controller, runner, qtbot)
    controller.dialog_opened.connect(area.opened.append)
    view.resize(1100, 700)
    view.show()
    activate(qtbot, view)
    with qtbot.waitSignal(controller.alerts_shown):
        controller.start()
    area.settle()
    return area


def test_the_panel_lists_the_open_alerts_and_acknowledging_one_names_who(
    qtbot: QtBot, services: Services, owner: Actor, desk: Actor, qtmodeltester
) -> None:
    now = datetime.now(UTC)
    first = late_work_order(services, desk, now, timedelta(hours=2))
    late_work_order(services, desk, now, timedelta(hours=3))
    area = build_area(qtbot, services, desk)
    assert area.view.summary_label.text() == "No open alerts."

    with qtbot.waitSignal(area.controller.alerts_shown, check_params_cb=lambda n: n == 2, timeout=10_000):
        services.alerts.check(owner.shop_id, kinds=PROMISES)  # the change-set reloads the panel
    area.settle()
    assert area.view.summary_label.text() == "2 open, 2 not acknowledged."
    promised = [(first.number, 2), (first.number + 1, 3)]
    shop = ShopLocale(timezone=SHOP_ZONE.key)  # the test shop writes as an American one
    assert sorted(row[2] for row in cells(area.controller.proxy)) == [
        f"Work order {number} was promised for {shop.date_time(now - timedelta(hours=h))}"
        for number, h in promised
    ]
    qtmodeltester.check(area.controller.model, force_py=True)

    area.view.table.setFocus()
    area.view.table.selectRow(0)
    qtbot.keyClick(area.view.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = area.opened[-1]
    assert isinstance(dialog, NoteDialog)
    qtbot.keyClicks(dialog.note, "Customer told: done by 5")
    with qtbot.waitSignal(area.controller.alerts_shown, timeout=10_000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    area.settle()
    assert area.view.summary_label.text() == "2 open, 1 not acknowledged."
    acknowledged = [row for row in cells(area.controller.proxy) if row[3] == "Acknowledged"]
    assert [row[4] for row in acknowledged] == ["Sam Writer"]
    assert "Customer told: done by 5" in area.view.state_label.text()


def test_a_cleared_condition_leaves_the_open_list_and_shows_as_resolved(
    qtbot: QtBot, services: Services, owner: Actor, desk: Actor
) -> None:
    order = late_work_order(services, desk, datetime.now(UTC), timedelta(hours=2))
    services.alerts.check(owner.shop_id, kinds=PROMISES)
    area = build_area(qtbot, services, desk)
    assert area.controller.model.rowCount() == 1
    services.work_orders.change_status(desk, order.id, Status.CANCELLED, order.version)
    with qtbot.waitSignal(area.controller.alerts_shown, check_params_cb=lambda n: n == 0, timeout=10_000):
        services.alerts.check(owner.shop_id, kinds=PROMISES)
    area.view.show_box.setCurrentIndex(area.view.show_box.findData("resolved"))
    qtbot.waitUntil(lambda: area.controller.model.rowCount() == 1)
    assert cells(area.controller.proxy)[0][3:] == ["Condition cleared", ""]


def test_the_owner_edits_a_rule_and_a_service_writer_sees_no_rules(
    qtbot: QtBot, services: Services, owner: Actor, desk: Actor
) -> None:
    area = build_area(qtbot, services, owner)
    qtbot.waitUntil(lambda: area.controller.rules_model.rowCount() > 0)
    labels = [row[1] for row in cells(area.controller.rules_proxy)]
    area.view.tabs.setCurrentIndex(1)
    area.view.rules_table.setFocus()
    area.view.rules_table.selectRow(labels.index("Business day not closed"))
    qtbot.keyClick(area.view.rules_table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = area.opened[-1]
    assert isinstance(dialog, RuleDialog)
    edit = dialog.limits["close_by"]
    edit.selectAll()
    qtbot.keyClicks(edit, "19:30")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Closed by 19:30" in [row[2] for row in cells(area.controller.rules_proxy)])

    desk_area = build_area(qtbot, services, desk)
    assert desk_area.view.tabs.count() == 1 and "edit_rule" not in desk_area.controller.actions.by_name


@pytest.fixture
def second_terminal(db: Database) -> Iterator[Services]:
    """Another terminal on the same database: its own engine and change hub."""
    other = open_database(db.url, terminal_name="Front desk 2")
    yield Services.build(other)
    other.dispose()


def test_a_second_terminal_counts_and_pops_up_an_alert_the_first_raised(
    qtbot: QtBot, services: Services, owner: Actor, desk: Actor, second_terminal: Services
) -> None:
    shown: list[tuple[str, str]] = []
    holder = AlertsView()  # a widget for the runner to live with
    qtbot.addWidget(holder)
    runner = TaskRunner(holder)
    bridge = ChangeBridge(second_terminal.changes)
    status = AlertStatus(second_terminal, desk, runner, bridge, notify=lambda t, m: shown.append((t, m)))
    bridge.watch(second_terminal, desk.shop_id)  # the live feed: LISTEN/NOTIFY or data_version
    try:
        with qtbot.waitSignal(status.summary_shown, timeout=10_000):
            status.load()
        assert status.button.text() == "Alerts: none"

        order = late_work_order(services, desk, datetime.now(UTC), timedelta(hours=2))
        services.alerts.check(owner.shop_id, kinds=PROMISES)  # on the first terminal
        qtbot.waitUntil(lambda: status.button.text() == "⚠ Alerts: 1", timeout=10_000)
        assert status.button.toolTip() == "1 open alert, 1 not acknowledged"
        assert shown == [("BayDesk: Promised time passed", services.alerts.alerts(desk)[0].title)]
        assert str(order.number) in shown[0][1]
    finally:
        bridge.stop_watching()
        runner.wait()
