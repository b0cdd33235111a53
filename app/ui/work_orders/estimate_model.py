"""The editor's tables: the estimate (jobs with their lines) and the authorization history.

The estimate is one flat table in the order the customer reads it: a job's
row, then its lines under it. It is not sorted (the order is the estimate's),
but still sits behind the shared proxy so every table is driven the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QFont

from app.services.work_orders.dto import AuthorizationView, JobView, LineView, WorkOrderView
from app.ui.formatting import amount_text, money, quantity_text, signed_money
from app.ui.shared.table_model import RIGHT, AnyIndex, Column, RowTableModel
from app.ui.theme import tone
from app.ui.work_orders.text import (
    CONDITION_LABELS,
    DECISION_LABELS,
    KIND_LABELS,
    method_text,
    when_text,
)

JOB_BACKGROUND = "header"  # theme colours (app/ui/theme.py)
DECLINED_COLOR = "disabled_text"
CHANGED_COLOR = "warning"


@dataclass(frozen=True)
class EstimateRow:
    """A job's own row (``line`` is None) or one of its lines."""

    job: JobView
    line: LineView | None = None

    @property
    def is_job(self) -> bool:
        return self.line is None


def estimate_rows(view: WorkOrderView) -> list[EstimateRow]:
    rows: list[EstimateRow] = []
    for job in view.jobs:
        rows.append(EstimateRow(job))
        rows.extend(EstimateRow(job, line) for line in job.lines)
    return rows


def decision_text(job: JobView) -> str:
    text = DECISION_LABELS.get(job.decision, job.decision)
    return f"{text} · changed" if job.changed_since_authorized else text


def _item(row: EstimateRow) -> str:
    return f"Job {row.job.position}" if row.line is None else KIND_LABELS.get(row.line.kind, row.line.kind)


def _description(row: EstimateRow) -> str:
    return row.job.title if row.line is None else row.line.description


def _line_text(row: EstimateRow, attribute: str) -> str:
    if row.line is None:
        return ""
    value = getattr(row.line, attribute)
    if attribute == "condition":
        return CONDITION_LABELS.get(value, value)
    if attribute == "quantity":
        return quantity_text(value)
    return amount_text(value) if isinstance(value, Decimal) else str(value)


def _amount(row: EstimateRow) -> str:
    return amount_text(row.job.subtotal if row.line is None else row.line.amount)


ESTIMATE_COLUMNS: tuple[Column[EstimateRow], ...] = (
    Column("Item", _item, width=54),
    Column("Description", _description, width=250),
    Column("Part no.", lambda r: _line_text(r, "part_number"), width=82),
    Column("Cond.", lambda r: _line_text(r, "condition"), width=74),
    Column("Qty / hrs", lambda r: _line_text(r, "quantity"), align=RIGHT, width=64),
    Column("Unit price", lambda r: _line_text(r, "unit_price"), align=RIGHT, width=76),
    Column("Amount", _amount, align=RIGHT, width=80),
    Column("Decision", lambda r: decision_text(r.job) if r.is_job else "", width=150),
    # a part's stock: non-stock (typed by hand), not yet allocated, or how much left the shelf
    Column("Stock", lambda r: r.line.stock_text if r.line is not None else "", width=110),
)
JOB_TITLE_SPAN = 5  # a job's title runs from Description across to Unit price
DECISION_COLUMN = 7


class EstimateModel(RowTableModel[EstimateRow]):
    """Job rows shaded and bold; declined work greyed; a changed approval in amber."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(ESTIMATE_COLUMNS, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return super().data(index, role)
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == Qt.ItemDataRole.FontRole:
            return _bold() if row.is_job else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(tone(JOB_BACKGROUND)) if row.is_job else None
        if row.job.decision == "declined":
            return QBrush(tone(DECLINED_COLOR))
        if row.is_job and index.column() == DECISION_COLUMN and row.job.changed_since_authorized:
            return QBrush(tone(CHANGED_COLOR))
        return None


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _jobs_decided(auth: AuthorizationView) -> str:
    parts = [*auth.approved_jobs, *(f"{title} (declined)" for title in auth.declined_jobs)]
    return "; ".join(parts)


def authorization_columns(zone: ZoneInfo) -> tuple[Column[AuthorizationView], ...]:
    """The authorization history, as it prints on the invoice (DOMAIN.md)."""
    return (
        Column("When", lambda a: when_text(a.at, zone), lambda a: a.at, width=132),
        Column("Authorized by", lambda a: a.authorized_by, width=115),
        Column("Relation", lambda a: a.relation, width=76),
        Column("Method", lambda a: method_text(a.method), width=68),
        Column("Phone called", lambda a: a.phone_called, width=108),
        Column("Taken by", lambda a: a.taken_by, width=98),
        Column("Amount", lambda a: money(a.amount), lambda a: a.amount, RIGHT, width=78),
        Column("Difference", lambda a: signed_money(a.difference), lambda a: a.difference, RIGHT, width=80),
        Column("Jobs", _jobs_decided, width=220),
        Column("Note", lambda a: a.note, width=160),
    )


class AuthorizationsModel(RowTableModel[AuthorizationView]):
    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(authorization_columns(zone), parent)
