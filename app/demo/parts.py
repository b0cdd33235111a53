"""The demo shop's parts catalog: vendors, parts with barcodes and bins, stock received.

``small`` is a few hundred parts; ``large`` 100,000, for the benchmarks, with
stock in every shop of the database. Every part's opening stock is a
``receive`` movement, so on hand equals the ledger from the first moment.
Rows are bulk-inserted; one audit entry records the load.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from app.db.models_parts import Inventory, Part, PartBarcode, PartVendor, StockMovement, Vendor
from app.db.types import now_utc
from app.domain.contact import search_key
from app.domain.permissions import Actor
from app.domain.stock import MovementKind
from app.repositories.parts import bulk_insert
from app.services.base import Service
from app.services.parts.catalog import number_key
from app.services.uow import UnitOfWork

PART_COUNTS = {"small": 300, "large": 100_000}
BATCH = 5_000
VENDORS = ("WorldPac", "NAPA Auto Parts", "O'Reilly Pro", "Parts Authority")
BRANDS = (
    "Akebono",
    "Bosch",
    "Wix",
    "Denso",
    "NGK",
    "Gates",
    "Moog",
    "Monroe",
    "ACDelco",
    "Motorcraft",
    "Fram",
)
# category, SKU prefix, names, cost range in dollars, core charge, sold by measure
CATALOG: tuple[tuple[str, str, tuple[str, ...], tuple[int, int], int, bool], ...] = (
    ("Brakes", "BRK", ("Ceramic brake pads front", "Ceramic brake pads rear", "Brake rotor front", "Brake caliper"), (18, 160), 25, False),
    ("Filters", "FLT", ("Oil filter", "Engine air filter", "Cabin air filter", "Fuel filter"), (4, 30), 0, False),
    ("Ignition", "IGN", ("Iridium spark plug", "Ignition coil", "Spark plug wire set"), (6, 90), 0, False),
    ("Fluids", "FLU", ("Synthetic oil 5W-30", "Synthetic oil 0W-20", "Coolant 50/50", "ATF Dexron VI"), (5, 12), 0, True),
    ("Electrical", "ELE", ("Battery group 24F", "Headlight bulb H11", "Alternator reman", "Starter reman"), (8, 210), 30, False),
    ("Suspension", "SUS", ("Front strut assembly", "Sway bar link", "Lower control arm", "Tie rod end"), (15, 180), 0, False),
    ("Belts & hoses", "BLT", ("Serpentine belt", "Timing belt kit", "Upper radiator hose", "Heater hose"), (9, 140), 0, False),
    ("Wipers", "WIP", ("Wiper blade 22 in", "Wiper blade 18 in", "Rear wiper blade"), (6, 18), 0, False),
)  # fmt: skip


def ean13(body12: str) -> str:
    """A valid EAN-13: twelve digits and their check digit."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


class DemoPartsService(Service):
    def create(
        self,
        owner: Actor,
        size: str = "small",
        seed: int = 4471,
        every_shop: bool = True,
        sales_history: bool = False,
    ) -> int:
        """Fill every shop of the database (or the owner's only) with the catalog; the parts per shop.

        ``sales_history``: the stock was received a year and more ago and most parts sold
        now and then since (counter sales), so some parts move and others have gone slow.
        """
        count = PART_COUNTS[size]

        def shops(uow: UnitOfWork) -> list[uuid.UUID]:
            return [shop.id for shop in uow.shops.all()] if every_shop else [owner.shop_id]

        for shop_id in self._read(shops):
            actor = Actor(owner.user_id, shop_id, owner.role, owner.name, owner.terminal_id)
            self._fill(actor, count, random.Random(seed + shop_id.int % 1000), sales_history)
        return count

    def _fill(self, actor: Actor, count: int, rng: random.Random, sales_history: bool = False) -> None:
        vendors: list[dict[str, Any]] = [{"id": uuid.uuid4(), "shop_id": actor.shop_id, "name": n, "phone": "", "account_number": f"BAY{i:04d}", "active": True} for i, n in enumerate(VENDORS)]  # fmt: skip
        self._write(partial(_insert, rows={Vendor: vendors}))
        at = now_utc()
        for start in range(0, count, BATCH):
            rows = _catalog(
                rng, actor, range(start, min(count, start + BATCH)), [v["id"] for v in vendors], at
            )
            if sales_history:
                rows[StockMovement] = _with_sales(rng, rows[Inventory], rows[Part], actor, at)
            self._write(partial(_insert, rows=rows))

        def record(uow: UnitOfWork) -> None:
            uow.record(actor, actor.shop_id, "parts", actor.shop_id, "demo_load", None, {"parts": count})
            uow.commit()

        self._write(record)


def _insert(uow: UnitOfWork, rows: dict[type, list[dict[str, Any]]]) -> None:
    for model, batch in rows.items():
        bulk_insert(uow.session, model, batch)
    uow.commit()


