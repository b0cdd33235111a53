"""Alerts on every terminal: the count in the status bar, desktop notifications, and the evaluation.

Each terminal evaluates the rules off the GUI thread: every minute, every
hour for the slow ones (backups, and the audit chain: the whole chain once a
day, the entries written since in between; the first time five minutes after the start, so a terminal coming up does not
spend a thread on it while the person starts work), and two seconds after a
change-set touches a table a rule watches (a sale under the reorder point,
a work order completed), so an alert clears soon after its cause. An alert
raised on any terminal reaches this one through the change-set (the same
live feed every screen refreshes from): the count updates, and a new alert
this role sees pops up as a desktop notification where the platform has one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStatusBar, QSystemTrayIcon, QToolButton

from app.domain.permissions import Action, Actor
from app.services.alerts.dto import AlertSummary
from app.services.alerts.registry import KINDS
from app.services.container import Services
from app.ui.alerts.facts import machine_facts
from app.ui.changes import ANY_TABLE, ChangeBridge
from app.ui.resources import app_icon
from app.ui.tasks import TaskRunner

CHECK_EVERY_MS = 60_000
SLOW_EVERY = 60  # the slow rules on every 60th check (hourly)...
SLOW_FIRST = 5  # ...starting with the 5th
SOON_MS = 2_000
SHOWN_FOR_MS = 10_000
Notify = Callable[[str, str], None]


class TrayNotifier:
    """A desktop notification through the system tray, where the platform has one; otherwise nothing."""

    def __init__(self) -> None:
        self._icon: QSystemTrayIcon | None = None

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()

    def __call__(self, title: str, text: str) -> None:
        if not self.available():
            return
        if self._icon is None:
            self._icon = QSystemTrayIcon(app_icon(), QApplication.instance())
            self._icon.setToolTip("BayDesk")
            self._icon.show()
        self._icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, SHOWN_FOR_MS)

    def hide(self) -> None:
        if self._icon is not None:
            self._icon.hide()


class AlertStatus(QObject):
    """Owns the status bar's "Alerts" button; ``area_requested`` asks the window for the Alerts area."""

    summary_shown = Signal(object)  # AlertSummary
    area_requested = Signal(str)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        changes: ChangeBridge,
        notify: Notify | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner = services, actor, runner
        self.notify: Notify = notify or TrayNotifier()
        self.button = QToolButton()
        self.button.setObjectName("status_alerts")
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.clicked.connect(lambda: self.area_requested.emit("alerts"))
        self.button.setVisible(actor.can(Action.VIEW_ALERTS))
        self._known: set[uuid.UUID] | None = None  # None until the first summary: no pop-up for old alerts
        self._checks = 0
        self._facts = machine_facts(services)
        self._watched = KINDS.watched_tables()
        self.timer = QTimer(self, interval=CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self._soon = QTimer(self, singleShot=True, interval=SOON_MS)
        self._soon.timeout.connect(lambda: self.check(slow=False))
        self._reload = QTimer(self, singleShot=True, interval=50)
        self._reload.timeout.connect(self.load)
        changes.records_changed.connect(self._records_changed)
        self._show(AlertSummary(0, 0))

    # --- life ------------------------------------------------------------------------------------
    def start(self) -> None:
        """Evaluate now and every minute (the window's start; a screenshot only shows the count)."""
        self.check()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._soon.stop()
        if isinstance(self.notify, TrayNotifier):
            self.notify.hide()

    # --- the evaluation --------------------------------------------------------------------------
    def check(self, slow: bool | None = None) -> None:
        """Evaluate this shop's rules off the GUI thread (the slow ones hourly)."""
        self._checks += 1
        with_slow = slow if slow is not None else self._checks % SLOW_EVERY == SLOW_FIRST
        kinds = None if with_slow else KINDS.keys(slow=False)
        shop_id, facts = self.actor.shop_id, self._facts
        self.runner.run(
            lambda: self.services.alerts.check(shop_id, kinds=kinds, facts=facts()),
            lambda _result: None,
            self._check_failed,
            channel="alerts_check",
        )

    def _check_failed(self, exc: BaseException) -> None:
        self.button.setToolTip(f"The alert rules could not be checked: {exc}")

    # --- the count and the notifications ---------------------------------------------------------
    def load(self) -> None:
        if not self.actor.can(Action.VIEW_ALERTS):
            return
        self.runner.run(
            lambda: self.services.alerts.summary(self.actor),
            self._show,
            lambda exc: self.button.setToolTip(str(exc)),
            channel="alerts_summary",
        )

    def _show(self, summary: AlertSummary) -> None:
        if summary.open:
            self.button.setText(f"⚠ Alerts: {summary.open}")
            waiting = f", {summary.unacknowledged} not acknowledged" if summary.unacknowledged else ""
            self.button.setToolTip(f"{summary.open} open alert{'s' if summary.open != 1 else ''}{waiting}")
        else:
            self.button.setText("Alerts: none")
            self.button.setToolTip("No open alert for your role")
        self.button.setProperty("level", "warning" if summary.unacknowledged else "")
        self.button.style().unpolish(self.button)
        self.button.style().polish(self.button)
        self._notify_new(summary)
        self.summary_shown.emit(summary)

    def _notify_new(self, summary: AlertSummary) -> None:
        ids = {alert.id for alert in summary.newest}
        if self._known is not None:
            for alert in summary.newest:
                if alert.id not in self._known:
                    self.notify(f"BayDesk: {alert.rule_label}", alert.title)
        if summary.newest or self._known is None:
            self._known = (self._known or set()) | ids

    def _records_changed(self, changed: frozenset[str]) -> None:
        if "alerts" in changed or "alert_rules" in changed or ANY_TABLE in changed:
            self._reload.start()
        if self.timer.isActive() and changed & self._watched:
            self._soon.start()  # re-check shortly: the change may clear (or raise) an alert


def add_alert_status(
    bar: QStatusBar,
    services: Services,
    actor: Actor,
    runner: TaskRunner,
    changes: ChangeBridge,
    load: bool = True,
) -> AlertStatus:
    """The one call the main window makes: the button in ``bar``, the count loaded (unless ``load``
    is False: the caller loads it when the first screen is up)."""
    status = AlertStatus(services, actor, runner, changes, parent=bar)
    bar.addPermanentWidget(status.button)
    if load:
        status.load()
    return status
