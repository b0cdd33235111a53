"""Returns to vendors: a numbered return document that takes stock out and credits the vendor.

Special-order parts the car did not need, wrong or damaged parts, and used
cores go back to a vendor on one kind of document: its number comes from the
shop's counter (locked in the same transaction, so a rolled-back return
leaves no gap), parts leave sellable stock through ``apply_stock`` (the
stock ledger), cores leave the core shelf through ``move_cores`` (the core
ledger), and the vendor's account is credited with the sum of the lines.
Lock order: the return counter, the special orders being returned, the
inventory rows by part id, the audit head.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from app.db.models_parts import Part, SpecialOrder, VendorAccountEntry, VendorReturn, VendorReturnLine
from app.domain.contact import clean_text
from app.domain.errors import NotFoundError, ValidationError
from app.domain.money import from_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.stock import CoreKind, MovementKind, format_quantity, parse_amount, parse_quantity
from app.domain.vendor_returns import (
    REASON_LABELS,
    LineKind,
    ReturnReason,
    VendorEntryKind,
    line_credit,
    return_credit,
)
from app.repositories.vendor_returns import VendorReturnRepository
from app.services.base import Service
from app.services.parts.cores import move_cores
from app.services.parts.dto import VendorReturnLineView, VendorReturnRow, VendorReturnView
from app.services.parts.ledger import Change, Document, apply_stock, parts_repo
from app.services.parts.special_orders import balances, lock_special_order
from app.services.uow import UnitOfWork

RETURN_COUNTER = "vendor_return"
RETURN_TABLES = ("vendor_returns", "vendor_account_entries", "special_orders")


@dataclass(frozen=True)
class ReturnLineInput:
    part_id: uuid.UUID
    quantity: str
    unit_cost: str = ""  # empty: the part's cost (a core: its core charge)
    kind: str = LineKind.PART.value
    special_order_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ReturnInput:
    vendor_id: uuid.UUID
    reason: str  # a ReturnReason value
    rma_number: str
    lines: tuple[ReturnLineInput, ...]
    note: str = ""


@dataclass(frozen=True)
class _Line:
    part: Part
    kind: LineKind
    quantity: int
    unit_cost: Decimal
    special_order: SpecialOrder | None


class VendorReturnService(Service):
    def post(self, actor: Actor, entry: ReturnInput) -> VendorReturnView:
        """The return goes out: numbered, stock and cores leave, the vendor's account is credited."""
        require(actor, Action.RECEIVE_STOCK)
        return self._write(lambda uow: post_return(uow, actor, entry))

    def returns(self, actor: Actor, limit: int = 500) -> list[VendorReturnRow]:
        """The shop's returns to vendors, newest first."""
        require(actor, Action.VIEW_PARTS)

        def work(uow: UnitOfWork) -> list[VendorReturnRow]:
            rows = VendorReturnRepository(uow.session).returns(actor.shop_id, limit)
            return [
                VendorReturnRow(
                    r.id,
                    r.number,
                    r.created_at,
                    vendor,
                    r.rma_number,
                    REASON_LABELS[ReturnReason(r.reason)],
                    wo_number,
                    int(lines),
                    r.credit,
                )
                for r, vendor, lines, wo_number in rows
            ]

        return self._read(work)

    def get(self, actor: Actor, return_id: uuid.UUID) -> VendorReturnView:
        """One return document, as printed."""
        require(actor, Action.VIEW_PARTS)

        def work(uow: UnitOfWork) -> VendorReturnView:
            row = VendorReturnRepository(uow.session).vendor_return(actor.shop_id, return_id)
            if row is None:
                raise NotFoundError("That return does not exist.")
            return _view(uow, row, ())

        return self._read(work)

    def vendor_balance(self, actor: Actor, vendor_id: uuid.UUID) -> Decimal:
        """What the shop owes the vendor by its account; negative: the vendor owes the shop credit."""
        require(actor, Action.VIEW_PARTS)
        return self._read(
            lambda uow: VendorReturnRepository(uow.session).vendor_balance(actor.shop_id, vendor_id)
        )


