"""The audit hash chain, as arithmetic on plain values.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's
canonical JSON (sorted keys, no spaces, UTF-8). Editing, removing or
reordering any entry breaks every link after it; ``verify_chain`` names the
first entry where that happens.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainEntry:
    """The fields an entry's hash covers."""

    shop_id: str
    seq: int
    at: str
    user_id: str | None
    terminal_id: str | None
    table_name: str
    record_id: str
    action: str
    diff: str  # canonical JSON text, stored as is
    document_hash: str | None = None  # the recorded document's content (invoice, payment, day close)

    def canonical(self) -> str:
        fields: dict[str, Any] = {
            "shop_id": self.shop_id,
            "seq": self.seq,
            "at": self.at,
            "user_id": self.user_id,
            "terminal_id": self.terminal_id,
            "table": self.table_name,
            "record_id": self.record_id,
            "action": self.action,
            "diff": self.diff,
        }
        if self.document_hash is not None:  # entries written before documents were hashed lack the key
            fields["document_hash"] = self.document_hash
        return canonical_json(fields)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def document_hash(document: str) -> str:
    """SHA-256 of a document's canonical JSON (its header and lines as stored)."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def entry_hash(prev_hash: str, entry: ChainEntry) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(entry.canonical().encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredEntry:
    entry: ChainEntry
    prev_hash: str
    hash: str
    document: str | None = None  # the document's canonical JSON as recorded


@dataclass(frozen=True)
class ChainVerdict:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str | None = None


def _document_matches(stored: StoredEntry) -> bool:
    recorded = stored.entry.document_hash
    if recorded is None:
        return stored.document is None
    return stored.document is not None and document_hash(stored.document) == recorded


def verify_chain(
    entries: Iterable[StoredEntry],
    head_seq: int | None = None,
    head_hash: str | None = None,
    *,
    after_seq: int = 0,
    after_hash: str = GENESIS_HASH,
) -> ChainVerdict:
    """Walk one shop's entries in ``seq`` order and name the first broken one.

    From the first entry, or from the one after entry ``after_seq`` whose hash
    is known to be ``after_hash`` (a head kept earlier).
    """
    prev = after_hash
    expected_seq = after_seq + 1
    checked = 0
    for stored in entries:
        seq = stored.entry.seq
        if seq != expected_seq:
            return ChainVerdict(
                False, checked, expected_seq, f"entry {expected_seq} is missing (next is {seq})"
            )
        if stored.prev_hash != prev:
            return ChainVerdict(
                False, checked, seq, f"entry {seq} does not follow entry {seq - 1} (removed or reordered)"
            )
        if entry_hash(prev, stored.entry) != stored.hash or not _document_matches(stored):
            return ChainVerdict(False, checked, seq, f"entry {seq} was altered after it was written")
        prev = stored.hash
        expected_seq += 1
        checked += 1
    last = expected_seq - 1
    if head_seq is not None and head_seq != last:
        return ChainVerdict(
            False, checked, last + 1, f"the chain head says {head_seq} entries but {last} remain"
        )
    if head_hash is not None and last > 0 and head_hash != prev:
        return ChainVerdict(False, checked, last, f"entry {last} does not match the chain head")
    return ChainVerdict(True, checked)
