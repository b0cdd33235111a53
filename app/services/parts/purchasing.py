"""Reorder list, purchase orders per vendor, and receiving them (fully or in part)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from app.db.models_parts import PurchaseOrder, PurchaseOrderLine, VendorAccountEntry
from app.domain.errors import NotFoundError, StaleEditError, ValidationError
from app.domain.money import from_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.stock import MovementKind, format_quantity, parse_amount, parse_quantity
from app.domain.vendor_returns import VendorEntryKind, receipt_charge
from app.repositories.parts import PartsRepository
from app.repositories.vendor_returns import VendorReturnRepository
from app.services.base import Service
from app.services.parts.dto import PurchaseOrderLineView, PurchaseOrderView, ReorderRow
from app.services.parts.ledger import Change, Document, apply_stock, parts_repo
from app.services.uow import UnitOfWork

PO_COUNTER = "purchase_order"
FIRST_PO = 1001


class PurchasingService(Service):
    def reorder_list(self, actor: Actor) -> list[ReorderRow]:
        """Parts at or under their reorder point, with the vendor they are ordered from."""
        require(actor, Action.VIEW_PARTS)

        def work(uow: UnitOfWork) -> list[ReorderRow]:
            repo = parts_repo(uow)
            names = {v.id: v.name for v in repo.vendors(actor.shop_id)}
            return [
                ReorderRow(
                    part.id,
                    part.sku,
                    part.name,
                    from_thousandths(on_hand),
                    from_thousandths(point),
                    from_thousandths(quantity),
                    part.cost,
                    vendor_id,
                    names.get(vendor_id, "") if vendor_id else "",
                )
                for part, on_hand, point, quantity, vendor_id in repo.reorder_rows(actor.shop_id)
            ]

        return self._read(work)

    def create_purchase_orders(
        self, actor: Actor, part_ids: list[uuid.UUID] | None = None
    ) -> list[PurchaseOrderView]:
        """The reorder list (or the chosen rows of it) becomes one purchase order per vendor."""
        require(actor, Action.RECEIVE_STOCK)

        def work(uow: UnitOfWork) -> list[PurchaseOrderView]:
            repo = parts_repo(uow)
            # the purchase order counter's row lock first, the reorder list read after it: a second
            # terminal ordering at the same moment waits, then sees these parts on order
            uow.counters.ensure(actor.shop_id, PO_COUNTER, FIRST_PO - 1)
            uow.counters.lock(actor.shop_id, PO_COUNTER)
            by_vendor = _reorder_by_vendor(repo, actor, part_ids)
            created = [
                _add_purchase_order(uow, repo, actor, vendor_id, by_vendor[vendor_id])
                for vendor_id in sorted(by_vendor, key=str)
            ]
            uow.session.flush()
            uow.commit()
            return [_view(uow, po, ()) for po in created]

        return self._write(work)

    def purchase_orders(self, actor: Actor, open_only: bool = True) -> list[PurchaseOrderView]:
        require(actor, Action.VIEW_PARTS)
        return self._read(
            lambda uow: [
                _view(uow, po, ()) for po in parts_repo(uow).purchase_orders(actor.shop_id, open_only)
            ]
        )

    def receive(
        self,
        actor: Actor,
        po_id: uuid.UUID,
        received: dict[uuid.UUID, str],
        expected_version: int,
        costs: dict[uuid.UUID, str] | None = None,
    ) -> PurchaseOrderView:
        """What came in, per line: stock rises at the received cost; more than ordered is
        accepted and the over-receipt is recorded as a warning on the movement."""
        require(actor, Action.RECEIVE_STOCK)
        costs = costs or {}

        def work(uow: UnitOfWork) -> PurchaseOrderView:
            repo = parts_repo(uow)
            po = _lock_open_order(repo, actor, po_id, expected_version)
            lines = {ln.id: ln for ln in repo.po_lines([po.id])}
            changes = _receive_lines(repo, actor, po, lines, received, costs)
            if not changes:
                raise ValidationError({"received": "enter the quantity that came in on at least one line"})
            applied = apply_stock(uow, actor, changes, Document("purchase_order", po.id, str(po.number)))
            _charge_vendor(uow, actor, po, changes)
            done = all(ln.quantity_received >= ln.quantity_ordered for ln in lines.values())
            before = po.status
            po.status = "received" if done else "partial"
            po.version += 1
            uow.record(
                actor,
                actor.shop_id,
                "purchase_orders",
                po.id,
                "receive",
                {"status": before},
                {"status": po.status, "lines": len(changes), "warnings": list(applied.warnings)},
            )
            uow.commit()
            return _view(uow, po, applied.warnings)

        return self._write(work)


def _reorder_by_vendor(
    repo: PartsRepository, actor: Actor, part_ids: list[uuid.UUID] | None
) -> dict[uuid.UUID, list[Any]]:
    """The reorder rows to order (all, or the chosen ones), grouped by their vendor."""
    rows = repo.reorder_rows(actor.shop_id)
    if part_ids is not None:
        wanted = set(part_ids)
        rows = [r for r in rows if r[0].id in wanted]
    no_vendor = [r[0].sku for r in rows if r.vendor_id is None]
    if no_vendor:
        raise ValidationError({"vendor": f"give these parts a vendor first: {', '.join(no_vendor[:10])}"})
    if not rows:
        raise ValidationError({"reorder": "nothing is at or under its reorder point"})
    by_vendor: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for r in rows:
        by_vendor[r.vendor_id].append(r)
    return by_vendor


def _add_purchase_order(
    uow: UnitOfWork, repo: PartsRepository, actor: Actor, vendor_id: uuid.UUID, rows: list[Any]
) -> PurchaseOrder:
    """One vendor's purchase order, numbered from the shop's counter, with its lines and audit entry."""
    po = PurchaseOrder(
        shop_id=actor.shop_id,
        number=uow.counters.next(actor.shop_id, PO_COUNTER),
        vendor_id=vendor_id,
        status="open",
        created_by=actor.user_id,
    )
    repo.add(po)
    uow.session.flush()
    for position, r in enumerate(rows, start=1):
        part, on_hand, point, quantity = r[0], r[1], r[2], r[3]
        # enough to get back above the reorder point
        order = max(quantity, point - on_hand + quantity)
        repo.add(
            PurchaseOrderLine(
                shop_id=actor.shop_id,
                purchase_order_id=po.id,
                part_id=part.id,
                position=position,
                quantity_ordered=order,
                quantity_received=0,
                unit_cost=part.cost,
            )
        )
    uow.record(
        actor,
        actor.shop_id,
        "purchase_orders",
        po.id,
        "create",
        None,
        {"number": po.number, "lines": len(rows)},
    )
    return po


def _lock_open_order(
    repo: PartsRepository, actor: Actor, po_id: uuid.UUID, expected_version: int
) -> PurchaseOrder:
    """The purchase order, locked, as the receiving screen loaded it and still awaiting goods."""
    po = repo.purchase_order(actor.shop_id, po_id, for_update=True)
    if po is None:
        raise NotFoundError("That purchase order does not exist.")
    if po.version != expected_version:
        raise StaleEditError(f"Purchase order {po.number}", "another user", "just now")
    if po.status not in ("open", "partial"):
        raise ValidationError({"status": f"purchase order {po.number} is {po.status}"})
    return po


def _receive_lines(
    repo: PartsRepository,
    actor: Actor,
    po: PurchaseOrder,
    lines: dict[uuid.UUID, PurchaseOrderLine],
    received: dict[uuid.UUID, str],
    costs: dict[uuid.UUID, str],
) -> list[Change]:
    """Count what came in on each line; returns the stock changes, an over-receipt as a warning."""
    parts = repo.parts(actor.shop_id, {ln.part_id for ln in lines.values()})
    changes = []
    for line_id, text in received.items():
        line = lines.get(line_id)
        if line is None:
            raise NotFoundError("A received line is not on this purchase order.")
        if not text.strip() or text.strip() == "0":
            continue
        part = parts[line.part_id]
        qty = parse_quantity(text, fractional=part.fractional, field=part.sku)
        cost = parse_amount(costs.get(line_id, ""), f"{part.sku} cost", required=False)
        cost = line.unit_cost if cost is None else cost
        outstanding = line.quantity_ordered - line.quantity_received
        warning = ""
        if qty > outstanding:
            warning = (
                f"received {format_quantity(qty)}, {format_quantity(max(outstanding, 0))} "
                f"were outstanding on PO {po.number}"
            )
        line.quantity_received += qty
        changes.append(Change(part.id, qty, MovementKind.RECEIVE, cost, warning=warning))
    return changes


def _charge_vendor(uow: UnitOfWork, actor: Actor, po: PurchaseOrder, changes: list[Change]) -> None:
    """The vendor's account is charged what came in (received quantity × received cost), audited."""
    amount = receipt_charge([(c.quantity, c.unit_cost or Decimal("0")) for c in changes])
    if not amount:
        return
    entry = VendorAccountEntry(
        id=uuid.uuid4(),
        shop_id=actor.shop_id,
        vendor_id=po.vendor_id,
        kind=VendorEntryKind.RECEIPT_CHARGE.value,
        amount=amount,
        document_type="purchase_order",
        document_id=po.id,
        document_number=str(po.number),
        user_id=actor.user_id,
    )
    uow.session.add(entry)
    uow.record(
        actor,
        actor.shop_id,
        "vendor_account_entries",
        entry.id,
        "receipt_charge",
        None,
        {"vendor_id": po.vendor_id, "purchase_order": po.number, "amount": amount},
    )


def _view(uow: UnitOfWork, po: PurchaseOrder, warnings: tuple[str, ...]) -> PurchaseOrderView:
    repo = parts_repo(uow)
    lines = repo.po_lines([po.id])
    parts = repo.parts(po.shop_id, {ln.part_id for ln in lines})
    vendor = repo.vendor(po.shop_id, po.vendor_id)
    return PurchaseOrderView(
        po.id,
        po.number,
        po.vendor_id,
        vendor.name if vendor else "",
        po.status,
        po.created_at,
        po.version,
        tuple(
            PurchaseOrderLineView(
                ln.id,
                ln.part_id,
                parts[ln.part_id].sku,
                parts[ln.part_id].name,
                from_thousandths(ln.quantity_ordered),
                from_thousandths(ln.quantity_received),
                ln.unit_cost,
            )
            for ln in lines
        ),
        warnings,
        VendorReturnRepository(uow.session).vendor_balance(po.shop_id, po.vendor_id),
    )
