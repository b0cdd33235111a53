"""The audit log as the owner reads it: newest first, loaded a page at a time as the list scrolls."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QObject

from app.services.access.dto import AuditChange, AuditRow
from app.ui.formatting import local_time_text
from app.ui.shared.table_model import RIGHT, AnyIndex, Column, RowTableModel


def table_label(table: str) -> str:
    return table.replace("_", " ").capitalize()


def action_label(action: str) -> str:
    return action.replace("_", " ")


def audit_columns(zone: ZoneInfo) -> tuple[Column[AuditRow], ...]:
    return (
        Column(
            "#", lambda r: f"{r.seq:,}", lambda r: r.seq, RIGHT, width=70, tooltip="Entry number in the chain"
        ),
        Column("When", lambda r: local_time_text(r.at, zone), lambda r: r.at, width=140),
        Column("Who", lambda r: r.user_name or "(nobody signed in)", width=150),
        Column("Terminal", lambda r: r.terminal_name, width=120),
        Column("Record", lambda r: table_label(r.table), width=120),
        Column("Action", lambda r: action_label(r.action), width=110),
        Column("Changed", lambda r: ", ".join(r.fields), width=220),
        Column("Record id", lambda r: r.record_id, width=260),
    )


class AuditModel(RowTableModel[AuditRow]):
    """Rows arrive in pages; ``canFetchMore`` asks for the next one when the view nears the end."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(audit_columns(zone), parent)
        self.more = False
        self.loading = False
        self.fetch_more_wanted: Callable[[int], None] = lambda _before: None

    def set_page(self, rows: Sequence[AuditRow], more: bool) -> None:
        self.set_rows(rows)
        self.more, self.loading = more, False

    def append_page(self, rows: Sequence[AuditRow], more: bool) -> None:
        known = {r.seq for r in self._rows}
        fresh = [r for r in rows if r.seq not in known]
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()
        self.more, self.loading = more, False

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self.more and not self.loading and bool(self._rows)

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if self.canFetchMore(parent):
            self.loading = True
            self.fetch_more_wanted(self._rows[-1].seq)


def value_text(value: Any) -> str:
    if value is None:
        return "—"  # the field did not exist on this side (created, or removed)
    if value == "":
        return "(empty)"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


CHANGE_COLUMNS: tuple[Column[AuditChange], ...] = (
    Column("Field", lambda c: c.field, width=160),
    Column("Before", lambda c: value_text(c.before), width=240),
    Column("After", lambda c: value_text(c.after), width=240),
)


class ChangesModel(RowTableModel[AuditChange]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(CHANGE_COLUMNS, parent)
