"""What the parts counter shows for a scanned barcode, read in one snapshot of five statements.

Each statement is keyed by the scanned code itself (the part's other barcodes, vendor numbers
and the other shops' stock through a subquery on the barcode), so none waits for another's
answer: on PostgreSQL they go out in one round trip (app/db/plain.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, select

from app.db.models import Setting
from app.db.models_parts import Part, PartBarcode, PartVendor, Vendor, chain_stock
from app.db.plain import PlainSelect, Reads, fetch
from app.repositories.parts import _ROWS_BY_CODE

_P, _B, _PV, _V = Part.__table__, PartBarcode.__table__, PartVendor.__table__, Vendor.__table__
_SCANNED = _B.alias("scanned")
# The parts that carry the scanned code in this shop (one, but a code is not unique across parts).
_PART_IDS = select(_SCANNED.c.part_id).where(
    _SCANNED.c.shop_id == bindparam("shop_id"), _SCANNED.c.code == bindparam("code")
)
_PARTS = PlainSelect(_ROWS_BY_CODE)
_STOCK_SETTING = PlainSelect(
    select(Setting.value).where(Setting.shop_id == bindparam("shop_id"), Setting.key == bindparam("key"))
)
_BARCODES = PlainSelect(
    select(_B.c.part_id, _B.c.code).where(_B.c.part_id.in_(_PART_IDS)).order_by(_B.c.code)
)
_VENDOR_NUMBERS = PlainSelect(
    select(_PV.c.part_id, _V.c.id, _V.c.name, _PV.c.vendor_part_number, _PV.c.preferred)
    .join(_V, _V.c.id == _PV.c.vendor_id)
    .where(_PV.c.part_id.in_(_PART_IDS))
    .order_by(_PV.c.preferred.desc(), _V.c.name)
)
_CHAIN_STOCK = PlainSelect(
    select(chain_stock.c.sku, chain_stock.c.shop_name.label("name"), chain_stock.c.on_hand)
    .where(
        chain_stock.c.sku.in_(select(_P.c.sku).where(_P.c.id.in_(_PART_IDS))),
        chain_stock.c.shop_id != bindparam("shop_id"),
    )
    .order_by(chain_stock.c.shop_name)
)


def scan_rows(
    connection: Reads, shop_id: uuid.UUID, code: str, setting_key: str
) -> tuple[Sequence[Any], str | None, Sequence[Any], Sequence[Any], Sequence[Any]]:
    """(result rows of the parts with barcode ``code``, the setting ``setting_key``'s value,
    their barcodes, vendor numbers, other shops' stock of their SKUs), read-only rows."""
    keys = {"shop_id": shop_id, "code": code}
    parts, setting, codes, numbers, chain = fetch(
        connection,
        (_PARTS, keys),
        (_STOCK_SETTING, {"shop_id": shop_id, "key": setting_key}),
        (_BARCODES, keys),
        (_VENDOR_NUMBERS, keys),
        (_CHAIN_STOCK, keys),
    )
    return parts, setting[0].value if setting else None, codes, numbers, chain
