"""The two reads a work order screen opens with, in SQLAlchemy Core on a plain connection.

Each statement is built once, here, and run compiled on the driver (app/db/plain.py): all of
a read's statements in one snapshot, keyed by the same values so that none waits for another's
answer (one round trip on PostgreSQL). The rows come back as named tuples and the service maps
them straight into its read models (app/services/work_orders/views.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, select, type_coerce
from sqlalchemy.types import NullType

from app.db.models import Customer, Shop, User, Vehicle
from app.db.models_work_orders import Authorization, Job, WorkOrder, WorkOrderLine
from app.db.plain import PlainSelect, Reads, fetch
from app.repositories.order_discounts import DISCOUNTS_OF_ORDER

# What the editor reads to open one work order, as plain rows in four statements
# built once: the order with its customer, vehicle and shop; jobs with their
# technician's name; lines; authorizations with the name of who took them.
_ORDER_ID: BindParameter[uuid.UUID] = bindparam("work_order_id")
_NOT_SHOWN = {"shop_id", "work_order_id", "created_by", "updated_by", "copied_from_job_id", "removed"}
_EDITOR_HEAD: Select[*tuple[Any, ...]] = (
    select(
        *(c for c in WorkOrder.__table__.c if c.key not in _NOT_SHOWN),
        Customer.first_name,
        Customer.last_name,
        Customer.company_name,
        Customer.kind,
        Customer.phone.label("customer_phone"),
        Customer.address_line1,
        Customer.address_line2,
        Customer.city,
        Customer.region,
        Vehicle.year,
        Vehicle.make,
        Vehicle.model,
        Vehicle.vin,
        Vehicle.plate,
        Shop.name.label("shop_name"),
        Shop.address.label("shop_address"),
        Shop.phone.label("shop_phone"),
        Shop.timezone,
        Shop.locale.label("shop_locale"),
        Shop.paper_size.label("shop_paper"),
    )
    .join(Customer, Customer.id == WorkOrder.customer_id)
    .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
    .join(Shop, Shop.id == WorkOrder.shop_id)
    .where(WorkOrder.id == _ORDER_ID, WorkOrder.shop_id == bindparam("shop_id"))
)
_EDITOR_JOBS: Select[*tuple[Any, ...]] = (
    select(
        *(c for c in Job.__table__.c if c.key not in _NOT_SHOWN), User.display_name.label("technician_name")
    )
    .outerjoin(User, User.id == Job.technician_id)
    .where(Job.work_order_id == _ORDER_ID, Job.removed.is_(False))
    .order_by(Job.position)
)
_EDITOR_LINES: Select[*tuple[Any, ...]] = (
    select(*(c for c in WorkOrderLine.__table__.c if c.key not in _NOT_SHOWN))
    .where(WorkOrderLine.work_order_id == _ORDER_ID)
    .order_by(WorkOrderLine.job_id, WorkOrderLine.position)
)
_EDITOR_AUTHORIZATIONS: Select[*tuple[Any, ...]] = (
    select(
        *(c for c in Authorization.__table__.c if c.key not in _NOT_SHOWN),
        User.display_name.label("taken_by_name"),
    )
    .outerjoin(User, User.id == Authorization.taken_by)
    .where(Authorization.work_order_id == _ORDER_ID)
    .order_by(Authorization.at)
)


def _as_key(column: Any) -> Any:
    """``column`` as the driver returns it: equal values compare equal, nothing converted."""
    return type_coerce(column, NullType())


# One vehicle's history: its orders newest first, then their jobs and lines (only
# the columns the history shows and prices), as plain rows. Ids that only tie jobs
# to orders and lines to jobs come as the driver gives them (``key``, and the jobs'
# and lines' ids): no UUID is made of them on SQLite.
_HISTORY_ORDERS: Select[*tuple[Any, ...]] = (
    select(
        WorkOrder.id,
        _as_key(WorkOrder.id).label("key"),
        WorkOrder.number,
        WorkOrder.created_at,
        WorkOrder.status,
        WorkOrder.odometer_in,
        WorkOrder.authorized_total,
        WorkOrder.tax_rate,
        WorkOrder.rounding,
        WorkOrder.fee_rule,
        WorkOrder.tax_exempt_number,
    )
    .where(WorkOrder.shop_id == bindparam("shop_id"), WorkOrder.vehicle_id == bindparam("vehicle_id"))
    .order_by(WorkOrder.created_at.desc())
    .limit(bindparam("limit"))
)
# The same orders as a subquery: one statement text whatever their number (no list of ids
# rendered into it on each call), so it stays cached, and prepared on PostgreSQL.
_HISTORY_ORDER_IDS = (
    select(WorkOrder.id)
    .where(WorkOrder.shop_id == bindparam("shop_id"), WorkOrder.vehicle_id == bindparam("vehicle_id"))
    .order_by(WorkOrder.created_at.desc())
    .limit(bindparam("limit"))
)
_HISTORY_JOBS: Select[*tuple[Any, ...]] = (
    select(
        _as_key(Job.id).label("id"),
        _as_key(Job.work_order_id).label("work_order_id"),
        Job.title,
        Job.decision,
    )
    .where(Job.work_order_id.in_(_HISTORY_ORDER_IDS), Job.removed.is_(False))
    .order_by(Job.work_order_id, Job.position)
)
_HISTORY_LINES: Select[*tuple[Any, ...]] = (
    select(
        _as_key(WorkOrderLine.job_id).label("job_id"),
        WorkOrderLine.kind,
        WorkOrderLine.quantity,
        WorkOrderLine.unit_price,
        WorkOrderLine.taxable,
        WorkOrderLine.discount_percent,
        WorkOrderLine.core_charge,
    )
    .where(WorkOrderLine.work_order_id.in_(_HISTORY_ORDER_IDS))
    .order_by(WorkOrderLine.job_id, WorkOrderLine.position)
)


_EDITOR = tuple(
    PlainSelect(stmt)
    for stmt in (_EDITOR_HEAD, _EDITOR_JOBS, _EDITOR_LINES, _EDITOR_AUTHORIZATIONS, DISCOUNTS_OF_ORDER)
)
_HISTORY = tuple(PlainSelect(stmt) for stmt in (_HISTORY_ORDERS, _HISTORY_JOBS, _HISTORY_LINES))
Rows = Sequence[Any]


def editor_rows(
    connection: Reads, shop_id: uuid.UUID, work_order_id: uuid.UUID
) -> tuple[Any | None, Rows, Rows, Rows, Rows]:
    """(order with customer, vehicle and shop; jobs; lines; authorizations; discounts), read-only
    rows; no order (None, and no rows) when this shop has no such work order."""
    params = {"shop_id": shop_id, "work_order_id": work_order_id}
    head, jobs, lines, auths, discounts = fetch(connection, *((plain, params) for plain in _EDITOR))
    if not head:
        return None, [], [], [], []
    return head[0], jobs, lines, auths, discounts


def history_rows(
    connection: Reads, shop_id: uuid.UUID, vehicle_id: uuid.UUID, limit: int = 200
) -> tuple[Rows, Rows, Rows]:
    """A vehicle's orders newest first, their live jobs and their lines: read-only rows."""
    params = {"shop_id": shop_id, "vehicle_id": vehicle_id, "limit": limit}
    orders, jobs, lines = fetch(connection, *((plain, params) for plain in _HISTORY))
    return orders, jobs, lines
