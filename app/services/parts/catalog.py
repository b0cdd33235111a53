"""The parts catalog: parts with barcodes and vendor numbers, vendors, look-up as you type."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy.exc import IntegrityError

from app.db.models_parts import Inventory, Part, PartBarcode, PartVendor, Vendor
from app.db.plain import Reads
from app.db.types import now_utc
from app.domain import barcodes
from app.domain.contact import clean_text, contains_card_number, search_key
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.money import from_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.stock import StockSettings, parse_amount, parse_counted
from app.repositories.part_scans import scan_rows
from app.repositories.parts import PartsRepository
from app.services.base import Service
from app.services.parts.dto import ChainStock, PartView, ShelfLabel, VendorNumber, VendorView
from app.services.parts.ledger import STOCK_KEY, parts_repo, stock_settings
from app.services.uow import UnitOfWork

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class PartInput:
    """A part as typed in the part form. ``price`` empty: the markup matrix prices it."""

    sku: str
    name: str
    cost: str
    price: str = ""
    brand: str = ""
    category: str = ""
    description: str = ""
    core_charge: str = "0"
    taxable: bool = True
    fractional: bool = False
    barcodes: tuple[str, ...] = ()
    bin_location: str = ""
    reorder_point: str = "0"
    reorder_quantity: str = "0"
    vendor_id: uuid.UUID | None = None
    vendor_part_number: str = ""


def sku_key(text: str) -> str:
    """SKUs are compared upper-case, without surrounding spaces."""
    return clean_text(text).upper()


def number_key(text: str) -> str:
    """A vendor part number without the spaces and dashes people type differently."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class PartsService(Service):
    # --- look-up ------------------------------------------------------------------
    def search(self, actor: Actor, text: str, limit: int = SEARCH_LIMIT) -> list[PartView]:
        """SKU prefix, exact barcode or vendor number, or every word in the name, brand or category."""
        require(actor, Action.VIEW_PARTS)
        typed = clean_text(text)
        if not typed:
            return []
        words = [w for w in search_key(typed).split() if w][:6]

        def work(uow: UnitOfWork) -> list[PartView]:
            repo = parts_repo(uow)
            ids = repo.search_ids(
                actor.shop_id,
                code=barcodes.same_code(typed),
                sku_prefix=sku_key(typed),
                vendor_key=number_key(typed),
                words=words,
                limit=limit,
            )
            return _views(uow, repo, actor, ids)

        return self._read(work)

    def find_code(self, actor: Actor, code: str) -> PartView | None:
        """What a scan means: a barcode, else a SKU, else a vendor part number (exact).

        A UPC-A finds the part stored under its EAN-13 and the other way round (both
        are kept in the 13-digit form); a UPC/EAN whose check digit is wrong was
        misread, and the person is told so (ValidationError) rather than "not found".
        """
        require(actor, Action.VIEW_PARTS)
        scanned = barcodes.same_code(code)
        if not scanned:
            return None
        # most scans are a barcode on file: read in Core alone; the rest as below
        found = self._rows(lambda connection: _scanned_view(connection, actor, scanned))
        if found is not None:
            return found

        def work(uow: UnitOfWork) -> PartView | None:
            repo = parts_repo(uow)
            rows = repo.code_rows(actor.shop_id, scanned)
            if not rows and not barcodes.check_digit_ok(scanned):
                barcodes.normalized(scanned)  # raises: says which digit was misread
            if not rows:
                part = repo.by_sku(actor.shop_id, sku_key(scanned))
                ids = (
                    [part.id]
                    if part
                    else repo.search_ids(actor.shop_id, vendor_key=number_key(scanned), limit=2)
                )
                rows = repo.result_rows(actor.shop_id, ids) if len(ids) == 1 else []
            views = _views_of(uow, repo, actor, rows)
            return views[0] if views else None

        return self._read(work)

    def get(self, actor: Actor, part_id: uuid.UUID) -> PartView:
        require(actor, Action.VIEW_PARTS)

        def work(uow: UnitOfWork) -> PartView:
            views = _views(uow, parts_repo(uow), actor, [part_id])
            if not views:
                raise NotFoundError("That part is not in this shop's catalog.")
            return views[0]

        return self._read(work)

    def shelf_labels(self, actor: Actor, part_ids: list[uuid.UUID]) -> list[ShelfLabel]:
        """What prints on the shelf labels of these parts: SKU, name, bin, price, a barcode."""
        require(actor, Action.VIEW_PARTS)

        def work(uow: UnitOfWork) -> list[ShelfLabel]:
            views = _views(uow, parts_repo(uow), actor, part_ids)
            return [
                ShelfLabel(v.sku, v.name, v.bin_location, v.barcodes[0] if v.barcodes else v.sku, v.price)
                for v in views
            ]

        return self._read(work)

    # --- catalog edits ----------------------------------------------------------------
    def create_part(self, actor: Actor, data: PartInput) -> PartView:
        require(actor, Action.EDIT_PARTS)
        values, stock = _check_part(data)
        barcodes = _check_barcodes(data.barcodes)
        vendor_number = clean_text(data.vendor_part_number)

        def work(uow: UnitOfWork) -> PartView:
            repo = parts_repo(uow)
            part = insert_part(uow, actor, values, stock, barcodes)
            if data.vendor_id and vendor_number:
                _add_vendor_number(repo, actor, part, data.vendor_id, vendor_number, preferred=True)
            _flush_unique(uow)
            uow.commit()
            return _views(uow, repo, actor, [part.id])[0]

        return self._write(work)

    def update_part(
        self, actor: Actor, part_id: uuid.UUID, data: PartInput, expected_version: int
    ) -> PartView:
        """Catalog fields, bin and reorder levels; barcodes are added one by one (``add_barcode``)."""
        require(actor, Action.EDIT_PARTS)
        values, stock = _check_part(data)

        def work(uow: UnitOfWork) -> PartView:
            repo = parts_repo(uow)
            part = repo.part(actor.shop_id, part_id)
            if part is None:
                raise NotFoundError("That part is not in this shop's catalog.")
            if part.version != expected_version:
                raise ConflictError(f"Part {part.sku} was changed by someone else; reload it first.")
            other = repo.by_sku(actor.shop_id, values["sku"])
            if other is not None and other.id != part.id:
                raise ConflictError(f"SKU {values['sku']} belongs to another part ({other.name}).", other.id)
            before = {name: getattr(part, name) for name in values}
            for name, value in values.items():
                setattr(part, name, value)
            part.version += 1
            part.updated_at = now_utc()
            inventory = repo.inventory(actor.shop_id, part.id)
            if inventory is None:
                repo.add(Inventory(shop_id=actor.shop_id, part_id=part.id, on_hand=0, **stock))
            else:  # bin and reorder levels only: on hand moves through the ledger
                for name, value in stock.items():
                    setattr(inventory, name, value)
            uow.record(actor, actor.shop_id, "parts", part.id, "update", before, values)
            uow.changed.add("inventory")
            _flush_unique(uow)
            uow.commit()
            return _views(uow, repo, actor, [part.id])[0]

        return self._write(work)

    def add_barcode(self, actor: Actor, part_id: uuid.UUID, code: str) -> PartView:
        """Attach a scanned code the catalog did not know to an existing part."""
        require(actor, Action.EDIT_PARTS)
        (clean,) = _check_barcodes((code,))

        def work(uow: UnitOfWork) -> PartView:
            repo = parts_repo(uow)
            part = repo.part(actor.shop_id, part_id)
            if part is None:
                raise NotFoundError("That part is not in this shop's catalog.")
            _refuse_taken_barcode(repo, actor, clean)
            repo.add(PartBarcode(shop_id=actor.shop_id, part_id=part.id, code=clean))
            uow.record(actor, actor.shop_id, "part_barcodes", part.id, "create", None, {"code": clean})
            _flush_unique(uow)
            uow.commit()
            return _views(uow, repo, actor, [part.id])[0]

        return self._write(work)

    def add_vendor_number(
        self, actor: Actor, part_id: uuid.UUID, vendor_id: uuid.UUID, number: str, preferred: bool = False
    ) -> PartView:
        require(actor, Action.EDIT_PARTS)
        clean = clean_text(number)
        if not clean or len(clean) > 60:
            raise ValidationError({"vendor_part_number": "is required, at most 60 characters"})

        def work(uow: UnitOfWork) -> PartView:
            repo = parts_repo(uow)
            part = repo.part(actor.shop_id, part_id)
            if part is None:
                raise NotFoundError("That part is not in this shop's catalog.")
            _add_vendor_number(repo, actor, part, vendor_id, clean, preferred)
            uow.record(actor, actor.shop_id, "part_vendors", part.id, "create", None, {"number": clean})
            _flush_unique(uow)
            uow.commit()
            return _views(uow, repo, actor, [part.id])[0]

        return self._write(work)

    # --- vendors ------------------------------------------------------------------------
    def vendors(self, actor: Actor) -> list[VendorView]:
        require(actor, Action.VIEW_PARTS)
        return self._read(lambda uow: [_vendor_view(v) for v in parts_repo(uow).vendors(actor.shop_id)])

    def create_vendor(self, actor: Actor, name: str, phone: str = "", account_number: str = "") -> VendorView:
        require(actor, Action.EDIT_PARTS)
        clean = clean_text(name)
        if not clean or len(clean) > 100:
            raise ValidationError({"name": "is required, at most 100 characters"})
        if contains_card_number(account_number):
            raise ValidationError({"account_number": "looks like a payment card number"})

        def work(uow: UnitOfWork) -> VendorView:
            repo = parts_repo(uow)
            if repo.vendor_by_name(actor.shop_id, clean):
                raise ConflictError(f"A vendor named {clean} exists already.")
            row = Vendor(
                shop_id=actor.shop_id,
                name=clean,
                phone=clean_text(phone)[:40],
                account_number=clean_text(account_number)[:60],
            )
            repo.add(row)
            uow.session.flush()
            uow.record(actor, actor.shop_id, "vendors", row.id, "create", None, {"name": clean})
            uow.commit()
            return _vendor_view(row)

        return self._write(work)

    def stock_settings(self, actor: Actor) -> StockSettings:
        require(actor, Action.VIEW_PARTS)
        return self._read(lambda uow: stock_settings(uow, actor.shop_id))


