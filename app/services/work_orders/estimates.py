"""Editing an estimate: jobs, their labor, parts, fee and sublet lines, canned jobs.

Every edit is one transaction on the locked work order row, checked against
the version the editor loaded (optimistic lock), audited, and re-evaluates
whether the customer must authorize again: changing an approved job after
authorization, or adding a job, puts the difference before the customer.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.domain.contact import clean_text, contains_card_number
from app.domain.errors import NotFoundError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.pricing import fee_rule_to_json
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.base import Service
from app.services.parts.ledger import parts_repo, stock_settings
from app.services.parts.line_stock import Held, allocated_after_edit, follow, release_jobs
from app.services.settings.price_sheet import PRICE_SHEET_KEY, PricingTerms, pricing_terms
from app.services.uow import UnitOfWork
from app.services.work_orders.dto import LaborRateView, WorkOrderView
from app.services.work_orders.job_types import (
    change_job_type,
    labor_rate_of,
    rate_code_of,
    reprice_sheet_labor,
)
from app.services.work_orders.lines import LineInput, line_input_from_dict, line_input_of, parse_line
from app.services.work_orders.views import (
    build_view,
    load_work_order,
    needs_reauthorization,
    refuse_stale,
    shop_pricing,
    touch,
)

EDITABLE = (Status.ESTIMATE, Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD)


@dataclass(frozen=True)
class JobInput:
    title: str
    concern: str = ""
    cause: str = ""
    correction: str = ""
    technician_id: uuid.UUID | None = None
    reminder_months: int | None = None
    reminder_miles: int | None = None
    job_type: str = ""  # set when the job is added; changed only by ``set_job_type`` (it re-prices)


class EstimateService(Service):
    def add_job(
        self, actor: Actor, work_order_id: uuid.UUID, job: JobInput, expected_version: int
    ) -> WorkOrderView:
        require(actor, Action.WRITE_ESTIMATES)
        clean = _clean_job(job)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            jobs = uow.work_orders.jobs(row.id)
            new = Job(
                shop_id=actor.shop_id, work_order_id=row.id, position=len(jobs) + 1, **_job_fields(clean)
            )
            uow.work_orders.add(new)
            uow.record(actor, actor.shop_id, "jobs", new.id, "create", None, _job_fields(clean))

        return self._edit(actor, work_order_id, expected_version, change)

    def update_job(
        self, actor: Actor, work_order_id: uuid.UUID, job_id: uuid.UUID, job: JobInput, expected_version: int
    ) -> WorkOrderView:
        """Front desk edits everything; a technician records cause and correction only."""
        findings_only = not actor.can(Action.WRITE_ESTIMATES)
        require(actor, Action.RECORD_FINDINGS if findings_only else Action.WRITE_ESTIMATES)
        clean = _clean_job(job)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            target = _job(uow, actor, row, job_id)
            before = _job_fields(target)
            fields = {k: v for k, v in _job_fields(clean).items() if k != "job_type"}
            if findings_only:
                fields = {"cause": clean.cause, "correction": clean.correction}
            for name, value in fields.items():
                setattr(target, name, value)
            uow.record(actor, actor.shop_id, "jobs", target.id, "update", before, _job_fields(target))

        return self._edit(actor, work_order_id, expected_version, change, allow_findings=findings_only)

    def remove_job(
        self, actor: Actor, work_order_id: uuid.UUID, job_id: uuid.UUID, expected_version: int
    ) -> WorkOrderView:
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            target = _job(uow, actor, row, job_id)
            if target.decision == "approved" and row.status != Status.ESTIMATE:
                raise ValidationError(
                    {"job": "an approved job stays on the order; decline it with the customer instead"}
                )
            target.removed = True
            uow.record(actor, actor.shop_id, "jobs", target.id, "remove", None, {"title": target.title})
            release_jobs(uow, actor, row, [target], "job removed")

        return self._edit(actor, work_order_id, expected_version, change)

    def add_line(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        job_id: uuid.UUID,
        line: LineInput,
        expected_version: int,
    ) -> WorkOrderView:
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            target = _job(uow, actor, row, job_id)
            values = _line_values(uow, actor, row, line, job_type=target.job_type)
            position = sum(1 for ln in uow.work_orders.lines(row.id) if ln.job_id == target.id) + 1
            new = WorkOrderLine(
                shop_id=actor.shop_id, work_order_id=row.id, job_id=target.id, position=position, **values
            )
            uow.work_orders.add(new)
            _mark_changed(target)
            uow.record(actor, actor.shop_id, "work_order_lines", new.id, "create", None, values)

        return self._edit(actor, work_order_id, expected_version, change)

    def update_line(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        line_id: uuid.UUID,
        line: LineInput,
        expected_version: int,
    ) -> WorkOrderView:
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            target = _line(uow, actor, row, line_id)
            held, old_quantity = Held.of(target), target.quantity
            job = _job(uow, actor, row, target.job_id)
            values = _line_values(uow, actor, row, line, current=target, job_type=job.job_type)
            before = {name: getattr(target, name) for name in values}
            for name, value in values.items():
                setattr(target, name, value)
            target.allocated = allocated_after_edit(held, old_quantity, target)
            _mark_changed(job)
            uow.record(actor, actor.shop_id, "work_order_lines", target.id, "update", before, values)
            follow(uow, actor, row, [(held, target)], "line changed")

        return self._edit(actor, work_order_id, expected_version, change)

    def remove_line(
        self, actor: Actor, work_order_id: uuid.UUID, line_id: uuid.UUID, expected_version: int
    ) -> WorkOrderView:
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            target = _line(uow, actor, row, line_id)
            held = Held.of(target)
            _mark_changed(_job(uow, actor, row, target.job_id))
            uow.record(
                actor,
                actor.shop_id,
                "work_order_lines",
                target.id,
                "delete",
                {"description": target.description},
                None,
            )
            uow.work_orders.delete_line(target)
            follow(uow, actor, row, [(held, None)], "line removed")  # what it held comes back

        return self._edit(actor, work_order_id, expected_version, change)

    def add_canned_job(
        self, actor: Actor, work_order_id: uuid.UUID, canned_id: uuid.UUID, expected_version: int
    ) -> WorkOrderView:
        """Insert a saved job (labor and parts) in one step."""
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            canned = uow.canned_jobs.get(actor.shop_id, canned_id)
            if canned is None:
                raise NotFoundError("That canned job was removed.")
            templates = [line_input_from_dict(d) for d in json.loads(canned.lines)]
            job = JobInput(
                canned.name,
                canned.concern,
                reminder_months=canned.reminder_months,
                reminder_miles=canned.reminder_miles,
                job_type=canned.job_type,
            )
            insert_job(uow, actor, row, job, templates, copied_from=None)

        return self._edit(actor, work_order_id, expected_version, change)

    def copy_declined(
        self, actor: Actor, work_order_id: uuid.UUID, job_ids: list[uuid.UUID], expected_version: int
    ) -> WorkOrderView:
        """Bring declined work from earlier visits into this estimate."""
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            for job_id in job_ids:
                old = uow.work_orders.job(actor.shop_id, job_id)
                if old is None or old.decision != "declined":
                    raise NotFoundError("That declined job is no longer there.")
                old_order = uow.work_orders.get(actor.shop_id, old.work_order_id)
                if old_order is None or old_order.vehicle_id != row.vehicle_id:
                    raise ValidationError({"job": "declined work is copied only onto the same vehicle"})
                if uow.work_orders.copy_of(old.id) is not None:
                    raise ValidationError({"job": f"'{old.title}' was already brought into a later estimate"})
                lines = [ln for ln in uow.work_orders.lines(old.work_order_id) if ln.job_id == old.id]
                templates = [line_input_of(ln) for ln in lines]
                again = JobInput(old.title, old.concern, job_type=old.job_type)
                insert_job(uow, actor, row, again, templates, copied_from=old.id)

        return self._edit(actor, work_order_id, expected_version, change)

    def set_job_type(
        self, actor: Actor, work_order_id: uuid.UUID, job_id: uuid.UUID, job_type: str, expected_version: int
    ) -> WorkOrderView:
        """A job's type on an open estimate ("" the default); its labor lines priced by the sheet follow."""
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            job = _job(uow, actor, row, job_id)
            if change_job_type(uow, actor, row, job, job_type):
                _mark_changed(job)

        return self._edit(actor, work_order_id, expected_version, change)

    def labor_rate(self, actor: Actor, work_order_id: uuid.UUID, job_id: uuid.UUID) -> LaborRateView:
        """The rate a labor line added to the job without a price is saved at (the line dialog's hint)."""
        require(actor, Action.VIEW_WORK_ORDERS)

        def read(uow: UnitOfWork) -> LaborRateView:
            row = load_work_order(uow, actor, work_order_id)
            return labor_rate_of(uow, actor, row, _job(uow, actor, row, job_id))

        return self._read(read)

    def reprice(self, actor: Actor, work_order_id: uuid.UUID, expected_version: int) -> WorkOrderView:
        """Apply today's pricing settings to an estimate: the explicit 're-price' action."""
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            pricing = shop_pricing(uow, actor.shop_id)
            before = {"tax_rate": row.tax_rate, "rounding": row.rounding, "labor_rate": row.labor_rate}
            old_rate = row.labor_rate
            row.tax_rate, row.rounding = pricing.tax_rate, pricing.rounding.value
            row.fee_rule, row.labor_rate = fee_rule_to_json(pricing.fee_rule), pricing.labor_rate
            row.price_sheet = uow.shops.setting(actor.shop_id, PRICE_SHEET_KEY)
            for line in uow.work_orders.lines(row.id):  # each line keeps its own tax choice
                if line.kind == LineKind.LABOR and line.unit_price == old_rate and not line.labor_rate_code:
                    line.unit_price = pricing.labor_rate
            reprice_sheet_labor(uow, actor, row)  # the sheet's rates, by each job's type
            for job in uow.work_orders.jobs(row.id):
                _mark_changed(job)
            after = {"tax_rate": row.tax_rate, "rounding": row.rounding, "labor_rate": row.labor_rate}
            uow.record(actor, actor.shop_id, "work_orders", row.id, "reprice", before, after)

        return self._edit(actor, work_order_id, expected_version, change)

    def _edit(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        expected_version: int,
        change: Callable[[UnitOfWork, WorkOrder], None],
        allow_findings: bool = False,
    ) -> WorkOrderView:
        def work(uow: UnitOfWork) -> WorkOrderView:
            row = load_work_order(uow, actor, work_order_id, for_update=True)
            refuse_stale(uow, actor, row, expected_version)
            status = Status(row.status)
            if status not in EDITABLE and not (allow_findings and status == Status.COMPLETED):
                raise ValidationError(
                    {"status": f"a work order that is {status.value.replace('_', ' ')} cannot be edited"}
                )
            change(uow, row)
            uow.session.flush()
            row.needs_reauthorization = needs_reauthorization(row, uow.work_orders.jobs(row.id))
            touch(row, actor)
            uow.commit()
            return build_view(uow, actor, row)

        return self._write(work)


