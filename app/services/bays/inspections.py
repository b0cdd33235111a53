"""What the technician writes from the bay: cause and correction, findings, recommendations, parts asked for.

A recommendation is a new job on the work order with its decision pending:
the front desk sees it as work awaiting the customer's authorization (the
order "needs reauthorization" once a first authorization exists).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from app.db.models_bays import InspectionItem, PartsRequest
from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.domain.bays import CONDITION_LABELS, Condition, check_photo
from app.domain.errors import NotFoundError, ValidationError
from app.domain.locale import parse_number
from app.domain.money import PLAIN_LOCALE, from_thousandths, to_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.repositories.bays import FindingsRepository
from app.services.base import Service
from app.services.bays.board import checked_text
from app.services.bays.clocks import check_job_owner
from app.services.bays.dto import InspectionView, PartsRequestView
from app.services.uow import UnitOfWork
from app.services.work_orders.views import load_work_order, needs_reauthorization, shop_pricing, touch

OPEN_FOR_FINDINGS = (Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED)


@dataclass(frozen=True)
class InspectionInput:
    item: str
    condition: Condition
    note: str = ""
    photo: bytes | None = None
    photo_name: str = "the file"
    job_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Recommendation:
    title: str
    concern: str = ""
    labor_hours: str = ""  # optional: a labor line at the order's rate


class InspectionService(Service):
    def record_findings(self, actor: Actor, job_id: uuid.UUID, cause: str, correction: str) -> None:
        """Cause and correction on the technician's job (3C: concern, cause, correction)."""
        require(actor, Action.RECORD_FINDINGS)
        cause = checked_text(cause, "cause", 4000)
        correction = checked_text(correction, "correction", 4000)

        def work(uow: UnitOfWork) -> None:
            job = uow.work_orders.job(actor.shop_id, job_id)
            if job is None:
                raise NotFoundError("That job is no longer on its work order.")
            order = _open_order(uow, actor, job.work_order_id)
            check_job_owner(actor, job)
            before = {"cause": job.cause, "correction": job.correction}
            job.cause, job.correction = cause, correction
            touch(order, actor)
            uow.record(
                actor,
                actor.shop_id,
                "jobs",
                job.id,
                "findings",
                before,
                {"cause": cause, "correction": correction},
            )
            uow.commit()

        self._write(work)

    def add_inspection(self, actor: Actor, work_order_id: uuid.UUID, data: InspectionInput) -> InspectionView:
        """One inspection finding; a photo must really be a picture, and not a huge one."""
        require(actor, Action.RECORD_FINDINGS)
        item = checked_text(data.item, "item", 200)
        if not item:
            raise ValidationError({"item": "say what was inspected (e.g. 'Front brake pads')"})
        note = checked_text(data.note, "note", 2000)
        try:
            condition = Condition(data.condition)
        except ValueError as exc:
            raise ValidationError(
                {"condition": "good, needs attention soon, or needs attention now"}
            ) from exc
        photo_type = check_photo(data.photo, data.photo_name) if data.photo is not None else ""

        def work(uow: UnitOfWork) -> InspectionView:
            order = _open_order(uow, actor, work_order_id)
            if data.job_id is not None:
                job = uow.work_orders.job(actor.shop_id, data.job_id)
                if job is None or job.work_order_id != order.id:
                    raise NotFoundError("That job is no longer on this work order.")
                check_job_owner(actor, job)
            row = InspectionItem(
                shop_id=actor.shop_id,
                work_order_id=order.id,
                job_id=data.job_id,
                item=item,
                condition=condition.value,
                note=note,
                photo=data.photo,
                photo_type=photo_type,
                created_by=actor.user_id,
            )
            FindingsRepository(uow.session).add(row)
            uow.record(
                actor,
                actor.shop_id,
                "inspection_items",
                row.id,
                "create",
                None,
                {"item": item, "condition": condition, "photo": photo_type, "work_order": order.number},
            )
            uow.commit()
            return _inspection_view(row)

        return self._write(work)

    def inspections(self, actor: Actor, work_order_id: uuid.UUID) -> list[InspectionView]:
        require(actor, Action.VIEW_WORK_ORDERS)
        return self._read(
            lambda uow: [
                _inspection_view(r)
                for r in FindingsRepository(uow.session).inspections(actor.shop_id, work_order_id)
            ]
        )

    def photo(self, actor: Actor, item_id: uuid.UUID) -> bytes | None:
        require(actor, Action.VIEW_WORK_ORDERS)

        def work(uow: UnitOfWork) -> bytes | None:
            row = FindingsRepository(uow.session).inspection(actor.shop_id, item_id)
            return row.photo if row else None

        return self._read(work)

    def recommend(self, actor: Actor, work_order_id: uuid.UUID, rec: Recommendation) -> uuid.UUID:
        """Extra work the technician found: a pending job the customer must authorize."""
        require(actor, Action.RECORD_FINDINGS)
        title = checked_text(rec.title, "title", 200)
        if not title:
            raise ValidationError({"title": "name the work (e.g. 'Replace serpentine belt')"})
        concern = checked_text(rec.concern, "concern", 4000)
        quantity = _hours(rec.labor_hours) if rec.labor_hours.strip() else None

        def work(uow: UnitOfWork) -> uuid.UUID:
            order = _open_order(uow, actor, work_order_id)
            if order.status == Status.COMPLETED:
                raise ValidationError(
                    {"work_order": f"work order {order.number} is completed; write a new estimate"}
                )
            jobs = uow.work_orders.jobs(order.id)
            job = Job(
                shop_id=actor.shop_id,
                work_order_id=order.id,
                position=len(jobs) + 1,
                title=title,
                concern=concern,
                technician_id=actor.user_id if actor.can(Action.CLOCK_TIME) else None,
                decision="pending",
            )
            uow.work_orders.add(job)
            if quantity is not None:
                _add_labor_line(uow, actor, order, job, quantity)
            uow.session.flush()
            order.needs_reauthorization = needs_reauthorization(order, uow.work_orders.jobs(order.id))
            touch(order, actor)
            uow.record(
                actor,
                actor.shop_id,
                "jobs",
                job.id,
                "recommend",
                None,
                {
                    "title": title,
                    "concern": concern,
                    "hours": from_thousandths(quantity) if quantity else None,
                },
            )
            uow.commit()
            return job.id

        return self._write(work)

    def request_part(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        description: str,
        quantity: str = "1",
        note: str = "",
        job_id: uuid.UUID | None = None,
    ) -> PartsRequestView:
        """A part asked for from the bay (for one job, when known): it joins the parts counter's queue."""
        require(actor, Action.RECORD_FINDINGS)
        description = checked_text(description, "description", 300)
        if not description:
            raise ValidationError({"description": "say which part (e.g. 'Serpentine belt 6PK2120')"})
        note = checked_text(note, "note", 400)
        amount = _hours(quantity, field="quantity")

        def work(uow: UnitOfWork) -> PartsRequestView:
            order = _open_order(uow, actor, work_order_id)
            if job_id is not None:
                job = uow.work_orders.job(actor.shop_id, job_id)
                if job is None or job.work_order_id != order.id:
                    raise NotFoundError("That job is no longer on this work order.")
            row = PartsRequest(
                shop_id=actor.shop_id,
                work_order_id=order.id,
                job_id=job_id,
                description=description,
                quantity=amount,
                note=note,
                requested_by=actor.user_id,
            )
            FindingsRepository(uow.session).add(row)
            uow.record(
                actor,
                actor.shop_id,
                "parts_requests",
                row.id,
                "create",
                None,
                {"part": description, "work_order": order.number},
            )
            uow.commit()
            return PartsRequestView(
                row.id,
                order.number,
                description,
                from_thousandths(amount),
                note,
                row.status,
                actor.name,
                row.requested_at,
                order.id,
                job_id,
            )

        return self._write(work)

    def parts_requests(self, actor: Actor, work_order_id: uuid.UUID | None = None) -> list[PartsRequestView]:
        """A work order's requests, or every open one (the parts counter's queue)."""
        require(actor, Action.VIEW_WORK_ORDERS)

        def work(uow: UnitOfWork) -> list[PartsRequestView]:
            rows = FindingsRepository(uow.session).parts_requests(actor.shop_id, work_order_id)
            return [
                PartsRequestView(
                    r.PartsRequest.id,
                    r.number,
                    r.PartsRequest.description,
                    from_thousandths(r.PartsRequest.quantity),
                    r.PartsRequest.note,
                    r.PartsRequest.status,
                    r.user_name or "",
                    r.PartsRequest.requested_at,
                    r.PartsRequest.work_order_id,
                    r.PartsRequest.job_id,
                    r.job_title or "",
                    r.PartsRequest.close_note,
                )
                for r in rows
            ]

        return self._read(work)


