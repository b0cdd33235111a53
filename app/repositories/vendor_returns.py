"""Return documents to vendors, the vendors' accounts, and the parts special-ordered for work orders."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from app.db.models_parts import (
    PartVendor,
    SpecialOrder,
    Vendor,
    VendorAccountEntry,
    VendorReturn,
    VendorReturnLine,
)
from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.repositories.base import Repository


class VendorReturnRepository(Repository):
    def add(self, row: object) -> None:
        self.session.add(row)

    # --- return documents --------------------------------------------------------
    def vendor_return(self, shop_id: uuid.UUID, return_id: uuid.UUID) -> VendorReturn | None:
        return self.session.scalar(
            select(VendorReturn).where(VendorReturn.id == return_id, VendorReturn.shop_id == shop_id)
        )

    def lines(self, return_id: uuid.UUID) -> list[VendorReturnLine]:
        return list(
            self.session.scalars(
                select(VendorReturnLine)
                .where(VendorReturnLine.return_id == return_id)
                .order_by(VendorReturnLine.position)
            )
        )

    def returns(self, shop_id: uuid.UUID, limit: int) -> list[Any]:
        """The newest returns first, with the vendor's name, the line count and the work order number."""
        counts = (
            select(VendorReturnLine.return_id, func.count().label("lines"))
            .where(VendorReturnLine.shop_id == shop_id)
            .group_by(VendorReturnLine.return_id)
            .subquery()
        )
        stmt = (
            select(VendorReturn, Vendor.name, func.coalesce(counts.c.lines, 0), WorkOrder.number)
            .join(Vendor, Vendor.id == VendorReturn.vendor_id)
            .outerjoin(counts, counts.c.return_id == VendorReturn.id)
            .outerjoin(WorkOrder, WorkOrder.id == VendorReturn.work_order_id)
            .where(VendorReturn.shop_id == shop_id)
            .order_by(VendorReturn.number.desc())
            .limit(limit)
        )
        return list(self.session.execute(stmt))

    # --- the vendor's account ------------------------------------------------------
    def vendor_balance(self, shop_id: uuid.UUID, vendor_id: uuid.UUID) -> Decimal:
        """What the shop owes the vendor by its account (negative: the vendor owes the shop)."""
        total = self.session.scalar(
            select(func.sum(VendorAccountEntry.amount)).where(
                VendorAccountEntry.shop_id == shop_id, VendorAccountEntry.vendor_id == vendor_id
            )
        )
        return total if total is not None else Decimal("0.00")

    def preferred_vendor(self, shop_id: uuid.UUID, part_id: uuid.UUID) -> uuid.UUID | None:
        return self.session.scalar(
            select(PartVendor.vendor_id)
            .where(PartVendor.shop_id == shop_id, PartVendor.part_id == part_id)
            .order_by(PartVendor.preferred.desc(), PartVendor.vendor_part_number)
            .limit(1)
        )

    # --- special orders ----------------------------------------------------------
    def special_order(
        self, shop_id: uuid.UUID, order_id: uuid.UUID, *, for_update: bool = False
    ) -> SpecialOrder | None:
        stmt = select(SpecialOrder).where(SpecialOrder.id == order_id, SpecialOrder.shop_id == shop_id)
        return self.session.scalar(stmt.with_for_update() if for_update else stmt)

    def special_orders(
        self, shop_id: uuid.UUID, work_order_id: uuid.UUID | None = None
    ) -> list[SpecialOrder]:
        stmt = select(SpecialOrder).where(SpecialOrder.shop_id == shop_id)
        if work_order_id is not None:
            stmt = stmt.where(SpecialOrder.work_order_id == work_order_id)
        return list(self.session.scalars(stmt.order_by(SpecialOrder.created_at, SpecialOrder.id)))

    def used_on_work_orders(
        self, work_order_ids: Iterable[uuid.UUID]
    ) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
        """Thousandths of each catalog part on the authorized jobs of these work orders, by (order, part)."""
        ids = set(work_order_ids)
        if not ids:
            return {}
        stmt = (
            select(WorkOrderLine.work_order_id, WorkOrderLine.part_id, func.sum(WorkOrderLine.quantity))
            .join(Job, Job.id == WorkOrderLine.job_id)
            .where(
                WorkOrderLine.work_order_id.in_(ids),
                WorkOrderLine.kind == "part",
                WorkOrderLine.part_id.is_not(None),
                Job.decision == "approved",
                Job.removed.is_(False),
            )
            .group_by(WorkOrderLine.work_order_id, WorkOrderLine.part_id)
        )
        return {(wo, part): int(total) for wo, part, total in self.session.execute(stmt) if part is not None}

    def work_order_numbers(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
        wanted = set(ids)
        if not wanted:
            return {}
        stmt = select(WorkOrder.id, WorkOrder.number).where(WorkOrder.id.in_(wanted))
        return {row_id: number for row_id, number in self.session.execute(stmt)}
