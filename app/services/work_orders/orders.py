"""Work orders: open one, list them, authorize, move through the statuses."""

from __future__ import annotations

import builtins
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row

from app.db.models_work_orders import Job, ServiceReminder, WorkOrder
from app.db.plain import Reads
from app.db.types import now_utc
from app.domain.contact import clean_text, contains_card_number
from app.domain.customers import check_odometer, display_name
from app.domain.errors import NotFoundError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.pricing import fee_rule_to_json
from app.domain.totals import PricingRules
from app.domain.work_orders import HOLD_REASONS, STATUS_LABELS, Status, check_transition
from app.repositories.order_discounts import OrderDiscountRepository
from app.repositories.work_order_reads import history_rows
from app.repositories.work_orders import OPEN_STATUSES
from app.services.base import Service
from app.services.bays.assignments import leave_bay
from app.services.customers.dto import describe_vehicle
from app.services.customers.records import add_odometer_reading
from app.services.customers.reminders import next_due, shop_today
from app.services.parts.line_stock import allocate_if_due, release, release_jobs
from app.services.parts.special_orders import refuse_open_special_orders
from app.services.readings.recommend import attach_waiting
from app.services.settings.price_sheet import PRICE_SHEET_KEY
from app.services.text_gate import refuse_too_long
from app.services.uow import UnitOfWork
from app.services.work_orders.authorizations import (
    AuthorizationInput,
    authorization_record,
    check_authorization,
    decide_jobs,
)
from app.services.work_orders.dto import (
    DeclinedJob,
    HistoryEntry,
    TechnicianView,
    WorkOrderList,
    WorkOrderRow,
    WorkOrderView,
)
from app.services.work_orders.views import (
    build_view,
    history_entry,
    load_work_order,
    needs_reauthorization,
    refuse_stale,
    rules_of,
    shop_pricing,
    totals_for,
    touch,
    view_of_rows,
)

WORK_ORDER_COUNTER = "work_order"
FIRST_WORK_ORDER = 1001


@dataclass(frozen=True)
class WorkOrderFilter:
    statuses: tuple[str, ...] = OPEN_STATUSES
    technician_id: uuid.UUID | None = None
    promised: str = ""  # "", "today" or "late"
    waiting_parts: bool = False
    text: str = ""


