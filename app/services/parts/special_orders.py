"""Parts ordered for one work order: what the car did not need goes back, or is kept on purpose.

A special order is a part the counter ordered for a work order (not for the
shelf). What of it ends up on the order's authorized jobs is used; the rest
must go back to the vendor on a return document, or be kept in stock by the
parts clerk with a reason, before the work order closes (completed,
cancelled or invoiced). Lock order: the work order row, then the special
order rows, the inventory rows by part id, the audit head.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from app.db.models_parts import SpecialOrder
from app.db.models_work_orders import WorkOrder
from app.domain.contact import clean_text, contains_card_number
from app.domain.errors import NotFoundError, ValidationError
from app.domain.money import from_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.stock import format_quantity, parse_quantity
from app.domain.vendor_returns import SpecialOrderBalance, unreturned_message
from app.domain.work_orders import Status
from app.repositories.vendor_returns import VendorReturnRepository
from app.services.base import Service
from app.services.parts.dto import SpecialOrderView
from app.services.parts.ledger import parts_repo
from app.services.uow import UnitOfWork
from app.services.work_orders.views import load_work_order

CLOSED = (Status.COMPLETED.value, Status.INVOICED.value, Status.CANCELLED.value)


class SpecialOrderService(Service):
    def order(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        part_id: uuid.UUID,
        quantity: str,
        vendor_id: uuid.UUID | None = None,
    ) -> SpecialOrderView:
        """A part ordered from a vendor for this work order (the part's usual vendor unless named)."""
        require(actor, Action.RECEIVE_STOCK)
        return self._write(lambda uow: _order(uow, actor, work_order_id, part_id, quantity, vendor_id))

    def keep_in_stock(
        self, actor: Actor, special_order_id: uuid.UUID, quantity: str, reason: str
    ) -> SpecialOrderView:
        """The parts clerk keeps what the car did not need on the shelf instead of returning it."""
        require(actor, Action.RECEIVE_STOCK)
        note = clean_text(reason)
        if not note:
            raise ValidationError({"reason": "say why the part stays in stock (e.g. 'we sell it often')"})
        if len(note) > 200 or contains_card_number(note):
            raise ValidationError({"reason": "at most 200 characters, and never a card number"})

        def work(uow: UnitOfWork) -> SpecialOrderView:
            row = lock_special_order(uow, actor, special_order_id)
            qty = _within_open(uow, actor, row, quantity, "keep")
            row.kept += qty
            row.kept_reason = note
            row.version += 1
            uow.record(
                actor,
                actor.shop_id,
                "special_orders",
                row.id,
                "keep_in_stock",
                None,
                {"quantity": qty, "kept": row.kept, "reason": note},
            )
            uow.commit()
            return special_order_views(uow, actor, [row])[0]

        return self._write(work)

    def open_orders(self, actor: Actor, work_order_id: uuid.UUID | None = None) -> list[SpecialOrderView]:
        """Special orders with something still to return or keep (of one work order, or all)."""
        require(actor, Action.VIEW_PARTS)

        def work(uow: UnitOfWork) -> list[SpecialOrderView]:
            rows = VendorReturnRepository(uow.session).special_orders(actor.shop_id, work_order_id)
            return [v for v in special_order_views(uow, actor, rows) if v.open > 0]

        return self._read(work)


def _order(
    uow: UnitOfWork,
    actor: Actor,
    work_order_id: uuid.UUID,
    part_id: uuid.UUID,
    quantity: str,
    vendor_id: uuid.UUID | None,
) -> SpecialOrderView:
    order = load_work_order(uow, actor, work_order_id, for_update=True)
    if order.status in CLOSED:
        raise ValidationError(
            {"work_order": f"work order {order.number} is closed; it takes no special order"}
        )
    part = parts_repo(uow).part(actor.shop_id, part_id)
    if part is None:
        raise NotFoundError("That part is not in this shop's catalog.")
    repo = VendorReturnRepository(uow.session)
    vendor_id = vendor_id or repo.preferred_vendor(actor.shop_id, part.id)
    if vendor_id is None or parts_repo(uow).vendor(actor.shop_id, vendor_id) is None:
        raise ValidationError({"vendor": f"choose the vendor part {part.sku} is ordered from"})
    row = SpecialOrder(
        shop_id=actor.shop_id,
        work_order_id=order.id,
        part_id=part.id,
        vendor_id=vendor_id,
        quantity=parse_quantity(quantity, fractional=part.fractional),
        returned=0,
        kept=0,
        created_by=actor.user_id,
    )
    repo.add(row)
    uow.session.flush()
    uow.record(
        actor,
        actor.shop_id,
        "special_orders",
        row.id,
        "order",
        None,
        {"work_order": order.number, "sku": part.sku, "quantity": row.quantity},
    )
    uow.commit()
    return special_order_views(uow, actor, [row])[0]


def lock_special_order(uow: UnitOfWork, actor: Actor, special_order_id: uuid.UUID) -> SpecialOrder:
    row = VendorReturnRepository(uow.session).special_order(actor.shop_id, special_order_id, for_update=True)
    if row is None:
        raise NotFoundError("That special order does not exist.")
    return row


def _within_open(uow: UnitOfWork, actor: Actor, row: SpecialOrder, quantity: str, verb: str) -> int:
    """``quantity`` parsed, refused when more than is still open on the special order."""
    part = parts_repo(uow).part(actor.shop_id, row.part_id)
    assert part is not None  # a special order's part is never deleted (foreign key)
    qty = parse_quantity(quantity, fractional=part.fractional)
    still = balances(uow, [row])[row.id].open
    if qty > still:
        raise ValidationError(
            {
                "quantity": f"only {format_quantity(still)} of special-order part {part.sku} is unused; "
                f"{format_quantity(qty)} asked to {verb}"
            }
        )
    return qty


def balances(
    uow: UnitOfWork, rows: list[SpecialOrder], *, cancelling: bool = False
) -> dict[uuid.UUID, SpecialOrderBalance]:
    """What each special order has used, returned, kept and still open.

    Used is read from the work order's authorized part lines and shared
    among special orders of the same part in the order they were made; a
    cancelled work order used nothing.
    """
    used = (
        {}
        if cancelling
        else VendorReturnRepository(uow.session).used_on_work_orders({r.work_order_id for r in rows})
    )
    parts = parts_repo(uow).parts(rows[0].shop_id, {r.part_id for r in rows}) if rows else {}
    left: dict[tuple[uuid.UUID, uuid.UUID], int] = defaultdict(int, used)
    out: dict[uuid.UUID, SpecialOrderBalance] = {}
    for r in sorted(rows, key=lambda r: (r.created_at, str(r.id))):
        key = (r.work_order_id, r.part_id)
        share = min(left[key], r.quantity)
        left[key] -= share
        out[r.id] = SpecialOrderBalance(parts[r.part_id].sku, r.quantity, share, r.returned, r.kept)
    return out


def refuse_open_special_orders(uow: UnitOfWork, actor: Actor, order: WorkOrder, new_status: Status) -> None:
    """A work order does not close while a special-order part of it is neither used, returned nor kept."""
    rows = VendorReturnRepository(uow.session).special_orders(actor.shop_id, order.id)
    if not rows:
        return
    found = balances(uow, rows, cancelling=new_status == Status.CANCELLED)
    still = [(b.sku, format_quantity(b.open)) for b in found.values() if b.open > 0]
    if still:
        raise ValidationError({"special_orders": unreturned_message(order.number, still)})


def special_order_views(uow: UnitOfWork, actor: Actor, rows: list[SpecialOrder]) -> list[SpecialOrderView]:
    if not rows:
        return []
    repo = VendorReturnRepository(uow.session)
    found = balances(uow, rows)
    parts = parts_repo(uow).parts(actor.shop_id, {r.part_id for r in rows})
    vendors = {v.id: v.name for v in parts_repo(uow).vendors(actor.shop_id)}
    numbers = repo.work_order_numbers({r.work_order_id for r in rows})
    return [
        SpecialOrderView(
            r.id,
            r.work_order_id,
            numbers.get(r.work_order_id, 0),
            r.part_id,
            parts[r.part_id].sku,
            parts[r.part_id].name,
            r.vendor_id,
            vendors.get(r.vendor_id, ""),
            from_thousandths(r.quantity),
            from_thousandths(found[r.id].used),
            from_thousandths(r.returned),
            from_thousandths(r.kept),
            from_thousandths(found[r.id].open),
            parts[r.part_id].cost,
        )
        for r in rows
    ]
