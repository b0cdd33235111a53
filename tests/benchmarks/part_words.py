"""Part look-up by words of the name at 100,000 parts per shop, on a database of its own.

Measured: ``PartCatalogService.search`` with two or three words (no SKU, barcode
or vendor number matches them, so the words decide), the whole service call.
Floor: the bare words query on a raw DB-API connection, the way the service's
index serves it (SQLite: the FTS5 trigram table joined to parts; PostgreSQL:
``LIKE '%word%'`` that the pg_trgm GIN index serves; a scan where the database
has neither), fetching the same rows as tuples: the part and inventory columns,
then the barcodes, vendor numbers, other shops' stock and the stock setting the
counter shows (as the barcode floor does). Goal: under 20 ms median, and
≤ 2× the floor.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import AbstractContextManager

from app.db import migrate
from app.demo.parts import DemoPartsService
from app.domain.contact import search_key
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services

from .backends import Backend, RawConnection, postgresql_backend, sqlite_backend
from .parts import RawLookup
from .timing import Result, interleaved, result

GOAL_MS = 20.0
GOAL_RATIO = 2.0
PHRASES = ("brake pads", "oil filter", "wiper bosch", "ignition coil", "timing belt", "spark plug ngk")
PASSWORD = "words benchmark 1"


COLUMNS = (
    "p.id, p.sku, p.name, p.brand, p.category, p.description, p.cost, p.price, p.core_charge,"
    " p.taxable, p.fractional, p.active, p.version, i.on_hand, i.bin_location, i.reorder_point,"
    " i.reorder_quantity"
)


def _floor_sql(raw: RawConnection, words: list[str], has_fts: bool) -> tuple[str, list[object]]:
    p = raw.placeholder
    stock = f"LEFT JOIN inventory i ON i.part_id = p.id AND i.shop_id = {p}"
    likes = " AND ".join([f"p.search_text LIKE {p} ESCAPE '/'"] * len(words))
    params: list[object] = [f"%{w}%" for w in words]
    long = [w for w in words if len(w) >= 3]
    if has_fts and long:
        match = " AND ".join(f'"{w}"' for w in long)
        sql = (
            f"SELECT {COLUMNS} FROM parts_fts JOIN parts p ON p.rowid = parts_fts.rowid {stock}"
            f" WHERE parts_fts MATCH {p} AND p.shop_id = {p} AND {likes} ORDER BY p.name, p.sku LIMIT 50"
        )
        return sql, [None, match, None, *params]
    sql = f"SELECT {COLUMNS} FROM parts p {stock} WHERE p.shop_id = {p} AND {likes} ORDER BY p.name, p.sku LIMIT 50"
    return sql, [None, None, *params]


def part_words_benchmarks(
    names: tuple[str, ...], queries: int, rounds: int, rng: random.Random
) -> Iterator[Result]:
    for name in names:
        opened: AbstractContextManager[Backend] = (
            sqlite_backend() if name == "sqlite" else postgresql_backend()
        )
        with opened as backend:
            yield _measure(backend, queries, rounds, rng)


def _measure(backend: Backend, queries: int, rounds: int, rng: random.Random) -> Result:
    migrate.upgrade(backend.db, backup=False)
    services = Services.build(backend.db)
    services.setup.create_shop(
        ShopInput("Words Garage", "1 Test St", "(510) 555-0100", "America/Los_Angeles", "10.25"),
        OwnerInput("owner", "Olivia Owner", PASSWORD),
    )
    owner = services.setup.sign_in("owner", PASSWORD, "Words benchmark")
    count = DemoPartsService(backend.db).create(owner, "large")
    raw = backend.raw()
    try:
        if raw.pg:
            # Every table the look-up reads (parts, their barcodes, vendor numbers and stock), as
            # autovacuum would within a minute of a 100,000-part import: without statistics the
            # vendor numbers of fifty parts took 15 ms instead of 0.4.
            raw.execute("ANALYZE")
            has_fts = False
            has_gin = bool(
                raw.fetchall("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_parts_search_text_trgm'")
            )
        else:
            has_gin = False
            has_fts = bool(raw.fetchall("SELECT 1 FROM sqlite_master WHERE name = 'parts_fts'"))
        shop = raw.uuid(owner.shop_id)
        floor = RawLookup(raw, owner)
        pairs = []
        for text in (rng.choice(PHRASES) for _ in range(queries)):
            words = search_key(text).split()
            sql, params = _floor_sql(raw, words, has_fts)
            params = [shop if v is None else v for v in params]
            got = [raw.to_uuid(r[0]) for r in raw.fetchall(sql, params)]
            if got != [p.id for p in services.parts.search(owner, text)]:
                raise RuntimeError(f"the floor for {text!r} finds other parts than the service")
            pairs.append(
                (
                    lambda t=text: services.parts.search(owner, t),
                    lambda s=sql, q=params: floor._details(raw.fetchall(s, q)),
                )
            )
        samples = interleaved(pairs, rounds, rng)
    finally:
        raw.close()
    index = "FTS5 trigram" if has_fts else ("pg_trgm GIN" if has_gin else "no index: a scan")
    note = f"{count} parts in the shop; {index}"
    return result("part by name words, 100k parts", backend.name, samples, GOAL_RATIO, GOAL_MS, note)
