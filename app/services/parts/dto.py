"""Read models of the parts counter: what the services hand to the screens, reports and invoicing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class ChainStock:
    shop_name: str
    on_hand: Decimal


@dataclass(frozen=True)
class VendorNumber:
    vendor_id: uuid.UUID
    vendor_name: str
    number: str
    preferred: bool


@dataclass(frozen=True)
class PartView:
    id: uuid.UUID
    sku: str
    name: str
    brand: str
    category: str
    description: str
    cost: Decimal
    own_price: Decimal | None  # None: the markup matrix prices it
    price: Decimal  # what a sale today would charge
    core_charge: Decimal
    taxable: bool
    fractional: bool
    active: bool
    version: int
    on_hand: Decimal | None  # None: not stocked in this shop yet
    bin_location: str
    reorder_point: Decimal
    reorder_quantity: Decimal
    cores_on_hand: Decimal = Decimal("0")  # used cores waiting to go back to the vendor (not for sale)
    barcodes: tuple[str, ...] = ()
    vendor_numbers: tuple[VendorNumber, ...] = ()
    other_shops: tuple[ChainStock, ...] = ()


@dataclass(frozen=True)
class VendorView:
    id: uuid.UUID
    name: str
    phone: str
    account_number: str


@dataclass(frozen=True)
class MovementView:
    id: uuid.UUID
    at: datetime
    kind: str
    label: str
    quantity: Decimal
    on_hand_after: Decimal
    unit_cost: Decimal
    document: str
    reason: str
    warning: str
    user_name: str


@dataclass(frozen=True)
class CoreMovementView:
    id: uuid.UUID
    at: datetime
    kind: str
    label: str
    quantity: Decimal
    cores_after: Decimal
    document: str
    reason: str
    user_name: str


@dataclass(frozen=True)
class TicketLineView:
    id: uuid.UUID
    part_id: uuid.UUID
    sku: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    unit_cost: Decimal
    taxable: bool
    core_charge: Decimal

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))

    @property
    def core_amount(self) -> Decimal:
        """The refundable core deposit the invoice will charge on this line."""
        return (self.quantity * self.core_charge).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CounterTicketView:
    """A counter ticket with its snapshotted lines; invoicing turns a posted one into an invoice."""

    id: uuid.UUID
    number: int
    status: str
    customer_name: str
    created_at: datetime
    created_by: uuid.UUID | None
    posted_at: datetime | None
    voided_at: datetime | None
    lines: tuple[TicketLineView, ...]
    warnings: tuple[str, ...] = ()

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def cores(self) -> Decimal:
        """Core deposits on the ticket: charged with the parts, refunded when the cores come back."""
        return sum((line.core_amount for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class AllocationResult:
    """The work order after an allocation or return, with any stock warnings recorded."""

    work_order_id: uuid.UUID
    version: int
    line_id: uuid.UUID | None
    on_hand: Decimal
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class StockChange:
    part_id: uuid.UUID
    sku: str
    on_hand: Decimal
    warning: str = ""
    cores_on_hand: Decimal | None = None  # after a core movement: the cores on the core shelf


@dataclass(frozen=True)
class ReorderRow:
    part_id: uuid.UUID
    sku: str
    name: str
    on_hand: Decimal
    reorder_point: Decimal
    reorder_quantity: Decimal
    cost: Decimal
    vendor_id: uuid.UUID | None
    vendor_name: str


@dataclass(frozen=True)
class PurchaseOrderLineView:
    id: uuid.UUID
    part_id: uuid.UUID
    sku: str
    name: str
    ordered: Decimal
    received: Decimal
    unit_cost: Decimal

    @property
    def outstanding(self) -> Decimal:
        return max(self.ordered - self.received, Decimal("0"))


@dataclass(frozen=True)
class PurchaseOrderView:
    id: uuid.UUID
    number: int
    vendor_id: uuid.UUID
    vendor_name: str
    status: str
    created_at: datetime
    version: int
    lines: tuple[PurchaseOrderLineView, ...]
    warnings: tuple[str, ...] = ()
    vendor_balance: Decimal = Decimal("0.00")  # what the shop owes the vendor: received less returned


@dataclass(frozen=True)
class CountSheetRow:
    part_id: uuid.UUID
    sku: str
    name: str
    bin_location: str
    on_hand: Decimal
    fractional: bool


@dataclass(frozen=True)
class CountSheet:
    shop_name: str
    title: str
    printed_at: datetime
    rows: tuple[CountSheetRow, ...]


@dataclass(frozen=True)
class CountResult:
    number: int
    adjusted: tuple[StockChange, ...]
    unchanged: int


@dataclass(frozen=True)
class ShelfLabel:
    sku: str
    name: str
    bin_location: str
    barcode: str
    price: Decimal


@dataclass(frozen=True)
class VendorReturnLineView:
    position: int
    kind: str  # part / core
    sku: str
    description: str
    quantity: Decimal
    unit_cost: Decimal
    amount: Decimal  # quantity times unit cost, to the cent: what the vendor credits


@dataclass(frozen=True)
class VendorReturnView:
    """A return document as printed: to whom, why, under which RMA, what went back and the credit."""

    id: uuid.UUID
    number: int
    vendor_id: uuid.UUID
    vendor_name: str
    vendor_phone: str
    vendor_account: str
    rma_number: str
    reason: str
    reason_label: str
    note: str
    work_order_number: int | None
    created_at: datetime
    created_by: str
    credit: Decimal
    lines: tuple[VendorReturnLineView, ...]
    vendor_balance: Decimal  # the vendor's account after this return (negative: the vendor owes the shop)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class VendorReturnRow:
    id: uuid.UUID
    number: int
    created_at: datetime
    vendor_name: str
    rma_number: str
    reason_label: str
    work_order_number: int | None
    lines: int
    credit: Decimal


@dataclass(frozen=True)
class SpecialOrderView:
    """A part ordered for a work order, and what of it is still neither used, returned nor kept."""

    id: uuid.UUID
    work_order_id: uuid.UUID
    work_order_number: int
    part_id: uuid.UUID
    sku: str
    name: str
    vendor_id: uuid.UUID
    vendor_name: str
    ordered: Decimal
    used: Decimal
    returned: Decimal
    kept: Decimal
    open: Decimal
    unit_cost: Decimal
