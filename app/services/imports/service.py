"""``baydesk import`` and the import wizard: a CSV file from another system, in batches, row by row.

Every row passes the same gate and the same checks as the form it would
have been typed into (app/services/imports/people.py, stock.py, history.py),
inside a savepoint of its batch's transaction: a refused row leaves nothing
behind and the rest of the batch goes on. A batch of rows is one transaction,
so a hundred thousand rows commit a few hundred times, not a hundred
thousand. Each imported row leaves its key in ``import_keys``, so running the
same file again finds every row known and imports nothing twice. A dry run
does all of it and commits nothing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from app.db.types import now_utc
from app.domain.errors import BayDeskError
from app.domain.import_presets import matching_preset
from app.domain.imports import (
    FIELDS,
    Duplicates,
    ImportFileError,
    ImportKind,
    RefusedRow,
    SourceFile,
    SourceRow,
    check_mapping,
    header_signature,
    read_csv,
    rows,
)
from app.domain.permissions import Action, Actor, require
from app.repositories.imports import ImportRepository
from app.services.base import Service
from app.services.customers.reminders import shop_today
from app.services.imports.context import RowContext, Skipped, gate
from app.services.imports.dto import Done, FilePreview, ImportReport
from app.services.imports.history import import_order
from app.services.imports.people import import_customer, import_vehicle
from app.services.imports.stock import import_part, write_openings
from app.services.uow import UnitOfWork
from app.services.work_orders.views import shop_pricing

BATCH = 500
PREVIEW_ROWS = 5
Progress = Callable[[int, int], None]
HANDLERS: dict[ImportKind, Callable[[RowContext, SourceRow], Done]] = {
    ImportKind.CUSTOMERS: import_customer,
    ImportKind.VEHICLES: import_vehicle,
    ImportKind.PARTS: import_part,
    ImportKind.HISTORY: import_order,
}


@dataclass
class _Batch:
    """What one batch did; merged into the run's totals only once its transaction is through."""

    created: int = 0
    merged: int = 0
    already: int = 0
    keys: set[str] = field(default_factory=set)
    skipped: list[RefusedRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Run:
    actor: Actor
    kind: ImportKind
    duplicates: Duplicates
    file_name: str
    dry_run: bool


class ImportService(Service):
    def preview(self, actor: Actor, kind: ImportKind, path: Path) -> FilePreview:
        """The file's columns and first rows, with the mapping BayDesk would use (saved, or a preset's)."""
        require(actor, Action.IMPORT_DATA)
        source = read_csv(path)
        mapping, origin = self._mapping(actor, kind, source, None)
        return FilePreview(
            kind,
            path.name,
            source.headers,
            tuple(cells for _line, cells in source.records[:PREVIEW_ROWS]),
            len(source.records),
            mapping,
            origin,
            FIELDS[kind],
        )

    def run(
        self,
        actor: Actor,
        kind: ImportKind,
        path: Path,
        mapping: dict[str, str] | None = None,
        duplicates: Duplicates = Duplicates.SKIP,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import ``path``; ``mapping`` (file column -> field) is saved for files with these columns."""
        require(actor, Action.IMPORT_DATA)
        started = time.perf_counter()
        source = read_csv(path)
        chosen, origin = self._mapping(actor, kind, source, mapping)
        if not origin:
            raise ImportFileError(
                "The file's columns match no preset and no saved mapping: map them (--map COLUMN=FIELD). "
                f"Its columns: {', '.join(source.headers)}."
            )
        records = list(rows(kind, source, chosen))
        run = _Run(actor, kind, duplicates, path.name[:200], dry_run)
        total = _Batch()
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            done = self._batch(run, batch, total.keys)
            _add(total, done)
            if progress is not None:
                progress(min(start + BATCH, len(records)), len(records))
        if mapping and not dry_run:
            self._write(lambda uow: _save_mapping(uow, actor, kind, source, chosen))
        return ImportReport(
            kind,
            path.name,
            source.headers,
            len(records),
            total.created,
            total.merged,
            total.already,
            tuple(total.skipped),
            tuple(total.refused),
            dry_run,
            time.perf_counter() - started,
            tuple(total.warnings),
        )

    def _batch(self, run: _Run, batch: list[SourceRow], seen: set[str]) -> _Batch:
        """The batch in one go; if a row failed after it had written, again with a savepoint per row."""
        try:
            return self._write(lambda uow: _import_batch(uow, run, batch, seen, careful=False))
        except _Careful:
            return self._write(lambda uow: _import_batch(uow, run, batch, seen, careful=True))

    def _mapping(
        self, actor: Actor, kind: ImportKind, source: SourceFile, given: dict[str, str] | None
    ) -> tuple[dict[str, str], str]:
        """(file column -> field, where it came from): given, saved for these columns, or a preset."""
        if given:
            return check_mapping(kind, source.headers, given), "given"
        signature = header_signature(source.headers)
        saved = self._read(
            lambda uow: ImportRepository(uow.session).mapping(actor.shop_id, kind.value, signature)
        )
        if saved:
            try:
                return check_mapping(kind, source.headers, saved), "saved"
            except ImportFileError:
                pass  # saved for other columns that hash alike: fall back to the presets
        match = matching_preset(kind, source.headers)
        if match is not None:
            return match[1], match[0].name
        return {}, ""


def _add(total: _Batch, done: _Batch) -> None:
    total.created += done.created
    total.merged += done.merged
    total.already += done.already
    total.keys |= done.keys
    total.skipped += done.skipped
    total.refused += done.refused
    total.warnings += done.warnings


class _Careful(Exception):
    """A row failed after writing: the batch is done again, each row in a savepoint of its own."""


def _import_batch(
    uow: UnitOfWork, run: _Run, batch: list[SourceRow], seen: set[str], careful: bool
) -> _Batch:
    """One transaction: the rows, then the opening stock and the keys; committed unless dry.

    The rows check everything before they write, so a refused row has written
    nothing and the batch runs without savepoints; a row that fails once it
    has written (or a database refusal) sends the batch round again with a
    savepoint per row.
    """
    actor = run.actor
    ctx = RowContext(
        uow, actor, run.kind, run.duplicates, run.file_name, now_utc().year, cache=_settings(uow, actor)
    )
    known = ctx.repo.known(actor.shop_id, run.kind.value, (row.key for row in batch))
    out = _Batch()
    keys: list[dict[str, object]] = []
    for row in batch:
        if row.key in known or row.key in seen or row.key in out.keys:
            out.already += 1
            continue
        done = _one(ctx, row, out) if careful else _fast(ctx, row, out)
        if done is None:
            continue
        out.keys.add(row.key)
        setattr(out, done.outcome, getattr(out, done.outcome) + 1)
        if done.warning:
            out.warnings.append(f"Line {row.line}: {done.warning}")
        keys.append(_key_row(run, actor, row, done))
    write_openings(ctx)
    ctx.repo.add_keys(keys)
    if not run.dry_run:
        uow.commit()
    return out


def _fast(ctx: RowContext, row: SourceRow, out: _Batch) -> Done | None:
    written = ctx.uow.audited
    try:
        gate(row)
        return HANDLERS[ctx.kind](ctx, row)
    except Skipped as exc:
        out.skipped.append(RefusedRow(row.line, f"skipped: {exc.message}", row.raw))
    except BayDeskError as exc:
        if ctx.uow.audited != written:
            raise _Careful from exc
        out.refused.append(RefusedRow(row.line, exc.message, row.raw))
    except IntegrityError as exc:
        raise _Careful from exc
    return None


def _one(ctx: RowContext, row: SourceRow, out: _Batch) -> Done | None:
    try:
        gate(row)
        with ctx.uow.savepoint():
            return HANDLERS[ctx.kind](ctx, row)
    except Skipped as exc:
        out.skipped.append(RefusedRow(row.line, f"skipped: {exc.message}", row.raw))
    except BayDeskError as exc:
        out.refused.append(RefusedRow(row.line, exc.message, row.raw))
    except IntegrityError:
        out.refused.append(
            RefusedRow(row.line, "another terminal saved the same record at the same time", row.raw)
        )
    return None


def _key_row(run: _Run, actor: Actor, row: SourceRow, done: Done) -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "shop_id": actor.shop_id,
        "kind": run.kind.value,
        "row_key": row.key,
        "source_id": (row.get("source_id") or row.get("sku"))[:100],
        "record_id": done.record_id,
        "outcome": done.outcome,
        "line": row.line,
        "file_name": run.file_name,
        "imported_by": actor.user_id,
        "imported_at": now_utc(),
    }


def _settings(uow: UnitOfWork, actor: Actor) -> dict[str, object]:
    shop = uow.shops.get(actor.shop_id)
    return {
        "today": shop_today(uow, actor),
        "zone": shop.timezone if shop else "UTC",
        "currency": shop.currency if shop else "USD",
        "pricing": shop_pricing(uow, actor.shop_id),
    }


def _save_mapping(
    uow: UnitOfWork, actor: Actor, kind: ImportKind, source: SourceFile, mapping: dict[str, str]
) -> None:
    ImportRepository(uow.session).save_mapping(
        actor.shop_id, kind.value, header_signature(source.headers), mapping, actor.user_id
    )
    uow.record(actor, actor.shop_id, "import_mappings", kind.value, "save", None, {"mapping": mapping})
    uow.commit()
