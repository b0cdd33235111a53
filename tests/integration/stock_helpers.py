"""Plain helpers for the stock tests (no fixtures; importable by spawned worker processes)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from app.db.engine import Database
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.parts.catalog import PartInput

D = Decimal


def add_part(
    services: Services,
    actor: Actor,
    sku: str,
    stock: str = "0",
    *,
    name: str = "",
    cost: str = "10.00",
    price: str = "",
    barcodes: tuple[str, ...] = (),
    bin_location: str = "A-01",
    **more: Any,
) -> uuid.UUID:
    """A catalog part with ``stock`` units received."""
    view = services.parts.create_part(
        actor,
        PartInput(
            sku=sku,
            name=name or f"Part {sku}",
            cost=cost,
            price=price,
            barcodes=barcodes,
            bin_location=bin_location,
            **more,
        ),
    )
    if stock not in ("", "0"):
        services.inventory.receive(actor, view.id, stock, reason="opening stock")
    return view.id


def ledger(db: Database) -> list[tuple[str, int, int]]:
    """(part id, on hand, sum of movements) for every inventory row, read on a fresh connection."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT i.part_id, i.on_hand, "
                "(SELECT coalesce(sum(m.quantity), 0) FROM stock_movements m "
                " WHERE m.shop_id = i.shop_id AND m.part_id = i.part_id) "
                "FROM inventory i ORDER BY i.part_id"
            )
        )
        return [(str(r[0]), int(r[1]), int(r[2])) for r in rows]


def assert_ledger(db: Database) -> None:
    """The invariant of DESIGN.md: on hand equals the sum of the movements, for every row."""
    broken = [(p, on_hand, total) for p, on_hand, total in ledger(db) if on_hand != total]
    assert broken == [], f"on hand differs from the ledger: {broken}"


def on_hand(db: Database, part_id: uuid.UUID) -> int:
    """On hand in thousandths, read on a fresh connection."""
    with db.engine.connect() as conn:
        value = conn.execute(
            text("SELECT on_hand FROM inventory WHERE part_id = :p"), {"p": _param(db, part_id)}
        ).scalar_one()
        return int(value)


def movement_count(db: Database, kind: str | None = None) -> int:
    with db.engine.connect() as conn:
        sql = "SELECT count(*) FROM stock_movements" + (" WHERE kind = :k" if kind else "")
        return int(conn.execute(text(sql), {"k": kind}).scalar_one())


def table_count(db: Database, table: str) -> int:
    assert table in {
        "counter_tickets",
        "counter_ticket_lines",
        "stock_movements",
        "work_order_lines",
        "parts",
    }
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _param(db: Database, value: uuid.UUID) -> Any:
    return value.hex if db.is_sqlite else value


def _key(*values: Any) -> tuple[str, ...]:
    """Ids as text the same way on both databases (SQLite keeps UUIDs as hex)."""
    return tuple(str(uuid.UUID(str(v))) for v in values)


def _sums(db: Database, sql: str) -> dict[tuple[str, ...], int]:
    with db.engine.connect() as conn:
        return {_key(a, b): int(total) for a, b, total in conn.execute(text(sql)) if int(total) != 0}


def held_by_work_orders(db: Database) -> dict[tuple[str, ...], int]:
    """(work order, part) -> thousandths its lines hold off the shelf."""
    return _sums(
        db,
        "SELECT work_order_id, part_id, sum(allocated) FROM work_order_lines "
        "WHERE part_id IS NOT NULL GROUP BY work_order_id, part_id",
    )


def taken_by_work_orders(db: Database) -> dict[tuple[str, ...], int]:
    """(work order, part) -> thousandths the ledger says left the shelf for it."""
    return _sums(
        db,
        "SELECT document_id, part_id, -sum(quantity) FROM stock_movements "
        "WHERE document_type = 'work_order' GROUP BY document_id, part_id",
    )


def billed_on_live_invoices(db: Database) -> dict[tuple[str, ...], int]:
    """(work order, part) -> thousandths of catalog parts billed on its posted invoice."""
    return _sums(
        db,
        "SELECT i.work_order_id, l.part_id, sum(l.quantity) FROM invoices i "
        "JOIN invoice_lines l ON l.invoice_id = i.id "
        "WHERE i.kind = 'invoice' AND i.status = 'posted' AND i.work_order_id IS NOT NULL "
        "AND l.part_id IS NOT NULL GROUP BY i.work_order_id, l.part_id",
    )


def assert_stock_seams(db: Database) -> None:
    """The three invariants of stock across areas, read on a fresh connection.

    On hand equals the ledger per part; what each work order's lines hold
    equals what its movements took off the shelf; and every part billed on a
    live invoice left the shelf exactly once for that work order.
    """
    assert_ledger(db)
    taken = taken_by_work_orders(db)
    assert held_by_work_orders(db) == taken, "a work order's lines and its movements disagree"
    billed = billed_on_live_invoices(db)
    assert {k: taken.get(k, 0) for k in billed} == billed, "a billed part did not leave the shelf once"


def order_rounds(url: str, actor: Actor, part_ids: list[uuid.UUID], barrier: Any, results: Any) -> None:
    """One terminal in its own process: each round, order the reorder list's part at the same moment
    as the other terminal (a barrier), and report ("ok", [(outcome, detail)]) or ("error", traceback)."""
    import traceback

    from app.db.engine import open_database
    from app.domain.errors import ValidationError

    db: Database | None = None
    try:
        db = open_database(url, terminal_name=f"Orders {actor.terminal_id}")
        services = Services.build(db)
        outcomes: list[tuple[str, str]] = []
        for part_id in part_ids:
            barrier.wait(timeout=120)
            try:
                orders = services.purchasing.create_purchase_orders(actor, [part_id])
                outcomes.append(("ordered", ",".join(str(po.number) for po in orders)))
            except ValidationError as exc:
                outcomes.append(("refused", str(exc)))
        results.put(("ok", outcomes))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        if db is not None:
            db.dispose()