def post_return(uow: UnitOfWork, actor: Actor, entry: ReturnInput) -> VendorReturnView:
    """Write one return document in ``uow`` and commit it (see the module's lock order)."""
    reason = _reason(entry.reason)
    rma = clean_text(entry.rma_number)
    note = clean_text(entry.note)
    if not rma and reason != ReturnReason.CORE:
        raise ValidationError({"rma_number": "enter the vendor's RMA number for this return"})
    if not entry.lines:
        raise ValidationError({"lines": "add at least one part or core to return"})
    vendor = parts_repo(uow).vendor(actor.shop_id, entry.vendor_id)
    if vendor is None:
        raise NotFoundError("That vendor is not in this shop's list.")
    uow.counters.ensure(actor.shop_id, RETURN_COUNTER, 0)
    number = uow.counters.next(actor.shop_id, RETURN_COUNTER)
    lines = _lines(uow, actor, entry)
    work_orders = {ln.special_order.work_order_id for ln in lines if ln.special_order is not None}
    _lock_inventory(uow, actor, lines)
    credit = return_credit([(ln.quantity, ln.unit_cost) for ln in lines])
    head = VendorReturn(
        shop_id=actor.shop_id,
        number=number,
        vendor_id=vendor.id,
        rma_number=rma,
        reason=reason.value,
        note=note,
        work_order_id=next(iter(work_orders)) if len(work_orders) == 1 else None,
        credit=credit,
        created_by=actor.user_id,
        terminal_id=actor.terminal_id,
    )
    repo = VendorReturnRepository(uow.session)
    repo.add(head)
    uow.session.flush()
    _write_lines(repo, actor, head, lines)
    warnings = _move_goods(uow, actor, head, lines)
    _credit_vendor(uow, repo, actor, head)
    uow.session.flush()
    uow.commit()
    return _view(uow, head, warnings)


def _reason(text: str) -> ReturnReason:
    try:
        return ReturnReason(text)
    except ValueError:
        raise ValidationError({"reason": "choose why the parts go back"}) from None


def _lines(uow: UnitOfWork, actor: Actor, entry: ReturnInput) -> list[_Line]:
    """Each line checked: the part, its quantity and cost, and the special order it settles (locked)."""
    parts = parts_repo(uow).parts(actor.shop_id, {ln.part_id for ln in entry.lines})
    out: list[_Line] = []
    for ln in entry.lines:
        part = parts.get(ln.part_id)
        if part is None:
            raise NotFoundError("A part on this return is not in the shop's catalog.")
        try:
            kind = LineKind(ln.kind)
        except ValueError:
            raise ValidationError({"kind": "a returned line is a part or a core"}) from None
        qty = parse_quantity(ln.quantity, fractional=part.fractional, field=part.sku)
        cost = parse_amount(ln.unit_cost, f"{part.sku} unit cost", required=False)
        if cost is None:
            cost = part.core_charge if kind == LineKind.CORE else part.cost
        order = None
        if ln.special_order_id is not None:
            order = _settle(uow, actor, ln.special_order_id, part, entry.vendor_id, qty)
        out.append(_Line(part, kind, qty, cost, order))
    return out


def _settle(
    uow: UnitOfWork, actor: Actor, order_id: uuid.UUID, part: Part, vendor_id: uuid.UUID, qty: int
) -> SpecialOrder:
    """The special order a line returns, locked; no more goes back than was left unused."""
    order = lock_special_order(uow, actor, order_id)
    if order.part_id != part.id or order.vendor_id != vendor_id:
        raise ValidationError({"special_order": f"that special order is not for {part.sku} from this vendor"})
    still = balances(uow, [order])[order.id].open
    if qty > still:
        raise ValidationError(
            {
                "quantity": f"only {format_quantity(still)} of special-order part {part.sku} is unused; "
                f"{format_quantity(qty)} asked to return"
            }
        )
    order.returned += qty
    order.version += 1
    return order


def _lock_inventory(uow: UnitOfWork, actor: Actor, lines: list[_Line]) -> None:
    """Every inventory row the return touches, locked at once by part id (the one lock order)."""
    repo = parts_repo(uow)
    keys = sorted({(actor.shop_id, ln.part.id) for ln in lines}, key=lambda k: str(k[1]))
    repo.ensure_inventory(keys)
    repo.lock_inventory(keys)


