"""One shop's full audit check: the chain, the documents it recorded, and the heads kept elsewhere.

Three ways the chain is held to account, besides its own links:

- each entry that recorded a document (invoice with lines, credit note,
  payment, day close) carries that document's hash; the document is read
  again and any difference is named, field by field;
- each day close kept the chain head as the day ended (it is printed on the
  end-of-day report): that entry must still be there, with that hash, or the
  chain was cut back;
- an exported head file (``baydesk audit export-head``), when given, is held
  to the same test.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from app.db.models import AuditEntry, AuditHead, Shop
from app.db.models_day import DayClose
from app.domain.audit_chain import (
    GENESIS_HASH,
    ChainEntry,
    ChainVerdict,
    StoredEntry,
    document_hash,
    verify_chain,
)
from app.domain.audit_documents import describe_change
from app.domain.errors import ValidationError
from app.repositories.audit_documents import document_json, read_documents
from app.services.customers.dto import AuditChainReport
from app.services.uow import UnitOfWork

HEAD_FILE_FORMAT = "baydesk-audit-heads/1"
VIEWER_HEAD_TITLE = "BayDesk audit chain head\n"  # AuditChainHead.as_text()


@dataclass(frozen=True)
class HeadMark:
    """A chain head kept outside the chain: entry ``seq`` had ``hash`` (``source`` says where it was kept)."""

    source: str
    seq: int
    hash: str


DOCUMENTS_AT_ONCE = 2_000  # recorded documents read back together while the walk goes on


@dataclass
class _Walk:
    """What the walk over the entries saw: the hashes at the marked seqs, and each recorded
    document held against the row now, a batch at a time as the walk goes (a shop with ten
    years of entries records a million documents: read all at once they took gigabytes)."""

    uow: UnitOfWork
    shop_id: uuid.UUID
    wanted: set[int]
    hashes: dict[int, str] = field(default_factory=dict)
    documents: list[tuple[int, str, str, str]] = field(default_factory=list)  # seq, table, id, hash
    document_problems: list[tuple[int | None, str]] = field(default_factory=list)
    last_seq: int = 0

    def recorded(self, seq: int, table: str, record_id: str, digest: str) -> None:
        self.documents.append((seq, table, record_id, digest))
        if len(self.documents) >= DOCUMENTS_AT_ONCE:
            self.check_documents()

    def check_documents(self) -> None:
        """The documents recorded since the last batch, against the rows they name."""
        self.document_problems += _document_problems(self.uow, self.shop_id, self.documents)
        self.documents = []


def verify_shop(uow: UnitOfWork, shop: Shop, marks: list[HeadMark] | None = None) -> AuditChainReport:
    """The chain, its documents and every head kept of it; all problems found, the first one first."""
    head = uow.audit.head(shop.id)
    marks = [*_day_close_marks(uow, shop.id), *(marks or [])]
    walk = _Walk(uow, shop.id, {m.seq for m in marks})
    verdict = verify_chain(
        _stored(uow.audit.entries(shop.id), walk),
        head_seq=head.seq if head else None,
        head_hash=head.hash if head else None,
    )
    walk.check_documents()
    problems = _link_problems(verdict)
    if head is None:
        problems.append((walk.last_seq + 1, f"the chain head is missing ({walk.last_seq} entries remain)"))
    if verdict.ok:
        problems += _mark_problems(marks, walk)
    return _report(shop, verdict, problems + walk.document_problems, head)


def verify_since(uow: UnitOfWork, shop: Shop, mark: HeadMark) -> AuditChainReport:
    """The entries written after ``mark`` (a head taken earlier): linked to it, unaltered, and
    their documents as recorded. A quick check after a batch of writes; ``verify_shop`` walks
    the whole chain, which on a shop with ten years of entries takes minutes."""
    head = uow.audit.head(shop.id)
    walk = _Walk(uow, shop.id, set())
    verdict = verify_chain(
        _stored(uow.audit.entries(shop.id, after_seq=mark.seq), walk),
        head_seq=head.seq if head else None,
        head_hash=head.hash if head else None,
        after_seq=mark.seq,
        after_hash=mark.hash,
    )
    walk.check_documents()
    return _report(shop, verdict, _link_problems(verdict) + walk.document_problems, head)


def _link_problems(verdict: ChainVerdict) -> list[tuple[int | None, str]]:
    return [] if verdict.ok else [(verdict.first_bad_seq, verdict.problem or "the chain is broken")]


def _report(
    shop: Shop, verdict: ChainVerdict, problems: list[tuple[int | None, str]], head: AuditHead | None
) -> AuditChainReport:
    """All problems found, the first one first; when there are none, the head verified up to."""
    first_seq, first = problems[0] if problems else (None, None)
    verified = (head.seq, head.hash or GENESIS_HASH) if head is not None and not problems else None
    return AuditChainReport(
        shop.name,
        not problems,
        verdict.checked,
        first_seq,
        first,
        tuple(text for _, text in problems),
        verified,
    )


def _stored(rows: Iterator[AuditEntry], walk: _Walk) -> Iterator[StoredEntry]:
    for row in rows:
        if row.seq in walk.wanted:
            walk.hashes[row.seq] = row.hash
        if row.document_hash is not None:
            walk.recorded(row.seq, row.table_name, row.record_id, row.document_hash)
        walk.last_seq = row.seq
        yield StoredEntry(
            ChainEntry(
                shop_id=str(row.shop_id),
                seq=row.seq,
                at=row.at.isoformat(),
                user_id=str(row.user_id) if row.user_id else None,
                terminal_id=str(row.terminal_id) if row.terminal_id else None,
                table_name=row.table_name,
                record_id=row.record_id,
                action=row.action,
                diff=row.diff,
                document_hash=row.document_hash,
            ),
            row.prev_hash,
            row.hash,
            row.document,
        )


def _day_close_marks(uow: UnitOfWork, shop_id: uuid.UUID) -> list[HeadMark]:
    rows = uow.session.execute(
        select(DayClose.business_date, DayClose.audit_seq, DayClose.audit_hash).where(
            DayClose.shop_id == shop_id
        )
    )
    return [
        HeadMark(f"the day close of {r.business_date.isoformat()}", r.audit_seq, r.audit_hash) for r in rows
    ]


def _mark_problems(marks: list[HeadMark], walk: _Walk) -> list[tuple[int | None, str]]:
    problems: list[tuple[int | None, str]] = []
    for mark in sorted(marks, key=lambda m: m.seq):
        if mark.seq == 0:
            continue
        if mark.seq > walk.last_seq:
            problems.append(
                (
                    walk.last_seq + 1,
                    f"the chain was cut back: {mark.source} kept entry {mark.seq} "
                    f"(hash {mark.hash[:12]}…), but the chain ends at entry {walk.last_seq}",
                )
            )
        elif walk.hashes.get(mark.seq) != mark.hash:
            problems.append(
                (mark.seq, f"entry {mark.seq} is not the one {mark.source} kept (hash {mark.hash[:12]}…)")
            )
    return problems


def _document_problems(
    uow: UnitOfWork, shop_id: uuid.UUID, documents: list[tuple[int, str, str, str]]
) -> list[tuple[int | None, str]]:
    """Each recorded document (seq, table, id, hash) against the row it names, as it is now."""
    problems: list[tuple[int | None, str]] = []
    by_table: dict[str, dict[str, dict[str, Any]]] = {}
    for seq, table, record_id, recorded_hash in documents:
        if table not in by_table:
            named = [r for _, t, r, _ in documents if t == table]
            by_table[table] = read_documents(uow.session, table, shop_id, named)
        current = by_table[table].get(record_id)
        if current is not None and document_hash(document_json(current)) == recorded_hash:
            continue
        entry = uow.audit.by_seq(shop_id, seq)
        recorded = json.loads(entry.document) if entry is not None and entry.document else {}
        problems.append((seq, describe_change(table, recorded, current, seq)))
    return problems


# --- the exported head file -------------------------------------------------------------------------


def head_file(shops: list[tuple[Shop, int, str]], at: datetime) -> str:
    """The heads of every shop now, as the file ``--against`` reads back."""
    return json.dumps(
        {
            "format": HEAD_FILE_FORMAT,
            "exported_at": at.isoformat(),
            "heads": [
                {"shop_id": str(shop.id), "shop_name": shop.name, "seq": seq, "hash": digest}
                for shop, seq, digest in shops
            ],
        },
        indent=2,
    )


def marks_from_file(text: str) -> dict[str, HeadMark]:
    """Each shop's head in a head file, by shop id and by shop name; a file that is not one is refused.

    Two kinds are read: the JSON ``baydesk audit export-head`` writes (every
    shop), and the text the owner's audit viewer saves (*Export chain head*, one shop).
    """
    if text.startswith(VIEWER_HEAD_TITLE):
        return _marks_from_viewer_text(text)
    try:
        data = json.loads(text)
        if data.get("format") != HEAD_FILE_FORMAT:
            raise ValueError("format")
        when = str(data.get("exported_at", ""))[:19].replace("T", " ")
        marks: dict[str, HeadMark] = {}
        for h in data["heads"]:
            mark = HeadMark(f"the head file exported {when}", int(h["seq"]), str(h["hash"]))
            marks[str(uuid.UUID(h["shop_id"]))] = mark
            marks.setdefault(str(h.get("shop_name", "")), mark)
        return marks
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _not_a_head_file() from exc


def _marks_from_viewer_text(text: str) -> dict[str, HeadMark]:
    fields = dict(line.split(": ", 1) for line in text.splitlines()[1:] if ": " in line)
    try:
        when = fields.get("taken at (UTC)", "")[:19].replace("T", " ")
        mark = HeadMark(
            f"the chain head saved {when}", int(fields["entries"]), fields["head hash (SHA-256)"].strip()
        )
        return {fields["shop"]: mark}
    except (KeyError, ValueError) as exc:
        raise _not_a_head_file() from exc


def _not_a_head_file() -> ValidationError:
    return ValidationError(
        {"against": "is not a head file written by 'baydesk audit export-head' or the audit viewer"}
    )


FULL_WALK_EVERY = timedelta(hours=24)


@dataclass
class ChainWatch:
    """What this machine last verified of each shop's chain, for a check that runs every hour.

    Walking the whole chain of a shop with ten years of entries takes minutes; every terminal
    checking every hour would spend that again and again. So the whole chain is walked once a
    day, and in between only the entries written since the head the last passing check
    verified, linked to that head. A failing check keeps what was verified before it.
    """

    heads: dict[uuid.UUID, tuple[HeadMark, datetime]] = field(default_factory=dict)

    def verify(self, uow: UnitOfWork, shop: Shop, now: datetime) -> tuple[AuditChainReport, bool]:
        """This shop's chain as far as it needs walking now, and whether that was the whole chain."""
        known = self.heads.get(shop.id)
        if known is not None and known[1] <= now < known[1] + FULL_WALK_EVERY:
            report, walked, whole = verify_since(uow, shop, known[0]), known[1], False
        else:
            report, walked, whole = verify_shop(uow, shop), now, True
        if report.verified_to is not None:
            seq, digest = report.verified_to
            self.heads[shop.id] = (HeadMark("the last check", seq, digest), walked)
        return report, whole
