"""Alert rules and alerts: reading them, and the writes that must hold under concurrency.

Raising is an ``INSERT ... ON CONFLICT DO NOTHING`` against the partial
unique index of open alerts, and resolving an ``UPDATE ... WHERE resolved_at
IS NULL``: when several terminals evaluate at once, exactly one of them gets
a row back, and only that one writes the audit entry. No check-then-write.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.db.models_alerts import Alert, AlertRule
from app.repositories.base import Repository

OPEN = Alert.resolved_at.is_(None)


class AlertRepository(Repository):
    # --- rules -------------------------------------------------------------------------------
    def rules(self, shop_id: uuid.UUID) -> list[AlertRule]:
        return list(self.session.scalars(select(AlertRule).where(AlertRule.shop_id == shop_id)))

    def rule(self, shop_id: uuid.UUID, kind: str, *, for_update: bool = False) -> AlertRule | None:
        stmt = select(AlertRule).where(AlertRule.shop_id == shop_id, AlertRule.kind == kind)
        return self.session.scalar(stmt.with_for_update() if for_update else stmt)

    def add_rule_if_missing(self, values: dict[str, Any]) -> uuid.UUID | None:
        """The rule's row, unless another terminal made it first (then None)."""
        stmt = self._insert(AlertRule, values).on_conflict_do_nothing(index_elements=["shop_id", "kind"])
        return self.session.scalar(stmt.returning(AlertRule.id))

    # --- raising, resolving --------------------------------------------------------------------
    def raise_if_new(self, values: dict[str, Any]) -> uuid.UUID | None:
        """Insert an open alert; None when one is open already for this rule and subject."""
        stmt = self._insert(Alert, values).on_conflict_do_nothing(
            index_elements=["shop_id", "rule_id", "subject"], index_where=OPEN
        )
        return self.session.scalar(stmt.returning(Alert.id))

    def resolve_if_open(
        self,
        alert_id: uuid.UUID,
        at: datetime,
        by: uuid.UUID | None,
        resolution: str,
        note: str = "",
    ) -> bool:
        """Close an open alert; False when it was closed already (here or on another terminal)."""
        stmt = (
            update(Alert)
            .where(Alert.id == alert_id, OPEN)
            .values(resolved_at=at, resolved_by=by, resolution=resolution, resolve_note=note)
            .returning(Alert.id)
        )
        return self.session.scalar(stmt) is not None

    def retitle_if_open(self, alert_id: uuid.UUID, title: str, detail: str) -> bool:
        stmt = update(Alert).where(Alert.id == alert_id, OPEN).values(title=title, detail=detail)
        return self.session.scalar(stmt.returning(Alert.id)) is not None

    def get(self, shop_id: uuid.UUID, alert_id: uuid.UUID, *, for_update: bool = False) -> Alert | None:
        stmt = select(Alert).where(Alert.id == alert_id, Alert.shop_id == shop_id)
        return self.session.scalar(stmt.with_for_update() if for_update else stmt)

    # --- reading -------------------------------------------------------------------------------
    def open_for_rules(self, shop_id: uuid.UUID, rule_ids: Iterable[uuid.UUID]) -> list[Alert]:
        ids = list(rule_ids)
        if not ids:
            return []
        stmt = select(Alert).where(Alert.shop_id == shop_id, Alert.rule_id.in_(ids), OPEN)
        return list(self.session.scalars(stmt))

    def last_resolved(
        self, shop_id: uuid.UUID, rule_ids: Iterable[uuid.UUID], since: datetime
    ) -> dict[tuple[uuid.UUID, str], datetime]:
        """When each (rule, subject) was last resolved after ``since``: the cool-down's memory."""
        ids = list(rule_ids)
        if not ids:
            return {}
        stmt = (
            select(Alert.rule_id, Alert.subject, func.max(Alert.resolved_at))
            .where(Alert.shop_id == shop_id, Alert.rule_id.in_(ids), Alert.resolved_at >= since)
            .group_by(Alert.rule_id, Alert.subject)
        )
        return {
            (rule_id, subject): at for rule_id, subject, at in self.session.execute(stmt) if at is not None
        }

    def listed(
        self,
        shop_id: uuid.UUID,
        rule_ids: Iterable[uuid.UUID],
        *,
        resolved: bool | None,
        limit: int,
    ) -> list[Alert]:
        """Newest first: open ones (resolved False), resolved ones (True) or both (None)."""
        ids = list(rule_ids)
        if not ids:
            return []
        stmt = select(Alert).where(Alert.shop_id == shop_id, Alert.rule_id.in_(ids))
        if resolved is not None:
            stmt = stmt.where(Alert.resolved_at.is_not(None) if resolved else OPEN)
        return list(self.session.scalars(stmt.order_by(Alert.raised_at.desc()).limit(limit)))

    def open_counts(self, shop_id: uuid.UUID, rule_ids: Iterable[uuid.UUID]) -> tuple[int, int]:
        """(open, of which not yet acknowledged)."""
        ids = list(rule_ids)
        if not ids:
            return 0, 0
        stmt = select(func.count(), func.count(Alert.id).filter(Alert.acknowledged_at.is_(None))).where(
            Alert.shop_id == shop_id, Alert.rule_id.in_(ids), OPEN
        )
        row = self.session.execute(stmt).one()
        return int(row[0]), int(row[1])

    def _insert(self, model: type, values: dict[str, Any]) -> Any:
        dialect = self.session.get_bind().dialect.name
        return (pg_insert if dialect == "postgresql" else sqlite_insert)(model).values(values)
