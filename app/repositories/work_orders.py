"""Work orders with their jobs, lines and authorizations; canned jobs; reminders."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import BindParameter, Row, Select, bindparam, func, literal_column, select

from app.db.models import Customer, User, Vehicle
from app.db.models_work_orders import (
    Authorization,
    CannedJob,
    Job,
    ServiceReminder,
    WorkOrder,
    WorkOrderLine,
)
from app.repositories.base import Repository
from app.repositories.bulk_rows import bind_processors

OPEN_STATUSES = ("estimate", "approved", "in_progress", "on_hold", "completed")

# The open work orders list. The technician is looked up per listed order (a
# correlated subquery on ix_jobs_work_order_position), never by grouping every
# job the shop ever had.
_STATUSES: BindParameter[list[str]] = bindparam("statuses", expanding=True)
_TECHNICIAN = (
    select(func.min(User.display_name))
    .join(Job, Job.technician_id == User.id)
    .where(Job.work_order_id == WorkOrder.id, Job.removed.is_(False))
    .correlate(WorkOrder)
    .scalar_subquery()
    .label("technician")
)
_LIST: Select[*tuple[Any, ...]] = (
    select(
        WorkOrder.id,
        WorkOrder.number,
        WorkOrder.status,
        WorkOrder.hold_reason,
        WorkOrder.promised_at,
        WorkOrder.created_at,
        WorkOrder.needs_reauthorization,
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
    .join(Customer, Customer.id == WorkOrder.customer_id)
    .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
    .where(WorkOrder.shop_id == bindparam("shop_id"), WorkOrder.status.in_(_STATUSES))
    .order_by(WorkOrder.number.desc())
    .limit(bindparam("limit"))
)
# Open orders are a few hundred among years of invoiced ones. SQLite has no
# statistics to know it: to avoid a sort it walks every order of the shop down
# the (shop_id, number) index, testing the status of each. Ordering by
# ``number + 0`` (the SQLite idiom that keeps an index out of a term) sends it
# to the (shop_id, status) index instead, then it sorts the few hundred rows,
# which is PostgreSQL's plan too. Only for the open statuses: over every status
# the walk by number is the better plan.
_LIST_OPEN = _LIST.order_by(None).order_by((WorkOrder.number + literal_column("0")).desc())
_COUNTS: Select[*tuple[Any, ...]] = (
    select(WorkOrder.status, func.count())
    .where(WorkOrder.shop_id == bindparam("shop_id"), WorkOrder.status.in_(_STATUSES))
    .group_by(WorkOrder.status)
)


# What every write to a work order loads first, built once (its parameters bound at run time):
# building and keying a statement on each call cost more than running it.
_ORDER = select(WorkOrder).where(
    WorkOrder.id == bindparam("work_order_id"), WorkOrder.shop_id == bindparam("shop_id")
)
_ORDER_LOCKED = _ORDER.with_for_update()
_JOBS = (
    select(Job)
    .where(Job.work_order_id == bindparam("work_order_id"), Job.removed.is_(False))
    .order_by(Job.position)
)
_LINES = (
    select(WorkOrderLine)
    .where(WorkOrderLine.work_order_id == bindparam("work_order_id"))
    .order_by(WorkOrderLine.job_id, WorkOrderLine.position)
)


class WorkOrderRepository(Repository):
    def add(self, row: Any) -> None:
        self.session.add(row)
        self.session.flush()

    def bulk_insert(
        self,
        orders: list[dict[str, Any]],
        jobs: list[dict[str, Any]],
        lines: list[dict[str, Any]],
        authorizations: list[dict[str, Any]],
    ) -> None:
        """Many work orders with their jobs, lines and authorizations (demo data, imports).

        Millions of rows go in here, so the statement machinery is skipped: each
        value goes through its column type's own bind processor (cents, UTC,
        UUIDs exactly as the ORM would store them) and the rows go to the
        driver in one ``COPY`` on PostgreSQL, one ``executemany`` on SQLite.
        Every row of a table must have the same keys.
        """
        connection = self.session.connection()
        dialect = connection.dialect
        dbapi = connection.connection.dbapi_connection
        assert dbapi is not None
        for model, rows in (
            (WorkOrder, orders),
            (Job, jobs),
            (WorkOrderLine, lines),
            (Authorization, authorizations),
        ):
            if not rows:
                continue
            table, name = model.__table__, model.__tablename__
            keys = list(rows[0])
            processors = bind_processors(table, keys, dialect)
            values = [
                [
                    value if process is None else process(value)
                    for value, process in zip(itemgetter(*keys)(row), processors, strict=True)
                ]
                for row in rows
            ]
            columns = ", ".join(keys)
            cursor = dbapi.cursor()
            try:
                if dialect.name == "postgresql":
                    with cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                        for row in values:
                            copy.write_row(row)
                else:
                    marks = ", ".join("?" * len(keys))
                    cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", values)
            finally:
                cursor.close()

    def get(
        self, shop_id: uuid.UUID, work_order_id: uuid.UUID, *, for_update: bool = False
    ) -> WorkOrder | None:
        stmt = _ORDER_LOCKED if for_update else _ORDER
        return self.session.scalar(stmt, {"work_order_id": work_order_id, "shop_id": shop_id})

    def id_by_number(self, shop_id: uuid.UUID, number: int) -> uuid.UUID | None:
        return self.session.scalar(
            select(WorkOrder.id).where(WorkOrder.shop_id == shop_id, WorkOrder.number == number)
        )

    def jobs(self, work_order_id: uuid.UUID) -> list[Job]:
        return list(self.session.scalars(_JOBS, {"work_order_id": work_order_id}))

    def job(self, shop_id: uuid.UUID, job_id: uuid.UUID) -> Job | None:
        return self.session.scalar(
            select(Job).where(Job.id == job_id, Job.shop_id == shop_id, Job.removed.is_(False))
        )

    def copy_of(self, job_id: uuid.UUID) -> Job | None:
        """The live job that declined job ``job_id`` was copied into, if any."""
        return self.session.scalar(
            select(Job).where(Job.copied_from_job_id == job_id, Job.removed.is_(False)).limit(1)
        )

    def lines(self, work_order_id: uuid.UUID) -> list[WorkOrderLine]:
        return list(self.session.scalars(_LINES, {"work_order_id": work_order_id}))

    def line(self, shop_id: uuid.UUID, line_id: uuid.UUID) -> WorkOrderLine | None:
        return self.session.scalar(
            select(WorkOrderLine).where(WorkOrderLine.id == line_id, WorkOrderLine.shop_id == shop_id)
        )

    def delete_line(self, line: WorkOrderLine) -> None:
        self.session.delete(line)

    def authorizations(self, work_order_id: uuid.UUID) -> list[Authorization]:
        stmt = (
            select(Authorization)
            .where(Authorization.work_order_id == work_order_id)
            .order_by(Authorization.at)
        )
        return list(self.session.scalars(stmt))

    def list_rows(
        self,
        shop_id: uuid.UUID,
        statuses: tuple[str, ...],
        technician_id: uuid.UUID | None = None,
        promised_before: datetime | None = None,
        number: int | None = None,
        limit: int = 500,
    ) -> list[Row[Any]]:
        """The work orders list: one row per order with customer, vehicle and technicians."""
        stmt = _LIST_OPEN if number is None and set(statuses) <= set(OPEN_STATUSES) else _LIST
        if number is not None:
            stmt = stmt.where(WorkOrder.number == number)
        if promised_before is not None:
            stmt = stmt.where(WorkOrder.promised_at < promised_before)
        if technician_id is not None:
            stmt = stmt.where(
                WorkOrder.id.in_(
                    select(Job.work_order_id).where(
                        Job.technician_id == technician_id, Job.removed.is_(False)
                    )
                )
            )
        params = {"shop_id": shop_id, "statuses": list(statuses), "limit": limit}
        return list(self.session.connection().execute(stmt, params))

    def counts_by_status(self, shop_id: uuid.UUID) -> dict[str, int]:
        rows = self.session.connection().execute(
            _COUNTS, {"shop_id": shop_id, "statuses": list(OPEN_STATUSES)}
        )
        return {status: count for status, count in rows}

    def for_vehicle(self, shop_id: uuid.UUID, vehicle_id: uuid.UUID, limit: int = 200) -> list[WorkOrder]:
        stmt = (
            select(WorkOrder)
            .where(WorkOrder.shop_id == shop_id, WorkOrder.vehicle_id == vehicle_id)
            .order_by(WorkOrder.created_at.desc())
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def jobs_for(self, work_order_ids: list[uuid.UUID]) -> list[Job]:
        if not work_order_ids:
            return []
        stmt = (
            select(Job)
            .where(Job.work_order_id.in_(work_order_ids), Job.removed.is_(False))
            .order_by(Job.work_order_id, Job.position)
        )
        return list(self.session.scalars(stmt))

    def lines_for(self, work_order_ids: list[uuid.UUID]) -> list[WorkOrderLine]:
        if not work_order_ids:
            return []
        stmt = (
            select(WorkOrderLine)
            .where(WorkOrderLine.work_order_id.in_(work_order_ids))
            .order_by(WorkOrderLine.job_id, WorkOrderLine.position)
        )
        return list(self.session.scalars(stmt))


class CannedJobRepository(Repository):
    def all(self, shop_id: uuid.UUID) -> list[CannedJob]:
        stmt = (
            select(CannedJob)
            .where(CannedJob.shop_id == shop_id, CannedJob.active.is_(True))
            .order_by(CannedJob.name)
        )
        return list(self.session.scalars(stmt))

    def get(self, shop_id: uuid.UUID, canned_id: uuid.UUID) -> CannedJob | None:
        return self.session.scalar(
            select(CannedJob).where(CannedJob.id == canned_id, CannedJob.shop_id == shop_id)
        )

    def by_name(self, shop_id: uuid.UUID, name: str) -> CannedJob | None:
        return self.session.scalar(
            select(CannedJob).where(CannedJob.shop_id == shop_id, CannedJob.name == name)
        )

    def add(self, row: CannedJob) -> None:
        self.session.add(row)
        self.session.flush()


class ReminderRepository(Repository):
    def for_vehicle(self, shop_id: uuid.UUID, vehicle_id: uuid.UUID) -> list[ServiceReminder]:
        stmt = select(ServiceReminder).where(
            ServiceReminder.shop_id == shop_id,
            ServiceReminder.vehicle_id == vehicle_id,
            ServiceReminder.active.is_(True),
        )
        return list(self.session.scalars(stmt))

    def by_title(self, shop_id: uuid.UUID, vehicle_id: uuid.UUID, title: str) -> ServiceReminder | None:
        return self.session.scalar(
            select(ServiceReminder).where(
                ServiceReminder.shop_id == shop_id,
                ServiceReminder.vehicle_id == vehicle_id,
                ServiceReminder.title == title,
                ServiceReminder.active.is_(True),
            )
        )

    def add(self, row: ServiceReminder) -> None:
        self.session.add(row)
        self.session.flush()

    def due_rows(self, shop_id: uuid.UUID, by_date: date, limit: int = 500) -> list[Row[Any]]:
        """Active reminders with their vehicle's odometer; the caller decides 'due soon'."""
        stmt = (
            select(
                ServiceReminder, Vehicle.odometer, Vehicle.year, Vehicle.make, Vehicle.model, Vehicle.plate
            )
            .join(Vehicle, Vehicle.id == ServiceReminder.vehicle_id)
            .where(
                ServiceReminder.shop_id == shop_id,
                ServiceReminder.active.is_(True),
                Vehicle.deleted_at.is_(None),
            )
            .order_by(ServiceReminder.due_date)
            .limit(limit)
        )
        return list(self.session.execute(stmt))
