"""The schedule area's commands, each with its keys; they act while the keyboard is in the area.

Alt+Left/Alt+Right (or PgUp/PgDn) step a day in the day view and a week in
the week view; Ctrl+T comes back to today; Ctrl+N books a car in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Action, Actor
from app.ui import shortcuts

# name: (menu text, keys, tip, the permission it needs or None); SHORT: what a button says
SPECS: dict[str, tuple[str, tuple[str, ...], str, Action | None]] = {
    "new_appointment": ("&New appointment…", ("Ctrl+N",), "Book a car in", Action.BOOK_APPOINTMENTS),
    "edit_appointment": (
        "&Edit appointment…",
        ("F2",),
        "Change the chosen appointment",
        Action.BOOK_APPOINTMENTS,
    ),
    "arrived": (
        "Car &arrived: open work order",
        ("Ctrl+Shift+A",),
        "The car is here: open its work order",
        Action.WRITE_ESTIMATES,
    ),
    "no_show": ("No-s&how", ("Ctrl+Shift+N",), "The car did not come", Action.BOOK_APPOINTMENTS),
    "cancel_appointment": (
        "&Cancel appointment…",
        ("Del",),
        "The customer called it off",
        Action.BOOK_APPOINTMENTS,
    ),
    "previous": ("◀ &Previous", ("Alt+Left", "PgUp"), "The day (or week) before", None),
    "today": ("&Today", ("Ctrl+T",), "Back to today", None),
    "next": ("N&ext ▶", ("Alt+Right", "PgDown"), "The day (or week) after", None),
    "day_view": ("&Day", ("Ctrl+D",), "One day, hour by hour", None),
    "week_view": ("&Week", ("Ctrl+W",), "Monday to Sunday", None),
    "by_bay": ("By &bay", ("Ctrl+B",), "A column per bay", None),
    "by_technician": ("By tec&hnician", ("Ctrl+K",), "A column per technician", None),
    "print_day": ("&Print day schedule…", ("Ctrl+P",), "Save the day's schedule as PDF", None),
    "refresh": ("&Refresh", ("F5",), "Look again now", None),
}
SHORT = {
    "new_appointment": "New…",
    "edit_appointment": "Edit…",
    "arrived": "Arrived → work order",
    "no_show": "No-show",
    "cancel_appointment": "Cancel…",
    "previous": "◀",
    "today": "Today",
    "next": "▶",
    "by_bay": "Bays",
    "by_technician": "Technicians",
    "print_day": "Print…",
}
BUTTONS = {
    "previous": "previous",
    "today": "today",
    "next": "next",
    "day_view": "day_view",
    "week_view": "week_view",
    "by_bay": "by_bay",
    "by_technician": "by_technician",
    "new": "new_appointment",
    "print": "print_day",
}
DETAIL_BUTTONS = {
    "edit": "edit_appointment",
    "arrived": "arrived",
    "no_show": "no_show",
    "cancel": "cancel_appointment",
}
CHECKABLE = ("day_view", "week_view", "by_bay", "by_technician")


class ScheduleActions:
    def __init__(self, area: QWidget, actor: Actor) -> None:
        self.by_name: dict[str, QAction] = {}
        for name, (text, keys, tip, needs) in SPECS.items():
            action = QAction(text, area)
            action.setObjectName(name)
            first = shortcuts.keys("schedule", name)  # the one map's; a spec's others come after it
            action.setShortcuts([QKeySequence(k) for k in (first, *keys[1:])])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{tip} ({' or '.join((first, *keys[1:]))})")
            action.setCheckable(name in CHECKABLE)
            action.setEnabled(needs is None or actor.can(needs))
            if name in SHORT:
                action.setIconText(SHORT[name])
            area.addAction(action)
            self.by_name[name] = action
        for pair in (("day_view", "week_view"), ("by_bay", "by_technician")):
            group = QActionGroup(area)
            group.setExclusive(True)
            for name in pair:
                group.addAction(self.by_name[name])
        if not actor.can(Action.BOOK_APPOINTMENTS):
            self.by_name["arrived"].setEnabled(False)

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def all(self) -> list[QAction]:
        """For the area's menu: everything but the view switches, which the toolbar shows."""
        return [a for name, a in self.by_name.items() if name not in CHECKABLE]
