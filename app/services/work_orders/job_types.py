"""A job's type on an estimate: it picks the labor rate of the job's labor lines.

The price sheet maps job types (diagnostic, warranty...) to labor rates; the
rate a labor line gets is ``resolve_labor_rate``'s choice between the job's
type, the customer's own rate and the customer's (or vehicle's) price level.
A labor line priced that way keeps the code of the rate it used
(``work_order_lines.labor_rate_code``); a price typed by hand keeps none, so
changing the job's type re-prices only what the sheet priced.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.domain.contact import clean_text
from app.domain.errors import ValidationError
from app.domain.permissions import Actor
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.settings.price_sheet import PricingTerms, pricing_terms
from app.services.uow import UnitOfWork
from app.services.work_orders.dto import LaborRateView
from app.services.work_orders.lines import LineInput


def rate_code_of(
    line: LineInput, unit_price: Decimal, terms: PricingTerms, current: WorkOrderLine | None
) -> str:
    """The sheet's rate code a labor line snapshots: the rate it took when no price was typed,
    the code it had when an edit kept its price; "" for a price typed by hand."""
    if line.kind != LineKind.LABOR:
        return ""
    if not line.unit_price.strip() and terms.labor_rate is not None:
        return terms.labor_rate_code
    if current is not None and current.labor_rate_code and unit_price == current.unit_price:
        return current.labor_rate_code
    return ""


def labor_rate_of(uow: UnitOfWork, actor: Actor, row: WorkOrder, job: Job) -> LaborRateView:
    """The rate a labor line typed without a price gets on ``job``, as the save prices it."""
    terms = pricing_terms(uow, actor.shop_id, row.customer_id, row.vehicle_id, job.job_type)
    if terms.labor_rate is None or terms.sheet is None:
        return LaborRateView(row.labor_rate)
    name = next((r.name for r in terms.sheet.labor_rates if r.code == terms.labor_rate_code), "")
    return LaborRateView(terms.labor_rate, name)


def change_job_type(uow: UnitOfWork, actor: Actor, row: WorkOrder, job: Job, job_type: str) -> bool:
    """Set ``job``'s type on the locked estimate ``row`` and re-price its labor lines priced by the
    sheet, each change audited; True when anything changed."""
    if Status(row.status) != Status.ESTIMATE:
        raise ValidationError({"job_type": "a job's type changes only while the work order is an estimate"})
    job_type = clean_text(job_type)
    terms = pricing_terms(uow, actor.shop_id, row.customer_id, row.vehicle_id, job_type)
    known = dict(terms.sheet.job_type_rates) if terms.sheet is not None else {}
    if job_type and job_type not in known:
        raise ValidationError({"job_type": f"the price sheet has no job type {job_type!r}"})
    if job_type == job.job_type:
        return False
    uow.record(
        actor, actor.shop_id, "jobs", job.id, "job_type", {"job_type": job.job_type}, {"job_type": job_type}
    )
    job.job_type = job_type
    if terms.labor_rate is not None:
        for line in uow.work_orders.lines(row.id):
            if line.job_id == job.id and line.kind == LineKind.LABOR and line.labor_rate_code:
                _reprice(uow, actor, line, terms)
    return True


def reprice_sheet_labor(uow: UnitOfWork, actor: Actor, row: WorkOrder) -> None:
    """Re-price: each labor line the sheet priced takes today's rate for its job's type."""
    lines = uow.work_orders.lines(row.id)
    for job in uow.work_orders.jobs(row.id):
        terms = pricing_terms(uow, actor.shop_id, row.customer_id, row.vehicle_id, job.job_type)
        if terms.labor_rate is None:
            continue
        for line in lines:
            if line.job_id == job.id and line.kind == LineKind.LABOR and line.labor_rate_code:
                _reprice(uow, actor, line, terms)


def _reprice(uow: UnitOfWork, actor: Actor, line: WorkOrderLine, terms: PricingTerms) -> None:
    assert terms.labor_rate is not None
    before: dict[str, Any] = {"unit_price": line.unit_price, "labor_rate_code": line.labor_rate_code}
    after: dict[str, Any] = {"unit_price": terms.labor_rate, "labor_rate_code": terms.labor_rate_code}
    if before == after:
        return
    line.unit_price, line.labor_rate_code = terms.labor_rate, terms.labor_rate_code
    uow.record(actor, actor.shop_id, "work_order_lines", line.id, "reprice", before, after)