def _catalog(
    rng: random.Random, actor: Actor, numbers: range, vendor_ids: list[uuid.UUID], at: datetime
) -> dict[type, list[dict[str, Any]]]:
    """The rows for parts ``numbers``, per table: each part with its barcode, vendor number and stock."""
    rows: dict[type, list[dict[str, Any]]] = {
        Part: [],
        PartBarcode: [],
        PartVendor: [],
        Inventory: [],
        StockMovement: [],
    }
    for n in numbers:
        part = _part(rng, actor, n, at)
        rows[Part].append(part)
        rows[PartBarcode].append(
            {"id": uuid.uuid4(), "shop_id": actor.shop_id, "part_id": part["id"], "code": ean13(f"0{n:011d}")}
        )
        rows[PartVendor].append(_vendor_number(rng, actor, part["id"], n, vendor_ids[n % len(vendor_ids)]))
        stock = _stock(rng, actor, part["id"], n, at)
        rows[Inventory].append(stock)
        if stock["on_hand"]:
            rows[StockMovement].append(_opening(actor, part["id"], stock["on_hand"], part["cost"], at))
    return rows


def _part(rng: random.Random, actor: Actor, n: int, at: datetime) -> dict[str, Any]:
    """Part ``n`` of the catalog: its category by turn, a brand and a cost in the category's range."""
    category, prefix, names, (low, high), core, fractional = CATALOG[n % len(CATALOG)]
    brand = rng.choice(BRANDS)
    name = f"{rng.choice(names)} {brand}"
    cost = Decimal(rng.randint(low * 100, high * 100)) / 100
    own_price = None if rng.random() < 0.6 else (cost * Decimal("1.8")).quantize(Decimal("0.01"))
    return {
        "id": uuid.uuid4(),
        "shop_id": actor.shop_id,
        "sku": f"{prefix}-{n:06d}",
        "name": name,
        "brand": brand,
        "category": category,
        "description": "",
        "search_text": search_key(f"{name} {brand} {category}"),
        "cost": cost,
        "price": own_price,
        "core_charge": Decimal(core) if core and rng.random() < 0.5 else Decimal(0),
        "taxable": True,
        "fractional": fractional,
        "active": True,
        "version": 1,
        "created_at": at,
        "updated_at": at,
    }


def _vendor_number(
    rng: random.Random, actor: Actor, part_id: uuid.UUID, n: int, vendor_id: uuid.UUID
) -> dict[str, Any]:
    """The preferred vendor's own number for the part, as the parts counter searches it."""
    prefix = CATALOG[n % len(CATALOG)][1]
    number = f"{prefix[:2]}{rng.randint(10000, 99999)}-{n}"
    return {"id": uuid.uuid4(), "shop_id": actor.shop_id, "part_id": part_id, "vendor_id": vendor_id, "vendor_part_number": number, "number_key": number_key(number), "preferred": True}  # fmt: skip


def _stock(rng: random.Random, actor: Actor, part_id: uuid.UUID, n: int, at: datetime) -> dict[str, Any]:
    """The part's inventory row: some units (or none) in a bin, with a reorder point."""
    units = rng.choice((0, 1, 2, 3, 4, 6, 8, 10, 12, 20, 40)) * 1000
    return {
        "id": uuid.uuid4(),
        "shop_id": actor.shop_id,
        "part_id": part_id,
        "on_hand": units,
        "bin_location": f"{'ABCDEFGH'[n % 8]}-{(n // 8) % 40 + 1:02d}",
        "reorder_point": rng.choice((1, 2, 3)) * 1000,
        "reorder_quantity": rng.choice((4, 6, 10)) * 1000,
        "updated_at": at,
    }


def _opening(actor: Actor, part_id: uuid.UUID, units: int, cost: Decimal, at: datetime) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "shop_id": actor.shop_id,
        "part_id": part_id,
        "kind": MovementKind.RECEIVE.value,
        "quantity": units,
        "on_hand_after": units,
        "unit_cost": cost,
        "document_type": "opening_stock",
        "document_id": None,
        "document_number": "",
        "reason": "opening stock",
        "warning": "",
        "user_id": actor.user_id,
        "terminal_id": None,
        "at": at,
    }


def _with_sales(
    rng: random.Random,
    stock: list[dict[str, Any]],
    parts: list[dict[str, Any]],
    actor: Actor,
    at: datetime,
) -> list[dict[str, Any]]:
    """Each part's ledger: received 400 days ago, then (two parts in three) sold over the past year.

    The sales end at the on-hand quantity the inventory row holds, so stock equals its ledger.
    """
    out = []
    for row, part in zip(stock, parts, strict=True):
        sold = [rng.randint(1, 3) * 1000 for _ in range(rng.randint(1, 6))] if rng.random() < 0.67 else []
        received = row["on_hand"] + sum(sold)
        if not received:
            continue
        opening = _opening(actor, part["id"], received, part["cost"], at - timedelta(days=400))
        out.append(opening)
        on_hand = received
        for days_ago in sorted((rng.randint(0, 364) for _ in sold), reverse=True):
            quantity = sold.pop()
            on_hand -= quantity
            out.append(
                opening
                | {
                    "id": uuid.uuid4(),
                    "kind": MovementKind.SALE.value,
                    "quantity": -quantity,
                    "on_hand_after": on_hand,
                    "document_type": "counter_sale",
                    "reason": "",
                    "at": at - timedelta(days=days_ago, hours=rng.randint(1, 8)),
                }
            )
    return out
