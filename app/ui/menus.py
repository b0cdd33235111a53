"""The main window's menu bar: File, Go, the shown area's own menu, and Help.

Every item carries its key from the one map (app/ui/shortcuts.py), so the menus
show the same keys as the F1 sheet. Only the menu of the area on screen is in
the bar: its items act on what the person sees, never on a hidden area.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from app.ui import shortcuts
from app.ui.widgets import named

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

# The map's area names each window area's actions are listed under (app/ui/shortcuts.py).
FAMILIES = {
    "customers": "customers",
    "work_orders": "work_orders",
    "bay_board": "bays",
    "parts": "parts",
    "invoicing": "invoicing",
    "reminders": "reminders",
    "owner": "owner",
    "audit": "audit",
    "users": "users",
    "settings": "settings",
}
NUMBERED = ("to_bay_", "chip_", "go_")  # Alt+1...9 and the like: the F1 sheet lists them


def menu_text(label: str) -> str:
    """A label as a menu shows it: "Customers & vehicles", not "Customers _vehicles"."""
    return label.replace("&", "&&")


def window_action(window: QWidget, name: str, text: str, slot: Callable[[], object]) -> QAction:
    """One of the window's own actions (File, Go, Help), with its key from the map."""
    action = named(QAction(text, window), name)
    shortcuts.assign(action, "window")
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # works while a menu is hidden, too
    return action


def area_actions(area: str, view: QWidget) -> list[QAction]:
    """The actions of ``view`` the map lists for ``area``, in the map's order (numbered ones left out)."""
    family = FAMILIES.get(area, area)
    listed = [
        s
        for s in shortcuts.SHORTCUTS
        if (s.area == family or s.area.startswith(family + ".")) and not s.name.startswith(NUMBERED)
    ]
    found = {a.objectName(): a for a in view.findChildren(QAction) if a.objectName()}
    for action in view.actions():
        found.setdefault(action.objectName(), action)
    return [found[s.name] for s in listed if s.name in found]


class MenuBar:
    """Builds the bar once and shows the current area's menu as the person moves between areas."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.bar: QMenuBar = window.menuBar()
        self.area_menus: dict[str, QMenu] = {}
        self.actions: dict[str, QAction] = {}
        self._help: QMenu | None = None
        self._file()
        self._go()

    def add_area(self, area: str, title: str, actions: Iterable[QAction], breaks: Iterable[str] = ()) -> None:
        """The menu of ``area``, shown while the area is; a separator after each action named in ``breaks``."""
        after = set(breaks)
        menu = self.bar.addMenu(title)
        if self._help is not None:  # an area built after the bar was finished: before Help
            self.bar.insertAction(self._help.menuAction(), menu.menuAction())
        for action in actions:
            menu.addAction(action)
            if action.objectName() in after:
                menu.addSeparator()
        if menu.isEmpty():
            self.bar.removeAction(menu.menuAction())
            return
        self.area_menus[area] = menu

    def finish(self) -> None:
        """Help comes last."""
        menu = self._help = self.bar.addMenu("&Help")
        for name, text, slot in (
            ("shortcut_sheet", "&Keyboard shortcuts…", self.window.show_shortcut_sheet),
            ("data_location", "&Where the data lives…", self.window.show_data_location),
            ("about", "&About BayDesk", self.window.show_about),
        ):
            if name == "shortcut_sheet":
                action = window_action(self.window, name, text, slot)
            else:
                action = named(QAction(text, self.window), name)
                action.triggered.connect(lambda _checked=False, act=slot: act())
            menu.addAction(action)
            self.actions[name] = action

    def show_area(self, area: str) -> None:
        for name, menu in self.area_menus.items():
            menu.menuAction().setVisible(name == area)

    def _file(self) -> None:
        menu = self.bar.addMenu("&File")
        lock = self.window.session_lock
        for name, text, slot in (
            ("switch_user", "S&witch user…", lock.switch_user),
            ("lock", "&Lock", lock.lock),
            ("quit", "&Quit", self.window.close),
        ):
            if name == "quit":
                menu.addSeparator()
            self.actions[name] = window_action(self.window, name, text, slot)
            menu.addAction(self.actions[name])

    def _go(self) -> None:
        menu = self.bar.addMenu("&Go")
        for number, (name, label) in enumerate(self.window.area_list(), start=1):
            action = named(QAction(menu_text(label), self.window), f"go_{number}")
            if number <= shortcuts.GO_KEYS:
                shortcuts.assign(action, "window", f"Go to {label}")
            action.triggered.connect(lambda _checked=False, n=name: self.window.show_area(n))
            self.window.addAction(action)
            menu.addAction(action)
            self.actions[f"go_{number}"] = action