def _job(uow: UnitOfWork, actor: Actor, row: WorkOrder, job_id: uuid.UUID) -> Job:
    job = uow.work_orders.job(actor.shop_id, job_id)
    if job is None or job.work_order_id != row.id:
        raise NotFoundError("That job is no longer on this work order.")
    return job


def _line(uow: UnitOfWork, actor: Actor, row: WorkOrder, line_id: uuid.UUID) -> WorkOrderLine:
    line = uow.work_orders.line(actor.shop_id, line_id)
    if line is None or line.work_order_id != row.id:
        raise NotFoundError("That line is no longer on this work order.")
    return line


def _mark_changed(job: Job) -> None:
    if job.decision == "approved":
        job.changed_since_authorized = True


def insert_job(
    uow: UnitOfWork,
    actor: Actor,
    row: WorkOrder,
    job: JobInput,
    lines: list[LineInput],
    copied_from: uuid.UUID | None,
) -> Job:
    """A job (and its lines) added to the locked work order ``row`` and audited, in the caller's transaction."""
    position = len(uow.work_orders.jobs(row.id)) + 1
    fields = _job_fields(_clean_job(job))
    new = Job(
        shop_id=actor.shop_id,
        work_order_id=row.id,
        position=position,
        copied_from_job_id=copied_from,
        **fields,
    )
    uow.work_orders.add(new)
    uow.record(actor, actor.shop_id, "jobs", new.id, "create", None, {**fields, "copied_from": copied_from})
    for index, template in enumerate(lines, start=1):
        values = _line_values(uow, actor, row, template, job_type=new.job_type)
        uow.work_orders.add(
            WorkOrderLine(
                shop_id=actor.shop_id, work_order_id=row.id, job_id=new.id, position=index, **values
            )
        )
    return new


