"""A car's time in a bay: the bay's history lines, and an assignment ending.

A work order that is completed, invoiced or cancelled leaves its bay here, in
the transaction that changes its status, so a bay never holds a finished car
and its room counts only the cars still being worked on.
"""

from __future__ import annotations

import uuid

from app.db.models_bays import BayAssignment, BayStatusLog, ServiceBay
from app.db.types import now_utc
from app.domain.bays import AssignmentStatus
from app.domain.permissions import Actor
from app.domain.work_orders import STATUS_LABELS, Status
from app.repositories.bays import BayRepository
from app.services.uow import UnitOfWork


def uow_bays(uow: UnitOfWork) -> BayRepository:
    return BayRepository(uow.session)


def log_bay(
    uow: UnitOfWork,
    actor: Actor,
    bay: ServiceBay,
    event: str,
    *,
    old: str = "",
    new: str = "",
    work_order_id: uuid.UUID | None = None,
    details: str = "",
) -> None:
    entry = BayStatusLog(
        shop_id=actor.shop_id,
        bay_id=bay.id,
        at=now_utc(),
        user_id=actor.user_id,
        event=event,
        old_status=old,
        new_status=new,
        work_order_id=work_order_id,
        details=details[:400],
    )
    uow_bays(uow).add_log(entry)
    uow.changed.add("bay_status_logs")


def leave_bay(uow: UnitOfWork, actor: Actor, work_order_id: uuid.UUID, why: Status) -> None:
    """The car of a work order that is completed, invoiced or cancelled leaves its bay.

    Called inside the transaction that changes the order's status, after the
    order row is locked (the same lock order as an assignment: the order,
    then its bay), so a bay never holds a finished car and its room counts
    only the cars still being worked on. A car in no bay is left alone.
    """
    repo = uow_bays(uow)
    current = repo.open_assignment(actor.shop_id, work_order_id)
    if current is None:
        return
    bay = repo.lock_bays(actor.shop_id, [current.bay_id])[current.bay_id]
    ended = AssignmentStatus.CANCELLED if why == Status.CANCELLED else AssignmentStatus.COMPLETED
    reason = f"work order {STATUS_LABELS[why].lower()}"
    close_assignment(uow, actor, current, ended, reason)
    log_bay(uow, actor, bay, "released", work_order_id=work_order_id, details=reason)


def close_assignment(
    uow: UnitOfWork, actor: Actor, row: BayAssignment, status: AssignmentStatus, note: str
) -> None:
    row.status = status.value
    row.ended_at = now_utc()
    if note:
        row.notes = (f"{row.notes}; {note}" if row.notes else note)[:400]
    uow.record(actor, actor.shop_id, "bay_assignments", row.id, "close", None, {"status": status})