class WorkOrderService(Service):
    def create(
        self,
        actor: Actor,
        vehicle_id: uuid.UUID,
        odometer_in: int | None = None,
        promised_at: datetime | None = None,
        notes: str = "",
        odometer_reason: str = "",
    ) -> WorkOrderView:
        """Open an estimate for a vehicle, numbered from the shop's locked counter."""
        require(actor, Action.WRITE_ESTIMATES)
        notes = _checked_text(notes, "notes", 4000)
        if odometer_in is not None and not 0 <= odometer_in <= 9_999_999:
            raise ValidationError({"odometer_in": "must be between 0 and 9,999,999"})

        def work(uow: UnitOfWork) -> WorkOrderView:
            row = open_work_order(uow, actor, vehicle_id, odometer_in, promised_at, notes, odometer_reason)
            uow.commit()
            return build_view(uow, actor, row)

        return self._write(work)

    def get(self, actor: Actor, work_order_id: uuid.UUID) -> WorkOrderView:
        require(actor, Action.VIEW_WORK_ORDERS)
        return self._rows(lambda connection: view_of_rows(connection, actor, work_order_id))

    def find_number(self, actor: Actor, number: int) -> uuid.UUID | None:
        require(actor, Action.VIEW_WORK_ORDERS)
        return self._read(lambda uow: uow.work_orders.id_by_number(actor.shop_id, number))

    def list(self, actor: Actor, flt: WorkOrderFilter | None = None) -> WorkOrderList:
        """The work orders area: filtered rows plus a count per open status."""
        require(actor, Action.VIEW_WORK_ORDERS)
        flt = flt or WorkOrderFilter()

        def work(uow: UnitOfWork) -> WorkOrderList:
            now = now_utc()
            text = flt.text.strip()
            rows = uow.work_orders.list_rows(
                actor.shop_id,
                flt.statuses,
                technician_id=flt.technician_id,
                promised_before=_end_of_today(uow, actor, now)
                if flt.promised == "today"
                else now
                if flt.promised == "late"
                else None,
                number=int(text) if text.isdigit() and len(text) <= 9 else None,
            )
            out = [_row(r, now) for r in rows]
            if flt.waiting_parts:
                out = [r for r in out if r.status == Status.ON_HOLD and "part" in r.hold_reason.lower()]
            if text and not text.isdigit():
                needle = text.casefold()
                out = [r for r in out if needle in f"{r.customer} {r.plate} {r.vehicle}".casefold()]
            return WorkOrderList(tuple(out), uow.work_orders.counts_by_status(actor.shop_id))

        return self._read(work)

    def technicians(self, actor: Actor) -> builtins.list[TechnicianView]:
        require(actor, Action.VIEW_WORK_ORDERS)
        return self._read(
            lambda uow: [
                TechnicianView(u.id, u.display_name) for u in uow.users.with_role(actor.shop_id, "technician")
            ]
        )

    def authorize(
        self, actor: Actor, work_order_id: uuid.UUID, auth: AuthorizationInput, expected_version: int
    ) -> WorkOrderView:
        """Record the customer's decision per job (append-only, B&P Code 9884.9)."""
        require(actor, Action.RECORD_AUTHORIZATION)
        who = check_authorization(auth)

        def work(uow: UnitOfWork) -> WorkOrderView:
            row = load_work_order(uow, actor, work_order_id, for_update=True)
            refuse_stale(uow, actor, row, expected_version)
            if row.status in (Status.INVOICED, Status.CANCELLED, Status.COMPLETED):
                raise ValidationError(
                    {
                        "status": f"a {STATUS_LABELS[Status(row.status)].lower()} work order takes no authorization"
                    }
                )
            jobs = uow.work_orders.jobs(row.id)
            titles = decide_jobs(jobs, auth.decisions)
            lines = uow.work_orders.lines(row.id)
            discounts = OrderDiscountRepository(uow.session).of_order(actor.shop_id, row.id)
            amount = totals_for(row, jobs, lines, {"approved"}, discounts).total
            previous = row.authorized_total or Decimal("0.00")
            record = authorization_record(actor, row, auth, who, titles, amount, previous)
            uow.work_orders.add(record)
            row.authorized_total = amount
            row.needs_reauthorization = needs_reauthorization(row, jobs)
            if row.status == Status.ESTIMATE and any(j.decision == "approved" for j in jobs):
                row.status = Status.APPROVED.value
            declined = [j for j in jobs if j.id in auth.decisions and j.decision == "declined"]
            release_jobs(uow, actor, row, declined, "declined by the customer")
            allocate_if_due(uow, actor, row)
            touch(row, actor)
            uow.record(
                actor,
                actor.shop_id,
                "authorizations",
                record.id,
                "create",
                None,
                {
                    "work_order": row.number,
                    "by": who,
                    "method": auth.method,
                    "amount": amount,
                    "previous": previous,
                },
            )
            uow.commit()
            return build_view(uow, actor, row)

        return self._write(work)

    def change_status(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        new_status: Status,
        expected_version: int,
        hold_reason: str = "",
        odometer_out: int | None = None,
    ) -> WorkOrderView:
        require(actor, Action.CHANGE_WORK_ORDER_STATUS)
        if odometer_out is not None and not 0 <= odometer_out <= 9_999_999:
            raise ValidationError({"odometer_out": "must be between 0 and 9,999,999"})

        def work(uow: UnitOfWork) -> WorkOrderView:
            row = load_work_order(uow, actor, work_order_id, for_update=True)
            refuse_stale(uow, actor, row, expected_version)
            old = Status(row.status)
            check_transition(old, new_status)
            if new_status in (Status.COMPLETED, Status.CANCELLED):
                refuse_open_special_orders(uow, actor, row, new_status)
            if new_status == Status.APPROVED and not any(
                job.decision == "approved" for job in uow.work_orders.jobs(row.id)
            ):
                raise ValidationError(
                    {"authorization": "record the customer's authorization of at least one job first"}
                )
            if new_status == Status.ON_HOLD:
                if not hold_reason.strip():
                    raise ValidationError(
                        {"hold_reason": f"say why it is on hold ({', '.join(HOLD_REASONS)})"}
                    )
                row.hold_reason = refuse_too_long(
                    "hold_reason", clean_text(hold_reason), "work_orders", "hold_reason"
                )
            else:
                row.hold_reason = ""
            if new_status == Status.COMPLETED:
                _check_completion(uow, actor, row, odometer_out)
            if new_status == Status.INVOICED:
                raise ValidationError({"status": "a work order is invoiced by posting its invoice"})
            row.status = new_status.value
            _stock_follows_status(uow, actor, row, new_status)
            touch(row, actor)
            uow.record(
                actor, actor.shop_id, "work_orders", row.id, "status", {"status": old}, {"status": new_status}
            )
            if new_status in (Status.COMPLETED, Status.CANCELLED):
                leave_bay(uow, actor, row.id, new_status)
            uow.commit()
            return build_view(uow, actor, row)

        return self._write(work)

    def vehicle_history(self, actor: Actor, vehicle_id: uuid.UUID) -> builtins.list[HistoryEntry]:
        """Every work order of a vehicle with its jobs, newest first."""
        require(actor, Action.VIEW_WORK_ORDERS)

        def work(connection: Reads) -> list[HistoryEntry]:
            orders, jobs, lines = history_rows(connection, actor.shop_id, vehicle_id)
            # grouped by the rows' driver-level ids (app/repositories/work_order_reads.py)
            jobs_of: dict[Any, list[Row[Any]]] = {order.key: [] for order in orders}
            for job in jobs:
                jobs_of[job.work_order_id].append(job)
            lines_of: dict[Any, list[Row[Any]]] = {job.id: [] for job in jobs}
            for line in lines:
                if line.job_id in lines_of:  # not a removed job's
                    lines_of[line.job_id].append(line)
            rules: dict[tuple[Any, ...], PricingRules] = {}
            out = []
            for order in orders:
                key = (order.tax_rate, order.rounding, order.fee_rule)
                if key not in rules:
                    rules[key] = rules_of(order)
                out.append(history_entry(order, jobs_of[order.key], lines_of, rules[key]))
            return out

        return self._rows(work)

    def declined_work(self, actor: Actor, vehicle_id: uuid.UUID) -> builtins.list[DeclinedJob]:
        """Jobs the customer declined and nobody has copied into a later estimate."""
        require(actor, Action.VIEW_WORK_ORDERS)

        def work(uow: UnitOfWork) -> list[DeclinedJob]:
            orders = uow.work_orders.for_vehicle(actor.shop_id, vehicle_id)
            ids = [o.id for o in orders]
            jobs = uow.work_orders.jobs_for(ids)
            lines = uow.work_orders.lines_for(ids)
            copied = {j.copied_from_job_id for j in jobs if j.copied_from_job_id}
            number = {o.id: o for o in orders}
            return [
                DeclinedJob(
                    j.id,
                    number[j.work_order_id].number,
                    number[j.work_order_id].updated_at,
                    j.title,
                    j.concern,
                    totals_for(number[j.work_order_id], [j], lines, {"declined"}).lines_subtotal,
                )
                for j in jobs
                if j.decision == "declined" and j.id not in copied
            ]

        return self._read(work)


