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
from decimal import Decimal
from typing import Any

from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.domain.contact import clean_text, contains_card_number
from app.domain.errors import NotFoundError, ValidationError
from app.domain.locale import parse_number
from app.domain.money import PLAIN_LOCALE, from_thousandths, parse_money, to_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.pricing import PART_CONDITIONS, fee_rule_to_json
from app.domain.totals import LineKind, PricedLine, check_line
from app.domain.work_orders import Status
from app.services.base import Service
from app.services.uow import UnitOfWork
from app.services.work_orders.dto import WorkOrderView
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


@dataclass(frozen=True)
class LineInput:
    """A line as typed. ``unit_price`` empty on labor means the work order's labor rate."""

    kind: LineKind
    description: str
    quantity: str = "1"
    unit_price: str = ""
    unit_cost: str = "0"
    part_number: str = ""
    condition: str = ""
    taxable: bool | None = None  # None: the shop's rule for this kind of line
    discount_percent: str = "0"
    core_charge: str = "0"
    vendor: str = ""


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
            fields = _job_fields(clean)
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
            values = _line_values(uow, actor, row, line)
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
            values = _line_values(uow, actor, row, line)
            before = {name: getattr(target, name) for name in values}
            for name, value in values.items():
                setattr(target, name, value)
            _mark_changed(_job(uow, actor, row, target.job_id))
            uow.record(actor, actor.shop_id, "work_order_lines", target.id, "update", before, values)

        return self._edit(actor, work_order_id, expected_version, change)

    def remove_line(
        self, actor: Actor, work_order_id: uuid.UUID, line_id: uuid.UUID, expected_version: int
    ) -> WorkOrderView:
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            target = _line(uow, actor, row, line_id)
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
            )
            _insert_job(uow, actor, row, job, templates, copied_from=None)

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
                templates = [_line_input(ln) for ln in lines]
                _insert_job(uow, actor, row, JobInput(old.title, old.concern), templates, copied_from=old.id)

        return self._edit(actor, work_order_id, expected_version, change)

    def reprice(self, actor: Actor, work_order_id: uuid.UUID, expected_version: int) -> WorkOrderView:
        """Apply today's pricing settings to an estimate: the explicit 're-price' action."""
        require(actor, Action.WRITE_ESTIMATES)

        def change(uow: UnitOfWork, row: WorkOrder) -> None:
            pricing = shop_pricing(uow, actor.shop_id)
            before = {"tax_rate": row.tax_rate, "rounding": row.rounding, "labor_rate": row.labor_rate}
            old_rate = row.labor_rate
            row.tax_rate, row.rounding = pricing.tax_rate, pricing.rounding.value
            row.fee_rule, row.labor_rate = fee_rule_to_json(pricing.fee_rule), pricing.labor_rate
            for line in uow.work_orders.lines(row.id):
                if line.kind == LineKind.LABOR and line.unit_price == old_rate:
                    line.unit_price = pricing.labor_rate
                line.taxable = pricing.is_taxable(LineKind(line.kind))
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


def _insert_job(
    uow: UnitOfWork,
    actor: Actor,
    row: WorkOrder,
    job: JobInput,
    lines: list[LineInput],
    copied_from: uuid.UUID | None,
) -> None:
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
        values = _line_values(uow, actor, row, template)
        uow.work_orders.add(
            WorkOrderLine(
                shop_id=actor.shop_id, work_order_id=row.id, job_id=new.id, position=index, **values
            )
        )


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
    }


def _decimal(text: str, field: str, places: int) -> Decimal:
    value = parse_number(text.strip() or "0", PLAIN_LOCALE, field=field, decimals=None)  # '12,50' is refused
    if value.normalize().as_tuple().exponent < -places:  # type: ignore[operator]  # 1.5000 is fine
        raise ValidationError({field: f"has more than {places} decimals"})
    return value


