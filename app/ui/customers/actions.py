"""Every action of the Customers & vehicles area, with its shortcut.

One QAction per action serves the menu, the button on the panel and the
keyboard, so all three stay enabled or disabled together. Keys avoid the
ones a text field uses (Ctrl+E, Ctrl+A...), so they also work from the
search box.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from app.domain.permissions import Action, Actor
from app.ui import shortcuts

# name: (text, what it needs: "customer" / "vehicle" / None, permission); keys: app/ui/shortcuts.py
_SPEC: dict[str, tuple[str, str | None, Action | None]] = {
    "find": ("&Find customer or vehicle", None, None),
    "new_customer": ("&New customer…", None, Action.EDIT_CUSTOMERS),
    "edit_customer": ("&Edit customer…", "customer", Action.EDIT_CUSTOMERS),
    "delete_customer": ("&Delete customer…", "customer", Action.DELETE_CUSTOMERS),
    "new_vehicle": ("&Add vehicle…", "customer", Action.EDIT_VEHICLES),
    "edit_vehicle": ("Edit &vehicle…", "vehicle", Action.EDIT_VEHICLES),
    "record_odometer": ("Record &odometer…", "vehicle", Action.RECORD_ODOMETER),
    "delete_vehicle": ("Delete ve&hicle…", "vehicle", Action.EDIT_VEHICLES),
    "new_work_order": ("New &work order…", "vehicle", Action.WRITE_ESTIMATES),
    "customer_pricing": ("&Pricing and tax exemption…", "customer", Action.EDIT_CUSTOMERS),
}


class CustomerActions(QObject):
    """The area's QActions by name; ``update()`` enables what makes sense right now."""

    def __init__(self, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self.by_name: dict[str, QAction] = {}
        for name, (text, _needs, _permission) in _SPEC.items():
            action = QAction(text, self)
            action.setObjectName(name)
            shortcuts.assign(action, "customers")
            action.setIconText(text.replace("&", "").rstrip("…"))
            self.by_name[name] = action
        self.update(has_customer=False, has_vehicle=False)

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def all(self) -> list[QAction]:
        return list(self.by_name.values())

    def update(self, *, has_customer: bool, has_vehicle: bool) -> None:
        """Hiding a button is a convenience, not a control: services check again."""
        state = {None: True, "customer": has_customer, "vehicle": has_customer and has_vehicle}
        for name, (_text, needs, permission) in _SPEC.items():
            allowed = permission is None or self._actor.can(permission)
            self.by_name[name].setEnabled(allowed and state[needs])