def _add_labor_line(uow: UnitOfWork, actor: Actor, order: WorkOrder, job: Job, quantity: int) -> None:
    """The recommended job's labor, named as the job, at the order's labor rate."""
    pricing = shop_pricing(uow, actor.shop_id)
    uow.work_orders.add(
        WorkOrderLine(
            shop_id=actor.shop_id,
            work_order_id=order.id,
            job_id=job.id,
            position=1,
            kind=LineKind.LABOR.value,
            description=job.title,
            quantity=quantity,
            unit_price=order.labor_rate,
            taxable=pricing.is_taxable(LineKind.LABOR),
        )
    )


def _open_order(uow: UnitOfWork, actor: Actor, work_order_id: uuid.UUID) -> WorkOrder:
    order = load_work_order(uow, actor, work_order_id, for_update=True)
    if Status(order.status) not in OPEN_FOR_FINDINGS:
        raise ValidationError(
            {
                "work_order": f"work order {order.number} is {order.status.replace('_', ' ')}; it takes no findings"
            }
        )
    return order


def _hours(text: str, field: str = "labor_hours") -> int:
    try:
        value = parse_number(text, PLAIN_LOCALE, field=field, decimals=None)
    except ValidationError as exc:
        raise ValidationError({field: "give a number (e.g. 1.5)"}) from exc
    if not Decimal("0") < value <= Decimal("999"):
        raise ValidationError({field: "must be more than 0 and at most 999"})
    try:
        return to_thousandths(value)
    except ValueError as exc:
        raise ValidationError({field: "at most three decimals"}) from exc


def _inspection_view(row: InspectionItem) -> InspectionView:
    condition = Condition(row.condition)
    return InspectionView(
        row.id,
        row.item,
        condition.value,
        CONDITION_LABELS[condition],
        row.note,
        row.photo is not None,
        row.photo_type,
        row.created_at,
    )
