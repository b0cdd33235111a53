"""Work orders with their jobs, lines and authorizations; canned jobs; reminders."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import aliased

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

OPEN_STATUSES = ("estimate", "approved", "in_progress", "on_hold", "completed")


class WorkOrderRepository(Repository):
    def add(self, row: Any) -> None:
        self.session.add(row)
        self.session.flush()

    def get(
        self, shop_id: uuid.UUID, work_order_id: uuid.UUID, *, for_update: bool = False
    ) -> WorkOrder | None:
        stmt = select(WorkOrder).where(WorkOrder.id == work_order_id, WorkOrder.shop_id == shop_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def id_by_number(self, shop_id: uuid.UUID, number: int) -> uuid.UUID | None:
        return self.session.scalar(
            select(WorkOrder.id).where(WorkOrder.shop_id == shop_id, WorkOrder.number == number)
        )

    def jobs(self, work_order_id: uuid.UUID) -> list[Job]:
        stmt = (
            select(Job)
            .where(Job.work_order_id == work_order_id, Job.removed.is_(False))
            .order_by(Job.position)
        )
        return list(self.session.scalars(stmt))

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
        stmt = (
            select(WorkOrderLine)
            .where(WorkOrderLine.work_order_id == work_order_id)
            .order_by(WorkOrderLine.job_id, WorkOrderLine.position)
        )
        return list(self.session.scalars(stmt))

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
        tech = aliased(User)
        techs = (
            select(Job.work_order_id, func.min(tech.display_name).label("technician"))
            .join(tech, tech.id == Job.technician_id)
            .where(Job.shop_id == shop_id, Job.removed.is_(False))
            .group_by(Job.work_order_id)
            .subquery()
        )
        stmt = (
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
                techs.c.technician,
            )
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .outerjoin(techs, techs.c.work_order_id == WorkOrder.id)
            .where(WorkOrder.shop_id == shop_id, WorkOrder.status.in_(statuses))
            .order_by(WorkOrder.number.desc())
            .limit(limit)
        )
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
        return list(self.session.execute(stmt))

    def counts_by_status(self, shop_id: uuid.UUID) -> dict[str, int]:
        stmt = (
            select(WorkOrder.status, func.count())
            .where(WorkOrder.shop_id == shop_id, WorkOrder.status.in_(OPEN_STATUSES))
            .group_by(WorkOrder.status)
        )
        return {status: count for status, count in self.session.execute(stmt)}

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