def _views(uow: UnitOfWork, repo: PartsRepository, actor: Actor, ids: list[uuid.UUID]) -> list[PartView]:
    return _views_of(uow, repo, actor, repo.result_rows(actor.shop_id, ids))


def _views_of(uow: UnitOfWork, repo: PartsRepository, actor: Actor, rows: list[Any]) -> list[PartView]:
    """Result rows with their barcodes, vendor numbers and the chain's stock, as read models."""
    if not rows:
        return []
    settings = stock_settings(uow, actor.shop_id)
    part_ids = [row.id for row in rows]
    barcodes = repo.barcodes(part_ids)
    numbers: dict[uuid.UUID, list[VendorNumber]] = {i: [] for i in part_ids}
    for r in repo.vendor_numbers(part_ids):
        numbers[r.part_id].append(VendorNumber(r.id, r.name, r.vendor_part_number, r.preferred))
    chain: dict[str, list[ChainStock]] = {}
    for r in repo.chain_stock(actor.shop_id, [row.sku for row in rows]):
        chain.setdefault(r.sku, []).append(ChainStock(r.name, from_thousandths(r.on_hand)))
    return [part_view(row, settings, barcodes, numbers, chain) for row in rows]


def _scanned_view(connection: Reads, actor: Actor, code: str) -> PartView | None:
    """The counter's view of the part with barcode ``code``, or None when no part has it."""
    rows, setting, code_rows, vendor_rows, chain_rows = scan_rows(connection, actor.shop_id, code, STOCK_KEY)
    if not rows:
        return None
    settings = _stock_settings(setting)
    codes: dict[uuid.UUID, list[str]] = {row.id: [] for row in rows}
    for r in code_rows:
        codes[r.part_id].append(r.code)
    numbers: dict[uuid.UUID, list[VendorNumber]] = {row.id: [] for row in rows}
    for r in vendor_rows:
        numbers[r.part_id].append(VendorNumber(r.id, r.name, r.vendor_part_number, r.preferred))
    chain: dict[str, list[ChainStock]] = {}
    for r in chain_rows:
        chain.setdefault(r.sku, []).append(ChainStock(r.name, from_thousandths(r.on_hand)))
    return part_view(rows[0], settings, codes, numbers, chain)


