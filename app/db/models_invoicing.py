"""Invoices, credit notes, their lines and jobs, payments and account customers.

Amounts are integer cents (``Money``). A credit note is an ``invoices`` row of
kind ``credit_note`` with its own number series; its amounts and line
quantities are stored NEGATIVE, so summing ``invoices.total`` over a day gives
net sales, and an invoice plus its full credit note sums to zero.

``invoice_lines`` and ``payments`` are append-only ledgers (APPEND_ONLY_TABLES):
a posted invoice never changes except its status (posted -> void, with the
void's reason, user, time and business date).

Balances are computed, never stored:
- balance due of a document = total - sum(payments.amount on it)
  - sum(deposits: payments with its work_order_id and no invoice_id);
- a payment of method ``account`` charges the amount to the customer's
  account (A/R); an ``account_settlement`` payment (cash/card/check received
  later for an account) has ``settles_account`` true and does not change the
  document's balance due, only its open A/R;
- method ``credit_note`` moves value between a credit note and the invoice it
  credits (two rows, +x on the invoice and -x on the credit note): they net to
  zero and are not money taken.

Totals: ``fees`` includes ``shop_supplies`` (shown apart as its part);
labor + parts + fees + sublet + cores + tax + cash_rounding = total, and the
printed lines (amount + core_amount) plus tax sum to the total.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models, models_day, models_work_orders  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import Money, Rate, UTCDateTime, now_utc

ZERO = Decimal("0")


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("shop_id", "kind", "number"),
        Index("ix_invoices_shop_business_date", "shop_id", "business_date"),
        Index("ix_invoices_shop_status", "shop_id", "status"),
        Index("ix_invoices_shop_customer", "shop_id", "customer_id"),
        Index("ix_invoices_work_order", "work_order_id"),
        Index("ix_invoices_credited_invoice", "credited_invoice_id"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    kind: Mapped[str] = mapped_column(String(20), default="invoice")  # invoice / credit_note
    number: Mapped[int] = mapped_column(BigInteger)
    # the source: a completed work order, a posted counter ticket, or the credited invoice
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("work_orders.id"))
    counter_ticket_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    credited_invoice_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoices.id"))
    # customer and vehicle as they were at posting
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    vehicle_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("vehicles.id"))
    customer_name: Mapped[str] = mapped_column(String(300), default="")
    customer_address: Mapped[str] = mapped_column(String(600), default="")
    customer_phone: Mapped[str] = mapped_column(String(40), default="")
    customer_email: Mapped[str] = mapped_column(String(254), default="")
    vehicle_description: Mapped[str] = mapped_column(String(200), default="")
    vin: Mapped[str] = mapped_column(String(17), default="")
    plate: Mapped[str] = mapped_column(String(15), default="")
    odometer_in: Mapped[int | None] = mapped_column(Integer)
    odometer_out: Mapped[int | None] = mapped_column(Integer)
    tax_exempt_number: Mapped[str] = mapped_column(String(50), default="")
    # posting
    business_date: Mapped[date] = mapped_column(Date)  # the shop's local date of posting
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    posted_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("terminals.id"))
    # pricing snapshot
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    tax_rate: Mapped[Decimal] = mapped_column(Rate)
    rounding: Mapped[str] = mapped_column(String(20))
    decimals: Mapped[int] = mapped_column(Integer, default=2)
    fee_rule: Mapped[str] = mapped_column(Text, default="{}")  # JSON of app.domain.totals.FeeRule
    labor_rate: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    cash_rounding_step: Mapped[Decimal] = mapped_column(Money, default=ZERO)  # 0.05, or 0: not used
    # stored totals (negative on a credit note)
    labor: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    parts: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    fees: Mapped[Decimal] = mapped_column(Money, default=ZERO)  # fee lines and shop supplies
    shop_supplies: Mapped[Decimal] = mapped_column(Money, default=ZERO)  # the part of fees that is supplies
    sublet: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    cores: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    discount: Mapped[Decimal] = mapped_column(Money, default=ZERO)  # already taken off the lines
    taxable_base: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    tax: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    cash_rounding: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    total: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    # costs at posting, for gross profit
    parts_cost: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    labor_cost: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    sublet_cost: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    billed_hours: Mapped[int] = mapped_column(BigInteger, default=0)  # thousandths
    # accounts
    on_account: Mapped[bool] = mapped_column(Boolean, default=False)
    terms_days: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    # status: posted / void
    status: Mapped[str] = mapped_column(String(10), default="posted")
    void_reason: Mapped[str] = mapped_column(String(400), default="")
    voided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    void_business_date: Mapped[date | None] = mapped_column(Date)
    void_restocked: Mapped[bool] = mapped_column(Boolean, default=False)
    print_count: Mapped[int] = mapped_column(Integer, default=0)  # a reprint is marked COPY
    receipt_count: Mapped[int] = mapped_column(
        Integer, default=0
    )  # receipts handed out: the second is a COPY


class InvoiceJob(Base):
    """A job as it was invoiced: concern, cause, correction and its technician."""

    __tablename__ = "invoice_jobs"
    __table_args__ = (Index("ix_invoice_jobs_invoice_position", "invoice_id", "position"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    concern: Mapped[str] = mapped_column(Text, default="")
    cause: Mapped[str] = mapped_column(Text, default="")
    correction: Mapped[str] = mapped_column(Text, default="")
    technician_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    technician_name: Mapped[str] = mapped_column(String(100), default="")
    source_job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class InvoiceLine(Base):
    """Append-only: every printed line of an invoice or credit note, with its cost.

    ``category``: labor, part, fee, sublet, shop_supplies, cash_rounding.
    ``amount`` is the printed line amount (after its discount); ``core_amount``
    is its core charge. Sum(amount + core_amount) + invoice.tax = invoice.total.
    """

    __tablename__ = "invoice_lines"
    __table_args__ = (Index("ix_invoice_lines_invoice_position", "invoice_id", "position"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoices.id"))
    invoice_job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoice_jobs.id"))
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(300))
    part_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # the catalog part, when known
    part_number: Mapped[str] = mapped_column(String(60), default="")
    condition: Mapped[str] = mapped_column(String(20), default="")
    quantity: Mapped[int] = mapped_column(BigInteger)  # thousandths; negative on a credit note
    unit_price: Mapped[Decimal] = mapped_column(Money)
    unit_cost: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    discount_percent: Mapped[Decimal] = mapped_column(Rate, default=ZERO)  # 0.10 for 10 %
    discount_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    core_charge: Mapped[Decimal] = mapped_column(Money, default=ZERO)  # per unit
    core_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    amount: Mapped[Decimal] = mapped_column(Money)  # printed, after discount
    cost_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)  # quantity x unit cost
    taxable: Mapped[bool] = mapped_column(Boolean, default=False)
    tax_rate: Mapped[Decimal] = mapped_column(Rate, default=ZERO)
    tax: Mapped[Decimal] = mapped_column(Money, default=ZERO)  # per-line tax (per-line rounding only)
    fee_rule: Mapped[str] = mapped_column(String(400), default="")  # shop supplies: the rule applied
    rounding: Mapped[str] = mapped_column(String(20), default="")
    technician_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    billed_hours: Mapped[int] = mapped_column(BigInteger, default=0)  # thousandths, labor lines
    vendor: Mapped[str] = mapped_column(String(100), default="")
    source_line_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # work order / counter ticket line
    credited_line_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # on a credit note


class Payment(Base):
    """Append-only: money taken (positive), refunded (negative), or charged to account.

    method: cash / card / check / account / credit_note. Card: brand, last four
    and the processor's reference only; never a card number, CVV or track data.
    Cash always names the drawer it went into (``drawer_id``): a drawer's cash
    is the sum of its rows, whatever the clocks of the terminals say.
    """

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_shop_business_date", "shop_id", "business_date"),
        Index("ix_payments_invoice", "invoice_id"),
        Index("ix_payments_work_order", "work_order_id"),
        Index("ix_payments_shop_customer", "shop_id", "customer_id"),
        Index("ix_payments_drawer", "drawer_id"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invoices.id"))
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("work_orders.id"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    group_id: Mapped[uuid.UUID] = mapped_column(Uuid)  # one tender split over several invoices
    # payment / deposit / refund / settlement (of an account) / transfer (credit note to invoice)
    kind: Mapped[str] = mapped_column(String(20), default="payment")
    method: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money)  # applied; negative for a refund
    tendered: Mapped[Decimal | None] = mapped_column(Money)  # cash handed over
    change_given: Mapped[Decimal | None] = mapped_column(Money)
    settles_account: Mapped[bool] = mapped_column(Boolean, default=False)
    card_brand: Mapped[str] = mapped_column(String(20), default="")
    card_last4: Mapped[str] = mapped_column(String(4), default="")
    processor_reference: Mapped[str] = mapped_column(String(64), default="")
    check_number: Mapped[str] = mapped_column(String(30), default="")
    note: Mapped[str] = mapped_column(String(400), default="")
    terminal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("terminals.id"))
    # the cash drawer a cash payment (or cash paid back) went into or came out of
    drawer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cash_drawer_sessions.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    business_date: Mapped[date] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class CustomerAccount(Base):
    """A fleet or account customer: may charge to account, on terms, maybe tax exempt."""

    __tablename__ = "customer_accounts"
    __table_args__ = (UniqueConstraint("shop_id", "customer_id"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    terms_days: Mapped[int] = mapped_column(Integer, default=30)  # net 30 / 60 / 90
    credit_limit: Mapped[Decimal | None] = mapped_column(Money)
    tax_exempt_certificate: Mapped[str] = mapped_column(String(50), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(String(400), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
