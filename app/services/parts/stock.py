"""Stock changes outside sales and jobs: receiving without an order, counts, transfers; cores.

Each method is one user action and one transaction; every change of on hand
goes through ``apply_stock`` (row lock, policy, movement).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from app.db.models_parts import Inventory, Part, StockMovement
from app.db.types import now_utc
from app.domain.contact import clean_text, contains_card_number
from app.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from app.domain.money import from_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.stock import (
    MOVEMENT_LABELS,
    CoreKind,
    InsufficientStockError,
    MovementKind,
    StockSettings,
    adjustment_value,
    check_markup,
    format_quantity,
    parse_amount,
    parse_counted,
    parse_quantity,
)
from app.domain.vendor_returns import LineKind, ReturnReason
from app.repositories.parts import PartsRepository
from app.repositories.transfers import TransferRepository, TransferStatus
from app.repositories.vendor_returns import VendorReturnRepository
from app.services.base import Service
from app.services.parts.cores import core_movements, move_cores
from app.services.parts.dto import (
    CoreMovementView,
    CountResult,
    CountSheet,
    CountSheetRow,
    MovementView,
    StockChange,
)
from app.services.parts.ledger import STOCK_KEY, Change, Document, apply_stock, parts_repo, stock_settings
from app.services.parts.returns import ReturnInput, ReturnLineInput, post_return
from app.services.uow import UnitOfWork

COUNT_COUNTER = "stock_count"


@dataclass(frozen=True)
class CountEntry:
    part_id: uuid.UUID
    counted: str


class InventoryService(Service):
    def receive(
        self, actor: Actor, part_id: uuid.UUID, quantity: str, unit_cost: str = "", reason: str = ""
    ) -> StockChange:
        """Stock arriving without a purchase order (a walk-in delivery), at the cost given."""
        require(actor, Action.RECEIVE_STOCK)
        note = _reason(reason, required=False)

        def work(uow: UnitOfWork) -> StockChange:
            part = _part(uow, actor, part_id)
            qty = parse_quantity(quantity, fractional=part.fractional)
            cost = parse_amount(unit_cost, "unit_cost", required=False)
            applied = apply_stock(
                uow,
                actor,
                [Change(part.id, qty, MovementKind.RECEIVE, cost, reason=note)],
                Document("receipt"),
            )
            uow.record(actor, actor.shop_id, "inventory", part.id, "receive", None, {"quantity": qty})
            uow.commit()
            return _change(applied.on_hand[(actor.shop_id, part.id)], part.id, part.sku, applied.warnings)

        return self._write(work)

    def post_count(self, actor: Actor, entries: list[CountEntry], reason: str) -> CountResult:
        """Counted quantities in; each difference from on hand becomes an adjustment movement.

        The difference is taken against on hand under the lock, at the moment
        of posting, so a sale made while the shelf was being counted is not
        counted twice. Adjustments worth more than the shop's threshold need
        the owner's permission.
        """
        require(actor, Action.COUNT_STOCK)
        note = _reason(reason, required=True)
        if not entries:
            raise ValidationError({"counted": "enter at least one counted quantity"})
        if len({e.part_id for e in entries}) != len(entries):
            raise ValidationError({"counted": "a part is listed twice in this count"})

        def work(uow: UnitOfWork) -> CountResult:
            repo = parts_repo(uow)
            settings = stock_settings(uow, actor.shop_id)
            parts, counted = _counted(repo, actor, entries)
            keys = [(actor.shop_id, pid) for pid in counted]
            repo.ensure_inventory(keys)
            rows = repo.lock_inventory(keys)
            on_hand = {pid: rows[(actor.shop_id, pid)].on_hand for pid in counted}
            changes = _count_adjustments(actor, settings, parts, counted, on_hand, note)
            number = _next(uow, actor, COUNT_COUNTER)
            applied = apply_stock(uow, actor, changes, Document("count", None, str(number)), settings)
            uow.record(
                actor,
                actor.shop_id,
                "inventory",
                f"count {number}",
                "count",
                None,
                {"counted": len(entries), "adjusted": len(changes), "reason": note},
            )
            uow.changed.update(("inventory", "stock_movements"))
            uow.commit()
            adjusted = tuple(
                _change(applied.on_hand[(actor.shop_id, c.part_id)], c.part_id, parts[c.part_id].sku, ())
                for c in changes
            )
            return CountResult(number, adjusted, len(entries) - len(changes))

        return self._write(work)

    def transfer(self, actor: Actor, part_id: uuid.UUID, to_shop_id: uuid.UUID, quantity: str) -> StockChange:
        """Send stock to another shop of the chain: the same SKU leaves here and arrives there."""
        require(actor, Action.RECEIVE_STOCK)
        if to_shop_id == actor.shop_id:
            raise ValidationError({"to_shop": "choose another shop of the chain"})

        def work(uow: UnitOfWork) -> StockChange:
            part = _part(uow, actor, part_id)
            qty = parse_quantity(quantity, fractional=part.fractional)
            if not uow.db.is_sqlite:
                return _transfer_on_server(uow, actor, part, to_shop_id, qty)
            repo = parts_repo(uow)
            target = repo.by_sku(to_shop_id, part.sku)
            shop = uow.shops.get(to_shop_id)
            if target is None or shop is None:
                raise NotFoundError(
                    f"The other shop has no part {part.sku} in its catalog; add it there first."
                )
            transfer_id = uuid.uuid4()
            applied = apply_stock(
                uow,
                actor,
                [
                    Change(part.id, -qty, MovementKind.TRANSFER_OUT, reason=f"to {shop.name}"),
                    Change(
                        target.id, qty, MovementKind.TRANSFER_IN, part.cost, to_shop_id, reason="transfer"
                    ),
                ],
                Document("transfer", transfer_id),
            )
            uow.record(
                actor,
                actor.shop_id,
                "inventory",
                part.id,
                "transfer",
                None,
                {"to": shop.name, "quantity": qty},
            )
            from_shop = uow.shops.get(actor.shop_id)
            uow.record(
                actor,
                to_shop_id,
                "inventory",
                target.id,
                "transfer_in",
                None,
                {"from": from_shop.name if from_shop else "", "quantity": qty},
            )
            uow.commit()
            return _change(applied.on_hand[(actor.shop_id, part.id)], part.id, part.sku, applied.warnings)

        return self._write(work)

    def core_from_customer(
        self, actor: Actor, part_id: uuid.UUID, quantity: str, reason: str = "", document: str = ""
    ) -> StockChange:
        """A customer brings the old part back: it goes on the core shelf, never into sellable stock."""
        require(actor, Action.SELL_PARTS)
        note = _reason(reason, required=False)
        ref = _reason(document, required=False)

        def work(uow: UnitOfWork) -> StockChange:
            part, cores = move_cores(
                uow, actor, part_id, quantity, CoreKind.FROM_CUSTOMER, note, ("customer", ref)
            )
            uow.commit()
            return _cores_change(uow, actor, part, cores)

        return self._write(work)

    def core_return(
        self,
        actor: Actor,
        part_id: uuid.UUID,
        quantity: str,
        reason: str = "",
        vendor_id: uuid.UUID | None = None,
        rma_number: str = "",
    ) -> StockChange:
        """Cores sent back to the vendor, on a return document that credits the vendor's account.

        The vendor is the part's usual one unless named; sellable stock does not move.
        """
        require(actor, Action.RECEIVE_STOCK)
        note = _reason(reason, required=False)

        def work(uow: UnitOfWork) -> StockChange:
            part = _part(uow, actor, part_id)
            vendor = vendor_id or VendorReturnRepository(uow.session).preferred_vendor(actor.shop_id, part.id)
            if vendor is None:
                raise ValidationError({"vendor": f"choose the vendor the cores of {part.sku} go back to"})
            line = ReturnLineInput(part.id, quantity, kind=LineKind.CORE.value)
            post_return(uow, actor, ReturnInput(vendor, ReturnReason.CORE.value, rma_number, (line,), note))
            row = parts_repo(uow).inventory(actor.shop_id, part.id)
            return _cores_change(uow, actor, part, row.cores_on_hand if row else 0)

        return self._write(work)

    def core_movements(self, actor: Actor, part_id: uuid.UUID) -> list[CoreMovementView]:
        """The core ledger of one part, newest first (apart from the stock ledger)."""
        require(actor, Action.VIEW_PARTS)
        return self._read(lambda uow: core_movements(uow, actor, part_id))

    def movements(self, actor: Actor, part_id: uuid.UUID) -> list[MovementView]:
        """The ledger of one part in this shop, newest first."""
        require(actor, Action.VIEW_PARTS)

        def work(uow: UnitOfWork) -> list[MovementView]:
            rows = parts_repo(uow).movements(actor.shop_id, part_id)
            names = uow.users.names({r.user_id for r in rows if r.user_id})
            return [_movement_view(r, names.get(r.user_id, "") if r.user_id else "") for r in rows]

        return self._read(work)

    def ledger_differences(self, actor: Actor) -> dict[uuid.UUID, tuple[Decimal, Decimal]]:
        """Parts whose on hand differs from the sum of their movements (should be none)."""
        require(actor, Action.VIEW_PARTS)

        def work(uow: UnitOfWork) -> dict[uuid.UUID, tuple[Decimal, Decimal]]:
            sums = (
                select(StockMovement.part_id, func.sum(StockMovement.quantity).label("total"))
                .where(StockMovement.shop_id == actor.shop_id)
                .group_by(StockMovement.part_id)
                .subquery()
            )
            stmt = (
                select(Inventory.part_id, Inventory.on_hand, func.coalesce(sums.c.total, 0))
                .outerjoin(sums, sums.c.part_id == Inventory.part_id)
                .where(Inventory.shop_id == actor.shop_id)
            )
            return {
                pid: (from_thousandths(on_hand), from_thousandths(int(total)))
                for pid, on_hand, total in uow.session.execute(stmt)
                if on_hand != int(total)
            }

        return self._read(work)

    def count_sheet(self, actor: Actor, bin_prefix: str = "", category: str = "") -> CountSheet:
        """What to count on a shelf or in a category, for the printed count sheet."""
        require(actor, Action.COUNT_STOCK)
        bin_prefix, category = clean_text(bin_prefix).upper(), clean_text(category)
        if not bin_prefix and not category:
            raise ValidationError({"bin": "name a bin (or the start of one) or a category to count"})

        def work(uow: UnitOfWork) -> CountSheet:
            shop = uow.shops.get(actor.shop_id)
            rows = parts_repo(uow).count_rows(actor.shop_id, bin_prefix, category)
            title = " / ".join(t for t in (f"Bin {bin_prefix}*" if bin_prefix else "", category) if t)
            return CountSheet(
                shop.name if shop else "",
                title,
                now_utc(),
                tuple(
                    CountSheetRow(p.id, p.sku, p.name, bin_location, from_thousandths(on_hand), p.fractional)
                    for p, on_hand, bin_location in rows
                ),
            )

        return self._read(work)

    def update_settings(self, actor: Actor, settings: StockSettings) -> StockSettings:
        """Negative-stock policy, markup matrix, adjustment threshold (owner only)."""
        require(actor, Action.MANAGE_SETTINGS)
        check_markup(settings.markup)
        if settings.adjust_threshold < 0:
            raise ValidationError({"adjust_threshold": "must not be negative"})

        def work(uow: UnitOfWork) -> StockSettings:
            before = uow.shops.setting(actor.shop_id, STOCK_KEY)
            uow.shops.set_setting(actor.shop_id, STOCK_KEY, settings.to_json())
            uow.record(
                actor,
                actor.shop_id,
                "settings",
                STOCK_KEY,
                "update",
                {"stock": before},
                {"stock": settings.to_json()},
            )
            uow.commit()
            return settings

        return self._write(work)


def _counted(
    repo: PartsRepository, actor: Actor, entries: list[CountEntry]
) -> tuple[dict[uuid.UUID, Part], dict[uuid.UUID, int]]:
    """The counted parts, and each one's count parsed as the part is measured (thousandths)."""
    parts = repo.parts(actor.shop_id, [e.part_id for e in entries])
    if len(parts) != len(entries):
        raise NotFoundError("A counted part is no longer in the catalog.")
    counted = {
        e.part_id: parse_counted(
            e.counted, fractional=parts[e.part_id].fractional, field=parts[e.part_id].sku
        )
        for e in entries
    }
    return parts, counted