@lru_cache(maxsize=32)
def _stock_settings(text: str | None) -> StockSettings:
    """The stock setting's JSON, parsed once per text (the settings are frozen values)."""
    return StockSettings.from_json(text)


def part_view(
    row: Any,
    settings: StockSettings,
    barcodes: dict[uuid.UUID, list[str]] | None = None,
    numbers: dict[uuid.UUID, list[VendorNumber]] | None = None,
    chain: dict[str, list[ChainStock]] | None = None,
) -> PartView:
    """A result row (part columns and this shop's inventory figures) as the counter shows it."""
    return PartView(
        id=row.id,
        sku=row.sku,
        name=row.name,
        brand=row.brand,
        category=row.category,
        description=row.description,
        cost=row.cost,
        own_price=row.price,
        price=settings.price_for(row.cost, row.price),
        core_charge=row.core_charge,
        taxable=row.taxable,
        fractional=row.fractional,
        active=row.active,
        version=row.version,
        on_hand=None if row.on_hand is None else from_thousandths(row.on_hand),
        bin_location=row.bin_location or "",
        reorder_point=from_thousandths(row.reorder_point or 0),
        reorder_quantity=from_thousandths(row.reorder_quantity or 0),
        cores_on_hand=from_thousandths(row.cores_on_hand or 0),
        barcodes=tuple((barcodes or {}).get(row.id, ())),
        vendor_numbers=tuple((numbers or {}).get(row.id, ())),
        other_shops=tuple((chain or {}).get(row.sku, ())),
    )


