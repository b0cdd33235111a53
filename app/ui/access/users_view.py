"""The Users & terminals area: who may sign in, with which role, and what each terminal is for. Layout only.

``UsersController`` fills the tables and gives every button its action.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.shared.flow import flow_row
from app.ui.widgets import heading, named, section_label

USERS_HINT = (
    "People are never deleted: a deactivated user can no longer sign in, and the audit log keeps their name. "
    "A PIN (4-8 digits) is for technicians on bay terminals only."
)
TERMINALS_HINT = "Each computer registers at its first sign-in. Its mode decides which areas it shows."


def tool_button(name: str) -> QToolButton:
    button = named(QToolButton(), name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


def _card() -> tuple[QWidget, QVBoxLayout]:
    card = named(QWidget(), "card")
    card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    inner = QVBoxLayout(card)
    inner.setContentsMargins(12, 10, 12, 10)
    return card, inner


class UsersView(QWidget):
    USER_BUTTONS = (
        "add_user",
        "reset_password",
        "change_role",
        "set_labor_cost",
        "set_pin",
        "clear_pin",
        "unlock_user",
        "deactivate_user",
        "reactivate_user",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users_view")
        self.users_table = QTableView()
        self.users_table.setAccessibleName("Users")
        self.terminals_table = QTableView()
        self.terminals_table.setAccessibleName("Terminals")
        self.buttons = {
            name: tool_button(name) for name in (*self.USER_BUTTONS, "set_terminal_mode", "save_idle")
        }
        self.summary_label = named(QLabel(wordWrap=True), "subtle")
        self.notice_label = named(QLabel(wordWrap=True), "users_notice")  # what the last action did
        self.notice_label.hide()
        self.idle_minutes = named(QSpinBox(), "idle_minutes")
        self.idle_minutes.setAccessibleName("Minutes before an idle window locks")
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(" minutes")

        users_card, users = _card()
        users.addWidget(section_label("Users"))
        users.addWidget(named(QLabel(USERS_HINT, wordWrap=True), "subtle"))
        users.addLayout(flow_row(*(self.buttons[name] for name in self.USER_BUTTONS)))
        users.addWidget(self.users_table, 1)

        terminals_card, terminals = _card()
        terminals.addWidget(section_label("Terminals"))
        terminals.addWidget(named(QLabel(TERMINALS_HINT, wordWrap=True), "subtle"))
        row = flow_row(self.buttons["set_terminal_mode"])
        row.add_gap(24)
        row.add_widgets(QLabel("Lock an idle window after"), self.idle_minutes, self.buttons["save_idle"])
        terminals.addLayout(row)
        terminals.addWidget(self.terminals_table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(users_card)
        splitter.addWidget(terminals_card)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(heading("Users & terminals"))
        layout.addWidget(splitter, 1)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.summary_label)
        order = [
            *(self.buttons[n] for n in self.USER_BUTTONS),
            self.users_table,
            self.buttons["set_terminal_mode"],
            self.idle_minutes,
            self.buttons["save_idle"],
            self.terminals_table,
        ]
        for first, second in pairwise(order):  # reading order: each table after its buttons
            self.setTabOrder(first, second)
