"""Cash drawer sessions, drawer movements and day closes: the owner's end of day.

A drawer session is one terminal's cash drawer from the opening float to the
blind count and the deposit. At most one session per terminal is not yet
closed: a unique partial index holds that even when two people press "Open
drawer" on the same terminal at the same moment.

A day close freezes one business day's figures (DOMAIN.md, End of day) and
carries the perpetual grand total forward: ``grand_total_after`` is
``grand_total_before`` plus the day's gross sales, and never less.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
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

from app.db import models  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import Money, UTCDateTime, now_utc


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class CashDrawerSession(Base):
    __tablename__ = "cash_drawer_sessions"
    __table_args__ = (
        # one drawer not yet closed per terminal, whatever the clients do at once
        Index(
            "uq_cash_drawer_sessions_open_terminal",
            "terminal_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
        Index("ix_cash_drawer_sessions_shop_business_date", "shop_id", "business_date"),
        CheckConstraint("opening_float >= 0", name="float_not_negative"),
        CheckConstraint("deposit IS NULL OR deposit >= 0", name="deposit_not_negative"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    terminal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("terminals.id"))
    business_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open / counted / closed
    opening_float: Mapped[Decimal] = mapped_column(Money)
    opened_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    # the blind count, and what the drawer should have held at that moment
    counted: Mapped[Decimal | None] = mapped_column(Money)
    expected: Mapped[Decimal | None] = mapped_column(Money)
    cash_taken: Mapped[Decimal | None] = mapped_column(Money)  # cash payments less change given
    paid_in: Mapped[Decimal | None] = mapped_column(Money)
    paid_out: Mapped[Decimal | None] = mapped_column(Money)
    over_short: Mapped[Decimal | None] = mapped_column(Money)
    counted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    over_short_reason: Mapped[str] = mapped_column(String(400), default="")
    deposit: Mapped[Decimal | None] = mapped_column(Money)
    closed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CashDrawerMovement(Base):
    """Cash paid into or out of a drawer other than by a payment, with the reason."""

    __tablename__ = "cash_drawer_movements"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cash_drawer_sessions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # paid_in / paid_out
    amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    by_user: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))


class DayClose(Base):
    """One closed business day: its figures frozen, the grand total carried forward."""

    __tablename__ = "day_closes"
    __table_args__ = (
        UniqueConstraint("shop_id", "business_date"),
        CheckConstraint("grand_total_after >= grand_total_before", name="grand_total_never_decreases"),
        CheckConstraint("gross_sales >= 0", name="gross_sales_not_negative"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    business_date: Mapped[date] = mapped_column(Date)
    closed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    invoice_count: Mapped[int] = mapped_column(Integer)
    gross_sales: Mapped[Decimal] = mapped_column(Money)
    net_sales: Mapped[Decimal] = mapped_column(Money)
    tax: Mapped[Decimal] = mapped_column(Money)
    payments_total: Mapped[Decimal] = mapped_column(Money)
    grand_total_before: Mapped[Decimal] = mapped_column(Money)
    grand_total_after: Mapped[Decimal] = mapped_column(Money)
    audit_seq: Mapped[int] = mapped_column(BigInteger)  # the chain head when the day was closed
    audit_hash: Mapped[str] = mapped_column(String(64))
    figures: Mapped[str] = mapped_column(Text)  # JSON of app.domain.end_of_day.DayFigures


class BooksExport(Base):
    """Append-only: a period exported for the accountant, so exporting it again can say so."""

    __tablename__ = "books_exports"
    __table_args__ = (
        Index("ix_books_exports_shop_period", "shop_id", "start_date", "end_date"),
        CheckConstraint("end_date >= start_date", name="period_in_order"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(10))  # iif / journal
    entries: Mapped[int] = mapped_column(Integer)
    debits: Mapped[Decimal] = mapped_column(Money)
    sha256: Mapped[str] = mapped_column(String(64))  # of the bytes handed out
    exported_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
