"""A work order's job and ticket discounts: the rows an edit replaces, and the rows a screen reads."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select
from sqlalchemy.orm import aliased

from app.db.models import User
from app.db.models_work_orders import WorkOrderDiscount
from app.repositories.base import Repository

_GIVER = aliased(User)
_APPROVER = aliased(User)
_READ = (
    select(
        WorkOrderDiscount.id,
        WorkOrderDiscount.job_id,
        WorkOrderDiscount.kind,
        WorkOrderDiscount.value,
        WorkOrderDiscount.reason,
        _GIVER.display_name.label("given_by_name"),
        _APPROVER.display_name.label("approved_by_name"),
    )
    .join(_GIVER, _GIVER.id == WorkOrderDiscount.given_by)
    .outerjoin(_APPROVER, _APPROVER.id == WorkOrderDiscount.approved_by)
    .order_by(WorkOrderDiscount.created_at, WorkOrderDiscount.id)
)
# One order's discounts, built once with bound values (the editor reads it with the order).
DISCOUNTS_OF_ORDER = _READ.where(
    WorkOrderDiscount.shop_id == bindparam("shop_id"),
    WorkOrderDiscount.work_order_id == bindparam("work_order_id"),
)


class OrderDiscountRepository(Repository):
    def add(self, row: WorkOrderDiscount) -> None:
        self.session.add(row)

    def delete(self, row: WorkOrderDiscount) -> None:
        self.session.delete(row)

    def of_order(self, shop_id: uuid.UUID, work_order_id: uuid.UUID) -> list[WorkOrderDiscount]:
        """The order's discounts as rows to replace or remove (its row is locked by the caller)."""
        stmt = select(WorkOrderDiscount).where(
            WorkOrderDiscount.shop_id == shop_id, WorkOrderDiscount.work_order_id == work_order_id
        )
        return list(self.session.scalars(stmt.order_by(WorkOrderDiscount.created_at, WorkOrderDiscount.id)))

    def rows(self, shop_id: uuid.UUID, work_order_id: uuid.UUID) -> list[Row[Any]]:
        """Read-only rows with who gave and who approved each, in the order they were given."""
        return discount_rows(self.session.connection(), shop_id, work_order_id)


def discount_rows(connection: Connection, shop_id: uuid.UUID, work_order_id: uuid.UUID) -> list[Row[Any]]:
    """The order's discounts with who gave and who approved each, on any connection."""
    return list(connection.execute(DISCOUNTS_OF_ORDER, {"shop_id": shop_id, "work_order_id": work_order_id}))
