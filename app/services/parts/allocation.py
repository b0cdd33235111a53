"""Parts allocated to a job of a work order, and unused parts returned to stock.

Allocation writes the part line on the job (price snapshotted, ``part_id``
set) and the stock movement in one transaction, on the locked work order row
checked against the version the user loaded (the optimistic rule of the
estimate editor). Lock order: work order, inventory rows by part id, audit head.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.db.models_parts import Part
from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.domain.errors import NotFoundError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.stock import format_quantity, parse_quantity
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.base import Service
from app.services.parts.ledger import parts_repo, stock_settings
from app.services.parts.line_stock import Held, follow
from app.services.uow import UnitOfWork
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.views import (
    build_view,
    load_work_order,
    needs_reauthorization,
    refuse_stale,
    shop_pricing,
    touch,
)

ALLOCATABLE = (Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD)


@dataclass(frozen=True)
class Allocated:
    """The work order as saved, and any stock warning recorded on the movement."""

    view: WorkOrderView
    line_id: uuid.UUID | None
    warnings: tuple[str, ...] = ()


class AllocationService(Service):
    def allocate(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        job_id: uuid.UUID,
        part_id: uuid.UUID,
        quantity: str,
        expected_version: int,
    ) -> Allocated:
        """Stock leaves for an authorized job; the job gets (or grows) the part's line."""
        return self.allocate_lines(actor, work_order_id, job_id, [(part_id, quantity)], expected_version)

    def allocate_lines(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        job_id: uuid.UUID,
        lines: list[tuple[uuid.UUID, str]],
        expected_version: int,
    ) -> Allocated:
        """A whole ticket of parts to one job, in one transaction: all go out or none does."""
        require(actor, Action.ALLOCATE_PARTS)
        if not lines:
            raise ValidationError({"lines": "scan or add at least one part"})

        def work(uow: UnitOfWork) -> Allocated:
            row = open_for_parts(uow, actor, work_order_id, expected_version)
            jobs = uow.work_orders.jobs(row.id)  # read once: the one allocated to, and the reauthorization
            job = next((j for j in jobs if j.id == job_id), None)
            if job is None:
                raise NotFoundError("That job is no longer on this work order.")
            if job.decision != "approved":
                raise ValidationError(
                    {"job": f"'{job.title}' is not authorized by the customer; parts go to authorized jobs"}
                )
            parts = parts_repo(uow).parts(actor.shop_id, {part_id for part_id, _q in lines})
            if len(parts) != len({part_id for part_id, _q in lines}):
                raise NotFoundError("A part on this ticket is not in this shop's catalog.")
            wanted: dict[uuid.UUID, int] = {}
            for number, (part_id, quantity) in enumerate(lines, start=1):
                part = parts[part_id]
                qty = parse_quantity(quantity, fractional=part.fractional, field=f"line {number} quantity")
                wanted[part_id] = wanted.get(part_id, 0) + qty
            line_id, warnings = allocate_to_job(
                uow, actor, row, job, [(parts[p], q) for p, q in wanted.items()]
            )
            return finish(uow, actor, row, line_id, warnings, jobs)

        return self._write(work)

    def return_to_stock(
        self, actor: Actor, work_order_id: uuid.UUID, line_id: uuid.UUID, quantity: str, expected_version: int
    ) -> Allocated:
        """An unused allocated part goes back on the shelf; the line shrinks or goes."""
        require(actor, Action.ALLOCATE_PARTS)

        def work(uow: UnitOfWork) -> Allocated:
            row = open_for_parts(uow, actor, work_order_id, expected_version)
            line = uow.work_orders.line(actor.shop_id, line_id)
            if line is None or line.work_order_id != row.id:
                raise NotFoundError("That line is no longer on this work order.")
            if line.part_id is None:
                raise ValidationError(
                    {"line": "this line was not allocated from stock; edit it in the estimate"}
                )
            part = parts_repo(uow).part(actor.shop_id, line.part_id)
            qty = parse_quantity(quantity, fractional=bool(part and part.fractional))
            if qty > line.allocated:
                raise ValidationError(
                    {
                        "quantity": f"only {format_quantity(line.allocated)} of {line.part_number} "
                        "was taken from stock for this job"
                    }
                )
            held, before = Held.of(line), line.quantity
            job = uow.work_orders.job(actor.shop_id, line.job_id)
            line.allocated -= qty
            line.quantity -= qty  # unused: it comes off the bill as well as back on the shelf
            kept: WorkOrderLine | None = line
            if line.quantity == 0:
                uow.work_orders.delete_line(line)
                kept = None
            if job is not None and job.decision == "approved":
                job.changed_since_authorized = True
            uow.record(
                actor,
                actor.shop_id,
                "work_order_lines",
                line_id,
                "return_to_stock",
                {"quantity": before},
                {"quantity": before - qty},
            )
            warnings = follow(uow, actor, row, [(held, kept)], "unused")
            return finish(uow, actor, row, kept.id if kept else None, warnings)

        return self._write(work)


