"""A trouble code becomes recommended work: a pending job the customer authorizes, or waits for.

"Recommend" puts a diagnosis job on the vehicle's open work order (the one it
is in the shop for); with no open order it is kept, and the next work order
opened for the vehicle starts with it (``attach_waiting``, called by the
work order service when it opens one). Either way the job's decision is
pending: nothing is charged before the customer authorizes it.
"""

from __future__ import annotations

import uuid

from app.db.models import Vehicle
from app.db.models_readings import CodeRecommendation
from app.db.models_work_orders import Job, WorkOrder
from app.db.types import now_utc
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.permissions import Actor
from app.domain.readings import codes_in
from app.repositories.readings import ReadingRepository
from app.services.readings.codes import describe
from app.services.readings.dto import RecommendResult
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork
from app.services.work_orders.views import needs_reauthorization, touch

OPEN_FOR_WORK = ("estimate", "approved", "in_progress", "on_hold")


def job_title(code: str) -> str:
    return f"Diagnose {code}: {describe(code)}"[:200]


def recommend_code(uow: UnitOfWork, actor: Actor, vehicle_id: uuid.UUID, code: str) -> RecommendResult:
    if codes_in(code) != (code,):
        raise ValidationError({"code": f"'{code}' is not a trouble code (P0301, U0100...)"})
    vehicle = uow.vehicles.get(actor.shop_id, vehicle_id, for_update=True)
    if vehicle is None:
        raise NotFoundError("That vehicle no longer exists.")
    title = job_title(code)
    concern = _concern(uow, actor, vehicle, code)
    order = _open_order(uow, actor, vehicle.id)
    row = CodeRecommendation(
        shop_id=actor.shop_id,
        vehicle_id=vehicle.id,
        code=code,
        title=title,
        concern=concern,
        requested_by=actor.user_id,
    )
    if order is None:
        if any(r.code == code for r in ReadingRepository(uow.session).waiting(actor.shop_id, vehicle.id)):
            raise ConflictError(f"{code} is already kept for this vehicle's next work order.")
        ReadingRepository(uow.session).add_recommendation(row)
        uow.record(actor, actor.shop_id, "code_recommendations", row.id, "create", None, {"code": code})
        return RecommendResult(code, title, None, None)
    if any(j.title == title and not j.removed for j in uow.work_orders.jobs(order.id)):
        raise ConflictError(f"{code} is on work order {order.number} already.")
    job = _add_job(uow, actor, order, title, concern)
    row.work_order_id, row.job_id, row.attached_at = order.id, job.id, now_utc()
    ReadingRepository(uow.session).add_recommendation(row)
    return RecommendResult(code, title, order.number, job.id)


def attach_waiting(uow: UnitOfWork, actor: Actor, order: WorkOrder) -> int:
    """The codes kept for this vehicle become pending jobs of its new work order."""
    waiting = ReadingRepository(uow.session).waiting(actor.shop_id, order.vehicle_id)
    for row in waiting:
        job = _add_job(uow, actor, order, row.title, row.concern)
        row.work_order_id, row.job_id, row.attached_at = order.id, job.id, now_utc()
    return len(waiting)


def _open_order(uow: UnitOfWork, actor: Actor, vehicle_id: uuid.UUID) -> WorkOrder | None:
    """The newest work order of the vehicle whose work is not done yet, locked for the new job."""
    for order in uow.work_orders.for_vehicle(actor.shop_id, vehicle_id, limit=20):
        if order.status in OPEN_FOR_WORK:
            return uow.work_orders.get(actor.shop_id, order.id, for_update=True)
    return None


def _add_job(uow: UnitOfWork, actor: Actor, order: WorkOrder, title: str, concern: str) -> Job:
    jobs = uow.work_orders.jobs(order.id)
    job = Job(
        shop_id=actor.shop_id,
        work_order_id=order.id,
        position=len(jobs) + 1,
        title=title,
        concern=concern,
        decision="pending",
    )
    uow.work_orders.add(job)
    uow.session.flush()
    order.needs_reauthorization = needs_reauthorization(order, uow.work_orders.jobs(order.id))
    touch(order, actor)
    after = {"title": title, "concern": concern, "work_order": order.number}
    uow.record(actor, actor.shop_id, "jobs", job.id, "recommend", None, after)
    return job


def _concern(uow: UnitOfWork, actor: Actor, vehicle: Vehicle, code: str) -> str:
    """Where the code came from: the newest reading that reported it, on the shop's clock."""
    shop = shop_locale(uow.shops.get(actor.shop_id))
    for reading in ReadingRepository(uow.session).recent(actor.shop_id, 200, vehicle.id):
        row = reading[0]
        if code in row.codes.split():
            return f"{code} ({describe(code)}) reported by {row.source} on {shop.date_time(row.taken_at)}."
    return f"{code} ({describe(code)})."
