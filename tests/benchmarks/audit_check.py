"""The audit check a benchmark makes after writing: its own shop's chain, recomputed.

Only the benchmark's shop: every write it timed went there, and on a demo
chain every shop's chain (about three million entries, each document read
again) would take most of an hour.
"""

from __future__ import annotations

from app.domain.permissions import Actor
from app.services.audit.chain import AuditService, verify_shop_chain
from app.services.customers.dto import AuditChainReport
from app.services.uow import UnitOfWork

from .search import BenchmarkError


def check_shop_chain(audit: AuditService, actor: Actor, after: str) -> None:
    """Raise when the actor's shop's chain or a document it recorded does not verify."""

    def work(uow: UnitOfWork) -> AuditChainReport:
        shop = uow.shops.get(actor.shop_id)
        if shop is None:
            raise BenchmarkError("the benchmark's shop is not in the database")
        return verify_shop_chain(uow, shop)

    report = audit._read(work)
    if not report.ok:
        raise BenchmarkError(f"the audit chain is broken {after}: {report.problem}")
