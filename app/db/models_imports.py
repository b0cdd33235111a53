"""What was brought over from another system: one key per imported row, and the saved column mappings.

``import_keys`` is append-only: a row of a file imported once is known by its
key (the old system's id, or a hash of the row) and is never imported again.
``import_mappings`` keeps the column mapping used for a source (a file with
those column names), to offer it the next time.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models  # noqa: F401  (the tables its foreign keys point to)
from app.db.base import Base
from app.db.types import UTCDateTime, now_utc


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class ImportKey(Base):
    """Append-only: one imported row (customer, vehicle, part or past work order) and what it became."""

    __tablename__ = "import_keys"
    __table_args__ = (
        UniqueConstraint("shop_id", "kind", "row_key"),
        Index("ix_import_keys_source", "shop_id", "kind", "source_id"),  # a vehicle finds its imported owner
    )

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    kind: Mapped[str] = mapped_column(String(20))  # app.domain.imports.ImportKind
    row_key: Mapped[str] = mapped_column(String(64))
    source_id: Mapped[str] = mapped_column(String(100), default="")  # the old system's own id, if it had one
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    outcome: Mapped[str] = mapped_column(String(10))  # created / merged
    line: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(200), default="")
    imported_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class ImportMapping(Base):
    """The column mapping last used for files with these column names."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("shop_id", "kind", "signature"),)

    id: Mapped[uuid.UUID] = _id()
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    kind: Mapped[str] = mapped_column(String(20))
    signature: Mapped[str] = mapped_column(String(64))  # app.domain.imports.header_signature
    mapping: Mapped[str] = mapped_column(Text)  # JSON: file column -> field
    saved_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
