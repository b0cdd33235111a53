"""Tables of the parts counter: look-up results, the ticket being built, reorder list, receiving, counts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QObject

from app.domain.price_sheet import PriceLevel, part_price
from app.services.bays.dto import PartsRequestView
from app.services.parts.dto import (
    CountSheetRow,
    PartView,
    PurchaseOrderLineView,
    ReorderRow,
    SpecialOrderView,
    VendorReturnRow,
)
from app.ui.formatting import day_text, money, quantity_text
from app.ui.shared.table_model import RIGHT, Column, RowTableModel


def qty_text(value: Decimal | None) -> str:
    """2.000 -> '2', 1.500 -> '1.5' ('1,5' in a comma-decimal shop), None -> '—' (not stocked here)."""
    return "—" if value is None else quantity_text(value)


def money_text(value: Decimal) -> str:
    """'$12.50', '12,50 €': the counter quotes prices with the currency."""
    return money(value)


def chain_text(part: PartView) -> str:
    return ", ".join(f"{c.shop_name}: {qty_text(c.on_hand)}" for c in part.other_shops)


PART_COLUMNS: tuple[Column[PartView], ...] = (
    Column("SKU", lambda p: p.sku, width=95),
    Column("Name", lambda p: p.name, width=215),
    Column("Bin", lambda p: p.bin_location, width=50),
    Column("On hand", lambda p: qty_text(p.on_hand), lambda p: p.on_hand, RIGHT, width=72),
    Column("Price", lambda p: money_text(p.price), lambda p: p.price, RIGHT, width=70),
    Column("Other shops", chain_text, width=160, tooltip="Stock of the same SKU in the chain's other shops"),
)


class PartResultsModel(RowTableModel[PartView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(PART_COLUMNS, parent)


@dataclass(frozen=True)
class DraftLine:
    """A line of the ticket being built at the counter (nothing is saved until it is posted)."""

    part: PartView
    quantity: Decimal
    level: PriceLevel | None = None  # the customer's price level, when one is chosen

    @property
    def price(self) -> Decimal:
        """The unit price the sale will charge: the catalog's, or the customer's level on cost."""
        return part_price(self.part.price, self.part.cost, self.level)

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.price).quantize(Decimal("0.01"))

    @property
    def core_amount(self) -> Decimal:
        """The refundable core deposit the invoice will charge with the part."""
        return (self.quantity * self.part.core_charge).quantize(Decimal("0.01"))


TICKET_COLUMNS: tuple[Column[DraftLine], ...] = (
    Column("SKU", lambda d: d.part.sku, width=85),
    Column("Description", lambda d: d.part.name, width=125),
    Column("Qty", lambda d: qty_text(d.quantity), lambda d: d.quantity, RIGHT, width=35),
    Column("Price", lambda d: money_text(d.price), lambda d: d.price, RIGHT, width=62),
    Column("Amount", lambda d: money_text(d.amount), lambda d: d.amount, RIGHT, width=65),
)


class TicketModel(RowTableModel[DraftLine]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(TICKET_COLUMNS, parent)
        self.level: PriceLevel | None = None

    def set_level(self, level: PriceLevel | None) -> None:
        """Price every line at the customer's level (None: the catalog's prices)."""
        self.level = level
        self.set_rows([DraftLine(d.part, d.quantity, level) for d in self.rows()])

    def add(self, part: PartView, quantity: Decimal = Decimal(1)) -> int:
        """Add a part, or one more of it when it is on the ticket already; returns its row."""
        rows = self.rows()
        for index, line in enumerate(rows):
            if line.part.id == part.id:
                rows[index] = DraftLine(part, line.quantity + quantity, self.level)
                self.set_rows(rows)
                return index
        rows.append(DraftLine(part, quantity, self.level))
        self.set_rows(rows)
        return len(rows) - 1

    def change(self, row: int, delta: Decimal) -> None:
        rows = self.rows()
        if not 0 <= row < len(rows):
            return
        quantity = rows[row].quantity + delta
        if quantity <= 0:
            del rows[row]
        else:
            rows[row] = DraftLine(rows[row].part, quantity, self.level)
        self.set_rows(rows)

    def total(self) -> Decimal:
        return sum((line.amount for line in self.rows()), Decimal("0.00"))

    def cores(self) -> Decimal:
        return sum((line.core_amount for line in self.rows()), Decimal("0.00"))


REORDER_COLUMNS: tuple[Column[ReorderRow], ...] = (
    Column("SKU", lambda r: r.sku, width=110),
    Column("Name", lambda r: r.name, width=220),
    Column("On hand", lambda r: qty_text(r.on_hand), lambda r: r.on_hand, RIGHT, width=70),
    Column("Reorder at", lambda r: qty_text(r.reorder_point), lambda r: r.reorder_point, RIGHT, width=88),
    Column("Order", lambda r: qty_text(r.reorder_quantity), lambda r: r.reorder_quantity, RIGHT, width=60),
    Column("Vendor", lambda r: r.vendor_name or "(none: set one)", width=140),
)


class ReorderModel(RowTableModel[ReorderRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(REORDER_COLUMNS, parent)


def vendor_account_text(vendor: str, balance: Decimal) -> str:
    """A vendor's account in words: what the shop owes them (received less returned), or they owe it."""
    if balance < 0:
        return f"{vendor} owes the shop {money_text(-balance)}"
    return f"owed to {vendor}: {money_text(balance)}"


@dataclass(frozen=True)
class ReceivingRow:
    po_id: uuid.UUID
    po_number: int
    po_version: int
    vendor_name: str
    line: PurchaseOrderLineView
    vendor_balance: Decimal = Decimal("0.00")  # owed to the vendor: received less returned


