"""Used cores: back from the customer, out to the vendor, never sellable stock.

A core (the old alternator, the old caliper) is worth a deposit, not a sale:
it sits on its own shelf until it goes back to the vendor for the core
credit. So it moves ``inventory.cores_on_hand`` and its own append-only
ledger (``core_movements``), under the same inventory row lock as every stock
change, and never ``on_hand``: a core on the shelf is not a part to sell.
The customer's refund of the deposit is money, taken care of by a credit
note on the invoice that charged it.
"""

from __future__ import annotations

import uuid

from app.db.models_parts import CoreMovement, Inventory, Part
from app.db.types import now_utc
from app.domain.errors import NotFoundError, ValidationError
from app.domain.money import from_thousandths
from app.domain.permissions import Actor
from app.domain.stock import CORE_LABELS, CoreKind, format_quantity, parse_quantity
from app.services.parts.dto import CoreMovementView
from app.services.parts.ledger import parts_repo
from app.services.uow import UnitOfWork

CORE_TABLES = ("inventory", "core_movements")


def move_cores(
    uow: UnitOfWork,
    actor: Actor,
    part_id: uuid.UUID,
    quantity: str,
    kind: CoreKind,
    reason: str,
    document: tuple[str, str] = ("", ""),
) -> tuple[Part, int]:
    """Cores in (from a customer) or out (to the vendor) for one part; returns the part and cores after.

    Sending back more cores than are on the shelf is refused, whatever the
    shop's negative-stock policy: a core that is not there cannot be shipped.
    """
    repo = parts_repo(uow)
    part = repo.part(actor.shop_id, part_id)
    if part is None:
        raise NotFoundError("That part is not in this shop's catalog.")
    if part.core_charge <= 0 and kind == CoreKind.FROM_CUSTOMER:
        raise ValidationError({"part": f"part {part.sku} carries no core charge"})
    qty = parse_quantity(quantity, fractional=part.fractional)
    key = (actor.shop_id, part.id)
    repo.ensure_inventory([key])
    row = repo.lock_inventory([key])[key]
    signed = qty if kind == CoreKind.FROM_CUSTOMER else -qty
    if row.cores_on_hand + signed < 0:
        raise ValidationError(
            {
                "quantity": f"only {format_quantity(row.cores_on_hand)} core(s) of {part.sku} are on the "
                f"shelf; {format_quantity(qty)} asked"
            }
        )
    _write(uow, actor, part, row, kind, signed, reason, document)
    return part, row.cores_on_hand


def _write(
    uow: UnitOfWork,
    actor: Actor,
    part: Part,
    row: Inventory,
    kind: CoreKind,
    signed: int,
    reason: str,
    document: tuple[str, str],
) -> None:
    at = now_utc()
    row.cores_on_hand += signed
    row.updated_at = at
    parts_repo(uow).add(
        CoreMovement(
            shop_id=actor.shop_id,
            part_id=part.id,
            kind=kind.value,
            quantity=signed,
            cores_after=row.cores_on_hand,
            document_type=document[0],
            document_number=document[1][:40],
            reason=reason[:200],
            user_id=actor.user_id,
            terminal_id=actor.terminal_id,
            at=at,
        )
    )
    uow.record(
        actor,
        actor.shop_id,
        "inventory",
        part.id,
        f"core_{kind.value}",
        None,
        {"quantity": signed, "cores_on_hand": row.cores_on_hand, "reason": reason},
    )
    uow.session.flush()
    uow.changed.update(CORE_TABLES)


def core_movements(uow: UnitOfWork, actor: Actor, part_id: uuid.UUID) -> list[CoreMovementView]:
    """The core ledger of one part in this shop, newest first."""
    rows = parts_repo(uow).core_movements(actor.shop_id, part_id)
    names = uow.users.names({r.user_id for r in rows if r.user_id})
    return [
        CoreMovementView(
            r.id,
            r.at,
            r.kind,
            CORE_LABELS[CoreKind(r.kind)],
            from_thousandths(r.quantity),
            from_thousandths(r.cores_after),
            f"{r.document_type} {r.document_number}".strip(),
            r.reason,
            names.get(r.user_id, "") if r.user_id else "",
        )
        for r in rows
    ]