def _clean_job(job: JobInput) -> JobInput:
    errors: dict[str, str] = {}
    title = clean_text(job.title)
    if not title:
        errors["title"] = "name the job (e.g. 'Front brake pads and rotors')"
    texts = {
        "title": (title, 200),
        "concern": (job.concern, 4000),
        "cause": (job.cause, 4000),
        "correction": (job.correction, 4000),
    }
    if len(job.job_type) > 40:
        errors["job_type"] = "is longer than 40 characters"
    for name, (text, limit) in texts.items():
        if len(clean_text(text)) > limit:
            errors[name] = f"is longer than {limit} characters"
        elif contains_card_number(text):
            errors[name] = "looks like a payment card number; BayDesk never stores card numbers"
    for name in ("reminder_months", "reminder_miles"):
        value = getattr(job, name)
        if value is not None and not 0 < value <= (120 if name == "reminder_months" else 200_000):
            errors[name] = "is out of range"
    if errors:
        raise ValidationError(errors)
    return replace(
        job,
        title=title,
        concern=clean_text(job.concern),
        cause=clean_text(job.cause),
        correction=clean_text(job.correction),
        job_type=clean_text(job.job_type),
    )


def _job_fields(job: JobInput | Job) -> dict[str, Any]:
    return {
        "title": job.title,
        "concern": job.concern,
        "cause": job.cause,
        "correction": job.correction,
        "technician_id": job.technician_id,
        "reminder_months": job.reminder_months,
        "reminder_miles": job.reminder_miles,
        "job_type": job.job_type,
    }


