"""The audit hash chain on plain values: any edit, removal or reordering is named by its entry number."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.audit_chain import (
    GENESIS_HASH,
    ChainEntry,
    StoredEntry,
    canonical_json,
    entry_hash,
    verify_chain,
)

SHOP = "6f1c1c3e-2a52-4f0a-9a0e-3d5b7f1c0a11"
USER = "0b7e0f64-5d1d-4a57-9a7e-6c8f7d3e2b10"


def make_chain(length: int) -> list[StoredEntry]:
    """Entries the way UnitOfWork writes them: each hash over the previous hash and the entry."""
    stored: list[StoredEntry] = []
    prev = GENESIS_HASH
    for seq in range(1, length + 1):
        entry = ChainEntry(
            shop_id=SHOP,
            seq=seq,
            at=f"2026-11-22T09:{seq % 60:02d}:00+00:00",
            user_id=USER,
            terminal_id=None,
            table_name="customers",
            record_id=f"record-{seq}",
            action="update",
            diff=canonical_json({"before": {"phone": f"555-01{seq:02d}"}, "after": {"phone": "555-0199"}}),
        )
        digest = entry_hash(prev, entry)
        stored.append(StoredEntry(entry, prev, digest))
        prev = digest
    return stored


def rechain(entries: list[StoredEntry]) -> list[StoredEntry]:
    """What a forger who rewrites every hash after a change produces."""
    out: list[StoredEntry] = []
    prev = GENESIS_HASH
    for stored in entries:
        digest = entry_hash(prev, stored.entry)
        out.append(StoredEntry(stored.entry, prev, digest))
        prev = digest
    return out


def head_of(entries: list[StoredEntry]) -> tuple[int, str]:
    return (entries[-1].entry.seq, entries[-1].hash) if entries else (0, GENESIS_HASH)


def test_an_intact_chain_verifies() -> None:
    chain = make_chain(5)
    seq, digest = head_of(chain)
    verdict = verify_chain(chain, head_seq=seq, head_hash=digest)
    assert verdict.ok
    assert verdict.checked == 5
    assert verdict.first_bad_seq is None


def test_an_empty_chain_with_an_empty_head_verifies() -> None:
    assert verify_chain([], head_seq=0, head_hash=GENESIS_HASH).ok


def test_the_hash_is_sha256_over_previous_hash_and_canonical_json() -> None:
    entry = make_chain(1)[0].entry
    expected = hashlib.sha256((GENESIS_HASH + entry.canonical()).encode("utf-8")).hexdigest()
    assert entry_hash(GENESIS_HASH, entry) == expected
    assert '"table":"customers"' in entry.canonical()  # sorted keys, no spaces


def test_canonical_json_ignores_key_order_and_keeps_unicode() -> None:
    assert canonical_json({"b": 1, "a": "Zoë"}) == canonical_json({"a": "Zoë", "b": 1}) == '{"a":"Zoë","b":1}'


@pytest.mark.parametrize(
    "change",
    [
        {"diff": canonical_json({"before": {}, "after": {"phone": "555-0000"}})},
        {"user_id": None},
        {"at": "2026-11-21T09:03:00+00:00"},
        {"record_id": "someone-else"},
        {"action": "create"},
    ],
)
def test_an_altered_entry_is_named(change: dict[str, object]) -> None:
    chain = make_chain(6)
    chain[2] = replace(chain[2], entry=replace(chain[2].entry, **change))
    verdict = verify_chain(chain, *head_of(make_chain(6)))
    assert not verdict.ok
    assert verdict.first_bad_seq == 3
    assert verdict.problem == "entry 3 was altered after it was written"


def test_a_removed_entry_is_named_missing() -> None:
    chain = make_chain(6)
    del chain[3]
    verdict = verify_chain(chain, *head_of(make_chain(6)))
    assert not verdict.ok
    assert verdict.first_bad_seq == 4
    assert "entry 4 is missing" in verdict.problem


def test_reordered_entries_are_named() -> None:
    chain = make_chain(6)
    chain[1], chain[2] = chain[2], chain[1]
    verdict = verify_chain(chain, *head_of(make_chain(6)))
    assert not verdict.ok
    assert verdict.first_bad_seq == 2


def test_swapped_contents_with_renumbered_seq_are_named() -> None:
    """Two rows swap everything but their entry numbers."""
    chain = make_chain(6)
    a, b = chain[1], chain[2]
    chain[1] = StoredEntry(replace(b.entry, seq=2), b.prev_hash, b.hash)
    chain[2] = StoredEntry(replace(a.entry, seq=3), a.prev_hash, a.hash)
    verdict = verify_chain(chain, *head_of(make_chain(6)))
    assert not verdict.ok
    assert verdict.first_bad_seq == 2
    assert "does not follow entry 1" in verdict.problem


def test_a_truncated_tail_is_caught_by_the_head() -> None:
    full = make_chain(6)
    seq, digest = head_of(full)
    verdict = verify_chain(full[:-1], head_seq=seq, head_hash=digest)
    assert not verdict.ok
    assert verdict.first_bad_seq == 6
    assert verdict.problem == "the chain head says 6 entries but 5 remain"


def test_a_rewritten_tail_is_caught_by_the_head_hash() -> None:
    """Altering entry 4 and recomputing every hash after it still fails against the head."""
    original = make_chain(6)
    forged = list(original)
    forged[3] = replace(forged[3], entry=replace(forged[3].entry, diff="{}"))
    forged = rechain(forged)
    assert verify_chain(forged).ok  # without the head, a full rewrite is consistent
    verdict = verify_chain(forged, *head_of(original))
    assert not verdict.ok
    assert verdict.first_bad_seq == 6
    assert "does not match the chain head" in verdict.problem


def test_a_chain_starting_anywhere_but_genesis_is_refused() -> None:
    chain = make_chain(3)
    chain[0] = replace(chain[0], prev_hash="f" * 64)
    verdict = verify_chain(chain)
    assert verdict.first_bad_seq == 1


TAMPERING = st.sampled_from(["alter", "remove", "swap_with_next"])


@given(st.integers(2, 12).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 2))), TAMPERING)
def test_any_single_tampering_is_named_at_its_entry(size_and_index: tuple[int, int], how: str) -> None:
    size, index = size_and_index
    original = make_chain(size)
    chain = list(original)
    if how == "alter":
        chain[index] = replace(chain[index], entry=replace(chain[index].entry, action="tampered"))
    elif how == "remove":
        del chain[index]
    else:
        chain[index], chain[index + 1] = chain[index + 1], chain[index]
    verdict = verify_chain(chain, *head_of(original))
    assert not verdict.ok
    assert verdict.first_bad_seq == index + 1
    assert verdict.checked == index