def open_work_order(
    uow: UnitOfWork,
    actor: Actor,
    vehicle_id: uuid.UUID,
    odometer_in: int | None = None,
    promised_at: datetime | None = None,
    notes: str = "",
    odometer_reason: str = "",
) -> WorkOrder:
    """An estimate for a vehicle, numbered from the locked counter, inside the caller's transaction."""
    vehicle = uow.vehicles.get(actor.shop_id, vehicle_id, for_update=True)
    if vehicle is None:
        raise NotFoundError("That vehicle no longer exists.")
    customer = uow.customers.get(actor.shop_id, vehicle.customer_id)
    if customer is None:
        raise NotFoundError("The vehicle's owner no longer exists.")
    if odometer_in is not None:
        check_odometer(vehicle.odometer, odometer_in, odometer_reason)
    pricing = shop_pricing(uow, actor.shop_id)
    shop = uow.shops.get(actor.shop_id)
    uow.counters.ensure(actor.shop_id, WORK_ORDER_COUNTER, FIRST_WORK_ORDER - 1)
    number = uow.counters.next(actor.shop_id, WORK_ORDER_COUNTER)
    row = WorkOrder(
        shop_id=actor.shop_id,
        number=number,
        customer_id=customer.id,
        vehicle_id=vehicle.id,
        status=Status.ESTIMATE.value,
        odometer_in=odometer_in,
        promised_at=promised_at,
        notes=notes,
        currency=shop.currency if shop else "USD",
        tax_rate=pricing.tax_rate,
        rounding=pricing.rounding.value,
        fee_rule=fee_rule_to_json(pricing.fee_rule),
        labor_rate=pricing.labor_rate,
        tax_exempt_number=customer.tax_exempt_number,
        price_sheet=uow.shops.setting(actor.shop_id, PRICE_SHEET_KEY),
        created_by=actor.user_id,
        updated_by=actor.user_id,
    )
    uow.work_orders.add(row)
    attach_waiting(uow, actor, row)  # trouble codes kept for the vehicle's next work order
    if odometer_in is not None and odometer_in != vehicle.odometer:
        lower = vehicle.odometer is not None and odometer_in < vehicle.odometer
        add_odometer_reading(
            uow, actor, vehicle, odometer_in, odometer_reason if lower else "", "work order in"
        )
    uow.record(
        actor,
        actor.shop_id,
        "work_orders",
        row.id,
        "create",
        None,
        {"number": number, "vehicle_id": vehicle.id, "odometer_in": odometer_in},
    )
    return row


