"""Turning work order rows into read models, with their totals computed once."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Row

from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.db.plain import Reads
from app.db.types import now_utc
from app.domain.customers import display_name
from app.domain.errors import NotFoundError, StaleEditError, ValidationError
from app.domain.invoices import SourceLine
from app.domain.locale import ShopLocale
from app.domain.money import from_thousandths
from app.domain.permissions import Actor
from app.domain.price_sheet import sheet_of
from app.domain.pricing import ShopPricing, fee_rule_from_json
from app.domain.sheet_invoices import estimate_tax_lines, estimate_totals
from app.domain.totals import LineKind, PricedLine, PricingRules, RoundingMode, Totals, compute_totals
from app.domain.work_orders import STATUS_LABELS, TRANSITIONS, Status
from app.repositories.work_order_reads import editor_rows
from app.services.customers.dto import describe_vehicle
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork
from app.services.work_orders.discount_views import DiscountRow, discount_views, document_discounts
from app.services.work_orders.dto import (
    AuthorizationView,
    HistoryEntry,
    HistoryJob,
    JobView,
    LineView,
    OrderDiscountView,
    TotalsView,
    WorkOrderView,
)

PRICING_KEY = "pricing"
OFFERED = {"pending", "approved"}  # the jobs an estimate's totals count


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
    when = shop_locale(uow.shops.get(actor.shop_id)).date_time(row.updated_at)
    raise StaleEditError(f"Work order {row.number}", who, when)


def touch(row: WorkOrder, actor: Actor) -> None:
    row.version += 1
    row.updated_at = now_utc()
    row.updated_by = actor.user_id


def rules_of(row: WorkOrder | Row[Any]) -> PricingRules:
    return _rules(str(row.tax_rate), row.rounding, row.fee_rule)


@lru_cache(maxsize=256)
def _rules(tax_rate: str, rounding: str, fee_rule: str) -> PricingRules:
    """Rules are frozen values: the few a shop uses are parsed once (the rate as written, to the digit)."""
    return PricingRules(Decimal(tax_rate), RoundingMode(rounding), fee_rule_from_json(fee_rule))


def priced(line: WorkOrderLine | Row[Any]) -> PricedLine:
    return PricedLine(
        kind=LineKind(line.kind),
        quantity=from_thousandths(line.quantity),
        unit_price=line.unit_price,
        taxable=line.taxable,
        discount_percent=line.discount_percent * 100,
        core_charge=line.core_charge,
    )


def totals_for(
    row: WorkOrder | Row[Any],
    jobs: Sequence[Job | Row[Any]],
    lines: Sequence[WorkOrderLine | Row[Any]],
    decisions: set[str],
    discounts: Sequence[DiscountRow] = (),
) -> Totals:
    """Totals over the jobs whose decision is in ``decisions``, less their job and ticket discounts."""
    counted = {job.id for job in jobs if job.decision in decisions}
    sheet = getattr(row, "price_sheet", None)
    if sheet:  # priced by the shop's price sheet, as the invoice will be
        index = job_index(jobs, decisions)
        sources = sheet_sources(lines, index)
        priced_by = sheet_of(sheet)
        exempt = row.tax_exempt_number
        applied = [d for _, d in document_discounts(discounts, index)]
        try:
            return estimate_totals(
                sources, priced_by, day=date.today(), exempt_number=exempt, discounts=applied
            )
        except ValidationError:  # a discount the lines no longer allow: listed with a note, nothing off
            return estimate_totals(sources, priced_by, day=date.today(), exempt_number=exempt)
    return compute_totals(
        [priced(line) for line in lines if line.job_id in counted],
        rules_of(row),
        tax_exempt=bool(row.tax_exempt_number),
    )


def job_index(jobs: Sequence[Job | Row[Any]], decisions: set[str]) -> dict[uuid.UUID, int]:
    """Each counted job's index among the counted ones, in their order: how the sheet names a job."""
    return {job.id: i for i, job in enumerate(j for j in jobs if j.decision in decisions)}


def sheet_sources(lines: Sequence[WorkOrderLine | Row[Any]], index: dict[uuid.UUID, int]) -> list[SourceLine]:
    """The counted jobs' lines as the price sheet prices them, each with its job's index."""
    return [_source(line, index[line.job_id]) for line in lines if line.job_id in index]


