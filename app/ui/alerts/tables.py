"""The alerts list (unacknowledged alerts in bold) and the owner's rules table."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QFont

from app.domain.alerts import STATE_LABELS, AlertState, roles_label
from app.services.alerts.dto import AlertView, RuleView
from app.ui.formatting import local_time_text
from app.ui.shared.table_model import AnyIndex, Column, RowTableModel
from app.ui.theme import tone

ALERT_COLUMN = 2  # the one that takes the room the window has
LIMITS_COLUMN = 2


def state_text(alert: AlertView) -> str:
    if alert.state is AlertState.RESOLVED:
        return alert.resolution or STATE_LABELS[alert.state]
    return STATE_LABELS[alert.state]


def who_text(alert: AlertView) -> str:
    """Who took it on, or who closed it (nobody, when the condition cleared by itself)."""
    return alert.resolved_by if alert.state is AlertState.RESOLVED else alert.acknowledged_by


def alert_columns(zone: ZoneInfo) -> tuple[Column[AlertView], ...]:
    return (
        Column("Raised", lambda a: local_time_text(a.raised_at, zone), lambda a: a.raised_at, width=170),
        Column("Rule", lambda a: a.rule_label, width=205),
        Column("Alert", lambda a: a.title, width=460),
        Column("State", state_text, width=125),
        Column("By", who_text, width=120),
    )


class AlertsModel(RowTableModel[AlertView]):
    """Open and not acknowledged: bold and red, so the eye finds what nobody has taken on."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(alert_columns(zone), parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            return super().data(index, role)
        alert = self.row_at(index.row()) if index.isValid() else None
        if alert is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if alert.state is AlertState.RESOLVED:
                return QBrush(tone("muted"))
            return QBrush(tone("error")) if alert.state is AlertState.OPEN and index.column() == 3 else None
        if alert.state is AlertState.OPEN:
            font = QFont()
            font.setBold(True)
            return font
        return None


def _cooldown(rule: RuleView) -> str:
    minutes = rule.cooldown_minutes
    return f"{minutes // 60} h" if minutes and minutes % 60 == 0 else f"{minutes} min"


RULE_COLUMNS: tuple[Column[RuleView], ...] = (
    Column("On", lambda r: "On" if r.enabled else "Off", width=50),
    Column("Rule", lambda r: r.label, width=230),
    Column("Limits", lambda r: r.limits_text, width=360),
    Column("Seen by", lambda r: roles_label(r.roles), width=220),
    Column("Cool-down", _cooldown, lambda r: r.cooldown_minutes, width=90),
)


class RulesModel(RowTableModel[RuleView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(RULE_COLUMNS, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rule = self.row_at(index.row()) if index.isValid() else None
        if role == Qt.ItemDataRole.ForegroundRole and rule is not None and not rule.enabled:
            return QBrush(tone("muted"))
        if role == Qt.ItemDataRole.ToolTipRole and rule is not None:
            return rule.description
        return super().data(index, role)
