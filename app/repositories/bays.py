"""Bays, assignments, the bay history, technician time, findings and parts requests.

``bay_status_logs`` rows are only ever added here: there is no method that
changes or removes one (the append-only rule; PostgreSQL's grants back it up).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Row, Select, and_, bindparam, exists, func, literal_column, or_, select
from sqlalchemy.orm import aliased

from app.db.models import Customer, Shop, User, Vehicle
from app.db.models_bays import (
    BayAssignment,
    BayStatusLog,
    InspectionItem,
    PartsRequest,
    ServiceBay,
    TimeEntry,
)
from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.domain.bays import OPEN_ASSIGNMENTS
from app.repositories.base import Repository

_OPEN: BindParameter[list[str]] = bindparam("open_statuses", expanding=True)
_JOB_TECH = aliased(User)
_BAY_TECH = aliased(User)
# The first technician named on the order's jobs, looked up per shown order.
_TECHNICIAN = (
    select(func.min(_JOB_TECH.display_name))
    .join(Job, Job.technician_id == _JOB_TECH.id)
    .where(Job.work_order_id == WorkOrder.id, Job.removed.is_(False))
    .correlate(WorkOrder)
    .scalar_subquery()
    .label("job_technician")
)
_CARD_COLUMNS = (
    WorkOrder.id.label("work_order_id"),
    WorkOrder.number,
    WorkOrder.status,
    WorkOrder.hold_reason,
    WorkOrder.promised_at,
    Customer.first_name,
    Customer.last_name,
    Customer.company_name,
    Customer.kind,
    Vehicle.year,
    Vehicle.make,
    Vehicle.model,
    Vehicle.plate,
    _TECHNICIAN,
)
_IN_BAYS: Select[Any] = (
    select(
        *_CARD_COLUMNS,
        BayAssignment.id.label("assignment_id"),
        BayAssignment.bay_id,
        BayAssignment.started_at,
        BayAssignment.technician_id,
        _BAY_TECH.display_name.label("bay_technician"),
    )
    .select_from(BayAssignment)
    .join(WorkOrder, WorkOrder.id == BayAssignment.work_order_id)
    .join(Customer, Customer.id == WorkOrder.customer_id)
    .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
    .outerjoin(_BAY_TECH, _BAY_TECH.id == BayAssignment.technician_id)
    .where(BayAssignment.shop_id == bindparam("shop_id"), BayAssignment.status.in_(_OPEN))
    .order_by(BayAssignment.started_at)
)
_NOT_IN_A_BAY = ~exists().where(BayAssignment.work_order_id == WorkOrder.id, BayAssignment.status.in_(_OPEN))
_NOT_IN_BAY_CARDS: Select[Any] = (
    select(*_CARD_COLUMNS)
    .join(Customer, Customer.id == WorkOrder.customer_id)
    .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
    .where(WorkOrder.shop_id == bindparam("shop_id"), _NOT_IN_A_BAY)
)
# ``number + 0`` keeps SQLite (no statistics) off the (shop_id, number) index, which it
# would walk through every order the shop ever had to avoid sorting a few hundred.
_WAITING = _NOT_IN_BAY_CARDS.where(WorkOrder.status.in_(bindparam("waiting", expanding=True))).order_by(
    WorkOrder.number + literal_column("0")
)
_OCCUPIED = (
    select(func.count())
    .where(BayAssignment.bay_id == ServiceBay.id, BayAssignment.status.in_(_OPEN))
    .correlate(ServiceBay)
    .scalar_subquery()
    .label("occupied")
)
_BAYS: Select[Any] = (
    select(*ServiceBay.__table__.c, _OCCUPIED)
    .where(ServiceBay.shop_id == bindparam("shop_id"))
    .order_by(ServiceBay.position, ServiceBay.name)
)
_TIMEZONE: Select[Any] = select(Shop.timezone).where(Shop.id == bindparam("shop_id"))
_TECHNICIANS: Select[Any] = (
    select(User.display_name)
    .where(User.shop_id == bindparam("shop_id"), User.role == "technician", User.active.is_(True))
    .order_by(User.display_name)
)
# Through ix_work_orders_shop_completed: the status index would walk every invoice
# the shop ever wrote (coalesce keeps SQLite, which has no statistics, off it).
_DONE = _NOT_IN_BAY_CARDS.where(
    func.coalesce(WorkOrder.status, "").in_(("completed", "invoiced")),
    WorkOrder.completed_at >= bindparam("since"),
).order_by(WorkOrder.completed_at)


# The open assignment of a work order whose status changes (invoiced, completed): built once.
_OPEN_ASSIGNMENT = select(BayAssignment).where(
    BayAssignment.shop_id == bindparam("shop_id"),
    BayAssignment.work_order_id == bindparam("work_order_id"),
    BayAssignment.status.in_(OPEN_ASSIGNMENTS),
)


class BayRepository(Repository):
    # --- bays --------------------------------------------------------------------------------
    def bays(self, shop_id: uuid.UUID) -> list[ServiceBay]:
        stmt = (
            select(ServiceBay)
            .where(ServiceBay.shop_id == shop_id)
            .order_by(ServiceBay.position, ServiceBay.name)
        )
        return list(self.session.scalars(stmt))

    def bay(self, shop_id: uuid.UUID, bay_id: uuid.UUID, *, for_update: bool = False) -> ServiceBay | None:
        stmt = select(ServiceBay).where(ServiceBay.id == bay_id, ServiceBay.shop_id == shop_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def bay_by_name(self, shop_id: uuid.UUID, name: str) -> ServiceBay | None:
        return self.session.scalar(
            select(ServiceBay).where(
                ServiceBay.shop_id == shop_id, func.lower(ServiceBay.name) == name.lower()
            )
        )

    def lock_bays(self, shop_id: uuid.UUID, bay_ids: list[uuid.UUID]) -> dict[uuid.UUID, ServiceBay]:
        """Lock several bays in id order, so two terminals moving cars never deadlock."""
        out = {}
        for bay_id in sorted(set(bay_ids)):
            bay = self.bay(shop_id, bay_id, for_update=True)
            if bay is not None:
                out[bay_id] = bay
        return out

    def add(self, row: Any) -> None:
        self.session.add(row)
        self.session.flush()

    def add_log(self, row: BayStatusLog) -> None:
        """The only write to bay_status_logs: append a row."""
        self.session.add(row)

    def logs(self, shop_id: uuid.UUID, bay_id: uuid.UUID, limit: int = 200) -> list[Row[Any]]:
        stmt = (
            select(BayStatusLog, User.display_name.label("user_name"), WorkOrder.number)
            .outerjoin(User, User.id == BayStatusLog.user_id)
            .outerjoin(WorkOrder, WorkOrder.id == BayStatusLog.work_order_id)
            .where(BayStatusLog.shop_id == shop_id, BayStatusLog.bay_id == bay_id)
            .order_by(BayStatusLog.at.desc())
            .limit(limit)
        )
        return list(self.session.execute(stmt))

    # --- assignments -------------------------------------------------------------------------
    def occupied(self, bay_id: uuid.UUID) -> int:
        stmt = select(func.count()).where(
            BayAssignment.bay_id == bay_id, BayAssignment.status.in_(OPEN_ASSIGNMENTS)
        )
        return int(self.session.scalar(stmt) or 0)

    def occupancy(self, shop_id: uuid.UUID) -> dict[uuid.UUID, int]:
        stmt = (
            select(BayAssignment.bay_id, func.count())
            .where(BayAssignment.shop_id == shop_id, BayAssignment.status.in_(OPEN_ASSIGNMENTS))
            .group_by(BayAssignment.bay_id)
        )
        return {bay_id: int(n) for bay_id, n in self.session.execute(stmt)}

    def open_assignment(self, shop_id: uuid.UUID, work_order_id: uuid.UUID) -> BayAssignment | None:
        return self.session.scalar(_OPEN_ASSIGNMENT, {"shop_id": shop_id, "work_order_id": work_order_id})

    def assignments_between(self, shop_id: uuid.UUID, lo: datetime, hi: datetime) -> list[BayAssignment]:
        """Every assignment that was open at some moment of [lo, hi)."""
        stmt = select(BayAssignment).where(
            BayAssignment.shop_id == shop_id,
            BayAssignment.status != "cancelled",
            BayAssignment.started_at < hi,
            or_(BayAssignment.ended_at.is_(None), BayAssignment.ended_at > lo),
        )
        return list(self.session.scalars(stmt))

    # --- the board ---------------------------------------------------------------------------
    def bay_rows(self, shop_id: uuid.UUID) -> list[Row[Any]]:
        """Every bay of the shop with the number of cars in it, as read-only rows."""
        params = {"shop_id": shop_id, "open_statuses": list(OPEN_ASSIGNMENTS)}
        return list(self.session.connection().execute(_BAYS, params))

    def shop_timezone(self, shop_id: uuid.UUID) -> str:
        zone = self.session.connection().execute(_TIMEZONE, {"shop_id": shop_id}).scalar()
        return str(zone or "UTC")

    def technician_names(self, shop_id: uuid.UUID) -> list[str]:
        return list(self.session.connection().execute(_TECHNICIANS, {"shop_id": shop_id}).scalars())

    def board_rows(
        self, shop_id: uuid.UUID, waiting: tuple[str, ...], since: datetime
    ) -> tuple[list[Row[Any]], list[Row[Any]], list[Row[Any]]]:
        """(cars in bays, cars waiting for a bay, cars done since ``since``): read-only rows."""
        connection = self.session.connection()
        params = {"shop_id": shop_id, "open_statuses": list(OPEN_ASSIGNMENTS)}
        return (
            list(connection.execute(_IN_BAYS, params)),
            list(connection.execute(_WAITING, {**params, "waiting": list(waiting)})),
            list(connection.execute(_DONE, {**params, "since": since})),
        )


class TimeRepository(Repository):
    def lock_user(self, user_id: uuid.UUID) -> User | None:
        """Clock changes of one technician run one at a time, whichever terminal they come from."""
        return self.session.scalar(select(User).where(User.id == user_id).with_for_update())

    def running(self, shop_id: uuid.UUID, user_id: uuid.UUID, kind: str) -> list[TimeEntry]:
        self.session.flush()  # a clock stopped earlier in this transaction is not running
        stmt = (
            select(TimeEntry)
            .where(
                TimeEntry.shop_id == shop_id,
                TimeEntry.user_id == user_id,
                TimeEntry.ended_at.is_(None),
                TimeEntry.kind == kind,
            )
            .order_by(TimeEntry.started_at)
        )
        return list(self.session.scalars(stmt))

    def for_job(self, shop_id: uuid.UUID, job_id: uuid.UUID) -> list[TimeEntry]:
        stmt = (
            select(TimeEntry)
            .where(TimeEntry.shop_id == shop_id, TimeEntry.job_id == job_id)
            .order_by(TimeEntry.started_at)
        )
        return list(self.session.scalars(stmt))

    def for_jobs(self, shop_id: uuid.UUID, job_ids: list[uuid.UUID]) -> list[TimeEntry]:
        if not job_ids:
            return []
        stmt = (
            select(TimeEntry)
            .where(TimeEntry.shop_id == shop_id, TimeEntry.job_id.in_(job_ids))
            .order_by(TimeEntry.started_at)
        )
        return list(self.session.scalars(stmt))

    def add(self, row: TimeEntry) -> None:
        self.session.add(row)
        self.session.flush()

    def between(self, shop_id: uuid.UUID, lo: datetime, hi: datetime) -> list[TimeEntry]:
        """Entries that ran at some moment of [lo, hi)."""
        stmt = select(TimeEntry).where(
            TimeEntry.shop_id == shop_id,
            TimeEntry.started_at < hi,
            or_(TimeEntry.ended_at.is_(None), TimeEntry.ended_at > lo),
        )
        return list(self.session.scalars(stmt))

    def entry(self, shop_id: uuid.UUID, entry_id: uuid.UUID) -> TimeEntry | None:
        return self.session.scalar(
            select(TimeEntry).where(TimeEntry.shop_id == shop_id, TimeEntry.id == entry_id)
        )

    def of_user_between(
        self, shop_id: uuid.UUID, user_id: uuid.UUID, lo: datetime, hi: datetime
    ) -> list[Row[Any]]:
        """(entry, job title, work order number) of one person's entries that ran at some moment of [lo, hi)."""
        stmt = (
            select(TimeEntry, Job.title, WorkOrder.number)
            .outerjoin(Job, Job.id == TimeEntry.job_id)
            .outerjoin(WorkOrder, WorkOrder.id == TimeEntry.work_order_id)
            .where(
                TimeEntry.shop_id == shop_id,
                TimeEntry.user_id == user_id,
                TimeEntry.started_at < hi,
                or_(TimeEntry.ended_at.is_(None), TimeEntry.ended_at > lo),
            )
            .order_by(TimeEntry.started_at, TimeEntry.kind)
        )
        return list(self.session.execute(stmt))

    def job_entries_on(self, shop_id: uuid.UUID, work_order_ids: list[uuid.UUID]) -> list[TimeEntry]:
        if not work_order_ids:
            return []
        stmt = select(TimeEntry).where(
            TimeEntry.shop_id == shop_id,
            TimeEntry.kind == "job",
            TimeEntry.work_order_id.in_(work_order_ids),
        )
        return list(self.session.scalars(stmt))

    def closed_orders(self, shop_id: uuid.UUID, lo: datetime, hi: datetime) -> list[uuid.UUID]:
        stmt = select(WorkOrder.id).where(
            WorkOrder.shop_id == shop_id,
            WorkOrder.status.in_(("completed", "invoiced")),
            WorkOrder.completed_at >= lo,
            WorkOrder.completed_at < hi,
        )
        return list(self.session.scalars(stmt))

    def billed_labor(self, work_order_ids: list[uuid.UUID]) -> list[Row[Any]]:
        """(technician id, labor thousandths) per approved job's labor line on these orders."""
        if not work_order_ids:
            return []
        stmt = (
            select(Job.technician_id, WorkOrderLine.quantity)
            .join(Job, Job.id == WorkOrderLine.job_id)
            .where(
                WorkOrderLine.work_order_id.in_(work_order_ids),
                WorkOrderLine.kind == "labor",
                Job.decision == "approved",
                Job.removed.is_(False),
            )
        )
        return list(self.session.execute(stmt))

    def technician_jobs(self, shop_id: uuid.UUID, statuses: tuple[str, ...]) -> list[Row[Any]]:
        """Approved jobs on orders in ``statuses``, with what a technician's list shows."""
        stmt = (
            select(
                Job.id,
                Job.title,
                Job.concern,
                Job.cause,
                Job.correction,
                Job.technician_id,
                Job.position,
                WorkOrder.id.label("work_order_id"),
                WorkOrder.number,
                WorkOrder.status,
                WorkOrder.hold_reason,
                WorkOrder.promised_at,
                WorkOrder.version,
                Vehicle.year,
                Vehicle.make,
                Vehicle.model,
                Vehicle.plate,
                User.display_name.label("technician_name"),
            )
            .join(WorkOrder, WorkOrder.id == Job.work_order_id)
            .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .outerjoin(User, User.id == Job.technician_id)
            .where(
                WorkOrder.shop_id == shop_id,
                WorkOrder.status.in_(statuses),
                Job.removed.is_(False),
                Job.decision == "approved",
            )
            .order_by(WorkOrder.number, Job.position)
        )
        return list(self.session.execute(stmt))


