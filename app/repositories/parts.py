"""Parts, vendors, inventory and the stock ledger: queries and the inventory row lock."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, bindparam, func, or_, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.db.models_invoicing import Invoice
from app.db.models_parts import (
    CoreMovement,
    CounterTicket,
    CounterTicketLine,
    Inventory,
    Part,
    PartBarcode,
    PartVendor,
    PurchaseOrder,
    PurchaseOrderLine,
    StockMovement,
    Vendor,
    chain_stock,
)
from app.db.models_work_orders import WorkOrderLine
from app.repositories.base import Repository, prefix_range
from app.repositories.bulk_rows import bind_processors
from app.repositories.part_words import find_by_words

InventoryKey = tuple[uuid.UUID, uuid.UUID]  # (shop_id, part_id)


class LockError(LookupError):
    """Fewer inventory rows came back locked than were asked for: never a success."""

    def __init__(self, missing: set[InventoryKey]) -> None:
        super().__init__(f"no inventory row for {sorted(str(p) for _s, p in missing)}")
        self.missing = missing


# The catalog rows and the job's line an allocation loads, built once (parameters bound at run time).
_PARTS_BY_ID = select(Part).where(Part.id.in_(bindparam("ids", expanding=True)))
_ALLOCATED_LINE = (
    select(WorkOrderLine)
    .where(WorkOrderLine.job_id == bindparam("job_id"), WorkOrderLine.part_id == bindparam("part_id"))
    .limit(1)
)


class PartsRepository(Repository):
    # --- the lock ---------------------------------------------------------------
    def lock_inventory(self, keys: Iterable[InventoryKey]) -> dict[InventoryKey, Inventory]:
        """``SELECT ... FOR UPDATE`` the inventory rows of ``keys``, in part-id order.

        Every stock change goes through here first. The fixed order (part id,
        then shop) means two terminals with multi-line tickets queue instead
        of deadlocking. On SQLite the write transaction already holds the
        database (BEGIN IMMEDIATE) and FOR UPDATE is dropped by the dialect.
        Raises ``LockError`` when a row is missing: a zero-row lock is not a lock.
        """
        wanted = set(keys)
        rows = self.lock_present(wanted)
        missing = wanted - set(rows)
        if missing:
            raise LockError(missing)
        return rows

    def lock_present(self, keys: Iterable[InventoryKey]) -> dict[InventoryKey, Inventory]:
        """Lock the inventory rows of ``keys`` that exist (same order as ``lock_inventory``);
        a part never stocked here has no row and nothing on hand."""
        wanted = set(keys)
        if not wanted:
            return {}
        stmt = (
            select(Inventory)
            .where(tuple_(Inventory.shop_id, Inventory.part_id).in_(sorted(wanted, key=_key_order)))
            .order_by(Inventory.part_id, Inventory.shop_id)
            .with_for_update()
            # the values read under the lock, never ones this session saw before it
            .execution_options(populate_existing=True)
        )
        return {(row.shop_id, row.part_id): row for row in self.session.scalars(stmt)}

    def ensure_inventory(self, keys: Iterable[InventoryKey]) -> None:
        """Create missing inventory rows (on hand 0); a concurrent creator is not an error."""
        values = [
            {"id": uuid.uuid4(), "shop_id": s, "part_id": p, "on_hand": 0}
            for s, p in sorted(set(keys), key=_key_order)
        ]
        if not values:
            return
        for value in values:
            self.session.execute(self._insert_ignore(value))

    def _insert_ignore(self, value: dict[str, Any]) -> Any:
        defaults = {"bin_location": "", "reorder_point": 0, "reorder_quantity": 0}
        if self.session.get_bind().dialect.name == "postgresql":
            return pg_insert(Inventory).values({**defaults, **value}).on_conflict_do_nothing()
        return sqlite_insert(Inventory).values({**defaults, **value}).on_conflict_do_nothing()

    # --- catalog ----------------------------------------------------------------
    def add(self, row: Any) -> None:
        self.session.add(row)

    def part(self, shop_id: uuid.UUID, part_id: uuid.UUID) -> Part | None:
        return _owned(self.session.scalar(select(Part).where(Part.id == part_id)), shop_id)

    def parts(self, shop_id: uuid.UUID, part_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Part]:
        ids = set(part_ids)
        if not ids:
            return {}
        rows = self.session.scalars(_PARTS_BY_ID, {"ids": list(ids)})
        return {row.id: row for row in rows if row.shop_id == shop_id}

    def by_sku(self, shop_id: uuid.UUID, sku: str) -> Part | None:
        return self.session.scalar(select(Part).where(Part.shop_id == shop_id, Part.sku == sku))

    def by_barcode(self, shop_id: uuid.UUID, code: str) -> Part | None:
        stmt = (
            select(Part)
            .join(PartBarcode, PartBarcode.part_id == Part.id)
            .where(PartBarcode.shop_id == shop_id, PartBarcode.code == code)
        )
        return self.session.scalar(stmt)

    def barcode_owner(self, shop_id: uuid.UUID, code: str) -> uuid.UUID | None:
        return self.session.scalar(
            select(PartBarcode.part_id).where(PartBarcode.shop_id == shop_id, PartBarcode.code == code)
        )

    def barcodes(self, part_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
        ids = set(part_ids)
        out: dict[uuid.UUID, list[str]] = {i: [] for i in ids}
        if ids:
            for part_id, code in self.session.connection().execute(_BARCODES_OF, {"ids": list(ids)}):
                out[part_id].append(code)
        return out

    def search_ids(
        self,
        shop_id: uuid.UUID,
        *,
        code: str = "",
        sku_prefix: str = "",
        vendor_key: str = "",
        words: Sequence[str] = (),
        limit: int = 50,
    ) -> list[uuid.UUID]:
        """Parts whose barcode is ``code``, whose SKU starts with ``sku_prefix``, or whose vendor
        number is ``vendor_key``; when none is, those whose name, brand and category hold every
        one of ``words`` (app/repositories/part_words.py), only when the cheap look-ups found nothing."""
        ids: list[uuid.UUID] = []
        if code:
            ids.extend(
                self.session.scalars(
                    select(PartBarcode.part_id).where(
                        PartBarcode.shop_id == shop_id, PartBarcode.code == code
                    )
                )
            )
        if sku_prefix:
            stmt = select(Part.id).where(Part.shop_id == shop_id, prefix_range(Part.sku, sku_prefix))
            ids.extend(self.session.scalars(stmt.order_by(Part.sku).limit(limit)))
        if vendor_key:
            stmt = select(PartVendor.part_id).where(
                PartVendor.shop_id == shop_id, PartVendor.number_key == vendor_key
            )
            ids.extend(self.session.scalars(stmt.limit(limit)))
        if words and not ids:  # a code or SKU typed finds its parts; words are the last resort
            ids.extend(find_by_words(self.session.connection(), shop_id, words, limit))
        return list(dict.fromkeys(ids))[:limit]

    def result_rows(self, shop_id: uuid.UUID, part_ids: Sequence[uuid.UUID]) -> list[Any]:
        """Parts with this shop's stock and bin, as plain rows, in the order given."""
        if not part_ids:
            return []
        params = {"shop_id": shop_id, "ids": list(part_ids)}
        found = self.session.connection().execute(_ROWS_BY_ID, params)
        rows = {row.id: row for row in found if row.shop_id == shop_id}
        return [rows[i] for i in part_ids if i in rows]

    def code_rows(self, shop_id: uuid.UUID, code: str) -> list[Any]:
        """The part a scanned barcode belongs to, as a result row (one statement: a scan is hot)."""
        return list(self.session.connection().execute(_ROWS_BY_CODE, {"shop_id": shop_id, "code": code}))

    def chain_stock(self, shop_id: uuid.UUID, skus: Sequence[str]) -> list[Any]:
        """On hand of the same SKUs in the other shops of the chain (shown read-only)."""
        if not skus:
            return []
        return list(self.session.connection().execute(_CHAIN_STOCK, {"shop_id": shop_id, "skus": list(skus)}))

    # --- vendors ----------------------------------------------------------------
    def vendors(self, shop_id: uuid.UUID) -> list[Vendor]:
        return list(
            self.session.scalars(select(Vendor).where(Vendor.shop_id == shop_id).order_by(Vendor.name))
        )

    def vendor(self, shop_id: uuid.UUID, vendor_id: uuid.UUID) -> Vendor | None:
        return _owned(self.session.scalar(select(Vendor).where(Vendor.id == vendor_id)), shop_id)

    def vendor_by_name(self, shop_id: uuid.UUID, name: str) -> Vendor | None:
        return self.session.scalar(
            select(Vendor).where(Vendor.shop_id == shop_id, func.lower(Vendor.name) == name.lower())
        )

    def vendor_numbers(self, part_ids: Iterable[uuid.UUID]) -> list[Any]:
        ids = set(part_ids)
        if not ids:
            return []
        return list(self.session.connection().execute(_VENDOR_NUMBERS, {"ids": list(ids)}))

    def vendor_number_taken(self, shop_id: uuid.UUID, vendor_id: uuid.UUID, number: str) -> uuid.UUID | None:
        return self.session.scalar(
            select(PartVendor.part_id).where(
                PartVendor.shop_id == shop_id,
                PartVendor.vendor_id == vendor_id,
                PartVendor.vendor_part_number == number,
            )
        )

    # --- inventory and ledger ---------------------------------------------------
    def inventory(self, shop_id: uuid.UUID, part_id: uuid.UUID) -> Inventory | None:
        return self.session.scalar(
            select(Inventory).where(Inventory.shop_id == shop_id, Inventory.part_id == part_id)
        )

    def movements(self, shop_id: uuid.UUID, part_id: uuid.UUID, limit: int = 200) -> list[StockMovement]:
        stmt = (
            select(StockMovement)
            .where(StockMovement.shop_id == shop_id, StockMovement.part_id == part_id)
            .order_by(StockMovement.at.desc(), StockMovement.on_hand_after)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def core_movements(self, shop_id: uuid.UUID, part_id: uuid.UUID, limit: int = 200) -> list[CoreMovement]:
        stmt = (
            select(CoreMovement)
            .where(CoreMovement.shop_id == shop_id, CoreMovement.part_id == part_id)
            .order_by(CoreMovement.at.desc(), CoreMovement.cores_after)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def movements_of(self, document_id: uuid.UUID) -> list[StockMovement]:
        return list(
            self.session.scalars(select(StockMovement).where(StockMovement.document_id == document_id))
        )

    def reorder_rows(self, shop_id: uuid.UUID) -> list[Any]:
        """Stocked parts at or under their reorder point, with their preferred vendor;
        parts still outstanding on an open purchase order are on their way, and left off."""
        on_order = (
            select(PurchaseOrderLine.id)
            .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.purchase_order_id)
            .where(
                PurchaseOrderLine.part_id == Part.id,
                PurchaseOrder.status.in_(("open", "partial")),
                PurchaseOrderLine.quantity_received < PurchaseOrderLine.quantity_ordered,
            )
            .correlate(Part)
        )
        preferred = (
            select(PartVendor.vendor_id)
            .where(PartVendor.part_id == Part.id)
            .order_by(PartVendor.preferred.desc())
            .limit(1)
            .correlate(Part)
            .scalar_subquery()
        )
        stmt = (
            select(
                Part,
                Inventory.on_hand,
                Inventory.reorder_point,
                Inventory.reorder_quantity,
                preferred.label("vendor_id"),
            )
            .join(Inventory, and_(Inventory.part_id == Part.id, Inventory.shop_id == shop_id))
            .where(
                Part.shop_id == shop_id,
                Part.active.is_(True),
                Inventory.reorder_quantity > 0,
                Inventory.on_hand <= Inventory.reorder_point,
                ~on_order.exists(),
            )
            .order_by(Part.sku)
        )
        return list(self.session.execute(stmt))

    def count_rows(self, shop_id: uuid.UUID, bin_prefix: str, category: str) -> list[Any]:
        """Stocked parts of a bin (prefix) or a category, in shelf order."""
        conds = [Part.shop_id == shop_id, Part.active.is_(True)]
        if bin_prefix:
            conds.append(prefix_range(Inventory.bin_location, bin_prefix))
        if category:
            conds.append(func.lower(Part.category) == category.lower())
        stmt = (
            select(Part, Inventory.on_hand, Inventory.bin_location)
            .join(Inventory, and_(Inventory.part_id == Part.id, Inventory.shop_id == shop_id))
            .where(*conds)
            .order_by(Inventory.bin_location, Part.sku)
        )
        return list(self.session.execute(stmt))

    # --- work order lines allocated from stock ---------------------------------------
    def allocated_line(self, job_id: uuid.UUID, part_id: uuid.UUID) -> WorkOrderLine | None:
        return self.session.scalars(_ALLOCATED_LINE, {"job_id": job_id, "part_id": part_id}).first()

    def job_line_count(self, job_id: uuid.UUID) -> int:
        return self.session.scalar(select(func.count()).where(WorkOrderLine.job_id == job_id)) or 0

    # --- documents ----------------------------------------------------------------
    def ticket(
        self, shop_id: uuid.UUID, ticket_id: uuid.UUID, *, for_update: bool = False
    ) -> CounterTicket | None:
        stmt = select(CounterTicket).where(CounterTicket.id == ticket_id)
        return _owned(self.session.scalar(stmt.with_for_update() if for_update else stmt), shop_id)

    def invoice_number_of_ticket(self, ticket_id: uuid.UUID) -> int | None:
        """The posted invoice made from a counter ticket (invoicing refers to tickets from its own table)."""
        stmt = select(Invoice.number).where(
            Invoice.counter_ticket_id == ticket_id, Invoice.kind == "invoice", Invoice.status == "posted"
        )
        return self.session.scalar(stmt.limit(1))

    def ticket_by_number(self, shop_id: uuid.UUID, number: int) -> CounterTicket | None:
        return self.session.scalar(
            select(CounterTicket).where(CounterTicket.shop_id == shop_id, CounterTicket.number == number)
        )

    def ticket_lines(self, ticket_id: uuid.UUID) -> list[CounterTicketLine]:
        stmt = select(CounterTicketLine).where(CounterTicketLine.ticket_id == ticket_id)
        return list(self.session.scalars(stmt.order_by(CounterTicketLine.position)))

    def recent_tickets(self, shop_id: uuid.UUID, limit: int = 50) -> list[CounterTicket]:
        stmt = select(CounterTicket).where(CounterTicket.shop_id == shop_id)
        return list(self.session.scalars(stmt.order_by(CounterTicket.number.desc()).limit(limit)))

    def purchase_order(
        self, shop_id: uuid.UUID, po_id: uuid.UUID, *, for_update: bool = False
    ) -> PurchaseOrder | None:
        stmt = select(PurchaseOrder).where(PurchaseOrder.id == po_id)
        return _owned(self.session.scalar(stmt.with_for_update() if for_update else stmt), shop_id)

    def purchase_orders(self, shop_id: uuid.UUID, open_only: bool = True) -> list[PurchaseOrder]:
        stmt = select(PurchaseOrder).where(PurchaseOrder.shop_id == shop_id)
        if open_only:
            stmt = stmt.where(or_(PurchaseOrder.status == "open", PurchaseOrder.status == "partial"))
        return list(self.session.scalars(stmt.order_by(PurchaseOrder.number.desc())))

    def po_lines(self, po_ids: Iterable[uuid.UUID]) -> list[PurchaseOrderLine]:
        ids = set(po_ids)
        if not ids:
            return []
        stmt = select(PurchaseOrderLine).where(PurchaseOrderLine.purchase_order_id.in_(ids))
        return list(self.session.scalars(stmt.order_by(PurchaseOrderLine.position)))


RowT = TypeVar("RowT")


def _owned(row: RowT | None, shop_id: uuid.UUID) -> RowT | None:
    """``row`` when it belongs to ``shop_id``.

    Look-ups by id filter the shop here rather than in SQL: given
    ``shop_id = ? AND id IN (...)`` with bound values, SQLite's planner (no
    statistics) walks the shop's (shop_id, sku) index, 100,000 rows, instead
    of fetching the few ids by primary key.
    """
    return row if row is not None and getattr(row, "shop_id", None) == shop_id else None


_P, _I, _B = Part.__table__, Inventory.__table__, PartBarcode.__table__
_PV, _V = PartVendor.__table__, Vendor.__table__
# What the counter's look-ups run, built once (Core on the unit of work's connection, rows as
# tuples): every part column plus this shop's inventory figures, and what a result row shows.
_RESULT = select(
    *_P.c, _I.c.on_hand, _I.c.bin_location, _I.c.reorder_point, _I.c.reorder_quantity, _I.c.cores_on_hand
).outerjoin(_I, and_(_I.c.part_id == _P.c.id, _I.c.shop_id == bindparam("shop_id")))
# by id; the shop is checked on the rows (see _owned: SQLite would walk the shop's index)
_ROWS_BY_ID = _RESULT.where(_P.c.id.in_(bindparam("ids", expanding=True)))
_ROWS_BY_CODE = _RESULT.join(_B, _B.c.part_id == _P.c.id).where(
    _B.c.shop_id == bindparam("shop_id"), _B.c.code == bindparam("code")
)
_BARCODES_OF = (
    select(_B.c.part_id, _B.c.code)
    .where(_B.c.part_id.in_(bindparam("ids", expanding=True)))
    .order_by(_B.c.code)
)
_VENDOR_NUMBERS = (
    select(_PV.c.part_id, _V.c.id, _V.c.name, _PV.c.vendor_part_number, _PV.c.preferred)
    .join(_V, _V.c.id == _PV.c.vendor_id)
    .where(_PV.c.part_id.in_(bindparam("ids", expanding=True)))
    .order_by(_PV.c.preferred.desc(), _V.c.name)
)
_CHAIN_STOCK = (
    select(chain_stock.c.sku, chain_stock.c.shop_name.label("name"), chain_stock.c.on_hand)
    .where(
        chain_stock.c.sku.in_(bindparam("skus", expanding=True)),
        chain_stock.c.shop_id != bindparam("shop_id"),
    )
    .order_by(chain_stock.c.shop_name)
)


def bulk_insert(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Many rows of one table (demo data, imports), past the ORM.

    Each value goes through its column type's own bind processor (cents, UTC,
    UUIDs exactly as the ORM stores them); the rows go to the driver in one
    ``COPY`` on PostgreSQL, one ``executemany`` on SQLite. Every row has the same keys.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    dbapi = connection.connection.dbapi_connection
    assert dbapi is not None
    table = model.__table__  # type: ignore[attr-defined]
    keys = list(rows[0])
    processors = bind_processors(table, keys, dialect)
    values = [
        [
            row[key] if process is None else process(row[key])
            for key, process in zip(keys, processors, strict=True)
        ]
        for row in rows
    ]
    cursor = dbapi.cursor()
    try:
        if dialect.name == "postgresql":
            with cursor.copy(f"COPY {table.name} ({', '.join(keys)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(keys))
            cursor.executemany(f"INSERT INTO {table.name} ({', '.join(keys)}) VALUES ({marks})", values)
    finally:
        cursor.close()


def _key_order(key: InventoryKey) -> tuple[str, str]:
    return (str(key[1]), str(key[0]))


def code_rows(connection: Connection, shop_id: uuid.UUID, code: str) -> Sequence[Any]:
    """The part a scanned barcode belongs to, as a result row, on a plain connection."""
    return connection.execute(_ROWS_BY_CODE, {"shop_id": shop_id, "code": code}).all()


def detail_rows(
    connection: Connection, shop_id: uuid.UUID, part_ids: list[uuid.UUID], skus: list[str]
) -> tuple[dict[uuid.UUID, list[str]], Sequence[Any], Sequence[Any]]:
    """What the counter shows beside result rows: (barcodes by part, vendor numbers, other shops' stock)."""
    ids = {"ids": list(set(part_ids))}
    barcodes: dict[uuid.UUID, list[str]] = {i: [] for i in part_ids}
    for part_id, code in connection.execute(_BARCODES_OF, ids):
        barcodes[part_id].append(code)
    numbers = connection.execute(_VENDOR_NUMBERS, ids).all()
    chain = connection.execute(_CHAIN_STOCK, {"shop_id": shop_id, "skus": skus}).all() if skus else []
    return barcodes, numbers, chain
