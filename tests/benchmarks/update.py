"""Benchmark 2: an audited customer edit.

Measured: ``CustomerService.update_customer`` (validation, the row taken with
``SELECT ... FOR UPDATE``, version check, update, an audit entry chained under
the locked head, commit, and the read model handed back).
Floor: the same writes as raw SQL in one transaction on the same database:
``BEGIN`` (``IMMEDIATE`` on SQLite); read the row (``FOR UPDATE`` on
PostgreSQL) for its version and the audit diff; ``UPDATE customers``; lock
the audit head; ``INSERT INTO audit_log`` with the SHA-256 link computed in
Python; ``UPDATE audit_heads``; the read-back the screen shows (the
customer's vehicles, as the service's view lists them); ``COMMIT``. Both write to one chain, and the
run ends by verifying it, which proves the floor wrote what the service writes.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from dataclasses import fields
from typing import Any

from app.db.types import now_utc
from app.domain.customers import CustomerInput, CustomerKind
from app.domain.permissions import Actor
from app.services.audit.chain import AuditService
from app.services.customers.records import CustomerService

from .audit_check import chain_mark, check_shop_chain
from .backends import RawConnection
from .search import BenchmarkError
from .timing import Result, interleaved, result

GOAL_RATIO = 1.5
FIELDS = [f.name for f in fields(CustomerInput)]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ServiceEdit:
    """One customer edited through the service, its version followed from save to save."""

    def __init__(self, service: CustomerService, actor: Actor, customer_id: uuid.UUID) -> None:
        self.service, self.actor, self.customer_id = service, actor, customer_id
        view = service.get(actor, customer_id)
        self.version = view.version
        self.base = {name: getattr(view, name) for name in FIELDS}
        self.base["kind"] = CustomerKind(view.kind)
        self.edits = 0

    def __call__(self) -> None:
        self.edits += 1
        data = CustomerInput(**{**self.base, "notes": f"Benchmark edit {self.edits}"})
        self.version = self.service.update_customer(self.actor, self.customer_id, data, self.version).version


class RawEdit:
    """The same edit as raw SQL on a DB-API connection in autocommit mode."""

    def __init__(self, raw: RawConnection, actor: Actor, customer_id: uuid.UUID) -> None:
        self.raw, self.actor, self.customer_id = raw, actor, customer_id
        p = raw.placeholder
        lock = " FOR UPDATE" if raw.pg else ""
        self.begin = "BEGIN" if raw.pg else "BEGIN IMMEDIATE"
        self.select = (
            f"SELECT version, {', '.join(FIELDS)} FROM customers"
            f" WHERE id = {p} AND shop_id = {p} AND deleted_at IS NULL{lock}"
        )
        self.update = (
            f"UPDATE customers SET notes = {p}, version = version + 1, updated_at = {p}, updated_by = {p}"
            f" WHERE id = {p}"
        )
        self.head = f"SELECT seq, hash FROM audit_heads WHERE shop_id = {p}{lock}"
        self.insert = (
            "INSERT INTO audit_log (id, shop_id, seq, at, user_id, terminal_id, table_name, record_id,"
            f" action, diff, prev_hash, hash) VALUES ({', '.join([p] * 12)})"
        )
        self.move_head = f"UPDATE audit_heads SET seq = {p}, hash = {p} WHERE shop_id = {p}"
        self.read_back = (
            f"SELECT * FROM vehicles WHERE shop_id = {p} AND customer_id = {p} AND deleted_at IS NULL"
            " ORDER BY year DESC, make, model"
        )
        self.shop = raw.uuid(actor.shop_id)
        self.user = raw.uuid(actor.user_id)
        self.terminal = raw.uuid(actor.terminal_id) if actor.terminal_id else None
        self.id = raw.uuid(customer_id)
        self.version = raw.fetchall(f"SELECT version FROM customers WHERE id = {p}", [self.id])[0][0]
        self.edits = 0

    def __call__(self) -> None:
        self.edits += 1
        raw, notes, at = self.raw, f"Benchmark edit {self.edits}", now_utc()
        raw.execute(self.begin)
        try:
            version, *values = raw.fetchall(self.select, [self.id, self.shop])[0]
            if version != self.version:
                raise BenchmarkError(
                    f"customer {self.customer_id} is at version {version}, not {self.version}"
                )
            before = dict(zip(FIELDS, values, strict=True))
            after = {**before, "notes": notes}
            changed = [k for k in sorted(before) if before[k] != after[k]]
            diff = _canonical(
                {"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}}
            )
            raw.execute(self.update, [notes, raw.timestamp(at), self.user, self.id])
            seq, prev = raw.fetchall(self.head, [self.shop])[0]
            seq += 1
            entry = {
                "shop_id": str(self.actor.shop_id),
                "seq": seq,
                "at": at.isoformat(),
                "user_id": str(self.actor.user_id),
                "terminal_id": str(self.actor.terminal_id) if self.actor.terminal_id else None,
                "table": "customers",
                "record_id": str(self.customer_id),
                "action": "update",
                "diff": diff,
            }
            digest = hashlib.sha256(prev.encode("ascii") + _canonical(entry).encode("utf-8")).hexdigest()
            raw.execute(
                self.insert,
                [
                    raw.uuid(uuid.uuid4()),
                    self.shop,
                    seq,
                    raw.timestamp(at),
                    self.user,
                    self.terminal,
                    "customers",
                    str(self.customer_id),
                    "update",
                    diff,
                    prev,
                    digest,
                ],
            )
            raw.execute(self.move_head, [seq, digest, self.shop])
            raw.fetchall(self.read_back, [self.shop, self.id])
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        self.version += 1


def update_benchmark(
    backend: str,
    raw: RawConnection,
    service: CustomerService,
    audit: AuditService,
    actor: Actor,
    customers: int,
    rounds: int,
    rng: random.Random,
) -> Result:
    p = raw.placeholder
    ids = [
        raw.to_uuid(row[0])
        for row in raw.fetchall(
            f"SELECT id FROM customers WHERE shop_id = {p} AND deleted_at IS NULL ORDER BY id",
            [raw.uuid(actor.shop_id)],
        )
    ]
    chosen = rng.sample(ids, 2 * customers)
    pairs = [
        (ServiceEdit(service, actor, mine), RawEdit(raw, actor, theirs))
        for mine, theirs in zip(chosen[:customers], chosen[customers:], strict=True)
    ]
    mark = chain_mark(audit, actor)
    for measured, floor in pairs[:5]:  # warm-up: compiled statements, prepared queries
        measured()
        floor()
    samples = interleaved(pairs, rounds, rng)
    check_shop_chain(audit, actor, mark, "after the benchmark")
    return result("audited customer update", backend, samples, GOAL_RATIO)
