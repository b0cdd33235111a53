"""People and terminals as the owner reads them in the Users area."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject

from app.domain.permissions import ROLE_LABELS
from app.domain.terminals import MODE_LABELS
from app.services.access.dto import TerminalView, UserView
from app.ui.formatting import amount_text, local_time_text, time_text
from app.ui.shared.table_model import Column, RowTableModel


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    return local_time_text(moment, zone) if moment is not None else ""


def user_status(user: UserView, zone: ZoneInfo) -> str:
    """In words: deactivated, locked (until when), or active."""
    if not user.active:
        return "Deactivated"
    if user.locked_until is not None:
        return f"Locked until {time_text(user.locked_until.astimezone(zone))}"
    return "Active"


def user_columns(zone: ZoneInfo) -> tuple[Column[UserView], ...]:
    return (
        Column("Name", lambda u: u.display_name, width=200),
        Column("User name", lambda u: u.username, width=130),
        Column("Role", lambda u: ROLE_LABELS[u.role], width=120),
        Column("Status", lambda u: user_status(u, zone), width=150),
        Column(
            "PIN", lambda u: "Yes" if u.has_pin else "", width=50, tooltip="A PIN works on bay terminals only"
        ),
        Column(
            "Last sign-in", lambda u: _when(u.last_sign_in_at, zone), lambda u: u.last_sign_in_at, width=150
        ),
        Column(
            "Cost /h",
            lambda u: amount_text(u.labor_cost_rate),
            lambda u: u.labor_cost_rate if u.labor_cost_rate is not None else -1,
            width=80,
            tooltip="What an hour of their work costs the shop; invoices keep it for gross profit on labor",
        ),
    )


def terminal_columns(zone: ZoneInfo) -> tuple[Column[TerminalView], ...]:
    return (
        Column("Terminal", lambda t: t.name, width=200),
        Column("Mode", lambda t: MODE_LABELS[t.mode], width=130),
        Column("Last used", lambda t: _when(t.last_seen_at, zone), lambda t: t.last_seen_at, width=150),
    )


class UsersModel(RowTableModel[UserView]):
    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(user_columns(zone), parent)


class TerminalsModel(RowTableModel[TerminalView]):
    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(terminal_columns(zone), parent)
