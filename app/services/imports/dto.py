"""What an import hands back: a file's first look, and the report of a run."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from app.domain.imports import ImportKind, RefusedRow


@dataclass(frozen=True)
class FilePreview:
    """A file as the wizard first shows it: its columns, its first rows, and the mapping offered."""

    kind: ImportKind
    file_name: str
    headers: tuple[str, ...]
    first_rows: tuple[tuple[str, ...], ...]
    rows: int
    mapping: dict[str, str]  # file column -> BayDesk field
    mapping_from: str  # "saved", a preset's name, or "" (none: map the columns by hand)
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ImportReport:
    """What one run did. ``skipped`` are duplicates left alone; ``refused`` rows broke a rule."""

    kind: ImportKind
    file_name: str
    headers: tuple[str, ...]
    rows: int
    created: int
    merged: int
    already: int  # imported by an earlier run of this file: nothing done
    skipped: tuple[RefusedRow, ...]
    refused: tuple[RefusedRow, ...]
    dry_run: bool
    seconds: float
    warnings: tuple[str, ...] = field(default=())

    @property
    def imported(self) -> int:
        return self.created + self.merged

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Done:
    """One row's outcome: a record made or merged into (skipped rows raise ``Skipped``)."""

    outcome: str  # created / merged
    record_id: uuid.UUID
    warning: str = ""
