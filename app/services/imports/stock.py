"""Parts, row by row, through the catalog's checks; the stock they arrive with as opening balances."""

from __future__ import annotations

from app.domain.errors import ValidationError
from app.domain.imports import SourceRow
from app.domain.stock import MovementKind, parse_counted
from app.services.imports.context import RowContext, Skipped, flag
from app.services.imports.dto import Done
from app.services.parts.catalog import PartInput, check_part_input, insert_part, sku_key
from app.services.parts.ledger import Change, Document, apply_stock, parts_repo

OPENING_DOCUMENT = "opening_balance"


def part_input(row: SourceRow) -> PartInput:
    taxable = row.get("taxable")
    return PartInput(
        sku=row.get("sku"),
        name=row.get("name"),
        cost=row.get("cost"),
        price=row.get("price"),
        brand=row.get("brand"),
        category=row.get("category"),
        description=row.get("description"),
        barcodes=(row.get("barcode"),) if row.get("barcode") else (),
        bin_location=row.get("bin_location"),
        reorder_point=row.get("reorder_point") or "0",
        reorder_quantity=row.get("reorder_quantity") or "0",
        taxable=flag(taxable) if taxable else True,
    )


def import_part(ctx: RowContext, row: SourceRow) -> Done:
    data = part_input(row)
    values, stock, barcodes = check_part_input(data)
    on_hand = parse_counted(row.get("on_hand") or "0", fractional=data.fractional, field="on_hand")
    existing = parts_repo(ctx.uow).by_sku(ctx.actor.shop_id, sku_key(data.sku))
    if existing is not None:
        if not ctx.merging:
            raise Skipped(f"SKU {existing.sku} is already in the catalog")
        return Done("merged", existing.id, "the part was here already: its stock is counted, not imported")
    part = insert_part(ctx.uow, ctx.actor, values, stock, barcodes)
    if on_hand:
        ctx.openings.append(
            Change(
                part.id,
                on_hand,
                MovementKind.OPENING,
                values["cost"],
                reason=f"Opening balance, line {row.line}",
            )
        )
    return Done("created", part.id)


def write_openings(ctx: RowContext) -> None:
    """The batch's opening balances through the stock ledger: one lock of the inventory rows, one movement each."""
    if not ctx.openings:
        return
    applied = apply_stock(
        ctx.uow, ctx.actor, ctx.openings, Document(OPENING_DOCUMENT, number=ctx.file_name[:40])
    )
    for change in ctx.openings:
        ctx.uow.record(
            ctx.actor,
            ctx.actor.shop_id,
            "inventory",
            change.part_id,
            "opening",
            None,
            {"quantity": change.quantity},
        )
    ctx.openings.clear()
    if applied.warnings:  # pragma: no cover - stock only arrives here
        raise ValidationError({"on_hand": "; ".join(applied.warnings)})
