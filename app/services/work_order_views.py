"""Turning work order rows into read models, with their totals computed once."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.db.types import now_utc
from app.domain.customers import display_name
from app.domain.errors import NotFoundError, StaleEditError
from app.domain.money import from_thousandths
from app.domain.permissions import Actor
from app.domain.pricing import ShopPricing, fee_rule_from_json
from app.domain.totals import LineKind, PricedLine, PricingRules, RoundingMode, Totals, compute_totals
from app.domain.work_orders import STATUS_LABELS, TRANSITIONS, Status
from app.services.dto import describe_vehicle
from app.services.dto_work_orders import (
    AuthorizationView,
    JobView,
    LineView,
    TotalsView,
    WorkOrderView,
)
from app.services.uow import UnitOfWork

PRICING_KEY = "pricing"


def shop_pricing(uow: UnitOfWork, shop_id: uuid.UUID) -> ShopPricing:
    shop = uow.shops.get(shop_id)
    if shop is None:
        raise NotFoundError("This shop does not exist.")
    return ShopPricing.from_json(uow.shops.setting(shop_id, PRICING_KEY), shop.tax_rate)


def load_work_order(
    uow: UnitOfWork, actor: Actor, work_order_id: uuid.UUID, *, for_update: bool = False
) -> WorkOrder:
    row = uow.work_orders.get(actor.shop_id, work_order_id, for_update=for_update)
    if row is None:
        raise NotFoundError("That work order does not exist.")
    return row


def refuse_stale(uow: UnitOfWork, actor: Actor, row: WorkOrder, expected_version: int) -> None:
    """Optimistic lock: a save against an older version is refused, naming who changed it."""
    if row.version == expected_version:
        return
    names = uow.users.names({row.updated_by}) if row.updated_by else {}
    who = names.get(row.updated_by, "another user") if row.updated_by else "another user"
    shop = uow.shops.get(actor.shop_id)
    when = row.updated_at.astimezone(ZoneInfo(shop.timezone)) if shop else row.updated_at
    raise StaleEditError(f"Work order {row.number}", who, when.strftime("%H:%M on %b %d"))


def touch(row: WorkOrder, actor: Actor) -> None:
    row.version += 1
    row.updated_at = now_utc()
    row.updated_by = actor.user_id


def rules_of(row: WorkOrder) -> PricingRules:
    return PricingRules(row.tax_rate, RoundingMode(row.rounding), fee_rule_from_json(row.fee_rule))


def priced(line: WorkOrderLine) -> PricedLine:
    return PricedLine(
        kind=LineKind(line.kind),
        quantity=from_thousandths(line.quantity),
        unit_price=line.unit_price,
        taxable=line.taxable,
        discount_percent=line.discount_percent * 100,
        core_charge=line.core_charge,
    )


def totals_for(row: WorkOrder, jobs: list[Job], lines: list[WorkOrderLine], decisions: set[str]) -> Totals:
    """Totals over the jobs whose decision is in ``decisions``."""
    counted = {job.id for job in jobs if job.decision in decisions}
    return compute_totals(
        [priced(line) for line in lines if line.job_id in counted],
        rules_of(row),
        tax_exempt=bool(row.tax_exempt_number),
    )


def totals_view(totals: Totals, label: str) -> TotalsView:
    return TotalsView(
        labor=totals.labor,
        parts=totals.parts,
        fees=totals.fees,
        sublet=totals.sublet,
        cores=totals.cores,
        shop_supplies=totals.shop_supplies,
        shop_supplies_label=label,
        discount=totals.discount,
        tax=totals.tax,
        total=totals.total,
    )


def needs_reauthorization(row: WorkOrder, jobs: list[Job]) -> bool:
    """After a first authorization, any pending or changed job needs the customer again."""
    return row.authorized_total is not None and any(
        job.decision == "pending" or job.changed_since_authorized for job in jobs
    )


def build_view(uow: UnitOfWork, actor: Actor, row: WorkOrder) -> WorkOrderView:
    jobs = uow.work_orders.jobs(row.id)
    lines = uow.work_orders.lines(row.id)
    auths = uow.work_orders.authorizations(row.id)
    customer = uow.customers.get_any(row.customer_id)
    vehicle = uow.vehicles.get_any(row.vehicle_id)
    shop = uow.shops.get(actor.shop_id)
    assert shop is not None
    people = uow.users.names({j.technician_id for j in jobs if j.technician_id} | {a.taken_by for a in auths})
    rules = rules_of(row)
    label = rules.fee_rule.label
    job_views = []
    for job in jobs:
        own = [line for line in lines if line.job_id == job.id]
        job_totals = compute_totals([priced(line) for line in own], rules, tax_exempt=True)
        job_views.append(
            JobView(
                id=job.id,
                position=job.position,
                title=job.title,
                concern=job.concern,
                cause=job.cause,
                correction=job.correction,
                technician_id=job.technician_id,
                technician_name=people.get(job.technician_id, "") if job.technician_id else "",
                decision=job.decision,
                changed_since_authorized=job.changed_since_authorized,
                lines=tuple(
                    _line_view(line, amount.net) for line, amount in zip(own, job_totals.lines, strict=True)
                ),
                subtotal=job_totals.lines_subtotal,
                reminder_months=job.reminder_months,
                reminder_miles=job.reminder_miles,
            )
        )
    status = Status(row.status)
    return WorkOrderView(
        id=row.id,
        number=row.number,
        status=row.status,
        status_label=STATUS_LABELS[status],
        hold_reason=row.hold_reason,
        customer_id=row.customer_id,
        customer_name=display_name(
            customer.first_name, customer.last_name, customer.company_name, customer.kind
        ),
        customer_phone=customer.phone,
        customer_address=", ".join(
            p for p in (customer.address_line1, customer.address_line2, customer.city, customer.region) if p
        ),
        vehicle_id=row.vehicle_id,
        vehicle=describe_vehicle(vehicle.year, vehicle.make, vehicle.model) or "Vehicle",
        vin=vehicle.vin or "",
        plate=vehicle.plate,
        odometer_in=row.odometer_in,
        odometer_out=row.odometer_out,
        promised_at=row.promised_at,
        notes=row.notes,
        tax_rate=row.tax_rate,
        rounding=row.rounding,
        labor_rate=row.labor_rate,
        tax_exempt_number=row.tax_exempt_number,
        jobs=tuple(job_views),
        totals=totals_view(totals_for(row, jobs, lines, {"pending", "approved"}), label),
        approved_totals=totals_view(totals_for(row, jobs, lines, {"approved"}), label),
        authorized_total=row.authorized_total,
        needs_reauthorization=row.needs_reauthorization,
        authorizations=tuple(
            AuthorizationView(
                at=a.at,
                authorized_by=a.authorized_by,
                relation=a.relation,
                method=a.method,
                phone_called=a.phone_called,
                taken_by=people.get(a.taken_by, ""),
                amount=a.amount,
                previous_amount=a.previous_amount,
                approved_jobs=tuple(json.loads(a.approved_jobs)),
                declined_jobs=tuple(json.loads(a.declined_jobs)),
                note=a.note,
            )
            for a in auths
        ),
        allowed_statuses=tuple(s.value for s in sorted(TRANSITIONS[status])),
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        shop_name=shop.name,
        shop_address=shop.address,
        shop_phone=shop.phone,
        timezone=shop.timezone,
    )


def _line_view(line: WorkOrderLine, amount: Decimal) -> LineView:
    return LineView(
        id=line.id,
        job_id=line.job_id,
        kind=line.kind,
        description=line.description,
        part_number=line.part_number,
        condition=line.condition,
        quantity=from_thousandths(line.quantity),
        unit_price=line.unit_price,
        unit_cost=line.unit_cost,
        taxable=line.taxable,
        discount_percent=line.discount_percent * 100,
        core_charge=line.core_charge,
        vendor=line.vendor,
        amount=amount,
    )
