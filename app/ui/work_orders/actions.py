"""Every action of the Work orders area, with its shortcut.

One QAction per action serves the menu, the button and the keyboard. Their
shortcuts work only while the keyboard is inside the widget that owns them
(the list, or the open work order), so Ctrl+N here and Ctrl+N among the
customers each mean their own area's "new".
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.domain.permissions import ROLE_LABELS, Action, Actor
from app.ui import shortcuts

Spec = dict[str, tuple[str, Action | None]]

# name: (text, permission); the keys are in app/ui/shortcuts.py
LIST_SPEC: Spec = {
    "find": ("&Find work order", None),
    "new_work_order": ("&New work order…", Action.WRITE_ESTIMATES),
    "refresh": ("&Refresh list", None),
}
EDITOR_SPEC: Spec = {
    "add_job": ("Add &job…", Action.WRITE_ESTIMATES),
    "add_labor": ("Add &labor…", Action.WRITE_ESTIMATES),
    "add_part": ("Add &part…", Action.WRITE_ESTIMATES),
    "add_fee": ("Add &fee…", Action.WRITE_ESTIMATES),
    "add_sublet": ("Add s&ublet…", Action.WRITE_ESTIMATES),
    "canned_job": ("&Canned job…", Action.WRITE_ESTIMATES),
    "declined_work": ("&Declined work…", Action.WRITE_ESTIMATES),
    "edit_item": ("&Edit…", None),
    "remove_item": ("&Remove…", Action.WRITE_ESTIMATES),
    "authorize": ("&Authorize…", Action.RECORD_AUTHORIZATION),
    "mark_approved": ("Mark appro&ved", Action.CHANGE_WORK_ORDER_STATUS),
    "start_work": ("&Start work", Action.CHANGE_WORK_ORDER_STATUS),
    "put_on_hold": ("Put on &hold…", Action.CHANGE_WORK_ORDER_STATUS),
    "complete": ("C&omplete…", Action.CHANGE_WORK_ORDER_STATUS),
    "cancel_order": ("Cancel &work order…", Action.CHANGE_WORK_ORDER_STATUS),
    "print_estimate": ("Print es&timate…", None),
    "print_work_sheet": ("Print wor&k sheet…", None),
    "second_payer": ("Second pa&yer…", Action.WRITE_ESTIMATES),
    "job_discount": ("Discou&nt on job…", Action.WRITE_ESTIMATES),
    "ticket_discount": ("Discount on t&icket…", Action.WRITE_ESTIMATES),
    "back_to_list": ("&Back to list", None),
}


class AreaActions(QObject):
    """A set of QActions by name, scoped to ``owner``; ``enable`` respects the actor's rights."""

    def __init__(self, spec: Spec, actor: Actor, owner: QWidget, area: str) -> None:
        super().__init__(owner)
        self._spec = spec
        self._actor = actor
        self.by_name: dict[str, QAction] = {}
        for name, (text, _permission) in spec.items():
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcuts.assign(action, area)
            action.setIconText(text.replace("&", "").rstrip("…"))
            owner.addAction(action)
            self.by_name[name] = action
            action.setEnabled(self.allowed(name))
            if not self.allowed(name):  # greyed out for good: say why, not only that
                action.setToolTip(f"{action.toolTip()}: not for the {ROLE_LABELS[actor.role].lower()} role")

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def all(self) -> list[QAction]:
        return list(self.by_name.values())

    def allowed(self, name: str) -> bool:
        permission = self._spec[name][1]
        return permission is None or self._actor.can(permission)

    def enable(self, name: str, wanted: bool) -> None:
        """Hiding a button is a convenience, not a control: the services check again."""
        self.by_name[name].setEnabled(wanted and self.allowed(name))
