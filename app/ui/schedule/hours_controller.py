"""Behaviour of the owner's "Who works when" tab: load the weeks, days off and closed days; change them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.schedule.dto import ClosedDayView, DayOffView, TechnicianWeek
from app.ui import shortcuts
from app.ui.changes import ChangeBridge, concerns
from app.ui.errors import error_message
from app.ui.formatting import clock_text, weekday_day_text
from app.ui.schedule.hours_dialogs import ClosedDayDialog, DaysOff, DaysOffDialog, WeekDialog
from app.ui.schedule.hours_view import HoursView
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.table_model import Column, RowTableModel, SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

AHEAD_DAYS = 365
WATCHED = frozenset({"technician_hours", "technician_days_off", "shop_closed_days", "users", "settings"})
SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _day_text(week: TechnicianWeek, weekday: int) -> str:
    if not week.own:
        return "bays' hours"
    span = next(((s, e) for d, s, e in week.days if d == weekday), None)
    return f"{clock_text(span[0])}–{clock_text(span[1])}" if span else "off"


def _weekday_column(weekday: int) -> Column[TechnicianWeek]:
    return Column(SHORT_DAYS[weekday], lambda w: _day_text(w, weekday), width=92)


WEEK_COLUMNS = (
    Column[TechnicianWeek]("Technician", lambda w: w.name, width=160),
    *(_weekday_column(i) for i in range(7)),
)
DAY_OFF_COLUMNS = (
    Column[DayOffView]("Day", lambda d: weekday_day_text(d.day, with_year=True), lambda d: d.day, width=140),
    Column[DayOffView]("Technician", lambda d: d.technician, width=150),
    Column[DayOffView]("Reason", lambda d: d.reason, width=160),
)
CLOSED_COLUMNS = (
    Column[ClosedDayView](
        "Day", lambda d: weekday_day_text(d.day, with_year=True), lambda d: d.day, width=140
    ),
    Column[ClosedDayView]("Reason", lambda d: d.reason, width=180),
)


@dataclass(frozen=True)
class WeekAnswer:
    days: dict[int, tuple[time, time]] | None  # None: the bays' opening hours


class HoursDialogs:
    """The tab's questions; a test overrides these to answer without a modal loop."""

    def __init__(self, base: DialogFactory | None = None) -> None:
        self.base = base or DialogFactory()

    def week(self, parent: QWidget, week: TechnicianWeek, defaults: tuple[time, time]) -> WeekAnswer | None:
        dialog = WeekDialog(week, defaults, parent)
        return WeekAnswer(dialog.value()) if dialog.exec() == QDialog.DialogCode.Accepted else None

    def days_off(self, parent: QWidget, technicians: list[TechnicianWeek], today: date) -> DaysOff | None:
        dialog = DaysOffDialog(technicians, today, parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def closed_day(self, parent: QWidget, today: date) -> tuple[date, str] | None:
        dialog = ClosedDayDialog(today, parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm(self, parent: QWidget, title: str, text: str, action: str) -> bool:
        return self.base.confirm(parent, title, text, action)


class HoursController(QObject):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: HoursView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: HoursDialogs,
    ) -> None:
        super().__init__(view)
        self.services, self.actor, self.view, self.runner, self.zone, self.dialogs = (
            services,
            actor,
            view,
            runner,
            zone,
            dialogs,
        )
        self.weeks = RowTableModel(WEEK_COLUMNS, self)
        self.days_off = RowTableModel(DAY_OFF_COLUMNS, self)
        self.closed = RowTableModel(CLOSED_COLUMNS, self)
        self.proxies = {}
        for name, model, table in (
            ("weeks", self.weeks, view.weeks_table),
            ("days_off", self.days_off, view.days_off_table),
            ("closed", self.closed, view.closed_table),
        ):
            self.proxies[name] = SortProxy(model, self)
            configure_table(table, self.proxies[name], f"hours_{name}")
        self._busy = 0
        self.actions = {
            "edit_week": self._action("edit_week", "&Working week…", "F2", self.edit_week),
            "add_day_off": self._action("add_day_off", "Add &days off…", "Ctrl+Shift+O", self.add_days_off),
            "remove_day_off": self._action("remove_day_off", "Remove day off", "", self.remove_day_off),
            "add_closed_day": self._action(
                "add_closed_day", "Add a &closed day…", "Ctrl+Shift+L", self.add_closed_day
            ),
            "remove_closed_day": self._action(
                "remove_closed_day", "Remove closed day", "", self.remove_closed_day
            ),
        }
        view.weeks_table.activated.connect(lambda _i: self.edit_week())
        changes.records_changed.connect(lambda changed: self.load() if concerns(changed, WATCHED) else None)

    def _action(self, name: str, text: str, keys: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.view)
        action.setObjectName(name)
        if keys:
            shortcuts.assign(action, "schedule.hours")
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        else:
            action.setToolTip(text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        self.view.addAction(action)
        self.view.buttons[name].setDefaultAction(action)
        return action

    def all(self) -> list[QAction]:
        return list(self.actions.values())

    # --- loading -------------------------------------------------------------------------------
    def today(self) -> date:
        return datetime.now(self.zone).date()

    def start(self) -> None:
        self.load()

    def is_settled(self) -> bool:
        return self._busy == 0

    def load(self) -> None:
        today, ahead = self.today(), self.today() + timedelta(days=AHEAD_DAYS)
        calls: list[tuple[Callable[[], Any], RowTableModel[Any]]] = [
            (lambda: self.services.working_hours.weeks(self.actor), self.weeks),
            (lambda: self.services.working_hours.days_off(self.actor, today, ahead), self.days_off),
            (lambda: self.services.working_hours.closed_days(self.actor, today, ahead), self.closed),
        ]
        for work, model in calls:
            self._call(work, model.set_rows)

    def _call(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._busy += 1

        def finished(result: Any) -> None:
            self._busy -= 1
            done(result)

        def failed(exc: BaseException) -> None:
            self._busy -= 1
            set_level(self.view.message_label, "error", error_message(exc))

        self.runner.run(work, finished, failed)

    def _chosen(self, name: str) -> Any:
        table = {
            "weeks": self.view.weeks_table,
            "days_off": self.view.days_off_table,
            "closed": self.view.closed_table,
        }[name]
        index = table.currentIndex()
        return self.proxies[name].row_at(index.row()) if index.isValid() else None

    # --- changes -------------------------------------------------------------------------------
    def edit_week(self) -> None:
        week = self._chosen("weeks") or (self.weeks.row_at(0) if self.weeks.rowCount() == 1 else None)
        if not isinstance(week, TechnicianWeek):
            return set_level(self.view.message_label, "warning", "Choose a technician first.")
        answer = self.dialogs.week(self.view, week, (time(8), time(17)))
        if answer is not None:
            self.save_week(week, answer.days)

    def save_week(self, week: TechnicianWeek, days: dict[int, tuple[time, time]] | None) -> None:
        self._call(
            lambda: self.services.working_hours.set_week(self.actor, week.id, days),
            lambda _w: self._done(f"{week.name}'s week is saved."),
        )

    def add_days_off(self) -> None:
        answer = self.dialogs.days_off(self.view, self.weeks.rows(), self.today())
        if answer is not None:
            self._call(
                lambda: self.services.working_hours.add_days_off(
                    self.actor, answer.user_id, answer.first, answer.last, answer.reason
                ),
                lambda booked: self._done("Days off saved." + _booked_then(booked)),
            )

    def remove_day_off(self) -> None:
        chosen = self._chosen("days_off")
        if isinstance(chosen, DayOffView):
            self._call(
                lambda: self.services.working_hours.remove_day_off(self.actor, chosen.id),
                lambda _none: self._done(
                    f"{chosen.technician} works on {weekday_day_text(chosen.day)} again."
                ),
            )

    def add_closed_day(self) -> None:
        answer = self.dialogs.closed_day(self.view, self.today())
        if answer is not None:
            day, reason = answer
            self._call(
                lambda: self.services.working_hours.add_closed_day(self.actor, day, reason),
                lambda booked: self._done(
                    f"The shop is closed on {weekday_day_text(day)}." + _booked_then(booked)
                ),
            )

    def remove_closed_day(self) -> None:
        chosen = self._chosen("closed")
        if isinstance(chosen, ClosedDayView):
            self._call(
                lambda: self.services.working_hours.remove_closed_day(self.actor, chosen.id),
                lambda _none: self._done(f"The shop opens on {weekday_day_text(chosen.day)} again."),
            )

    def _done(self, text: str) -> None:
        level = "warning" if "booked then" in text else "ok"
        set_level(self.view.message_label, level, text)
        self.load()


def _booked_then(booked: int) -> str:
    if not booked:
        return ""
    cars = "appointment is" if booked == 1 else "appointments are"
    return f" {booked} {cars} booked then: move them on the calendar."
