"""Job and ticket discounts on an open estimate or work order, priced by the price sheet.

A discount is a percent of, or an amount off, what its job (or the whole
ticket) comes to after the lines' own discounts; its reason prints on the
invoice. Setting one replaces the job's (or the ticket's) earlier one. Its
percent (for an amount: the amount ÷ what it covers) above the giver's limit on
the price sheet needs an owner: the giver has the right to approve large
discounts, or an owner signed in at the same terminal to approve it (the
dialog's prompt) is handed in as ``approver``. Every change is audited and
moves the order's version, like any edit of the estimate.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.db.models_work_orders import WorkOrder, WorkOrderDiscount
from app.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from app.domain.order_discounts import NEED_SHEET, DiscountEffect, discount_effect, parse_discount
from app.domain.permissions import Action, Actor, require
from app.domain.price_sheet import PriceSheet
from app.domain.ticket_pricing import DocumentDiscount
from app.domain.work_orders import Status
from app.repositories.order_discounts import OrderDiscountRepository
from app.services.base import Service
from app.services.settings.price_sheet import shop_sheet
from app.services.uow import UnitOfWork
from app.services.work_orders.discount_views import document_discounts
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.views import (
    OFFERED,
    build_view,
    job_index,
    load_work_order,
    refuse_stale,
    sheet_sources,
    touch,
)

OPEN = (Status.ESTIMATE, Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD)
REPRICE_FIRST = (
    "this estimate was written before the price sheet: re-price it, then give job or ticket discounts"
)


@dataclass(frozen=True)
class DiscountInput:
    kind: str  # "percent" or "amount"
    value: str  # as typed: 10 (percent) or 25.00 (amount)
    reason: str


@dataclass(frozen=True)
class DiscountPreview:
    """What a discount would take off, of how much, and whether it needs an owner."""

    amount: Decimal
    percent: Decimal
    covered: Decimal
    limit: Decimal  # the giver's limit in percent
    needs_owner: bool


class OrderDiscountService(Service):
    def preview(
        self, actor: Actor, work_order_id: uuid.UUID, job_id: uuid.UUID | None, discount: DiscountInput
    ) -> DiscountPreview:
        """The discount's effect on the estimate as it is now; nothing is written."""
        require(actor, Action.WRITE_ESTIMATES)

        def read(uow: UnitOfWork) -> DiscountPreview:
            row = load_work_order(uow, actor, work_order_id)
            effect, limit = _effect(uow, actor, row, job_id, discount)
            needs = effect.percent > limit and not actor.can(Action.APPROVE_LARGE_DISCOUNTS)
            return DiscountPreview(effect.amount, effect.percent, effect.covered, limit, needs)

        return self._read(read)

    def set_discount(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        job_id: uuid.UUID | None,
        discount: DiscountInput,
        expected_version: int,
        approver: Actor | None = None,
    ) -> WorkOrderView:
        """Give (or replace) the discount of a job, or of the whole ticket when ``job_id`` is None."""
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            effect, limit = _effect(uow, actor, row, job_id, discount)
            approved_by = _approval(actor, approver, effect.percent, limit)
            repo = OrderDiscountRepository(uow.session)
            old = _current(repo, actor, row, job_id)
            before = _fields(old) if old is not None else None
            if old is not None:
                repo.delete(old)
            parsed = parse_discount(discount.kind, discount.value, discount.reason)
            new = WorkOrderDiscount(
                shop_id=actor.shop_id,
                work_order_id=row.id,
                job_id=job_id,
                kind=parsed.kind.value,
                value=parsed.value,
                reason=parsed.reason,
                given_by=actor.user_id,
                approved_by=approved_by,
            )
            repo.add(new)
            uow.session.flush()
            after = {**_fields(new), "amount": effect.amount, "percent": effect.percent}
            uow.record(actor, actor.shop_id, "work_order_discounts", new.id, "set", before, after)

        return self._edit(actor, work_order_id, expected_version, change)

    def remove_discount(
        self, actor: Actor, work_order_id: uuid.UUID, job_id: uuid.UUID | None, expected_version: int
    ) -> WorkOrderView:
        """Take off the job's (or the ticket's) discount."""
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            repo = OrderDiscountRepository(uow.session)
            old = _current(repo, actor, row, job_id)
            if old is None:
                raise NotFoundError("There is no such discount on this work order (removed meanwhile?).")
            uow.record(actor, actor.shop_id, "work_order_discounts", old.id, "remove", _fields(old), None)
            repo.delete(old)

        return self._edit(actor, work_order_id, expected_version, change)

    def _edit(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        expected_version: int,
        change: Callable[[UnitOfWork, WorkOrder], None],
    ) -> WorkOrderView:
        def work(uow: UnitOfWork) -> WorkOrderView:
            row = load_work_order(uow, actor, work_order_id, for_update=True)
            refuse_stale(uow, actor, row, expected_version)
            status = Status(row.status)
            if status not in OPEN:
                raise ValidationError(
                    {"status": f"a work order that is {status.value.replace('_', ' ')} takes no new discount"}
                )
            change(uow, row)
            uow.session.flush()
            touch(row, actor)
            uow.commit()
            return build_view(uow, actor, row)

        return self._write(work)