def allocate_to_job(
    uow: UnitOfWork, actor: Actor, row: WorkOrder, job: Job, wanted: list[tuple[Part, int]]
) -> tuple[uuid.UUID, tuple[str, ...]]:
    """Parts off the shelf onto an authorized job of a locked work order; returns the last line's id
    and the stock warnings. The customer is asked again only if the bill grew."""
    moves, grew = [], False
    for part, qty in wanted:
        held, line, grown = _add_to_job(uow, actor, row, job.id, part, qty)
        moves.append((held, line))
        grew = grew or grown
    warnings = follow(uow, actor, row, moves, "allocated", {part.id: part for part, _q in wanted})
    if grew:  # approved work changed: the customer sees the difference
        job.changed_since_authorized = True
    return moves[-1][1].id, warnings


def _add_to_job(
    uow: UnitOfWork, actor: Actor, row: WorkOrder, job_id: uuid.UUID, part: Part, qty: int
) -> tuple[Held, WorkOrderLine, bool]:
    """The job's line of the part takes ``qty`` more off the shelf, or a new line is written with
    today's price snapshotted. Returns what the line held before, the line, and whether the
    bill grew (a line on the estimate that is only filled changes nothing the customer pays)."""
    repo = parts_repo(uow)
    line = repo.allocated_line(job_id, part.id)
    if line is not None:  # the same part again: one line, priced as first snapshotted
        held, before = Held.of(line), line.quantity
        line.allocated += qty
        line.quantity = max(line.quantity, line.allocated)
        uow.record(
            actor,
            actor.shop_id,
            "work_order_lines",
            line.id,
            "allocate",
            {"quantity": before, "allocated": held.allocated},
            {"quantity": line.quantity, "allocated": line.allocated},
        )
        return held, line, line.quantity > before
    pricing = shop_pricing(uow, actor.shop_id)
    settings = stock_settings(uow, actor.shop_id)
    vendors = repo.vendor_numbers([part.id])
    position = repo.job_line_count(job_id) + 1
    line = WorkOrderLine(
        shop_id=actor.shop_id,
        work_order_id=row.id,
        job_id=job_id,
        position=position,
        kind=LineKind.PART.value,
        description=part.name[:300],
        part_number=part.sku,
        condition="new",
        quantity=qty,
        unit_price=settings.price_for(part.cost, part.price),
        unit_cost=part.cost,
        taxable=part.taxable and pricing.is_taxable(LineKind.PART),
        core_charge=part.core_charge,
        vendor=vendors[0].name if vendors else "",
        part_id=part.id,
        allocated=qty,
    )
    uow.work_orders.add(line)
    uow.session.flush()
    uow.record(
        actor,
        actor.shop_id,
        "work_order_lines",
        line.id,
        "allocate",
        None,
        {"part": part.sku, "quantity": qty, "unit_price": line.unit_price},
    )
    return Held(None, 0, part.cost), line, True


def open_for_parts(
    uow: UnitOfWork, actor: Actor, work_order_id: uuid.UUID, expected_version: int | None
) -> WorkOrder:
    """The locked work order, as the person loaded it (``expected_version``; None: as it is now),
    in a status that takes parts."""
    row = load_work_order(uow, actor, work_order_id, for_update=True)
    if expected_version is not None:
        refuse_stale(uow, actor, row, expected_version)
    status = Status(row.status)
    if status not in ALLOCATABLE:
        raise ValidationError(
            {
                "status": f"parts are allocated to approved work; this work order is {status.value.replace('_', ' ')}"
            }
        )
    return row


def finish(
    uow: UnitOfWork,
    actor: Actor,
    row: WorkOrder,
    line_id: uuid.UUID | None,
    warnings: tuple[str, ...],
    jobs: list[Job] | None = None,
) -> Allocated:
    """Version, who and when on the work order, and whether the customer must authorize again; the
    editor's read model is read before COMMIT, in the same transaction (one BEGIN per allocation).
    ``jobs``: the order's jobs as this transaction loaded them (None: read here)."""
    uow.session.flush()
    jobs = uow.work_orders.jobs(row.id) if jobs is None else jobs
    row.needs_reauthorization = needs_reauthorization(row, jobs)
    touch(row, actor)
    uow.changed.add("work_orders")
    uow.session.flush()
    view = build_view(uow, actor, row)
    uow.commit()
    return Allocated(view, line_id, warnings)
