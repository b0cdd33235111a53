"""Tables of the foundation: shops, people, customers, vehicles, counters, audit.

Later features add their tables in modules of their own and new migrations.
Every shop-owned table carries ``shop_id``; keys are UUIDs so rows made on
several terminals or shops never collide.
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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.db.types import Money, Rate, UTCDateTime, binary_string, now_utc


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


def new_live_channel() -> str:
    return f"baydesk_{uuid.uuid4().hex}"


def _shop_fk() -> Mapped[uuid.UUID]:
    return mapped_column(ForeignKey("shops.id"), index=True)


class Shop(Base):
    __tablename__ = "shops"

    id: Mapped[uuid.UUID] = _id()
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    timezone: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    locale: Mapped[str] = mapped_column(String(16), default="en_US")  # how money and dates are written
    paper_size: Mapped[str] = mapped_column(String(8), default="letter")  # letter / a4
    tax_rate: Mapped[Decimal] = mapped_column(Rate)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    # The shop's LISTEN/NOTIFY channel on a shared server: random, so a terminal of
    # another shop cannot guess it (PostgreSQL has no permissions on channels).
    # Deferred: read only by app/db/live.py, so loading a shop needs no newer schema.
    live_channel: Mapped[str | None] = mapped_column(String(63), default=new_live_channel, deferred=True)


class ServerRole(Base):
    """Which shop a database role opens on a shared server (app/db/server_setup.py).

    Row-level security keys on this mapping through the login role, never on
    a setting a client may change; the terminals' roles can neither read nor
    write it. A shop's role names one shop, possibly one not created yet (the
    shop its first terminal will create); the owner's office role
    (``office``, no shop) opens every shop of the chain.
    """

    __tablename__ = "server_roles"

    role_name: Mapped[str] = mapped_column(String(63), primary_key=True)
    shop_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    office: Mapped[bool] = mapped_column(Boolean, default=False)


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop_fk()
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    # What an hour of this person's work costs the shop (technicians); None: not set. Deferred:
    # read only where labor is costed or the owner lists people, never at sign-in.
    labor_cost_rate: Mapped[Decimal | None] = mapped_column(Money, deferred=True)


class SignInName(Base):
    """Failed sign-ins by name, whether or not anyone has that name (keyed by a hash of it).

    Unknown and deactivated names are counted and locked out here exactly as
    a person's are on their row, so the answers never tell which names are real.
    """

    __tablename__ = "sign_in_names"

    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), primary_key=True)  # whose terminals
    name_key: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the folded name
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Terminal(Base):
    __tablename__ = "terminals"
    __table_args__ = (UniqueConstraint("shop_id", "name"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = _shop_fk()
    name: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(20), default="front_desk")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Setting(Base):
    """Shop settings, one JSON value per key; documents snapshot what they use."""

    __tablename__ = "settings"

    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_shop_last_key", "shop_id", "last_key"),
        Index("ix_customers_shop_first_key", "shop_id", "first_key"),
        Index("ix_customers_shop_company_key", "shop_id", "company_key"),
        Index("ix_customers_shop_email_key", "shop_id", "email_key"),
        Index("ix_customers_shop_phone_digits", "shop_id", "phone_digits"),
        Index("ix_customers_shop_phone_rev", "shop_id", "phone_rev"),
        Index("ix_customers_shop_alt_phone_digits", "shop_id", "alt_phone_digits"),
        Index("ix_customers_shop_alt_phone_rev", "shop_id", "alt_phone_rev"),
        # the recent-customers list (an empty search box)
        Index("ix_customers_shop_updated_at", "shop_id", "updated_at"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    kind: Mapped[str] = mapped_column(String(10), default="person")
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    company_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    alt_phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address_line1: Mapped[str] = mapped_column(String(200), default="")
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    tax_exempt_number: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Search keys: case-folded or digit-only copies, compared byte by byte so a
    # prefix search is an index range scan on both databases. The *_rev
    # columns hold digits reversed, so "last digits of the phone" is a prefix too.
    first_key: Mapped[str] = mapped_column(binary_string(100), default="")
    last_key: Mapped[str] = mapped_column(binary_string(100), default="")
    company_key: Mapped[str] = mapped_column(binary_string(200), default="")
    email_key: Mapped[str] = mapped_column(binary_string(254), default="")
    phone_digits: Mapped[str] = mapped_column(binary_string(40), default="")
    phone_rev: Mapped[str] = mapped_column(binary_string(40), default="")
    alt_phone_digits: Mapped[str] = mapped_column(binary_string(40), default="")
    alt_phone_rev: Mapped[str] = mapped_column(binary_string(40), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Vehicle(Base):
    __tablename__ = "vehicles"
    __table_args__ = (
        # A VIN belongs to one live vehicle per shop; deleted vehicles keep theirs.
        Index(
            "uq_vehicles_shop_vin_live",
            "shop_id",
            "vin",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND vin IS NOT NULL"),
            postgresql_where=text("deleted_at IS NULL AND vin IS NOT NULL"),
        ),
        Index("ix_vehicles_shop_vin_rev", "shop_id", "vin_rev"),
        Index("ix_vehicles_shop_plate_key", "shop_id", "plate_key"),
        # a customer's vehicles: without it SQLite walks the shop through a search index
        Index("ix_vehicles_shop_customer_id", "shop_id", "customer_id"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    vin: Mapped[str | None] = mapped_column(binary_string(17))
    vin_rev: Mapped[str | None] = mapped_column(binary_string(17))
    vin_non_standard: Mapped[bool] = mapped_column(Boolean, default=False)
    year: Mapped[int | None] = mapped_column(Integer)
    make: Mapped[str] = mapped_column(String(50), default="")
    model: Mapped[str] = mapped_column(String(50), default="")
    trim: Mapped[str] = mapped_column(String(50), default="")
    engine: Mapped[str] = mapped_column(String(50), default="")
    color: Mapped[str] = mapped_column(String(30), default="")
    plate: Mapped[str] = mapped_column(String(15), default="")
    plate_key: Mapped[str] = mapped_column(binary_string(15), default="")
    plate_region: Mapped[str] = mapped_column(String(30), default="")
    unit_number: Mapped[str] = mapped_column(String(30), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    odometer: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OdometerReading(Base):
    __tablename__ = "odometer_readings"

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    vehicle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vehicles.id"), index=True)
    reading: Mapped[int] = mapped_column(Integer)
    lower_reason: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(30), default="vehicle")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class Counter(Base):
    """People-facing numbers (work order 1042), taken under a row lock."""

    __tablename__ = "counters"

    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class AuditEntry(Base):
    """Append-only, hash-chained per shop; see app/domain/audit_chain.py."""

    __tablename__ = "audit_log"
    __table_args__ = (
        UniqueConstraint("shop_id", "seq"),
        # the audit viewer's filters, newest first: by person, by kind of record, by date
        Index("ix_audit_log_shop_user_seq", "shop_id", "user_id", "seq"),
        Index("ix_audit_log_shop_table_seq", "shop_id", "table_name", "seq"),
        Index("ix_audit_log_shop_at", "shop_id", "at"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("terminals.id"))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32))
    diff: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # An invoice, credit note, payment or day close as recorded: its canonical JSON and that
    # JSON's hash (which the entry's own hash covers), so ``audit verify`` names a changed total.
    document: Mapped[str | None] = mapped_column(Text)
    document_hash: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """The chain head per shop: locked FOR UPDATE by every audited write."""

    __tablename__ = "audit_heads"

    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))
