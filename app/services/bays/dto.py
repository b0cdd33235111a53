"""Read models of the bay board, the technician terminal and the technician reports."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class BayView:
    id: uuid.UUID
    name: str
    area: str
    position: int
    capacity: int
    equipment: tuple[str, ...]
    status: str
    status_label: str
    status_note: str
    occupied: int
    version: int

    @property
    def available(self) -> bool:
        return self.status == "active" and self.occupied < self.capacity


@dataclass(frozen=True)
class BayCard:
    """One car on the board."""

    work_order_id: uuid.UUID
    number: int
    vehicle: str  # year make model
    plate: str
    customer: str
    technician: str
    technician_id: uuid.UUID | None
    status: str
    status_label: str  # "In progress", "On hold: Waiting for parts"...
    waiting_parts: bool
    promised_at: datetime | None
    late: bool
    bay_id: uuid.UUID | None  # None: waiting or done
    in_bay_since: datetime | None
    column: str  # "waiting", "done" or the bay id as text

    def minutes_in_bay(self, now: datetime) -> int | None:
        if self.in_bay_since is None:
            return None
        return max(0, int((now - self.in_bay_since).total_seconds() // 60))


@dataclass(frozen=True)
class BoardView:
    bays: tuple[BayView, ...]
    in_bays: dict[uuid.UUID, tuple[BayCard, ...]]
    waiting: tuple[BayCard, ...]
    done_today: tuple[BayCard, ...]
    technicians: tuple[str, ...]
    areas: tuple[str, ...]
    at: datetime

    def card(self, work_order_id: uuid.UUID) -> BayCard | None:
        for cards in (*self.in_bays.values(), self.waiting, self.done_today):
            for card in cards:
                if card.work_order_id == work_order_id:
                    return card
        return None


@dataclass(frozen=True)
class BayLogView:
    at: datetime
    user: str
    event: str
    old_status: str
    new_status: str
    work_order_number: int | None
    details: str


@dataclass(frozen=True)
class BaySettings:
    multiple_job_clocks: bool
    opens: str  # "08:00"
    closes: str
    weekdays: tuple[int, ...]


@dataclass(frozen=True)
class TechnicianJob:
    """A job on the technician terminal, with its clock."""

    job_id: uuid.UUID
    work_order_id: uuid.UUID
    number: int
    title: str
    concern: str
    cause: str
    correction: str
    vehicle: str
    plate: str
    work_order_status: str
    technician_id: uuid.UUID | None
    technician: str
    mine: bool
    clock_state: str  # not_started / running / paused / finished
    clock_label: str
    my_hours: Decimal  # this technician's job-clock hours on the job
    actual_hours: Decimal  # everyone's job-clock hours on the job
    running_since: datetime | None
    work_order_version: int


@dataclass(frozen=True)
class TechnicianBoard:
    on_shift: bool
    shift_since: datetime | None
    shift_hours_today: Decimal
    jobs: tuple[TechnicianJob, ...]  # mine first
    multiple_job_clocks: bool

    def job(self, job_id: uuid.UUID) -> TechnicianJob | None:
        return next((j for j in self.jobs if j.job_id == job_id), None)


@dataclass(frozen=True)
class InspectionView:
    id: uuid.UUID
    item: str
    condition: str
    condition_label: str
    note: str
    has_photo: bool
    photo_type: str
    created_at: datetime


@dataclass(frozen=True)
class PartsRequestView:
    id: uuid.UUID
    work_order_number: int
    description: str
    quantity: Decimal
    note: str
    status: str  # requested (the counter's queue), filled (by an allocation) or cancelled
    requested_by: str
    requested_at: datetime
    work_order_id: uuid.UUID | None = None
    job_id: uuid.UUID | None = None
    job_title: str = ""
    close_note: str = ""


@dataclass(frozen=True)
class TechnicianReportRow:
    technician_id: uuid.UUID
    technician: str
    shift_hours: Decimal
    job_hours: Decimal
    billed_hours: Decimal  # flagged hours on closed work orders in the range
    clocked_on_closed: Decimal  # job-clock hours on those orders
    productivity: Decimal | None  # percent
    efficiency: Decimal | None  # percent


@dataclass(frozen=True)
class BayUtilizationRow:
    bay_id: uuid.UUID
    bay: str
    occupied_hours: Decimal
    open_hours: Decimal
    utilization: Decimal | None  # percent


@dataclass(frozen=True)
class TechnicianReport:
    shop_name: str
    first: date
    last: date
    technicians: tuple[TechnicianReportRow, ...]
    bays: tuple[BayUtilizationRow, ...]
    generated_at: datetime


@dataclass(frozen=True)
class ClockEntryView:
    """One clock entry of a technician, as the owner corrects it; ``ended_at`` None: still running."""

    id: uuid.UUID
    technician_id: uuid.UUID
    technician: str
    kind: str  # shift / job
    work_order_number: int | None
    job_title: str
    started_at: datetime
    ended_at: datetime | None
    hours: Decimal  # a running clock up to now
    end_reason: str
    note: str
