"""Alert rules and the alerts they raise.

An alert is raised at most once per open subject: the partial unique index
``uq_alerts_open_subject`` (shop, rule, subject) over the rows not yet
resolved lets the database, not the clients, decide when two terminals raise
the same alert at the same moment (the second insert does nothing).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
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

from app.db import models  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import UTCDateTime, now_utc


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class AlertRule(Base):
    """One kind of condition a shop watches, with its limits (JSON) and the roles that see it."""

    __tablename__ = "alert_rules"
    __table_args__ = (UniqueConstraint("shop_id", "kind"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    kind: Mapped[str] = mapped_column(String(40))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    limits: Mapped[str] = mapped_column(Text, default="{}")
    roles: Mapped[str] = mapped_column(String(100))
    cooldown_minutes: Mapped[int] = mapped_column(Integer, default=60)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (
        # one open alert per rule and subject, whatever several terminals do at once
        Index(
            "uq_alerts_open_subject",
            "shop_id",
            "rule_id",
            "subject",
            unique=True,
            sqlite_where=text("resolved_at IS NULL"),
            postgresql_where=text("resolved_at IS NULL"),
        ),
        Index("ix_alerts_shop_raised_at", "shop_id", "raised_at"),
        # the cool-down: when was this subject last resolved
        Index("ix_alerts_rule_subject_resolved", "rule_id", "subject", "resolved_at"),
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    rule_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("alert_rules.id"))
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    link_kind: Mapped[str] = mapped_column(String(20), default="")  # vehicle, work_order, part...
    link_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    acknowledge_note: Mapped[str] = mapped_column(String(400), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str] = mapped_column(String(20), default="")  # cleared, person, rule_off
    resolve_note: Mapped[str] = mapped_column(String(400), default="")