def _source(line: WorkOrderLine | Row[Any], job: int | None = None) -> SourceLine:
    return SourceLine(
        kind=LineKind(line.kind),
        description=line.description,
        quantity=from_thousandths(line.quantity),
        unit_price=line.unit_price,
        taxable=line.taxable,
        unit_cost=line.unit_cost,
        discount_percent=line.discount_percent * 100,
        core_charge=line.core_charge,
        job=job,
    )


def history_entry(
    order: Row[Any], jobs: list[Row[Any]], lines_of: dict[Any, list[Row[Any]]], rules: PricingRules
) -> HistoryEntry:
    """One order of a vehicle's history: its total and each job's price.

    The total counts the approved jobs once the customer has authorized, the
    pending and approved ones before. Every line is priced once: a job's price
    is the sum of its printed lines and cores (``Totals.lines_subtotal``).
    """
    owned = [(job.id, priced(line)) for job in jobs for line in lines_of[job.id]]
    exempt = bool(order.tax_exempt_number)
    every = compute_totals([line for _, line in owned], rules, tax_exempt=exempt)
    subtotals = {job.id: Decimal("0.00") for job in jobs}
    for (job_id, _), amount in zip(owned, every.lines, strict=True):
        subtotals[job_id] += amount.net + amount.core
    counted = {"approved"} if order.authorized_total is not None else {"pending", "approved"}
    if all(job.decision in counted for job in jobs):
        total = every.total
    else:
        keep = {job.id for job in jobs if job.decision in counted}
        total = compute_totals(
            [line for job_id, line in owned if job_id in keep], rules, tax_exempt=exempt
        ).total
    return HistoryEntry(
        order.id,
        order.number,
        order.created_at,
        STATUS_LABELS[Status(order.status)],
        order.odometer_in,
        total,
        tuple(HistoryJob(job.title, job.decision, subtotals[job.id]) for job in jobs),
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
    """The editor's read model of a work order a write has just committed."""
    return read_view(uow, actor, row.id)


def read_view(uow: UnitOfWork, actor: Actor, work_order_id: uuid.UUID) -> WorkOrderView:
    """Everything the editor shows of one work order, as this unit of work sees it."""
    return view_of_rows(uow.session.connection(), actor, work_order_id)


def view_of_rows(connection: Reads, actor: Actor, work_order_id: uuid.UUID) -> WorkOrderView:
    """Everything the editor shows of one work order, read in one snapshot of five statements as
    plain rows (the order, its jobs, lines, authorizations and discounts)."""
    head, jobs, lines, auths, discounts = editor_rows(connection, actor.shop_id, work_order_id)
    if head is None:
        raise NotFoundError("That work order does not exist.")
    rules = rules_of(head)
    label = rules.fee_rule.label
    status = Status(head.status)
    everything, approved = _order_totals(head, jobs, lines, discounts)
    return WorkOrderView(
        id=head.id,
        number=head.number,
        status=head.status,
        status_label=STATUS_LABELS[status],
        hold_reason=head.hold_reason,
        customer_id=head.customer_id,
        customer_name=display_name(head.first_name, head.last_name, head.company_name, head.kind),
        customer_phone=head.customer_phone,
        customer_address=", ".join(
            p for p in (head.address_line1, head.address_line2, head.city, head.region) if p
        ),
        vehicle_id=head.vehicle_id,
        vehicle=describe_vehicle(head.year, head.make, head.model) or "Vehicle",
        vin=head.vin or "",
        plate=head.plate,
        odometer_in=head.odometer_in,
        odometer_out=head.odometer_out,
        promised_at=head.promised_at,
        notes=head.notes,
        tax_rate=head.tax_rate,
        rounding=head.rounding,
        labor_rate=head.labor_rate,
        tax_exempt_number=head.tax_exempt_number,
        jobs=_job_views(jobs, lines, rules),
        totals=totals_view(everything, label),
        approved_totals=totals_view(approved, label),
        authorized_total=head.authorized_total,
        needs_reauthorization=head.needs_reauthorization,
        authorizations=tuple(_authorization_view(a) for a in auths),
        allowed_statuses=tuple(s.value for s in sorted(TRANSITIONS[status])),
        version=head.version,
        created_at=head.created_at,
        updated_at=head.updated_at,
        shop_name=head.shop_name,
        shop_address=head.shop_address,
        shop_phone=head.shop_phone,
        timezone=head.timezone,
        rules=rules,
        shop_locale=ShopLocale(head.shop_locale, head.currency, head.timezone, head.shop_paper),
        tax_components=_tax_components(head, jobs, lines, discounts),
        discounts=_discount_views(head, jobs, lines, discounts),
        price_sheet=sheet_of(head.price_sheet) if head.price_sheet else None,
    )


def _tax_components(
    head: Row[Any], jobs: Sequence[Row[Any]], lines: Sequence[Row[Any]], discounts: Sequence[Row[Any]]
) -> tuple[tuple[str, Decimal], ...]:
    if not head.price_sheet:
        return ()
    index = job_index(jobs, OFFERED)
    sources = sheet_sources(lines, index)
    sheet = sheet_of(head.price_sheet)
    exempt = head.tax_exempt_number
    applied = [d for _, d in document_discounts(discounts, index)]
    try:
        return estimate_tax_lines(sources, sheet, day=date.today(), exempt_number=exempt, discounts=applied)
    except ValidationError:  # as the totals: a discount the lines no longer allow takes nothing off
        return estimate_tax_lines(sources, sheet, day=date.today(), exempt_number=exempt)


def _discount_views(
    head: Row[Any], jobs: Sequence[Row[Any]], lines: Sequence[Row[Any]], discounts: Sequence[Row[Any]]
) -> tuple[OrderDiscountView, ...]:
    if not discounts:
        return ()
    index = job_index(jobs, OFFERED)
    sheet = sheet_of(head.price_sheet) if head.price_sheet else None
    return discount_views(sheet, sheet_sources(lines, index), discounts, jobs, index, head.tax_exempt_number)


def _order_totals(
    head: Row[Any], jobs: Sequence[Row[Any]], lines: Sequence[Row[Any]], discounts: Sequence[Row[Any]]
) -> tuple[Totals, Totals]:
    """(every job not declined, the approved jobs): what the estimate and the authorization show."""
    everything = totals_for(head, jobs, lines, OFFERED, discounts)
    # with no job pending, "everything not declined" is the approved work
    approved = (
        everything
        if all(job.decision != "pending" for job in jobs)
        else totals_for(head, jobs, lines, {"approved"}, discounts)
    )
    return everything, approved


def _job_views(
    jobs: Sequence[Row[Any]], lines: Sequence[Row[Any]], rules: PricingRules
) -> tuple[JobView, ...]:
    """Each job with its own lines, in the order the editor lists them."""
    by_job: dict[uuid.UUID, list[Row[Any]]] = {job.id: [] for job in jobs}
    for line in lines:
        if line.job_id in by_job:
            by_job[line.job_id].append(line)
    return tuple(_job_view(job, by_job[job.id], rules) for job in jobs)


def _job_view(job: Row[Any], own: list[Row[Any]], rules: PricingRules) -> JobView:
    """One job priced on its own lines, tax left out (the order's totals carry the tax)."""
    job_totals = compute_totals([priced(line) for line in own], rules, tax_exempt=True)
    return JobView(
        id=job.id,
        position=job.position,
        title=job.title,
        concern=job.concern,
        cause=job.cause,
        correction=job.correction,
        technician_id=job.technician_id,
        technician_name=(job.technician_name or "") if job.technician_id else "",
        decision=job.decision,
        changed_since_authorized=job.changed_since_authorized,
        lines=tuple(_line_view(line, amount.net) for line, amount in zip(own, job_totals.lines, strict=True)),
        subtotal=job_totals.lines_subtotal,
        reminder_months=job.reminder_months,
        reminder_miles=job.reminder_miles,
        job_type=job.job_type,
    )


def _authorization_view(a: Row[Any]) -> AuthorizationView:
    return AuthorizationView(
        at=a.at,
        authorized_by=a.authorized_by,
        relation=a.relation,
        method=a.method,
        phone_called=a.phone_called,
        taken_by=a.taken_by_name or "",
        amount=a.amount,
        previous_amount=a.previous_amount,
        approved_jobs=tuple(json.loads(a.approved_jobs)),
        declined_jobs=tuple(json.loads(a.declined_jobs)),
        note=a.note,
    )


def _line_view(line: WorkOrderLine | Row[Any], amount: Decimal) -> LineView:
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
        part_id=line.part_id,
        allocated=from_thousandths(line.allocated),
        labor_rate_code=line.labor_rate_code,
    )