def check_part_input(data: PartInput) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """The part's checked values, its stock levels and its barcodes; ValidationError names what is wrong."""
    values, stock = _check_part(data)
    return values, stock, _check_barcodes(data.barcodes)


def insert_part(
    uow: UnitOfWork, actor: Actor, values: dict[str, Any], stock: dict[str, Any], barcodes: list[str]
) -> Part:
    """A checked part, its barcodes and its empty stock record, added and audited in the caller's transaction."""
    repo = parts_repo(uow)
    if repo.by_sku(actor.shop_id, values["sku"]):
        raise ConflictError(f"SKU {values['sku']} is already in the catalog.")
    for code in barcodes:
        _refuse_taken_barcode(repo, actor, code)
    part = Part(shop_id=actor.shop_id, **values)
    repo.add(part)
    uow.session.flush()
    for code in barcodes:
        repo.add(PartBarcode(shop_id=actor.shop_id, part_id=part.id, code=code))
    repo.add(Inventory(shop_id=actor.shop_id, part_id=part.id, on_hand=0, **stock))
    uow.record(actor, actor.shop_id, "parts", part.id, "create", None, {**values, "barcodes": barcodes})
    uow.changed.add("inventory")
    return part


def _check_part(data: PartInput) -> tuple[dict[str, Any], dict[str, Any]]:
    errors: dict[str, str] = {}
    sku = sku_key(data.sku)
    if not sku:
        errors["sku"] = "is required"
    elif len(sku) > 60 or any(ch.isspace() for ch in sku):
        errors["sku"] = "at most 60 characters, without spaces"
    name = clean_text(data.name)
    if not name:
        errors["name"] = "is required"
    texts = {"name": (name, 200), "brand": (data.brand, 100), "category": (data.category, 100)}
    texts["description"] = (data.description, 4000)
    for key, (text, limit) in texts.items():
        if len(clean_text(text)) > limit:
            errors[key] = f"is longer than {limit} characters"
        elif contains_card_number(text):
            errors[key] = "looks like a payment card number; BayDesk never stores card numbers"
    amounts: dict[str, Decimal | None] = {}
    for key, text, required in (
        ("cost", data.cost, True),
        ("price", data.price, False),
        ("core_charge", data.core_charge or "0", True),
    ):
        try:
            amounts[key] = parse_amount(text, key, required=required)
        except ValidationError as exc:
            errors.update(exc.errors)
    levels: dict[str, int] = {}
    for key in ("reorder_point", "reorder_quantity"):
        try:
            levels[key] = parse_counted(getattr(data, key) or "0", fractional=data.fractional, field=key)
        except ValidationError as exc:
            errors.update(exc.errors)
    bin_location = clean_text(data.bin_location).upper()
    if len(bin_location) > 40:
        errors["bin_location"] = "is longer than 40 characters"
    if errors:
        raise ValidationError(errors)
    brand, category = clean_text(data.brand), clean_text(data.category)
    values = {
        "sku": sku,
        "name": name,
        "brand": brand,
        "category": category,
        "description": clean_text(data.description),
        "search_text": search_key(f"{name} {brand} {category}")[:420],
        "cost": amounts["cost"],
        "price": amounts["price"],
        "core_charge": amounts["core_charge"],
        "taxable": data.taxable,
        "fractional": data.fractional,
    }
    return values, {"bin_location": bin_location, **levels}


