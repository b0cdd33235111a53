"""Past work orders: read-only (invoiced before BayDesk), with their totals, on the vehicle's history.

An imported order is numbered from the shop's work order counter like any
other, marked invoiced (so nothing on it can be edited, authorized or posted)
and holds one approved job whose lines add up to the old system's total to
the cent: labor, parts and, as its own non-taxable line, the tax the old
system charged (the order's own tax rate is zero, so nothing is taxed twice).
No invoice, payment or day figure is written: those belong to the old books.
A past job whose title matches a canned job with an interval restarts that
reminder from the date and mileage it was done.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.db.models_work_orders import Job, ServiceReminder, WorkOrder, WorkOrderLine
from app.domain.contact import clean_text, plate_key, search_key
from app.domain.errors import NotFoundError, ValidationError
from app.domain.imports import ImportKind, SourceRow
from app.domain.pricing import fee_rule_to_json
from app.domain.stock import parse_amount
from app.domain.totals import FeeRule, LineKind
from app.domain.vin import normalize_vin
from app.domain.work_orders import Status
from app.services.customers.records import add_odometer_reading
from app.services.customers.reminders import next_due
from app.services.imports.context import RowContext
from app.services.imports.dto import Done
from app.services.work_orders.orders import FIRST_WORK_ORDER, WORK_ORDER_COUNTER

ZERO = Decimal("0.00")
THOUSAND = 1000


def past_date(text: str, today: date) -> date:
    """Dates are written YYYY-MM-DD: 03/04/2021 is March or April depending on who wrote it, so it is refused."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError({"date": f"'{text}' is not a date written YYYY-MM-DD"}) from None
    if day > today:
        raise ValidationError({"date": f"{day.isoformat()} is in the future"})
    return day


