"""Every action of the Work orders area, with its shortcut.

One QAction per action serves the menu, the button and the keyboard. Their
shortcuts work only while the keyboard is inside the widget that owns them
(the list, or the open work order), so Ctrl+N here and Ctrl+N among the
customers each mean their own area's "new".
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Action, Actor

Spec = dict[str, tuple[str, str, Action | None]]

# name: (text, shortcut, permission)
LIST_SPEC: Spec = {
    "find": ("&Find work order", "Ctrl+F", None),
    "new_work_order": ("&New work order…", "Ctrl+N", Action.WRITE_ESTIMATES),
    "refresh": ("&Refresh list", "F5", None),
}
EDITOR_SPEC: Spec = {
    "add_job": ("Add &job…", "Ctrl+J", Action.WRITE_ESTIMATES),
    "add_labor": ("Add &labor…", "Ctrl+L", Action.WRITE_ESTIMATES),
    "add_part": ("Add &part…", "Ctrl+P", Action.WRITE_ESTIMATES),
    "add_fee": ("Add &fee…", "Ctrl+Shift+F", Action.WRITE_ESTIMATES),
    "add_sublet": ("Add s&ublet…", "Ctrl+Shift+U", Action.WRITE_ESTIMATES),
    "canned_job": ("&Canned job…", "Ctrl+K", Action.WRITE_ESTIMATES),
    "declined_work": ("&Declined work…", "Ctrl+Shift+D", Action.WRITE_ESTIMATES),
    "edit_item": ("&Edit…", "F2", None),
    "remove_item": ("&Remove…", "Del", Action.WRITE_ESTIMATES),
    "authorize": ("&Authorize…", "Ctrl+A", Action.RECORD_AUTHORIZATION),
    "mark_approved": ("Mark appro&ved", "Ctrl+Shift+A", Action.CHANGE_WORK_ORDER_STATUS),
    "start_work": ("&Start work", "Ctrl+Shift+I", Action.CHANGE_WORK_ORDER_STATUS),
    "put_on_hold": ("Put on &hold…", "Ctrl+Shift+H", Action.CHANGE_WORK_ORDER_STATUS),
    "complete": ("C&omplete…", "Ctrl+Shift+C", Action.CHANGE_WORK_ORDER_STATUS),
    "cancel_order": ("Cancel &work order…", "Ctrl+Shift+X", Action.CHANGE_WORK_ORDER_STATUS),
    "print_estimate": ("Print es&timate…", "Ctrl+Shift+P", None),
    "print_work_sheet": ("Print wor&k sheet…", "Ctrl+Shift+T", None),
    "back_to_list": ("&Back to list", "Esc", None),
}


class AreaActions(QObject):
    """A set of QActions by name, scoped to ``owner``; ``enable`` respects the actor's rights."""

    def __init__(self, spec: Spec, actor: Actor, owner: QWidget) -> None:
        super().__init__(owner)
        self._spec = spec
        self._actor = actor
        self.by_name: dict[str, QAction] = {}
        for name, (text, keys, _permission) in spec.items():
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shown = text.replace("&", "").rstrip("…")
            native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{shown} ({native})")
            action.setIconText(shown)
            owner.addAction(action)
            self.by_name[name] = action
            action.setEnabled(self.allowed(name))

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def all(self) -> list[QAction]:
        return list(self.by_name.values())

    def allowed(self, name: str) -> bool:
        permission = self._spec[name][2]
        return permission is None or self._actor.can(permission)

    def enable(self, name: str, wanted: bool) -> None:
        """Hiding a button is a convenience, not a control: the services check again."""
        self.by_name[name].setEnabled(wanted and self.allowed(name))
