"""The audit check a benchmark makes after writing: the entries it added to its shop's chain.

A benchmark notes its shop's chain head before it writes (``chain_mark``) and
afterwards checks every entry written since: linked to that head, unaltered,
and each document it recorded as the database holds it now. The whole chain
is not walked again: a large demo's shop carries ten years of entries (about
1.4 million, each document read again), which takes minutes and gigabytes.
"""

from __future__ import annotations

from app.domain.audit_chain import GENESIS_HASH
from app.domain.permissions import Actor
from app.services.audit.chain import AuditService
from app.services.audit.checks import HeadMark, verify_since
from app.services.customers.dto import AuditChainReport
from app.services.uow import UnitOfWork

from .search import BenchmarkError


def chain_mark(audit: AuditService, actor: Actor) -> HeadMark:
    """The actor's shop's chain head now, before the benchmark writes."""

    def work(uow: UnitOfWork) -> HeadMark:
        head = uow.audit.head(actor.shop_id)
        if head is None:
            return HeadMark("the empty chain", 0, GENESIS_HASH)
        return HeadMark("the head before the benchmark", head.seq, head.hash or GENESIS_HASH)

    return audit._read(work)


def check_shop_chain(audit: AuditService, actor: Actor, mark: HeadMark, after: str) -> None:
    """Raise when an entry written since ``mark``, or a document it recorded, does not verify."""

    def work(uow: UnitOfWork) -> AuditChainReport:
        shop = uow.shops.get(actor.shop_id)
        if shop is None:
            raise BenchmarkError("the benchmark's shop is not in the database")
        return verify_since(uow, shop, mark)

    report = audit._read(work)
    if not report.ok:
        raise BenchmarkError(f"the audit chain is broken {after}: {report.problem}")
    if report.checked == 0:
        raise BenchmarkError(f"no audit entry was written {after}")