def _write_lines(repo: VendorReturnRepository, actor: Actor, head: VendorReturn, lines: list[_Line]) -> None:
    for position, ln in enumerate(lines, start=1):
        repo.add(
            VendorReturnLine(
                shop_id=actor.shop_id,
                return_id=head.id,
                position=position,
                kind=ln.kind.value,
                part_id=ln.part.id,
                sku=ln.part.sku,
                description=ln.part.name[:300],
                quantity=ln.quantity,
                unit_cost=ln.unit_cost,
                special_order_id=ln.special_order.id if ln.special_order else None,
            )
        )


def _move_goods(uow: UnitOfWork, actor: Actor, head: VendorReturn, lines: list[_Line]) -> tuple[str, ...]:
    """Parts out of stock (one ledger movement each), cores off the core shelf."""
    why = f"RMA {head.rma_number}" if head.rma_number else REASON_LABELS[ReturnReason(head.reason)]
    changes = [
        Change(ln.part.id, -ln.quantity, MovementKind.VENDOR_RETURN, ln.unit_cost, reason=why)
        for ln in lines
        if ln.kind == LineKind.PART
    ]
    warnings: tuple[str, ...] = ()
    if changes:
        document = Document("vendor_return", head.id, str(head.number))
        warnings = apply_stock(uow, actor, changes, document).warnings
    for ln in lines:
        if ln.kind == LineKind.CORE:
            quantity = format_quantity(ln.quantity)
            move_cores(
                uow, actor, ln.part.id, quantity, CoreKind.TO_VENDOR, why, ("vendor_return", str(head.number))
            )
    for ln in lines:
        if ln.special_order is not None:
            uow.record(
                actor,
                actor.shop_id,
                "special_orders",
                ln.special_order.id,
                "return",
                None,
                {"quantity": ln.quantity, "returned": ln.special_order.returned, "return": head.number},
            )
    return warnings


def _credit_vendor(uow: UnitOfWork, repo: VendorReturnRepository, actor: Actor, head: VendorReturn) -> None:
    """The vendor's account owes the shop the return's credit; the document itself is audited."""
    repo.add(
        VendorAccountEntry(
            shop_id=actor.shop_id,
            vendor_id=head.vendor_id,
            kind=VendorEntryKind.RETURN_CREDIT.value,
            amount=-head.credit,
            document_type="vendor_return",
            document_id=head.id,
            document_number=str(head.number),
            user_id=actor.user_id,
        )
    )
    uow.record(
        actor,
        actor.shop_id,
        "vendor_returns",
        head.id,
        "post",
        None,
        {
            "number": head.number,
            "vendor_id": head.vendor_id,
            "rma_number": head.rma_number,
            "reason": head.reason,
            "credit": head.credit,
        },
    )
    uow.changed.update(RETURN_TABLES)


def _view(uow: UnitOfWork, head: VendorReturn, warnings: tuple[str, ...]) -> VendorReturnView:
    repo = VendorReturnRepository(uow.session)
    vendor = parts_repo(uow).vendor(head.shop_id, head.vendor_id)
    names = uow.users.names({head.created_by}) if head.created_by else {}
    wo = repo.work_order_numbers({head.work_order_id}) if head.work_order_id else {}
    reason = ReturnReason(head.reason)
    return VendorReturnView(
        head.id,
        head.number,
        head.vendor_id,
        vendor.name if vendor else "",
        vendor.phone if vendor else "",
        vendor.account_number if vendor else "",
        head.rma_number,
        reason.value,
        REASON_LABELS[reason],
        head.note,
        wo.get(head.work_order_id) if head.work_order_id else None,
        head.created_at,
        names.get(head.created_by, "") if head.created_by else "",
        head.credit,
        tuple(
            VendorReturnLineView(
                ln.position,
                ln.kind,
                ln.sku,
                ln.description,
                from_thousandths(ln.quantity),
                ln.unit_cost,
                line_credit(ln.quantity, ln.unit_cost),
            )
            for ln in repo.lines(head.id)
        ),
        repo.vendor_balance(head.shop_id, head.vendor_id),
        warnings,
    )
