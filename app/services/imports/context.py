"""What every row of an import is handled with: the transaction, the actor, the choice on duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain.errors import BayDeskError
from app.domain.imports import Duplicates, ImportKind, SourceRow
from app.domain.permissions import Actor
from app.repositories.imports import ImportRepository
from app.services.parts.ledger import Change
from app.services.text_gate import check_inputs
from app.services.uow import UnitOfWork


class Skipped(BayDeskError):
    """A duplicate left alone because the person chose to skip duplicates."""


@dataclass
class RowContext:
    uow: UnitOfWork
    actor: Actor
    kind: ImportKind
    duplicates: Duplicates
    file_name: str
    year: int
    openings: list[Change] = field(default_factory=list)  # stock arriving, written once per batch
    cache: dict[str, Any] = field(default_factory=dict)  # per batch: settings read once

    @property
    def repo(self) -> ImportRepository:
        return ImportRepository(self.uow.session)

    @property
    def merging(self) -> bool:
        return self.duplicates == Duplicates.MERGE


def gate(row: SourceRow) -> None:
    """The service boundary's text gate, on each cell as if it had been typed in (card numbers, lengths)."""
    check_inputs(dict(row.values))


def flag(text: str) -> bool:
    """Yes/no cells as exports write them."""
    return text.strip().casefold() in {"1", "y", "yes", "true", "t", "x", "taxable"}
