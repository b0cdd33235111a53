"""Parts catalog, vendors, inventory, stock movements, purchase orders, counter tickets.

Quantities are integer thousandths and money integer cents (app/db/types.py).
``inventory.on_hand`` always equals the sum of ``stock_movements.quantity``
for its shop and part: both change in the same transaction, under a row lock
on the inventory row (app/repositories/parts.py, ``lock_inventory``).
``stock_movements`` is append-only.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    column,
    table,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models, models_work_orders  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import Money, UTCDateTime, binary_string, now_utc


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


def _shop() -> Mapped[uuid.UUID]:
    return mapped_column(ForeignKey("shops.id"))


class Vendor(Base):
    __tablename__ = "vendors"
    __table_args__ = (UniqueConstraint("shop_id", "name"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(40), default="")
    account_number: Mapped[str] = mapped_column(String(60), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Part(Base):
    """A catalog entry of one shop. ``price`` None means: priced by the shop's markup matrix."""

    __tablename__ = "parts"
    __table_args__ = (
        UniqueConstraint("shop_id", "sku"),
        # "stock in the other shops of the chain": parts of every shop with this SKU
        Index("ix_parts_sku", "sku"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    sku: Mapped[str] = mapped_column(binary_string(60))
    name: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(100), default="")
    category: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # case-folded name, brand and category: what "words in the name" are matched against
    search_text: Mapped[str] = mapped_column(String(420), default="")
    cost: Mapped[Decimal] = mapped_column(Money)
    price: Mapped[Decimal | None] = mapped_column(Money)
    core_charge: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    taxable: Mapped[bool] = mapped_column(Boolean, default=True)
    fractional: Mapped[bool] = mapped_column(Boolean, default=False)  # sold by the litre, foot...
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class PartBarcode(Base):
    __tablename__ = "part_barcodes"
    __table_args__ = (UniqueConstraint("shop_id", "code"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"), index=True)
    code: Mapped[str] = mapped_column(binary_string(64))


class PartVendor(Base):
    """A vendor's own number for a part (several vendors may sell one part)."""

    __tablename__ = "part_vendors"
    __table_args__ = (
        UniqueConstraint("shop_id", "vendor_id", "vendor_part_number"),
        Index("ix_part_vendors_shop_number_key", "shop_id", "number_key"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"), index=True)
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendors.id"))
    vendor_part_number: Mapped[str] = mapped_column(String(60))
    number_key: Mapped[str] = mapped_column(binary_string(60))  # upper case, no spaces or dashes
    preferred: Mapped[bool] = mapped_column(Boolean, default=False)


class Inventory(Base):
    """Stock of one part in one shop; the row every stock change locks first."""

    __tablename__ = "inventory"
    __table_args__ = (
        UniqueConstraint("shop_id", "part_id"),
        Index("ix_inventory_shop_bin", "shop_id", "bin_location"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"), index=True)
    on_hand: Mapped[int] = mapped_column(BigInteger, default=0)  # thousandths
    bin_location: Mapped[str] = mapped_column(String(40), default="")
    reorder_point: Mapped[int] = mapped_column(BigInteger, default=0)  # thousandths
    reorder_quantity: Mapped[int] = mapped_column(BigInteger, default=0)  # thousandths
    # used cores on the shelf (brought back by customers, waiting to go to the vendor):
    # never for sale, so apart from ``on_hand``; equals the sum of ``core_movements``
    cores_on_hand: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


# A view (migration 0009), the one read across the chain a parts counter needs: on a shared
# server a terminal sees no other shop's catalog or inventory rows, only these columns.
chain_stock = table(
    "chain_stock",
    column("shop_id", Uuid),
    column("shop_name", String),
    column("sku", String),
    column("on_hand", BigInteger),
)


class StockMovement(Base):
    """Append-only ledger: one row per change of on hand, with who, where and why."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        Index("ix_stock_movements_shop_part_at", "shop_id", "part_id", "at"),
        Index("ix_stock_movements_document_id", "document_id"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"))
    kind: Mapped[str] = mapped_column(String(20))  # app.domain.stock.MovementKind
    quantity: Mapped[int] = mapped_column(BigInteger)  # signed thousandths
    on_hand_after: Mapped[int] = mapped_column(BigInteger)
    unit_cost: Mapped[Decimal] = mapped_column(Money)
    document_type: Mapped[str] = mapped_column(String(30), default="")
    document_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    document_number: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    warning: Mapped[str] = mapped_column(String(300), default="")
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("terminals.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class CoreMovement(Base):
    """Append-only ledger of used cores: in from a customer, out to the vendor.

    Cores are not sellable stock: they move ``inventory.cores_on_hand``, never
    ``on_hand``, under the same inventory row lock as every stock change.
    """

    __tablename__ = "core_movements"
    __table_args__ = (Index("ix_core_movements_shop_part_at", "shop_id", "part_id", "at"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"))
    kind: Mapped[str] = mapped_column(String(20))  # app.domain.stock.CoreKind
    quantity: Mapped[int] = mapped_column(BigInteger)  # signed thousandths
    cores_after: Mapped[int] = mapped_column(BigInteger)
    document_type: Mapped[str] = mapped_column(String(30), default="")
    document_number: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("terminals.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class PurchaseOrder(Base):
    __tablename__ = "purchase_orders"
    __table_args__ = (UniqueConstraint("shop_id", "number"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    number: Mapped[int] = mapped_column(BigInteger)
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendors.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open/partial/received/cancelled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)


class PurchaseOrderLine(Base):
    __tablename__ = "purchase_order_lines"

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    purchase_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"))
    position: Mapped[int] = mapped_column(Integer)
    quantity_ordered: Mapped[int] = mapped_column(BigInteger)  # thousandths
    quantity_received: Mapped[int] = mapped_column(BigInteger, default=0)
    unit_cost: Mapped[Decimal] = mapped_column(Money)


class CounterTicket(Base):
    """A walk-in sale. Posted tickets are immutable; invoicing refers to them from its own tables."""

    __tablename__ = "counter_tickets"
    __table_args__ = (
        UniqueConstraint("shop_id", "number"),
        Index("ix_counter_tickets_shop_status", "shop_id", "status"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    number: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open/posted/void
    customer_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)


class CounterTicketLine(Base):
    """A snapshot of what was sold: later catalog changes never alter it."""

    __tablename__ = "counter_ticket_lines"

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("counter_tickets.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"))
    sku: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(BigInteger)  # thousandths
    unit_price: Mapped[Decimal] = mapped_column(Money)
    unit_cost: Mapped[Decimal] = mapped_column(Money)
    taxable: Mapped[bool] = mapped_column(Boolean)
    core_charge: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))


class SpecialOrder(Base):
    """A part ordered for one work order: what was not used on it goes back or is kept, by name.

    The row only counts what was resolved (``returned``, ``kept``); what was
    used is read from the work order's lines. A work order does not close
    while an ordered quantity is neither used, returned nor kept.
    """

    __tablename__ = "special_orders"
    __table_args__ = (Index("ix_special_orders_shop_work_order", "shop_id", "work_order_id"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_orders.id"))
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"))
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendors.id"))
    quantity: Mapped[int] = mapped_column(BigInteger)  # thousandths ordered
    returned: Mapped[int] = mapped_column(BigInteger, default=0)  # thousandths sent back
    kept: Mapped[int] = mapped_column(BigInteger, default=0)  # thousandths kept in stock by the clerk
    kept_reason: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    version: Mapped[int] = mapped_column(Integer, default=1)


class VendorReturn(Base):
    """A return document to one vendor; append-only once written, numbered from the shop's counter."""

    __tablename__ = "vendor_returns"
    __table_args__ = (UniqueConstraint("shop_id", "number"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    number: Mapped[int] = mapped_column(BigInteger)
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendors.id"), index=True)
    rma_number: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(String(20))  # app.domain.vendor_returns.ReturnReason
    note: Mapped[str] = mapped_column(String(200), default="")
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("work_orders.id"))
    credit: Mapped[Decimal] = mapped_column(Money)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("terminals.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class VendorReturnLine(Base):
    """What went back: a part (out of stock) or a core (off the core shelf), at its unit cost."""

    __tablename__ = "vendor_return_lines"

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    return_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendor_returns.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # app.domain.vendor_returns.LineKind
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parts.id"))
    sku: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(BigInteger)  # thousandths
    unit_cost: Mapped[Decimal] = mapped_column(Money)
    special_order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("special_orders.id"))


class VendorAccountEntry(Base):
    """Append-only ledger of a vendor's account: what the shop owes them (a credit is negative)."""

    __tablename__ = "vendor_account_entries"
    __table_args__ = (Index("ix_vendor_account_entries_shop_vendor", "shop_id", "vendor_id"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop()
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendors.id"))
    kind: Mapped[str] = mapped_column(String(20))  # app.domain.vendor_returns.VendorEntryKind
    amount: Mapped[Decimal] = mapped_column(Money)
    document_type: Mapped[str] = mapped_column(String(30), default="")
    document_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    document_number: Mapped[str] = mapped_column(String(40), default="")
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
