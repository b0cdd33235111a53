"""The price sheet's per-customer parts: price levels and rates, exemption certificates, and
each invoice's pricing snapshot.

The sheet itself (labor rates, levels, taxes, fees, discount limits) is one
shop setting (``settings`` row ``price_sheet``). What a customer or one of
its vehicles is priced at is a ``pricing_profiles`` row; a tax-exempt
customer's certificates, with their expiry, are ``tax_exempt_certificates``.
``invoice_pricing`` holds, once and for good, the sheet an invoice was priced
with and every figure it printed (tax components, fees, discounts).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models, models_invoicing  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import UTCDateTime, now_utc


class PricingProfile(Base):
    """A customer's (or one vehicle's) price level and labor rate; "" keeps the shop's default."""

    __tablename__ = "pricing_profiles"

    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # customer / vehicle
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    price_level: Mapped[str] = mapped_column(String(40), default="")
    labor_rate: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class TaxExemptCertificate(Base):
    __tablename__ = "tax_exempt_certificates"
    __table_args__ = (Index("ix_tax_exempt_certificates_customer", "shop_id", "customer_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    number: Mapped[str] = mapped_column(String(60))
    expires_on: Mapped[date | None] = mapped_column(Date)
    components: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of tax codes, [] = all
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class InvoicePricing(Base):
    """An invoice's pricing as posted: append-only, never changed by a later setting."""

    __tablename__ = "invoice_pricing"

    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    snapshot: Mapped[str] = mapped_column(Text)  # app.domain.ticket_pricing.snapshot
    discount_total: Mapped[int] = mapped_column(BigInteger, default=0)  # cents, for the discount report
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