class FindingsRepository(Repository):
    def add(self, row: Any) -> None:
        self.session.add(row)
        self.session.flush()

    def inspections(self, shop_id: uuid.UUID, work_order_id: uuid.UUID) -> list[InspectionItem]:
        stmt = (
            select(InspectionItem)
            .where(InspectionItem.shop_id == shop_id, InspectionItem.work_order_id == work_order_id)
            .order_by(InspectionItem.created_at)
        )
        return list(self.session.scalars(stmt))

    def inspection(self, shop_id: uuid.UUID, item_id: uuid.UUID) -> InspectionItem | None:
        return self.session.scalar(
            select(InspectionItem).where(InspectionItem.id == item_id, InspectionItem.shop_id == shop_id)
        )

    def parts_request(
        self, shop_id: uuid.UUID, request_id: uuid.UUID, *, for_update: bool = False
    ) -> PartsRequest | None:
        stmt = select(PartsRequest).where(PartsRequest.id == request_id, PartsRequest.shop_id == shop_id)
        return self.session.scalar(stmt.with_for_update() if for_update else stmt)

    def parts_requests(self, shop_id: uuid.UUID, work_order_id: uuid.UUID | None = None) -> list[Row[Any]]:
        stmt = (
            select(
                PartsRequest,
                WorkOrder.number,
                User.display_name.label("user_name"),
                Job.title.label("job_title"),
            )
            .join(WorkOrder, WorkOrder.id == PartsRequest.work_order_id)
            .outerjoin(User, User.id == PartsRequest.requested_by)
            .outerjoin(Job, Job.id == PartsRequest.job_id)
            .where(PartsRequest.shop_id == shop_id)
            .order_by(PartsRequest.requested_at)
        )
        if work_order_id is not None:
            stmt = stmt.where(PartsRequest.work_order_id == work_order_id)
        else:
            stmt = stmt.where(and_(PartsRequest.status == "requested"))
        return list(self.session.execute(stmt))


def labor_of_closed(session: Any, shop_id: uuid.UUID, lo: datetime, hi: datetime) -> list[Row[Any]]:
    """(order id, completed at, job id, technician, labor thousandths) of orders closed in [lo, hi): demo clocks."""
    stmt = (
        select(
            WorkOrder.id.label("work_order_id"),
            WorkOrder.completed_at,
            Job.id.label("job_id"),
            Job.technician_id,
            func.sum(WorkOrderLine.quantity).label("quantity"),
        )
        .join(Job, Job.work_order_id == WorkOrder.id)
        .join(WorkOrderLine, WorkOrderLine.job_id == Job.id)
        .where(
            WorkOrder.shop_id == shop_id,
            WorkOrder.status.in_(("completed", "invoiced")),
            WorkOrder.completed_at >= lo,
            WorkOrder.completed_at < hi,
            WorkOrderLine.kind == "labor",
            Job.decision == "approved",
            Job.technician_id.is_not(None),
        )
        .group_by(WorkOrder.id, WorkOrder.completed_at, Job.id, Job.technician_id)
    )
    return list(session.execute(stmt))
