"""The settings area's tables: the shop's canned jobs."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.services.work_orders.dto import CannedJobView
from app.ui.formatting import count_text
from app.ui.shared.table_model import RIGHT, Column, RowTableModel


def interval_text(months: int | None, miles: int | None) -> str:
    """'6 months or 5,000 mi': whichever comes first, as the reminder works."""
    parts = []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if miles:
        parts.append(f"{count_text(miles)} mi")
    return " or ".join(parts)


def _interval_sort(job: CannedJobView) -> tuple[int, int]:
    """Jobs without a reminder sort last; then by months, then by miles."""
    return (job.reminder_months or 10_000, job.reminder_miles or 10_000_000)


CANNED_COLUMNS: tuple[Column[CannedJobView], ...] = (
    Column("Name", lambda j: j.name, width=210),
    Column("Lines", lambda j: str(len(j.lines)), lambda j: len(j.lines), RIGHT, width=50),
    Column(
        "Reminder",
        lambda j: interval_text(j.reminder_months, j.reminder_miles),
        _interval_sort,
        width=160,
        tooltip="When the job falls due again after it is done, whichever comes first",
    ),
)


class CannedJobsModel(RowTableModel[CannedJobView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(CANNED_COLUMNS, parent)