def _count_adjustments(
    actor: Actor,
    settings: StockSettings,
    parts: dict[uuid.UUID, Part],
    counted: dict[uuid.UUID, int],
    on_hand: dict[uuid.UUID, int],
    note: str,
) -> list[Change]:
    """One adjustment per part whose count differs from its locked on hand.

    An adjustment worth more than the shop's threshold refuses the whole
    count unless the actor may post it (the owner).
    """
    changes = []
    for pid, value in counted.items():
        difference = value - on_hand[pid]
        if difference == 0:
            continue
        worth = adjustment_value(difference, parts[pid].cost)
        if worth > settings.adjust_threshold and not actor.can(Action.ADJUST_STOCK_ABOVE_THRESHOLD):
            raise PermissionDeniedError(
                f"The count of {parts[pid].sku} changes stock by {format_quantity(difference)} "
                f"(worth {worth}), above the shop's limit of {settings.adjust_threshold}; "
                "ask the owner to post this count."
            )
        changes.append(Change(pid, difference, MovementKind.ADJUSTMENT, reason=note))
    return changes


def _transfer_on_server(
    uow: UnitOfWork, actor: Actor, part: Part, to_shop_id: uuid.UUID, qty: int
) -> StockChange:
    """The same transfer by the server's one cross-shop function (app/repositories/transfers.py)."""
    done = TransferRepository(uow.session).transfer(
        part.id, to_shop_id, qty, actor.user_id, actor.terminal_id
    )
    if done.status == TransferStatus.NO_TARGET_PART:
        raise NotFoundError(f"The other shop has no part {part.sku} in its catalog; add it there first.")
    if done.status == TransferStatus.SHORT:
        raise InsufficientStockError(part.sku, done.available or 0, qty)
    assert done.on_hand_after is not None
    uow.changed.update(("inventory", "stock_movements"))
    uow.changed_shops.add(actor.shop_id)
    uow.commit()
    warnings = (f"{part.sku}: {done.warning}",) if done.warning else ()
    return _change(done.on_hand_after, part.id, part.sku, warnings)