def _line_values(uow: UnitOfWork, actor: Actor, row: WorkOrder, line: LineInput) -> dict[str, Any]:
    """Validate a typed line into column values (quantity in thousandths, money in cents)."""
    taxable = (
        line.taxable if line.taxable is not None else shop_pricing(uow, actor.shop_id).is_taxable(line.kind)
    )
    values = _parse_line(line, row.labor_rate, taxable)
    net_price = values["unit_price"] * (1 - values["discount_percent"])
    if values["unit_cost"] > 0 and net_price < values["unit_cost"]:
        require(actor, Action.OVERRIDE_PRICE_BELOW_COST)  # selling under cost is the owner's call
    return values


def check_canned_lines(lines: list[LineInput]) -> None:
    """A canned job's lines pass the checks of estimate lines, so inserting one never fails later."""
    for number, line in enumerate(lines, start=1):
        try:
            _parse_line(line, Decimal("0"), taxable=False)
        except ValidationError as exc:
            raise ValidationError(
                {f"line {number} {name}": text for name, text in exc.errors.items()}
            ) from None


def _parse_line(line: LineInput, labor_rate: Decimal, taxable: bool) -> dict[str, Any]:
    description = clean_text(line.description)
    errors: dict[str, str] = {}
    if not description:
        errors["description"] = "is required"
    elif len(description) > 300:
        errors["description"] = "is longer than 300 characters"
    elif contains_card_number(description):
        errors["description"] = "looks like a payment card number; BayDesk never stores card numbers"
    condition = line.condition.strip().lower()
    if line.kind == LineKind.PART and condition not in PART_CONDITIONS:
        errors["condition"] = "mark the part new, used, rebuilt, OEM or aftermarket"
    if errors:
        raise ValidationError(errors)
    quantity = _decimal(line.quantity, "quantity", 3)
    price_text = line.unit_price.strip()
    if not price_text and line.kind != LineKind.LABOR:
        raise ValidationError({"unit_price": "is required"})
    unit_price = labor_rate if not price_text else parse_money(price_text, "unit_price")
    unit_cost = parse_money(line.unit_cost.strip() or "0", "unit_cost")
    discount = _decimal(line.discount_percent, "discount_percent", 4)
    core = parse_money(line.core_charge.strip() or "0", "core_charge")
    check_line(PricedLine(line.kind, quantity, unit_price, taxable, discount, core))
    if unit_cost < 0:
        raise ValidationError({"unit_cost": "must not be negative"})
    return {
        "kind": line.kind.value,
        "description": description,
        "part_number": clean_text(line.part_number)[:60],
        "condition": condition if line.kind == LineKind.PART else "",
        "quantity": to_thousandths(quantity),
        "unit_price": unit_price,
        "unit_cost": unit_cost,
        "taxable": taxable,
        "discount_percent": discount / 100,
        "core_charge": core,
        "vendor": clean_text(line.vendor)[:100],
    }


def _line_input(line: WorkOrderLine) -> LineInput:
    return LineInput(
        kind=LineKind(line.kind),
        description=line.description,
        quantity=str(from_thousandths(line.quantity)),
        unit_price=str(line.unit_price),
        unit_cost=str(line.unit_cost),
        part_number=line.part_number,
        condition=line.condition,
        taxable=None,
        discount_percent=format((line.discount_percent * 100).normalize(), "f"),  # 0.333333 -> "33.3333"
        core_charge=str(line.core_charge),
        vendor=line.vendor,
    )


def line_input_to_dict(line: LineInput) -> dict[str, str]:
    return {
        "kind": line.kind.value,
        "description": line.description,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "unit_cost": line.unit_cost,
        "part_number": line.part_number,
        "condition": line.condition,
        "core_charge": line.core_charge,
    }


def line_input_from_dict(data: dict[str, str]) -> LineInput:
    return LineInput(
        kind=LineKind(data["kind"]),
        description=data["description"],
        quantity=data.get("quantity", "1"),
        unit_price=data.get("unit_price", ""),
        unit_cost=data.get("unit_cost", "0"),
        part_number=data.get("part_number", ""),
        condition=data.get("condition", ""),
        core_charge=data.get("core_charge", "0"),
    )