RECEIVING_COLUMNS: tuple[Column[ReceivingRow], ...] = (
    Column("PO", lambda r: str(r.po_number), lambda r: r.po_number, RIGHT, width=60),
    Column("Vendor", lambda r: r.vendor_name, width=120),
    Column(
        "Owed vendor", lambda r: money_text(r.vendor_balance), lambda r: r.vendor_balance, RIGHT, width=90
    ),
    Column("SKU", lambda r: r.line.sku, width=110),
    Column("Name", lambda r: r.line.name, width=200),
    Column("Ordered", lambda r: qty_text(r.line.ordered), lambda r: r.line.ordered, RIGHT, width=70),
    Column("Received", lambda r: qty_text(r.line.received), lambda r: r.line.received, RIGHT, width=80),
    Column("Cost", lambda r: money_text(r.line.unit_cost), lambda r: r.line.unit_cost, RIGHT, width=75),
)


class ReceivingModel(RowTableModel[ReceivingRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(RECEIVING_COLUMNS, parent)


@dataclass(frozen=True)
class CountLine:
    row: CountSheetRow
    counted: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        return None if self.counted is None else self.counted - self.row.on_hand


def _signed(value: Decimal | None) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + qty_text(value)


COUNT_COLUMNS: tuple[Column[CountLine], ...] = (
    Column("Bin", lambda c: c.row.bin_location, width=70),
    Column("SKU", lambda c: c.row.sku, width=110),
    Column("Name", lambda c: c.row.name, width=220),
    Column("On hand", lambda c: qty_text(c.row.on_hand), lambda c: c.row.on_hand, RIGHT, width=70),
    Column(
        "Counted",
        lambda c: "" if c.counted is None else qty_text(c.counted),
        lambda c: c.counted,
        RIGHT,
        width=70,
    ),
    Column("Difference", lambda c: _signed(c.difference), lambda c: c.difference, RIGHT, width=80),
)


class CountModel(RowTableModel[CountLine]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COUNT_COLUMNS, parent)

    def set_counted(self, row: int, counted: Decimal) -> None:
        rows = self.rows()
        if 0 <= row < len(rows):
            rows[row] = CountLine(rows[row].row, counted)
            self.set_rows(rows)


REQUEST_COLUMNS: tuple[Column[PartsRequestView], ...] = (
    Column("WO", lambda r: str(r.work_order_number), lambda r: r.work_order_number, RIGHT, width=60),
    Column("Job", lambda r: r.job_title, width=150),
    Column("Part asked for", lambda r: r.description, width=230),
    Column("Qty", lambda r: qty_text(r.quantity), lambda r: r.quantity, RIGHT, width=45),
    Column("Asked by", lambda r: r.requested_by, width=110),
    Column("Note", lambda r: r.note, width=180),
)


class RequestsModel(RowTableModel[PartsRequestView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(REQUEST_COLUMNS, parent)


SPECIAL_ORDER_COLUMNS: tuple[Column[SpecialOrderView], ...] = (
    Column("WO", lambda s: str(s.work_order_number), lambda s: s.work_order_number, RIGHT, width=55),
    Column("SKU", lambda s: s.sku, width=95),
    Column("Part", lambda s: s.name, width=180),
    Column("Vendor", lambda s: s.vendor_name, width=110),
    Column("Ordered", lambda s: qty_text(s.ordered), lambda s: s.ordered, RIGHT, width=62),
    Column("Used", lambda s: qty_text(s.used), lambda s: s.used, RIGHT, width=50),
    Column("Unused", lambda s: qty_text(s.open), lambda s: s.open, RIGHT, width=60),
)


class SpecialOrderModel(RowTableModel[SpecialOrderView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(SPECIAL_ORDER_COLUMNS, parent)


RETURN_COLUMNS: tuple[Column[VendorReturnRow], ...] = (
    Column("No.", lambda r: str(r.number), lambda r: r.number, RIGHT, width=50),
    Column("Date", lambda r: day_text(r.created_at), lambda r: r.created_at, width=85),
    Column("Vendor", lambda r: r.vendor_name, width=130),
    Column("RMA", lambda r: r.rma_number, width=95),
    Column("Reason", lambda r: r.reason_label, width=150),
    Column(
        "WO", lambda r: str(r.work_order_number or ""), lambda r: r.work_order_number or 0, RIGHT, width=55
    ),
    Column("Lines", lambda r: str(r.lines), lambda r: r.lines, RIGHT, width=45),
    Column("Credit", lambda r: money_text(r.credit), lambda r: r.credit, RIGHT, width=80),
)


class ReturnsModel(RowTableModel[VendorReturnRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(RETURN_COLUMNS, parent)


@dataclass(frozen=True)
class ReturnDraftLine:
    """A line of the return being written in the dialog (nothing is saved until it is posted)."""

    part: PartView
    kind: str  # part / core
    quantity: Decimal
    unit_cost: Decimal
    special_order_id: uuid.UUID | None = None

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_cost).quantize(Decimal("0.01"))


RETURN_LINE_COLUMNS: tuple[Column[ReturnDraftLine], ...] = (
    Column("SKU", lambda d: d.part.sku, width=90),
    Column("Part", lambda d: d.part.name, width=170),
    Column("Kind", lambda d: "Core" if d.kind == "core" else "Part", width=45),
    Column("Qty", lambda d: qty_text(d.quantity), lambda d: d.quantity, RIGHT, width=45),
    Column("Unit cost", lambda d: money_text(d.unit_cost), lambda d: d.unit_cost, RIGHT, width=75),
    Column("Credit", lambda d: money_text(d.amount), lambda d: d.amount, RIGHT, width=75),
)


class ReturnLinesModel(RowTableModel[ReturnDraftLine]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(RETURN_LINE_COLUMNS, parent)