def _stock_follows_status(uow: UnitOfWork, actor: Actor, row: WorkOrder, status: Status) -> None:
    """A cancelled order's parts go back on the shelf; starting work may allocate (a shop setting)."""
    if status == Status.CANCELLED:
        release(uow, actor, row, uow.work_orders.lines(row.id), "work order cancelled")
    elif status == Status.IN_PROGRESS:
        allocate_if_due(uow, actor, row)


def _end_of_today(uow: UnitOfWork, actor: Actor, now: datetime) -> datetime:
    """Midnight ending the shop's today, in its own time zone."""
    shop = uow.shops.get(actor.shop_id)
    tz = ZoneInfo(shop.timezone if shop else "UTC")
    return datetime.combine(now.astimezone(tz).date() + timedelta(days=1), datetime.min.time(), tz)


def _check_completion(uow: UnitOfWork, actor: Actor, row: WorkOrder, odometer_out: int | None) -> None:
    jobs = uow.work_orders.jobs(row.id)
    approved = [j for j in jobs if j.decision == "approved"]
    if not approved:
        raise ValidationError({"jobs": "no approved job to complete"})
    missing = [j.title for j in approved if j.technician_id is None]
    if missing:
        raise ValidationError({"technician": f"assign a technician to: {', '.join(missing)}"})
    if row.needs_reauthorization:
        raise ValidationError({"authorization": "the customer has not authorized the latest changes"})
    pricing = shop_pricing(uow, actor.shop_id)
    if odometer_out is None and pricing.require_odometer_out:
        raise ValidationError({"odometer_out": "this shop records the odometer when the car goes out"})
    if odometer_out is not None:
        vehicle = uow.vehicles.get_any(row.vehicle_id)
        floor = row.odometer_in if row.odometer_in is not None else vehicle.odometer
        if floor is not None and odometer_out < floor:
            raise ValidationError(
                {"odometer_out": f"{odometer_out:,} is lower than the odometer in ({floor:,})"}
            )
        row.odometer_out = odometer_out
        if vehicle.odometer is None or odometer_out > vehicle.odometer:
            add_odometer_reading(uow, actor, vehicle, odometer_out, "", "work order out")
    row.completed_at = now_utc()
    _reset_reminders(uow, actor, row, approved)


def _reset_reminders(uow: UnitOfWork, actor: Actor, row: WorkOrder, jobs: list[Job]) -> None:
    """A completed job with an interval (oil every 5,000 mi or 6 months) restarts its reminder."""
    today = shop_today(uow, actor)
    miles = row.odometer_out or row.odometer_in
    for job in jobs:
        if not (job.reminder_months or job.reminder_miles):
            continue
        reminder = uow.reminders.by_title(actor.shop_id, row.vehicle_id, job.title)
        if reminder is None:
            reminder = ServiceReminder(shop_id=actor.shop_id, vehicle_id=row.vehicle_id, title=job.title)
            uow.reminders.add(reminder)
        reminder.interval_months = job.reminder_months
        reminder.interval_miles = job.reminder_miles
        reminder.last_done_on = today
        reminder.last_done_miles = miles
        reminder.due_date, reminder.due_miles = next_due(
            today, miles, job.reminder_months, job.reminder_miles
        )
        uow.record(
            actor, actor.shop_id, "service_reminders", reminder.id, "reset", None, {"title": job.title}
        )


def _checked_text(text: str, field: str, limit: int) -> str:
    text = clean_text(text)
    if len(text) > limit:
        raise ValidationError({field: f"is {len(text)} characters; at most {limit}"})
    if contains_card_number(text):
        raise ValidationError({field: "looks like a payment card number; BayDesk never stores card numbers"})
    return text


def _row(r, now: datetime) -> WorkOrderRow:  # type: ignore[no-untyped-def]
    status = Status(r.status)
    late = (
        r.promised_at is not None
        and r.promised_at < now
        and status not in (Status.COMPLETED, Status.INVOICED)
    )
    return WorkOrderRow(
        id=r.id,
        number=r.number,
        status=r.status,
        status_label=STATUS_LABELS[status],
        hold_reason=r.hold_reason,
        customer=display_name(r.first_name, r.last_name, r.company_name, r.kind),
        vehicle=describe_vehicle(r.year, r.make, r.model),
        plate=r.plate,
        technician=r.technician or "",
        promised_at=r.promised_at,
        created_at=r.created_at,
        late=late,
        needs_reauthorization=r.needs_reauthorization,
    )