def amounts(row: SourceRow) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Labor, parts, tax and total; a total that is not their sum is refused, never guessed."""
    labor, parts, tax, total = (
        parse_amount(row.get(name), name, required=False) for name in ("labor", "parts", "tax", "total")
    )
    if labor is None and parts is None:
        if total is None:
            raise ValidationError({"total": "is required when labor and parts are not given"})
        labor = total - (tax or ZERO)
        if labor < 0:
            raise ValidationError({"tax": "is more than the total"})
    summed = (labor or ZERO) + (parts or ZERO) + (tax or ZERO)
    if total is not None and summed != total:
        raise ValidationError({"total": f"is {total}, but labor + parts + tax is {summed}"})
    return labor or ZERO, parts or ZERO, tax or ZERO, summed


def import_order(ctx: RowContext, row: SourceRow) -> Done:
    vehicle = _vehicle(ctx, row)
    day = past_date(row.get("date"), ctx.cache["today"])
    labor, parts, tax, total = amounts(row)
    odometer = _odometer(row.get("odometer"))
    title = clean_text(row.get("description"))[:200] or "Past work"
    at = datetime.combine(day, time(12), ZoneInfo(ctx.cache["zone"])).astimezone(UTC)
    order = _order(ctx, vehicle, at, odometer, total, row)
    job = Job(
        id=uuid.uuid4(),
        shop_id=ctx.actor.shop_id,
        work_order_id=order.id,
        position=1,
        title=title,
        decision="approved",
    )
    ctx.uow.session.add(job)
    lines = [
        (LineKind.LABOR, "Labor", labor),
        (LineKind.PART, "Parts", parts),
        (LineKind.FEE, "Tax charged", tax),
    ]
    for position, (kind, text, amount) in enumerate((x for x in lines if x[2]), start=1):
        ctx.uow.session.add(_line(ctx, order.id, job.id, position, kind, text, amount))
    if odometer is not None and (vehicle.odometer is None or odometer > vehicle.odometer):
        add_odometer_reading(ctx.uow, ctx.actor, vehicle, odometer, "", "imported history")
    _restart_reminder(ctx, vehicle.id, title, day, odometer)
    ctx.uow.record(
        ctx.actor,
        ctx.actor.shop_id,
        "work_orders",
        order.id,
        "import",
        None,
        {"number": order.number, "date": day.isoformat(), "total": total, "old_number": row.get("source_id")},
    )
    return Done("created", order.id)


def _order(
    ctx: RowContext, vehicle: object, at: datetime, odometer: int | None, total: Decimal, row: SourceRow
) -> WorkOrder:
    shop_id = ctx.actor.shop_id
    ctx.uow.counters.ensure(shop_id, WORK_ORDER_COUNTER, FIRST_WORK_ORDER - 1)
    old = row.get("source_id")
    note = f"Imported from {ctx.file_name}" + (f" (number {old} there)" if old else "")
    order = WorkOrder(
        id=uuid.uuid4(),
        shop_id=shop_id,
        number=ctx.uow.counters.next(shop_id, WORK_ORDER_COUNTER),
        customer_id=vehicle.customer_id,  # type: ignore[attr-defined]
        vehicle_id=vehicle.id,  # type: ignore[attr-defined]
        status=Status.INVOICED.value,
        odometer_in=odometer,
        odometer_out=odometer,
        notes=note,
        currency=ctx.cache["currency"],
        tax_rate=ZERO,
        rounding=ctx.cache["pricing"].rounding.value,
        fee_rule=fee_rule_to_json(FeeRule()),
        labor_rate=ctx.cache["pricing"].labor_rate,
        authorized_total=total,
        created_at=at,
        created_by=ctx.actor.user_id,
        updated_at=at,
        updated_by=ctx.actor.user_id,
        completed_at=at,
    )
    ctx.uow.session.add(order)
    ctx.uow.session.flush()
    return order


def _line(
    ctx: RowContext,
    order_id: uuid.UUID,
    job_id: uuid.UUID,
    position: int,
    kind: LineKind,
    text: str,
    amount: Decimal,
) -> WorkOrderLine:
    return WorkOrderLine(
        shop_id=ctx.actor.shop_id,
        work_order_id=order_id,
        job_id=job_id,
        position=position,
        kind=kind.value,
        description=text,
        quantity=THOUSAND,
        unit_price=amount,
        taxable=False,
    )


def _odometer(text: str) -> int | None:
    text = text.replace(",", "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 9_999_999:
        raise ValidationError({"odometer": f"'{text}' is not a reading between 0 and 9,999,999"})
    return int(text)


def _vehicle(ctx: RowContext, row: SourceRow):  # type: ignore[no-untyped-def]
    shop_id = ctx.actor.shop_id
    found = None
    if source := row.get("vehicle_id"):
        record = ctx.repo.record_for(shop_id, ImportKind.VEHICLES.value, source)
        found = ctx.uow.vehicles.get(shop_id, record) if record else None
    if found is None and (vin := normalize_vin(row.get("vin"))):
        found = ctx.uow.vehicles.by_vin(shop_id, vin)
    if found is None and (plate := plate_key(row.get("plate"))):
        found = ctx.repo.vehicle_by_plate(shop_id, plate)
    if found is None:
        asked = row.get("vehicle_id") or row.get("vin") or row.get("plate") or "nothing"
        raise NotFoundError(f"no vehicle here matches {asked}; import the vehicles first")
    return found


def _restart_reminder(
    ctx: RowContext, vehicle_id: uuid.UUID, title: str, day: date, miles: int | None
) -> None:
    """A past oil change restarts the oil change reminder, as completing it here would have."""
    done = search_key(title)
    interval = next((v for key, v in _intervals(ctx).items() if key and key in done), None)
    if interval is None:
        return
    months, interval_miles, name = interval
    reminder = ctx.uow.reminders.by_title(ctx.actor.shop_id, vehicle_id, name)
    if reminder is not None and reminder.last_done_on is not None and reminder.last_done_on >= day:
        return
    if reminder is None:
        reminder = ServiceReminder(shop_id=ctx.actor.shop_id, vehicle_id=vehicle_id, title=name)
        ctx.uow.reminders.add(reminder)
    reminder.interval_months, reminder.interval_miles = months, interval_miles
    reminder.last_done_on, reminder.last_done_miles = day, miles
    reminder.due_date, reminder.due_miles = next_due(day, miles, months, interval_miles)
    ctx.uow.record(
        ctx.actor, ctx.actor.shop_id, "service_reminders", reminder.id, "reset", None, {"title": name}
    )


def _intervals(ctx: RowContext) -> dict[str, tuple[int | None, int | None, str]]:
    if "intervals" not in ctx.cache:
        ctx.cache["intervals"] = {
            search_key(job.name): (job.reminder_months, job.reminder_miles, job.name)
            for job in ctx.uow.canned_jobs.all(ctx.actor.shop_id)
            if job.reminder_months or job.reminder_miles
        }
    return ctx.cache["intervals"]  # type: ignore[no-any-return]
