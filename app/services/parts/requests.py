"""The parts counter's queue: parts asked for from the bays, filled by an allocation or cancelled.

A technician's request (``InspectionService.request_part``) waits as
"requested"; the counter fills it by allocating a catalog part to its job (the
same allocation as the counter's ticket: stock leaves through ``apply_stock``
and the job's line follows) or cancels it with a reason. Either closes it for
good, with who, when and what. Lock order: the request row, then the work
order, the inventory rows by part id, the audit head; two counters filling
the same request queue on its row, and the second is told it was filled.
"""

from __future__ import annotations

import uuid

from app.db.models_bays import PartsRequest
from app.db.types import now_utc
from app.domain.contact import clean_text, contains_card_number
from app.domain.errors import NotFoundError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.stock import parse_quantity
from app.repositories.bays import FindingsRepository
from app.services.base import Service
from app.services.parts.allocation import Allocated, allocate_to_job, finish, open_for_parts
from app.services.parts.ledger import parts_repo
from app.services.uow import UnitOfWork

OPEN = "requested"


class PartsRequestService(Service):
    def fill(
        self,
        actor: Actor,
        request_id: uuid.UUID,
        part_id: uuid.UUID,
        quantity: str,
        job_id: uuid.UUID | None = None,
    ) -> Allocated:
        """The part asked for leaves the shelf for the request's job; the request is filled.

        ``job_id`` names the job when the technician did not and the order has
        more than one authorized job.
        """
        require(actor, Action.ALLOCATE_PARTS)
        return self._write(lambda uow: _fill(uow, actor, request_id, part_id, quantity, job_id))

    def cancel(self, actor: Actor, request_id: uuid.UUID, reason: str) -> None:
        """The counter will not fill a request (wrong part, no longer needed): it leaves the queue."""
        require(actor, Action.ALLOCATE_PARTS)
        note = clean_text(reason)
        if not note:
            raise ValidationError({"reason": "say why the request is cancelled"})
        if len(note) > 400 or contains_card_number(note):
            raise ValidationError({"reason": "at most 400 characters, and never a card number"})

        def work(uow: UnitOfWork) -> None:
            request = _open_request(uow, actor, request_id)
            _close(uow, actor, request, "cancelled", note, None)
            uow.commit()

        self._write(work)


def _fill(
    uow: UnitOfWork,
    actor: Actor,
    request_id: uuid.UUID,
    part_id: uuid.UUID,
    quantity: str,
    job_id: uuid.UUID | None,
) -> Allocated:
    request = _open_request(uow, actor, request_id)
    row = open_for_parts(uow, actor, request.work_order_id, None)
    part = parts_repo(uow).part(actor.shop_id, part_id)
    if part is None:
        raise NotFoundError("That part is not in this shop's catalog.")
    qty = parse_quantity(quantity, fractional=part.fractional)
    approved = [j for j in uow.work_orders.jobs(row.id) if j.decision == "approved" and not j.removed]
    chosen = job_id or request.job_id
    if chosen is None and len(approved) == 1:
        chosen = approved[0].id
    job = next((j for j in approved if j.id == chosen), None)
    if job is None:
        raise ValidationError(
            {"job": f"choose the authorized job of work order {row.number} the part is for"}
            if chosen is None
            else {"job": "that job is not authorized by the customer; parts go to authorized jobs"}
        )
    line_id, warnings = allocate_to_job(uow, actor, row, job, [(part, qty)])
    _close(uow, actor, request, "filled", f"{part.sku} x {clean_text(quantity)}", part.id)
    return finish(uow, actor, row, line_id, warnings)


def _open_request(uow: UnitOfWork, actor: Actor, request_id: uuid.UUID) -> PartsRequest:
    """The request, locked, still waiting in the queue."""
    request = FindingsRepository(uow.session).parts_request(actor.shop_id, request_id, for_update=True)
    if request is None:
        raise NotFoundError("That parts request does not exist.")
    if request.status != OPEN:
        raise ValidationError({"status": f"this request was {request.status} already"})
    return request


def _close(
    uow: UnitOfWork, actor: Actor, request: PartsRequest, status: str, note: str, part_id: uuid.UUID | None
) -> None:
    request.status = status
    request.part_id = part_id
    request.closed_by = actor.user_id
    request.closed_at = now_utc()
    request.close_note = note[:400]
    uow.record(
        actor,
        actor.shop_id,
        "parts_requests",
        request.id,
        status,
        {"status": OPEN},
        {"status": status, "note": request.close_note},
    )
    uow.changed.add("parts_requests")
