"""Allocation follows the work order line: the one place where a line's stock moves.

A part line that names a catalog part holds ``allocated`` thousandths off the
shelf (0 until it is allocated). Every change of that figure goes through
``follow``: allocated at the parts counter, on the customer's approval or
when work starts (a shop setting), quantity raised or lowered, line removed,
job declined, order cancelled, invoice voided with its parts returned, and
the rest taken when the order is invoiced. ``follow`` writes the matching
movements against the work order through ``apply_stock``, in the caller's
transaction. So, for every work order and part, what its lines hold equals
minus the sum of the movements written against it, and a part billed has
left the shelf exactly once.

Lock order: the caller has locked the work order row; ``apply_stock`` (and
``lock_present`` before it, for the automatic allocations) locks the
inventory rows by part id; ``commit()`` locks the audit head last.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from app.db.models_parts import Part
from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.domain.permissions import Actor
from app.domain.stock import AllocateOn, MovementKind, NegativeStock
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.repositories.stock_ledger import StockLedgerRepository
from app.services.parts.ledger import Change, Document, apply_stock, stock_settings
from app.services.uow import UnitOfWork

ON_THE_JOB = (Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD)
WORK_STARTED = (Status.IN_PROGRESS, Status.ON_HOLD)


@dataclass(frozen=True)
class Held:
    """What a line held before a change: its catalog part and how much of it was off the shelf."""

    part_id: uuid.UUID | None
    allocated: int
    unit_cost: Decimal

    @classmethod
    def of(cls, line: WorkOrderLine) -> Held:
        return cls(line.part_id, line.allocated or 0, line.unit_cost)


def follow(
    uow: UnitOfWork,
    actor: Actor,
    row: WorkOrder,
    moves: Iterable[tuple[Held, WorkOrderLine | None]],
    reason: str,
    parts: dict[uuid.UUID, Part] | None = None,
) -> tuple[str, ...]:
    """Write the movements taking each line from what it held to what it holds now.

    ``line`` None: the line is gone, and everything it held comes back. A line
    whose part changed gives the old part back and takes the new one. Returns
    the stock warnings recorded (negative stock allowed by the shop). ``parts``:
    the catalog rows the caller loaded already (not read again).
    """
    changes: list[Change] = []
    for held, line in moves:
        now_part = line.part_id if line is not None else None
        now_allocated = (line.allocated or 0) if line is not None and now_part is not None else 0
        if held.part_id is not None and held.part_id == now_part:
            _shift(changes, held.part_id, now_allocated - held.allocated, held.unit_cost, reason)
            continue
        if held.part_id is not None:
            _shift(changes, held.part_id, -held.allocated, held.unit_cost, reason)
        if now_part is not None and line is not None:
            _shift(changes, now_part, now_allocated, line.unit_cost, reason)
    if not changes:
        return ()
    document = Document("work_order", row.id, str(row.number))
    return apply_stock(uow, actor, changes, document, parts=parts).warnings


def _shift(changes: list[Change], part_id: uuid.UUID, taken: int, unit_cost: Decimal, reason: str) -> None:
    """``taken`` more thousandths off the shelf for the job (negative: back on the shelf)."""
    if taken > 0:  # leaves at today's cost, the way a counter sale does
        changes.append(Change(part_id, -taken, MovementKind.ALLOCATION, reason=reason))
    elif taken < 0:  # comes back at the cost the line snapshotted
        changes.append(Change(part_id, -taken, MovementKind.JOB_RETURN, unit_cost, reason=reason))


def release(
    uow: UnitOfWork, actor: Actor, row: WorkOrder, lines: Iterable[WorkOrderLine], reason: str
) -> tuple[str, ...]:
    """Everything ``lines`` hold goes back on the shelf; the lines stay, holding nothing."""
    moves = []
    for line in lines:
        if line.part_id is not None and line.allocated:
            held = Held.of(line)
            line.allocated = 0
            moves.append((held, line))
    _audit(uow, actor, moves, "release", reason)
    return follow(uow, actor, row, moves, reason)


def _audit(
    uow: UnitOfWork, actor: Actor, moves: list[tuple[Held, WorkOrderLine]], action: str, reason: str
) -> None:
    """What each line holds, before and after, for the lines a status change or an invoice moved."""
    for held, line in moves:
        uow.record(
            actor,
            actor.shop_id,
            "work_order_lines",
            line.id,
            action,
            {"allocated": held.allocated},
            {"allocated": line.allocated, "reason": reason},
        )


def allocated_after_edit(held: Held, old_quantity: int, line: WorkOrderLine) -> int:
    """What an edited line holds: a fully allocated line follows its new quantity; a partly
    allocated one keeps what it holds (never more than its quantity); a new part holds nothing."""
    if line.part_id is None or line.part_id != held.part_id or held.allocated == 0:
        return 0
    if held.allocated >= old_quantity:
        return line.quantity
    return min(held.allocated, line.quantity)


def take_the_rest(
    uow: UnitOfWork,
    actor: Actor,
    row: WorkOrder,
    lines: Iterable[WorkOrderLine],
    reason: str,
    *,
    only_what_is_there: bool = False,
) -> tuple[str, ...]:
    """Each catalog line takes from the shelf what it does not hold yet.

    ``only_what_is_there``: an automatic allocation (on approval, on starting
    work) takes what the shelf has when the shop refuses negative stock, and
    leaves the rest for the parts counter; it never refuses the person's action.
    """
    wanting = [ln for ln in lines if ln.part_id is not None and (ln.allocated or 0) < ln.quantity]
    if not wanting:
        return ()
    available: dict[uuid.UUID, int] | None = None
    if only_what_is_there and stock_settings(uow, actor.shop_id).negative_stock == NegativeStock.REFUSE:
        available = lock_present(uow, actor, {ln.part_id for ln in wanting if ln.part_id is not None})
    moves = []
    for line in wanting:
        assert line.part_id is not None
        want = line.quantity - (line.allocated or 0)
        if available is not None:
            want = min(want, max(available.get(line.part_id, 0), 0))
            available[line.part_id] = available.get(line.part_id, 0) - want
        if want > 0:
            held = Held.of(line)
            line.allocated = (line.allocated or 0) + want
            moves.append((held, line))
    _audit(uow, actor, moves, "allocate", reason)
    return follow(uow, actor, row, moves, reason)


def lock_present(uow: UnitOfWork, actor: Actor, part_ids: set[uuid.UUID]) -> dict[uuid.UUID, int]:
    """On hand of the parts that have an inventory row, those rows locked (by part id)."""
    rows = StockLedgerRepository(uow.session).lock_on_hand([(actor.shop_id, pid) for pid in part_ids])
    return {part_id: on_hand for (_shop, part_id), on_hand in rows.items()}


def allocate_if_due(uow: UnitOfWork, actor: Actor, row: WorkOrder) -> tuple[str, ...]:
    """The shop's automatic allocation: on approval, or once work has started.

    Only the jobs the customer has authorized as they stand (approved, not
    changed since) take their parts; the rest wait for the next authorization.
    """
    setting = stock_settings(uow, actor.shop_id).allocate_on
    status = Status(row.status)
    due = (setting == AllocateOn.APPROVAL and status in ON_THE_JOB) or (
        setting == AllocateOn.START_WORK and status in WORK_STARTED
    )
    if not due:
        return ()
    ready = {
        j.id
        for j in uow.work_orders.jobs(row.id)
        if j.decision == "approved" and not j.changed_since_authorized
    }
    lines = [ln for ln in uow.work_orders.lines(row.id) if ln.job_id in ready]
    reason = "authorized" if setting == AllocateOn.APPROVAL else "work started"
    return take_the_rest(uow, actor, row, lines, reason, only_what_is_there=True)


def release_jobs(
    uow: UnitOfWork, actor: Actor, row: WorkOrder, jobs: Iterable[Job], reason: str
) -> tuple[str, ...]:
    """Parts held by these jobs' lines (declined, removed) go back on the shelf."""
    ids = {job.id for job in jobs}
    if not ids:
        return ()
    return release(uow, actor, row, [ln for ln in uow.work_orders.lines(row.id) if ln.job_id in ids], reason)


def settle_for_invoice(
    uow: UnitOfWork, actor: Actor, row: WorkOrder, billed: set[uuid.UUID], lines: list[WorkOrderLine]
) -> tuple[str, ...]:
    """Before an invoice is written: what it bills has left the shelf, what it does not bill is back.

    A catalog part still on the shelf leaves now (a part billed was used); one
    held by a job that is not billed (declined, pending) returns. Refused when
    the shop refuses negative stock and the shelf is short.
    """
    warnings = release(uow, actor, row, [ln for ln in lines if ln.job_id not in billed], "not invoiced")
    parts = [ln for ln in lines if ln.job_id in billed and ln.kind == LineKind.PART.value]
    return warnings + take_the_rest(uow, actor, row, parts, "invoiced")