def _line_values(
    uow: UnitOfWork,
    actor: Actor,
    row: WorkOrder,
    line: LineInput,
    current: WorkOrderLine | None = None,
    job_type: str = "",
) -> dict[str, Any]:
    """Validate a typed line into column values (quantity in thousandths, money in cents);
    a labor line without a typed price takes the rate of the job's type and the customer."""
    terms = pricing_terms(uow, actor.shop_id, row.customer_id, row.vehicle_id, job_type)
    taxable = line.taxable
    if taxable is None:  # by the price sheet, each tax component says what it taxes
        taxable = terms.sheet is not None or shop_pricing(uow, actor.shop_id).is_taxable(line.kind)
    if line.part_id is not None and line.kind == LineKind.PART:
        line, taxable = _catalog_line(uow, actor, line, taxable, current, terms)
    values = parse_line(line, terms.labor_rate if terms.labor_rate is not None else row.labor_rate, taxable)
    values["labor_rate_code"] = rate_code_of(line, values["unit_price"], terms, current)
    net_price = values["unit_price"] * (1 - values["discount_percent"])
    if values["unit_cost"] > 0 and net_price < values["unit_cost"]:
        require(actor, Action.OVERRIDE_PRICE_BELOW_COST)  # selling under cost is the owner's call
    if terms.discount_needs_owner(actor.role.value, values["discount_percent"] * 100):
        require(actor, Action.APPROVE_LARGE_DISCOUNTS)  # beyond the role's limit: the owner's call
    return values


def _catalog_line(
    uow: UnitOfWork,
    actor: Actor,
    line: LineInput,
    taxable: bool,
    current: WorkOrderLine | None,
    terms: PricingTerms | None = None,
) -> tuple[LineInput, bool]:
    """A catalog part's line: its SKU, its price under the shop's rules unless one is typed, and
    its cost and core charge snapshotted when the part is put on the line (an edit of the same
    part keeps them), so the estimate shows the core deposit the invoice will charge."""
    assert line.part_id is not None
    part = parts_repo(uow).part(actor.shop_id, line.part_id)
    if part is None:
        raise NotFoundError("That part is not in this shop's catalog (was it removed?).")
    if not part.active and (current is None or current.part_id != part.id):
        raise ValidationError({"part_number": f"part {part.sku} is no longer sold"})
    if not part.fractional and line.quantity.strip() and not _whole(line.quantity):
        raise ValidationError({"quantity": f"{part.sku} is sold by the unit: enter a whole number"})
    same = current is not None and current.part_id == part.id
    listed = stock_settings(uow, actor.shop_id).price_for(part.cost, part.price)
    price = line.unit_price.strip() or str(terms.part_price(listed, part.cost) if terms else listed)
    typed = replace(
        line,
        description=line.description.strip() or part.name,
        part_number=part.sku,
        unit_price=price,
        unit_cost=str(current.unit_cost if same and current is not None else part.cost),
        core_charge=str(current.core_charge if same and current is not None else part.core_charge),
    )
    return typed, taxable and (part.taxable or line.taxable is True)


def _whole(text: str) -> bool:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return True  # the line's own checks name what is wrong with it
    return not value.is_finite() or value == value.to_integral_value()
