"""Behaviour of the Alerts area: the list a role sees, acknowledging, resolving, the owner's rules.

Every call runs off the GUI thread. The list follows the change-sets: an
alert raised or resolved on any terminal (app/db/live.py) reloads it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView

from app.domain.alerts import AlertState
from app.domain.permissions import Action, Actor
from app.services.alerts.dto import AlertView, CheckResult, RuleInput, RuleView
from app.services.container import Services
from app.ui import shortcuts
from app.ui.alerts.dialogs import AlertDialogs, NoteDialog, RuleDialog
from app.ui.alerts.facts import machine_facts
from app.ui.alerts.tables import ALERT_COLUMN, LIMITS_COLUMN, AlertsModel, RulesModel
from app.ui.alerts.view import AlertsView
from app.ui.changes import ANY_TABLE, ChangeBridge
from app.ui.errors import error_message
from app.ui.formatting import local_time_text
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table

WATCHED_TABLES = frozenset({"alerts", "alert_rules", ANY_TABLE})
ACTIONS = (
    ("refresh_alerts", "&Refresh"),
    ("check_now", "&Check the rules now"),
    ("acknowledge", "&Acknowledge…"),
    ("resolve", "Re&solve…"),
    ("open_subject", "&Open what it is about"),
    ("recommend_job", "Recommend a &job for the code"),
    ("edit_rule", "&Edit rule…"),
)
AREA_OF_LINK = {
    "parts": "parts",
    "day": "owner",
    "audit": "audit",
    "backup": "settings",
    "schedule": "schedule",
}


class AlertActions:
    def __init__(self, view: AlertsView, actor: Actor) -> None:
        self.by_name: dict[str, QAction] = {}
        for name, text in ACTIONS:
            if name == "edit_rule" and not actor.can(Action.MANAGE_ALERT_RULES):
                continue
            if name == "recommend_job" and not actor.can(Action.RECOMMEND_FROM_READINGS):
                view.buttons[name].hide()
                continue
            action = QAction(text, view)
            action.setObjectName(name)
            shortcuts.assign(action, "alerts")
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            view.addAction(action)
            view.buttons[name].setDefaultAction(action)
            self.by_name[name] = action

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def all(self) -> list[QAction]:
        return list(self.by_name.values())


class AlertsController(QObject):
    alerts_shown = Signal(int)
    vehicle_open_requested = Signal(object)  # vehicle id
    work_order_open_requested = Signal(object)  # work order id
    appointment_open_requested = Signal(object)  # appointment id: its day on the schedule
    area_requested = Signal(str)  # another area's name
    message_shown = Signal(str)  # what a call answered ("added to work order 1042")
    dialog_opened = Signal(object)  # the dialog, for tests to type into

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: AlertsView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: AlertDialogs,
    ) -> None:
        super().__init__(view)
        self.services, self.actor, self.view, self.runner = services, actor, view, runner
        self.zone, self.dialogs = zone, dialogs
        self.model = AlertsModel(zone, self)
        self.proxy = SortProxy(self.model, self)
        configure_table(view.table, self.proxy, "alerts")
        header = view.table.horizontalHeader()
        header.setStretchLastSection(False)  # the alert's words take the room, not "By"
        header.setSectionResizeMode(ALERT_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.rules_model = RulesModel(self)
        self.rules_proxy = SortProxy(self.rules_model, self)
        configure_table(view.rules_table, self.rules_proxy, "alert_rules")
        rules_header = view.rules_table.horizontalHeader()
        rules_header.setStretchLastSection(False)
        rules_header.setSectionResizeMode(LIMITS_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.actions = AlertActions(view, actor)
        self._connect()
        self._reload = QTimer(self, singleShot=True, interval=50)
        self._reload.timeout.connect(self.load)
        self._facts = machine_facts(services)
        if not actor.can(Action.MANAGE_ALERT_RULES):
            view.hide_rules()
        changes.records_changed.connect(self._records_changed)
        self._selection_changed()

    def _connect(self) -> None:
        slots = {
            "refresh_alerts": self.load,
            "check_now": self.check_now,
            "acknowledge": self.acknowledge,
            "resolve": self.resolve,
            "open_subject": self.open_subject,
            "recommend_job": self.recommend_job,
            "edit_rule": self.edit_rule,
        }
        for name, action in self.actions.by_name.items():
            action.triggered.connect(lambda _checked=False, slot=slots[name]: slot())
        self.view.show_box.currentIndexChanged.connect(lambda _i: self.load())
        self.view.table.activated.connect(lambda _index: self.open_subject())
        self.view.rules_table.activated.connect(lambda _index: self.edit_rule())
        self.view.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())

    # --- the area's life ---------------------------------------------------------------------
    def start(self) -> None:
        self.load()

    def is_settled(self) -> bool:
        return not self._reload.isActive()

    def load(self) -> None:
        which = self.view.show_box.currentData() or "open"
        self.runner.run(
            lambda: self.services.alerts.alerts(self.actor, which),
            self._show,
            lambda exc: self.view.summary_label.setText(error_message(exc)),
            channel="alerts",
        )
        if self.actor.can(Action.MANAGE_ALERT_RULES):
            self.runner.run(
                lambda: self.services.alerts.rules(self.actor),
                self.rules_model.set_rows,
                lambda exc: self.view.summary_label.setText(error_message(exc)),
                channel="alert_rules",
            )

    def _show(self, alerts: list[AlertView]) -> None:
        chosen = self.selected()
        self.model.set_rows(alerts)
        if chosen is not None:
            row = self.proxy.proxy_row_where(lambda a: a.id == chosen.id)
            if row >= 0:
                self.view.table.selectRow(row)
        waiting = sum(1 for a in alerts if a.state is AlertState.OPEN)
        shown = self.view.show_box.currentText().lower()
        text = f"{len(alerts)} {shown}" if alerts else f"No {shown} alerts."
        if waiting:
            text += f", {waiting} not acknowledged"
        self.view.summary_label.setText(text + ("." if alerts else ""))
        self._selection_changed()
        self.alerts_shown.emit(len(alerts))

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._reload.start()  # a burst of commits reloads once

    # --- the selected alert --------------------------------------------------------------------
    def selected(self) -> AlertView | None:
        index = self.view.table.currentIndex()
        row = self.proxy.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, AlertView) else None

    def _selection_changed(self) -> None:
        alert = self.selected()
        if alert is None:
            self.view.show_detail(None)
        else:
            self.view.show_detail(alert.title, alert.detail, self._state_line(alert))
        open_ = alert is not None and alert.state is not AlertState.RESOLVED
        for name, enabled in (
            ("acknowledge", open_ and alert is not None and alert.state is AlertState.OPEN),
            ("resolve", open_),
            ("open_subject", alert is not None and bool(alert.link_kind)),
            ("recommend_job", alert is not None and alert.kind == "trouble_code"),
        ):
            if name in self.actions.by_name:
                self.actions[name].setEnabled(enabled)

    def _state_line(self, alert: AlertView) -> str:
        parts = [f"{alert.rule_label}, raised {local_time_text(alert.raised_at, self.zone)}."]
        if alert.acknowledged_at:
            note = f": “{alert.acknowledge_note}”" if alert.acknowledge_note else ""
            when = local_time_text(alert.acknowledged_at, self.zone)
            parts.append(f"Acknowledged by {alert.acknowledged_by} at {when}{note}.")
        if alert.resolved_at:
            who = f" by {alert.resolved_by}" if alert.resolved_by else ""
            note = f": “{alert.resolve_note}”" if alert.resolve_note else ""
            parts.append(f"{alert.resolution}{who} at {local_time_text(alert.resolved_at, self.zone)}{note}.")
        return " ".join(parts)

    # --- acting on it --------------------------------------------------------------------------
    def acknowledge(self) -> None:
        alert = self.selected()
        if alert is not None and alert.state is AlertState.OPEN:
            dialog = self.dialogs.note(self.view, "Acknowledge alert", "Acknowledge", alert.title)
            self._run_note(dialog, lambda note: self.services.alerts.acknowledge(self.actor, alert.id, note))

    def resolve(self) -> None:
        alert = self.selected()
        if alert is not None and alert.state is not AlertState.RESOLVED:
            dialog = self.dialogs.note(self.view, "Resolve alert", "Resolve", alert.title)
            self._run_note(dialog, lambda note: self.services.alerts.resolve(self.actor, alert.id, note))

    def _run_note(self, dialog: NoteDialog, call: Callable[[str], object]) -> None:
        def submitted(note: str) -> None:
            self.runner.run(lambda: call(note), lambda _view: self._done(dialog), dialog.show_error)

        dialog.note_submitted.connect(submitted)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _done(self, dialog: NoteDialog | RuleDialog) -> None:
        dialog.set_busy(False)
        dialog.accept()
        self.load()

    def open_subject(self) -> None:
        alert = self.selected()
        if alert is None or not alert.link_kind:
            return
        if alert.link_kind == "vehicle" and alert.link_id:
            self.vehicle_open_requested.emit(alert.link_id)
        elif alert.link_kind == "work_order" and alert.link_id:
            self.work_order_open_requested.emit(alert.link_id)
        elif alert.link_kind == "schedule" and alert.link_id:
            self.appointment_open_requested.emit(alert.link_id)
        elif alert.link_kind in AREA_OF_LINK:
            self.area_requested.emit(AREA_OF_LINK[alert.link_kind])

    def recommend_job(self) -> None:
        alert = self.selected()
        if alert is None or alert.kind != "trouble_code" or ":" not in alert.subject:
            return
        vehicle, code = alert.subject.split(":", 1)
        self.runner.run(
            lambda: self.services.readings.recommend(self.actor, uuid.UUID(vehicle), code),
            lambda result: self._tell(result.message),
            lambda exc: self._tell(error_message(exc)),
        )

    def check_now(self) -> None:
        def work() -> CheckResult:
            return self.services.alerts.check(self.actor.shop_id, facts=self._facts())

        self.runner.run(
            work, lambda r: self._tell(_checked_text(r)), lambda exc: self._tell(error_message(exc))
        )

    def _tell(self, text: str) -> None:
        self.view.summary_label.setText(text)
        self.message_shown.emit(text)

    # --- the owner's rules ---------------------------------------------------------------------
    def selected_rule(self) -> RuleView | None:
        index = self.view.rules_table.currentIndex()
        row = self.rules_proxy.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, RuleView) else None

    def edit_rule(self) -> None:
        rule = self.selected_rule()
        if rule is None or not self.actor.can(Action.MANAGE_ALERT_RULES):
            return
        dialog = self.dialogs.rule(self.view, rule)

        def submitted(data: RuleInput) -> None:
            self.runner.run(
                lambda: self.services.alerts.save_rule(self.actor, rule.kind, data, rule.version),
                lambda _saved: self._done(dialog),
                dialog.show_error,
            )

        dialog.rule_submitted.connect(submitted)
        self.dialog_opened.emit(dialog)
        dialog.open()


def _checked_text(result: CheckResult) -> str:
    changed = []
    if result.raised:
        changed.append(f"{result.raised} raised")
    if result.resolved:
        changed.append(f"{result.resolved} resolved")
    return "Rules checked: " + (", ".join(changed) if changed else "nothing new") + "."