def _part(uow: UnitOfWork, actor: Actor, part_id: uuid.UUID) -> Part:
    part = parts_repo(uow).part(actor.shop_id, part_id)
    if part is None:
        raise NotFoundError("That part is not in this shop's catalog.")
    return part


def _next(uow: UnitOfWork, actor: Actor, name: str) -> int:
    uow.counters.ensure(actor.shop_id, name, 0)
    return uow.counters.next(actor.shop_id, name)


def _reason(text: str, *, required: bool) -> str:
    clean = clean_text(text)
    if required and not clean:
        raise ValidationError({"reason": "say why (e.g. 'cycle count', 'damaged')"})
    if len(clean) > 200:
        raise ValidationError({"reason": "is longer than 200 characters"})
    if contains_card_number(clean):
        raise ValidationError(
            {"reason": "looks like a payment card number; BayDesk never stores card numbers"}
        )
    return clean


def _cores_change(uow: UnitOfWork, actor: Actor, part: Part, cores: int) -> StockChange:
    """The part's sellable stock (a core never changes it) and the cores now on the core shelf."""
    row = parts_repo(uow).inventory(actor.shop_id, part.id)
    on_hand = row.on_hand if row else 0
    return StockChange(part.id, part.sku, from_thousandths(on_hand), cores_on_hand=from_thousandths(cores))


def _change(on_hand: int, part_id: uuid.UUID, sku: str, warnings: tuple[str, ...]) -> StockChange:
    return StockChange(part_id, sku, from_thousandths(on_hand), "; ".join(warnings))


def _movement_view(row: StockMovement, user_name: str) -> MovementView:
    kind = MovementKind(row.kind)
    document = f"{row.document_type} {row.document_number}".strip()
    return MovementView(
        row.id,
        row.at,
        kind.value,
        MOVEMENT_LABELS[kind],
        from_thousandths(row.quantity),
        from_thousandths(row.on_hand_after),
        row.unit_cost,
        document,
        row.reason,
        row.warning,
        user_name,
    )
