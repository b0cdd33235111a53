"""Reading and verifying the audit chain."""

from __future__ import annotations

from collections.abc import Iterator

from app.db.models import AuditEntry
from app.domain.audit_chain import ChainEntry, StoredEntry, verify_chain
from app.services.base import Service
from app.services.dto import AuditChainReport
from app.services.uow import UnitOfWork


class AuditService(Service):
    def verify(self) -> list[AuditChainReport]:
        """Recompute every shop's chain; name the first entry altered, removed or reordered.

        A command-line and owner tool: it reads every entry of every shop.
        """

        def work(uow: UnitOfWork) -> list[AuditChainReport]:
            reports = []
            for shop in uow.shops.all():
                head = uow.audit.head(shop.id)
                verdict = verify_chain(
                    _stored(uow.audit.entries(shop.id)),
                    head_seq=head.seq if head else None,
                    head_hash=head.hash if head else None,
                )
                reports.append(
                    AuditChainReport(
                        shop.name, verdict.ok, verdict.checked, verdict.first_bad_seq, verdict.problem
                    )
                )
            return reports

        return self._read(work)


def _stored(rows: Iterator[AuditEntry]) -> Iterator[StoredEntry]:
    for row in rows:
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
            ),
            row.prev_hash,
            row.hash,
        )
