"""The read queries behind the built-in alert rules: each answers "what is true now?".

They only read; the alert service decides what to raise or resolve. Stock
below the reorder point reuses the parts counter's reorder list, and the
day's closes are read from the day-close table, so an alert never disagrees
with the screen it points to.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select

from app.db.models import Customer, Vehicle
from app.db.models_day import CashDrawerSession, DayClose
from app.db.models_invoicing import Invoice, Payment
from app.db.models_work_orders import WorkOrder
from app.repositories.base import Repository
from app.repositories.parts import PartsRepository

WAITING_STATUSES = ("estimate", "approved", "in_progress", "on_hold")  # work not yet done


class ConditionQueries(Repository):
    def reorder_list(self, shop_id: uuid.UUID) -> list[tuple[str, str]]:
        """(SKU, name) of the parts at or under their reorder point and not on order."""
        return [(part.sku, part.name) for part, *_rest in PartsRepository(self.session).reorder_rows(shop_id)]

    def late_promises(self, shop_id: uuid.UUID, promised_before: datetime) -> list[Any]:
        """Work not done whose promised time is before ``promised_before``, oldest promise first."""
        stmt = (
            select(
                WorkOrder.id,
                WorkOrder.number,
                WorkOrder.promised_at,
                WorkOrder.status,
                Customer.kind,
                Customer.first_name,
                Customer.last_name,
                Customer.company_name,
                Vehicle.year,
                Vehicle.make,
                Vehicle.model,
                Vehicle.plate,
            )
            .join(Customer, Customer.id == WorkOrder.customer_id)
            .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
            .where(
                WorkOrder.shop_id == shop_id,
                WorkOrder.status.in_(WAITING_STATUSES),
                WorkOrder.promised_at < promised_before,
            )
            .order_by(WorkOrder.promised_at)
        )
        return list(self.session.execute(stmt))

    def drawers_over_short(self, shop_id: uuid.UUID, beyond: Decimal, since: datetime) -> list[Any]:
        """Drawers counted since ``since`` whose over/short is more than ``beyond`` either way."""
        stmt = select(
            CashDrawerSession.id,
            CashDrawerSession.business_date,
            CashDrawerSession.over_short,
            CashDrawerSession.counted_at,
            CashDrawerSession.terminal_id,
        ).where(
            CashDrawerSession.shop_id == shop_id,
            CashDrawerSession.counted_at >= since,
            or_(CashDrawerSession.over_short > beyond, CashDrawerSession.over_short < -beyond),
        )
        return list(self.session.execute(stmt.order_by(CashDrawerSession.counted_at)))

    def closed_days(self, shop_id: uuid.UUID, days: list[date]) -> set[date]:
        stmt = select(DayClose.business_date).where(
            DayClose.shop_id == shop_id, DayClose.business_date.in_(days)
        )
        return set(self.session.scalars(stmt))

    def had_postings(self, shop_id: uuid.UUID, day: date) -> bool:
        """Anything a day close would freeze: an invoice or a payment in that business day."""
        invoices = select(func.count(Invoice.id)).where(
            and_(Invoice.shop_id == shop_id, Invoice.business_date == day)
        )
        payments = select(func.count(Payment.id)).where(
            and_(Payment.shop_id == shop_id, Payment.business_date == day)
        )
        return bool(self.session.scalar(invoices)) or bool(self.session.scalar(payments))