def order_discounts(uow: UnitOfWork, shop_id: uuid.UUID, work_order_id: uuid.UUID) -> list[WorkOrderDiscount]:
    """The order's job and ticket discounts (for its totals and its invoice)."""
    return OrderDiscountRepository(uow.session).of_order(shop_id, work_order_id)


def _effect(
    uow: UnitOfWork, actor: Actor, row: WorkOrder, job_id: uuid.UUID | None, typed: DiscountInput
) -> tuple[DiscountEffect, Decimal]:
    """What the typed discount takes off the estimate (the jobs not declined), and the giver's limit."""
    current = shop_sheet(uow, actor.shop_id)
    if not row.price_sheet:
        raise ValidationError({"discount": REPRICE_FIRST if current is not None else NEED_SHEET})
    sheet = PriceSheet.from_json(row.price_sheet)
    jobs = uow.work_orders.jobs(row.id)
    index = job_index(jobs, OFFERED)
    what = "the ticket"
    if job_id is not None:
        job = next((j for j in jobs if j.id == job_id), None)
        if job is None:
            raise NotFoundError("That job is no longer on this work order.")
        if job_id not in index:
            raise ValidationError(
                {"discount": f"'{job.title}' is declined: a discount on it takes nothing off"}
            )
        what = f"'{job.title}'"
    parsed = parse_discount(typed.kind, typed.value, typed.reason)
    others = [
        d
        for r, d in document_discounts(order_discounts(uow, actor.shop_id, row.id), index)
        if r.job_id != job_id
    ]
    new = DocumentDiscount(parsed, None if job_id is None else index[job_id])
    sources = sheet_sources(uow.work_orders.lines(row.id), index)
    effect = discount_effect(sources, sheet, day=date.today(), new=new, others=others, what=what)
    limit = (current or sheet).discount_limit(actor.role.value)  # today's limits, when the sheet is there
    return effect, limit


def _approval(actor: Actor, approver: Actor | None, percent: Decimal, limit: Decimal) -> uuid.UUID | None:
    """Who approved a discount above the giver's limit (None: within it); refused without an owner."""
    if percent <= limit:
        return None
    if actor.can(Action.APPROVE_LARGE_DISCOUNTS):
        return actor.user_id
    if (
        approver is not None
        and approver.shop_id == actor.shop_id
        and approver.can(Action.APPROVE_LARGE_DISCOUNTS)
    ):
        return approver.user_id
    raise PermissionDeniedError(
        f"A discount of {percent.normalize():f} % is above your limit of {limit.normalize():f} %: "
        "an owner approves it."
    )


def _current(
    repo: OrderDiscountRepository, actor: Actor, row: WorkOrder, job_id: uuid.UUID | None
) -> WorkOrderDiscount | None:
    return next((d for d in repo.of_order(actor.shop_id, row.id) if d.job_id == job_id), None)


def _fields(row: WorkOrderDiscount) -> dict[str, object]:
    return {
        "work_order_id": row.work_order_id,
        "job_id": row.job_id,
        "kind": row.kind,
        "value": row.value,
        "reason": row.reason,
        "given_by": row.given_by,
        "approved_by": row.approved_by,
    }
