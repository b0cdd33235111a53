"""Behaviour of the Users & terminals area: the owner adds people, resets, re-roles, deactivates.

Every change runs off the GUI thread through ``UserService`` / ``TerminalService``,
which check the owner's permission themselves; the buttons only follow the
selected person's state (Unlock only for a locked account, Set PIN only for
a technician). Changes from another terminal refresh the lists.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction

from app.domain.permissions import ROLE_LABELS, Actor, Role
from app.domain.pins import PIN_MAX, PIN_MIN
from app.domain.terminals import MODE_LABELS, TerminalMode
from app.services.access.dto import NewUser, TerminalView, UserView
from app.services.container import Services
from app.ui import shortcuts
from app.ui.access.tables import TerminalsModel, UsersModel
from app.ui.access.user_dialogs import ChoiceDialog, NewUserDialog, RateDialog, SecretDialog
from app.ui.access.users_view import UsersView
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.formatting import money_input_text
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.form import FormDialog
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

WATCHED_TABLES = frozenset({"users", "terminals", "settings"})
ACTIONS: tuple[tuple[str, str], ...] = (  # name, text; keys in app/ui/shortcuts.py
    ("add_user", "&Add user…"),
    ("reset_password", "&Reset password…"),
    ("change_role", "Change r&ole…"),
    ("set_labor_cost", "Labor &cost rate…"),
    ("set_pin", "Set &PIN…"),
    ("clear_pin", "C&lear PIN"),
    ("unlock_user", "&Unlock"),
    ("deactivate_user", "&Deactivate…"),
    ("reactivate_user", "Reac&tivate"),
    ("set_terminal_mode", "Set terminal &mode…"),
    ("save_idle", "&Save idle lock"),
    ("refresh_users", "Re&fresh"),
)


class UsersActions:
    def __init__(self, view: UsersView) -> None:
        self.by_name: dict[str, QAction] = {}
        for name, text in ACTIONS:
            action = QAction(text, view)
            action.setObjectName(name)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # this area only
            shortcuts.assign(action, "users")
            view.addAction(action)
            if name in view.buttons:
                view.buttons[name].setDefaultAction(action)
            self.by_name[name] = action

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def all(self) -> list[QAction]:
        return list(self.by_name.values())


class UsersController(QObject):
    dialog_opened = Signal(object)  # the FormDialog (tests drive it)
    users_shown = Signal(int)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: UsersView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: DialogFactory | None = None,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.dialogs = dialogs or DialogFactory()
        self.users = UsersModel(zone, self)
        self.users_proxy = SortProxy(self.users, self)
        configure_table(view.users_table, self.users_proxy, "users_table")
        self.terminals = TerminalsModel(zone, self)
        self.terminals_proxy = SortProxy(self.terminals, self)
        configure_table(view.terminals_table, self.terminals_proxy, "terminals_table")
        self.actions = UsersActions(view)
        handlers: dict[str, Callable[[], None]] = {
            "add_user": self.add_user,
            "reset_password": self.reset_password,
            "change_role": self.change_role,
            "set_labor_cost": self.set_labor_cost,
            "set_pin": self.set_pin,
            "clear_pin": lambda: self._on_user(self.services.users.clear_pin, "PIN cleared"),
            "unlock_user": lambda: self._on_user(self.services.users.unlock, "unlocked"),
            "deactivate_user": self.deactivate,
            "reactivate_user": lambda: self._on_user(self.services.users.reactivate, "reactivated"),
            "set_terminal_mode": self.set_terminal_mode,
            "save_idle": self.save_idle,
            "refresh_users": self.load,
        }
        for name, handler in handlers.items():
            self.actions[name].triggered.connect(lambda _checked=False, h=handler: h())
        self._refresh_timer = QTimer(self, singleShot=True, interval=50)
        self._refresh_timer.timeout.connect(self.load)
        view.users_table.selectionModel().currentRowChanged.connect(lambda *_: self._follow_selection())
        view.terminals_table.selectionModel().currentRowChanged.connect(lambda *_: self._follow_selection())
        changes.records_changed.connect(self._records_changed)
        self._follow_selection()

    # --- loading -------------------------------------------------------------------------
    def start(self) -> None:
        self.load()

    def is_settled(self) -> bool:
        return not self._refresh_timer.isActive()

    def load(self) -> None:
        def fetch() -> tuple[list[UserView], list[TerminalView], int]:
            s = self.services
            return (
                s.users.list(self.actor),
                s.terminals.list(self.actor),
                s.terminals.idle_lock_minutes(self.actor),
            )

        self.runner.run(fetch, self._show, self._failed, channel="users")

    def _show(self, loaded: tuple[list[UserView], list[TerminalView], int]) -> None:
        users, terminals, idle = loaded
        chosen, terminal = self.selected_user(), self.selected_terminal()
        self.users.set_rows(users)
        self.terminals.set_rows(terminals)
        self._reselect(self.view.users_table, self.users_proxy, chosen.id if chosen else None)
        self._reselect(self.view.terminals_table, self.terminals_proxy, terminal.id if terminal else None)
        self.view.idle_minutes.setValue(idle)
        active = sum(1 for u in users if u.active)
        count = f"{len(terminals)} terminal{'s' if len(terminals) != 1 else ''}"
        set_level(self.view.summary_label, "hint", f"{active} active of {len(users)} users; {count}.")
        self._follow_selection()
        self.users_shown.emit(len(users))

    def _failed(self, exc: BaseException) -> None:
        set_level(self.view.notice_label, "error", error_message(exc))

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._refresh_timer.start()

    @staticmethod
    def _reselect(table: Any, proxy: SortProxy, wanted: uuid.UUID | None) -> None:
        """Keep the person's selection across a refresh; the first row when there was none."""
        row = proxy.proxy_row_where(lambda r: r.id == wanted) if wanted else -1
        if row < 0 and proxy.rowCount() > 0:
            row = 0
        if row >= 0:
            table.selectRow(row)

    # --- selection -----------------------------------------------------------------------
    def selected_user(self) -> UserView | None:
        index = self.view.users_table.currentIndex()
        row = self.users_proxy.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, UserView) else None

    def selected_terminal(self) -> TerminalView | None:
        index = self.view.terminals_table.currentIndex()
        row = self.terminals_proxy.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, TerminalView) else None

    def select_user(self, username: str) -> bool:
        row = self.users_proxy.proxy_row_where(lambda u: u.username == username)
        if row >= 0:
            self.view.users_table.selectRow(row)
        return row >= 0

    def _follow_selection(self) -> None:
        user = self.selected_user()
        a = self.actions
        for name in ("reset_password", "change_role", "set_labor_cost"):
            a[name].setEnabled(user is not None)
        a["set_pin"].setEnabled(user is not None and user.active and user.role == Role.TECHNICIAN)
        a["clear_pin"].setEnabled(user is not None and user.has_pin)
        a["unlock_user"].setEnabled(
            user is not None and (user.locked_until is not None or user.failed_attempts > 0)
        )
        a["deactivate_user"].setEnabled(user is not None and user.active and user.id != self.actor.user_id)
        a["reactivate_user"].setEnabled(user is not None and not user.active)
        a["set_terminal_mode"].setEnabled(self.selected_terminal() is not None)

    # --- actions -------------------------------------------------------------------------
    def add_user(self) -> None:
        dialog = NewUserDialog(self.view)
        dialog.user_submitted.connect(
            lambda data: self._save(dialog, lambda: self.services.users.add(self.actor, data), _added(data))
        )
        self._open(dialog)

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = SecretDialog(
            "Reset password", user.display_name, "password", "12 characters or more", self.view
        )
        dialog.secret_submitted.connect(
            lambda secret: self._save(
                dialog,
                lambda: self.services.users.reset_password(self.actor, user.id, secret),
                f"New password set for {user.display_name}; tell them in person.",
            )
        )
        self._open(dialog)

    def set_pin(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        hint = f"{PIN_MIN} to {PIN_MAX} digits"
        dialog = SecretDialog("Set PIN", user.display_name, "pin", hint, self.view)
        dialog.secret_submitted.connect(
            lambda pin: self._save(
                dialog,
                lambda: self.services.users.set_pin(self.actor, user.id, pin),
                f"PIN set for {user.display_name}; it works on bay terminals only.",
            )
        )
        self._open(dialog)

    def change_role(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        choices = [(ROLE_LABELS[r], r) for r in Role]
        dialog = ChoiceDialog("Change role", user.display_name, "role", "Role", choices, user.role, self.view)
        dialog.choice_submitted.connect(
            lambda role: self._save(
                dialog,
                lambda: self.services.users.change_role(self.actor, user.id, Role(role)),
                f"{user.display_name} is now {ROLE_LABELS[Role(role)]}; it applies at their next sign-in.",
            )
        )
        self._open(dialog)

    def set_labor_cost(self) -> None:
        """The person's labor cost rate (owner only, audited); blank clears it."""
        user = self.selected_user()
        if user is None:
            return
        current = money_input_text(user.labor_cost_rate)
        dialog = RateDialog(user.display_name, current, self.view)
        dialog.rate_submitted.connect(
            lambda rate: self._save(
                dialog,
                lambda: self.services.users.set_labor_cost_rate(self.actor, user.id, rate),
                f"Labor cost rate of {user.display_name} saved; invoices posted from now on use it.",
            )
        )
        self._open(dialog)

    def set_terminal_mode(self) -> None:
        terminal = self.selected_terminal()
        if terminal is None:
            return
        choices = [(MODE_LABELS[m], m) for m in TerminalMode]
        dialog = ChoiceDialog(
            "Terminal mode", terminal.name, "mode", "Mode", choices, terminal.mode, self.view
        )
        dialog.choice_submitted.connect(
            lambda mode: self._save(
                dialog,
                lambda: self.services.terminals.set_mode(self.actor, terminal.id, mode),
                f"{terminal.name} is now a {MODE_LABELS[TerminalMode(mode)].lower()} terminal "
                "(from its next sign-in).",
            )
        )
        self._open(dialog)

    def deactivate(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        text = (
            f"Deactivate {user.display_name}?\n\nThey can no longer sign in. Nothing they did is deleted; "
            "you can reactivate them later."
        )
        if not self.dialogs.confirm(self.view, "Deactivate user", text, "Deactivate"):
            return
        self._on_user(self.services.users.deactivate, "deactivated", user)

    def save_idle(self) -> None:
        minutes = self.view.idle_minutes.value()
        self.runner.run(
            lambda: self.services.terminals.set_idle_lock_minutes(self.actor, minutes),
            lambda saved: set_level(
                self.view.notice_label,
                "ok",
                f"Windows now lock after {saved} idle minutes (at the next sign-in).",
            ),
            self._failed,
        )

    def _on_user(
        self, call: Callable[[Actor, uuid.UUID], UserView], done: str, user: UserView | None = None
    ) -> None:
        user = user or self.selected_user()
        if user is None:
            return
        chosen = user
        self.runner.run(
            lambda: call(self.actor, chosen.id),
            lambda _view: set_level(self.view.notice_label, "ok", f"{chosen.display_name}: {done}."),
            self._failed,
        )

    def _open(self, dialog: FormDialog) -> None:
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _save(self, dialog: FormDialog, work: Callable[[], Any], message: str) -> None:
        def saved(_result: Any) -> None:
            dialog.set_busy(False)
            dialog.accept()
            set_level(self.view.notice_label, "ok", message)

        self.runner.run(work, saved, dialog.show_error)


def _added(data: NewUser) -> str:
    return f"{data.display_name or data.username} can now sign in as '{data.username.strip()}'."