def _check_barcodes(codes: tuple[str, ...]) -> list[str]:
    clean = [barcodes.normalized(c) for c in codes if barcodes.clean(c)]
    for code in clean:
        if len(code) > 64 or not code.isprintable():
            raise ValidationError({"barcode": f"'{code[:20]}' is not a barcode (at most 64 characters)"})
    if len(set(clean)) != len(clean):
        raise ValidationError({"barcode": "the same barcode is listed twice"})
    if not clean and codes:
        raise ValidationError({"barcode": "is empty"})
    return clean


def _refuse_taken_barcode(repo: PartsRepository, actor: Actor, code: str) -> None:
    owner = repo.barcode_owner(actor.shop_id, code)
    if owner is not None:
        part = repo.part(actor.shop_id, owner)
        raise ConflictError(f"Barcode {code} already belongs to part {part.sku if part else '?'}.", owner)


def _add_vendor_number(
    repo: PartsRepository, actor: Actor, part: Part, vendor_id: uuid.UUID, number: str, preferred: bool
) -> None:
    if repo.vendor(actor.shop_id, vendor_id) is None:
        raise NotFoundError("That vendor is not in this shop's list.")
    taken = repo.vendor_number_taken(actor.shop_id, vendor_id, number)
    if taken is not None and taken != part.id:
        raise ConflictError(f"That vendor's number {number} belongs to another part.", taken)
    if taken is None:
        repo.add(
            PartVendor(
                shop_id=actor.shop_id,
                part_id=part.id,
                vendor_id=vendor_id,
                vendor_part_number=number,
                number_key=number_key(number),
                preferred=preferred,
            )
        )


def _flush_unique(uow: UnitOfWork) -> None:
    """Two terminals adding the same SKU or barcode at once: the database decides, clearly."""
    try:
        uow.session.flush()
    except IntegrityError as exc:
        raise ConflictError("Another terminal just added the same SKU or barcode; search for it.") from exc


def _vendor_view(row: Vendor) -> VendorView:
    return VendorView(row.id, row.name, row.phone, row.account_number)
