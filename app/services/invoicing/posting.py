"""Posting invoices: the only way a sale is written.

Posting is one transaction: the work order row is locked, the catalog parts
it bills leave the shelf if they have not yet (app/services/parts/line_stock.py),
its approved lines are snapshotted and priced by the one totals function, the next number comes
from the shop's counter row locked in the same transaction (so a rolled-back
post leaves no gap), and the work order moves to invoiced. A posted counter
sale is invoiced the same way, its ticket locked and referenced, never changed.
A posted invoice never changes: voids and credit notes are the corrections.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from app.db.models import Vehicle
from app.db.models_invoicing import Invoice, InvoiceJob, InvoiceLine
from app.db.models_parts import CounterTicket, CounterTicketLine
from app.db.models_work_orders import Job, WorkOrder, WorkOrderLine
from app.domain.errors import NotFoundError, ValidationError
from app.domain.invoices import SourceLine, build_invoice
from app.domain.money import from_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.pricing import fee_rule_to_json
from app.domain.totals import LineKind, PricingRules
from app.domain.work_orders import STATUS_LABELS, Status, check_transition
from app.repositories.invoicing import InvoiceRepository
from app.repositories.order_discounts import OrderDiscountRepository
from app.repositories.parts import PartsRepository
from app.repositories.posted_rows import people as technicians_of
from app.repositories.posted_rows import write_rows
from app.services.base import Service
from app.services.bays.assignments import leave_bay
from app.services.customers.dto import describe_vehicle
from app.services.invoicing.documents import line_values
from app.services.invoicing.dto import InvoiceView
from app.services.invoicing.payers import post_payer_part
from app.services.invoicing.posted_invoice import account_terms, customer_columns, new_invoice, record_post
from app.services.invoicing.shared import (
    INVOICE_COUNTER,
    business_day,
    charge_to_account,
    checked_text,
    next_number,
)
from app.services.invoicing.sheet_posting import SheetPricing, job_type_labels, keep_snapshot, price_by_sheet
from app.services.invoicing.views import Fresh, invoicing_settings, read_invoice
from app.services.parts.line_stock import settle_for_invoice
from app.services.uow import UnitOfWork
from app.services.work_orders.discount_views import document_discounts
from app.services.work_orders.views import load_work_order, rules_of, shop_pricing, touch

STALE_DISCOUNT = "change or remove the job or ticket discount on the work order, then post"


class PostingService(Service):
    """Invoicing a completed work order or a posted counter sale."""

    def post_from_work_order(
        self, actor: Actor, work_order_id: uuid.UUID, *, on_account: bool = False, note: str = ""
    ) -> InvoiceView:
        """Invoice a completed work order's approved work; the order becomes invoiced."""
        require(actor, Action.POST_INVOICES)
        note = checked_text(note, "note", 2000)

        def work(uow: UnitOfWork) -> InvoiceView:
            _shop = uow.shops.get(actor.shop_id)  # held: the day gate and the view find it loaded
            day = business_day(uow, actor)  # the day gate is the first lock taken
            row = load_work_order(uow, actor, work_order_id, for_update=True)
            status = Status(row.status)
            if status != Status.COMPLETED:
                raise ValidationError(
                    {
                        "status": f"only a completed work order can be invoiced; work order {row.number} "
                        f"is {STATUS_LABELS[status].lower()}"
                    }
                )
            check_transition(status, Status.INVOICED)
            fresh = post_work_order(uow, actor, row, day, on_account=on_account, note=note)
            names = {j.technician_id: j.technician_name for j in fresh.jobs if j.technician_id}
            # the screen's view is built from what was written, inside the posting transaction
            uow.session.flush()  # the account charge and the payer's part, read with the payments
            view = read_invoice(
                uow,
                actor,
                fresh.invoice.id,
                fresh=fresh,
                known_names=names,
                settings=invoicing_settings(uow, actor.shop_id),
            )
            uow.commit()
            return view

        return self._write(work)

    def post_from_counter_ticket(
        self,
        actor: Actor,
        ticket_id: uuid.UUID,
        *,
        customer_id: uuid.UUID | None = None,
        on_account: bool = False,
        note: str = "",
    ) -> InvoiceView:
        """Invoice a posted counter sale (the ticket is referenced, never changed).

        A known customer may be named (an account customer charging it); a
        walk-in keeps the name typed on the ticket. No shop-supplies fee on a
        counter sale. One invoice per ticket: the ticket row is locked first.
        """
        require(actor, Action.POST_INVOICES)
        note = checked_text(note, "note", 2000)

        def work(uow: UnitOfWork) -> InvoiceView:
            day = business_day(uow, actor)
            fresh = post_counter_ticket(
                uow, actor, ticket_id, day, customer_id=customer_id, on_account=on_account, note=note
            )
            uow.session.flush()
            view = read_invoice(uow, actor, fresh.invoice.id, fresh=fresh)
            uow.commit()
            return view

        return self._write(work)


# --- a work order -----------------------------------------------------------------------------


def post_work_order(
    uow: UnitOfWork, actor: Actor, row: WorkOrder, day: date, *, on_account: bool, note: str
) -> Fresh:
    """Write the invoice of a locked, completed work order (inside the caller's transaction)."""
    repo = InvoiceRepository(uow.session)
    jobs = [j for j in uow.work_orders.jobs(row.id) if j.decision == "approved"]
    if not jobs:
        raise ValidationError({"jobs": "no approved job to invoice"})
    lines = uow.work_orders.lines(row.id)
    people = technicians_of(uow.session, {j.technician_id for j in jobs if j.technician_id})
    technicians = {key: name for key, (name, _) in people.items()}
    rates = {key: rate for key, (_, rate) in people.items() if rate is not None}
    sources = _work_order_sources(jobs, lines, rates)
    if not sources:
        raise ValidationError({"lines": "the approved jobs have no lines to invoice"})
    # what the invoice bills has left the shelf (once), what it does not bill is back on it
    settle_for_invoice(uow, actor, row, {j.id for j in jobs}, lines)
    settings = invoicing_settings(uow, actor.shop_id)
    rules = rules_of(row)
    by_sheet = _order_by_sheet(uow, actor, row, jobs, sources, day, settings.cash_rounding_step)
    if by_sheet is not None:
        draft = by_sheet.draft
        by_sheet.rate_labels = job_type_labels(by_sheet.sheet, jobs, lines)
    else:
        draft = build_invoice(
            sources, rules, tax_exempt=bool(row.tax_exempt_number), cash_step=settings.cash_rounding_step
        )
    customer = uow.customers.get_any(row.customer_id)
    vehicle = uow.vehicles.get_any(row.vehicle_id)
    terms = account_terms(repo, actor, row.customer_id, day, on_account)
    invoice = new_invoice(
        uow,
        actor,
        day,
        next_number(uow, actor.shop_id, INVOICE_COUNTER),
        draft,
        terms,
        on_account=on_account,
        note=note,
        cash_rounding_step=settings.cash_rounding_step,
        work_order_id=row.id,
        **customer_columns(customer),
        **_vehicle_columns(row, vehicle),
        tax_exempt_number=by_sheet.exempt_number if by_sheet is not None else row.tax_exempt_number,
        currency=row.currency,
        tax_rate=row.tax_rate,
        rounding=row.rounding,
        decimals=rules.decimals,
        fee_rule=row.fee_rule,
        labor_rate=row.labor_rate,
    )
    pricing = keep_snapshot(uow, actor, invoice.id, by_sheet) if by_sheet is not None else ""
    job_rows = _add_jobs(uow, actor, invoice, jobs, technicians)
    line_rows = write_rows(
        uow.session,
        InvoiceLine,
        line_values(
            actor, invoice, draft, lambda line: job_rows[line.job].id if line.job is not None else None
        ),
    )
    payer_part = post_payer_part(uow, actor, invoice, job_rows, line_rows)  # an insurer's or warranty's share
    before = row.status
    row.status = Status.INVOICED.value
    touch(row, actor)
    if on_account:
        customer_part = invoice.total - (payer_part or Decimal(0))
        charge_to_account(repo, actor, invoice, customer_part - repo.deposits(row.id), day)
    record_post(uow, actor, invoice, day, "work_order", row.number)
    uow.record(
        actor, actor.shop_id, "work_orders", row.id, "status", {"status": before}, {"status": row.status}
    )
    leave_bay(uow, actor, row.id, Status.INVOICED)
    return Fresh(invoice, job_rows, line_rows, row.number, pricing, payer_part=payer_part is not None)


def _order_by_sheet(
    uow: UnitOfWork,
    actor: Actor,
    row: WorkOrder,
    jobs: Sequence[Job],
    sources: Sequence[SourceLine],
    day: date,
    cash_step: Decimal,
) -> SheetPricing | None:
    """The order priced by its price sheet with its job and ticket discounts (None: no sheet)."""
    discounts = document_discounts(
        OrderDiscountRepository(uow.session).rows(actor.shop_id, row.id),
        {j.id: i for i, j in enumerate(jobs)},
    )
    try:
        return price_by_sheet(
            uow,
            actor,
            sources,
            row.customer_id,
            day,
            cash_step,
            row.price_sheet,
            discounts=[d for _, d in discounts],
            discount_people=[(r.given_by_name or "", r.approved_by_name or "") for r, _ in discounts],
        )
    except ValidationError as exc:
        if discounts and "discount" in exc.errors:  # the lines changed since it was given
            raise ValidationError({"discount": f"{exc.errors['discount']}: {STALE_DISCOUNT}"}) from exc
        raise


def _work_order_sources(
    jobs: Sequence[Job], lines: Sequence[WorkOrderLine], cost_rates: dict[uuid.UUID, Decimal]
) -> list[SourceLine]:
    """The approved jobs' lines, job by job in their order on the work order, as the domain prices them.

    A labor line costs the billed hours times its technician's labor cost rate
    as it is now (the snapshot): flat-rate pay, the way most shops pay their
    technicians, and known for every line when it is posted. A technician with
    no rate keeps the cost typed on the line (none, usually). The clocked hours
    stay on the technician report, beside the billed ones.
    """
    index = {job.id: i for i, job in enumerate(jobs)}
    sources = []
    for job in jobs:
        for line in sorted((ln for ln in lines if ln.job_id == job.id), key=lambda ln: ln.position):
            sources.append(
                SourceLine(
                    kind=LineKind(line.kind),
                    description=line.description,
                    quantity=from_thousandths(line.quantity),
                    unit_price=line.unit_price,
                    taxable=line.taxable,
                    unit_cost=_unit_cost(job, line, cost_rates),
                    discount_percent=line.discount_percent * 100,
                    core_charge=line.core_charge,
                    part_number=line.part_number,
                    condition=line.condition,
                    vendor=line.vendor,
                    job=index[job.id],
                    technician_id=job.technician_id if line.kind == LineKind.LABOR else None,
                    source_id=line.id,
                    part_id=line.part_id,  # set when the part was allocated from stock
                )
            )
    return sources


def _unit_cost(job: Job, line: WorkOrderLine, cost_rates: dict[uuid.UUID, Decimal]) -> Decimal:
    if line.kind == LineKind.LABOR and job.technician_id in cost_rates:
        return cost_rates[job.technician_id]
    return line.unit_cost


def _vehicle_columns(row: WorkOrder, vehicle: Vehicle) -> dict[str, Any]:
    """The vehicle as the invoice snapshots it, with the work order's odometer readings."""
    return {
        "vehicle_id": vehicle.id,
        "vehicle_description": describe_vehicle(vehicle.year, vehicle.make, vehicle.model) or "Vehicle",
        "vin": vehicle.vin or "",
        "plate": vehicle.plate,
        "odometer_in": row.odometer_in,
        "odometer_out": row.odometer_out,
    }


def _add_jobs(
    uow: UnitOfWork,
    actor: Actor,
    invoice: Invoice,
    jobs: Sequence[Job],
    technicians: dict[uuid.UUID, str],
) -> list[InvoiceJob]:
    """Snapshot the approved jobs (concern, cause, correction, technician) onto the invoice."""
    values = [
        {
            "id": uuid.uuid4(),
            "shop_id": actor.shop_id,
            "invoice_id": invoice.id,
            "position": position,
            "title": job.title,
            "concern": job.concern,
            "cause": job.cause,
            "correction": job.correction,
            "technician_id": job.technician_id,
            "technician_name": technicians.get(job.technician_id, "") if job.technician_id else "",
            "source_job_id": job.id,
        }
        for position, job in enumerate(jobs, start=1)
    ]
    return write_rows(uow.session, InvoiceJob, values)


# --- a counter sale ---------------------------------------------------------------------------


def post_counter_ticket(
    uow: UnitOfWork,
    actor: Actor,
    ticket_id: uuid.UUID,
    day: date,
    *,
    customer_id: uuid.UUID | None,
    on_account: bool,
    note: str,
) -> Fresh:
    """Write the invoice of a posted counter ticket (inside the caller's transaction)."""
    parts = PartsRepository(uow.session)
    repo = InvoiceRepository(uow.session)
    ticket = _uninvoiced_ticket(parts, repo, actor, ticket_id)
    customer = uow.customers.get(actor.shop_id, customer_id) if customer_id else None
    if customer_id is not None and customer is None:
        raise NotFoundError("That customer does not exist.")
    pricing = shop_pricing(uow, actor.shop_id)
    rules = PricingRules(pricing.tax_rate, pricing.rounding)
    sources = _ticket_sources(parts.ticket_lines(ticket.id))
    settings = invoicing_settings(uow, actor.shop_id)
    exempt = customer.tax_exempt_number if customer else ""
    by_sheet = price_by_sheet(uow, actor, sources, customer_id, day, settings.cash_rounding_step)
    if by_sheet is not None:
        draft, exempt = by_sheet.draft, by_sheet.exempt_number
    else:
        draft = build_invoice(sources, rules, tax_exempt=bool(exempt), cash_step=settings.cash_rounding_step)
    terms = account_terms(repo, actor, customer_id, day, on_account)
    invoice = new_invoice(
        uow,
        actor,
        day,
        next_number(uow, actor.shop_id, INVOICE_COUNTER),
        draft,
        terms,
        on_account=on_account,
        note=note,
        cash_rounding_step=settings.cash_rounding_step,
        counter_ticket_id=ticket.id,
        **(customer_columns(customer) if customer else _walk_in_columns(ticket.customer_name)),
        tax_exempt_number=exempt,
        currency=_shop_currency(uow, actor),
        tax_rate=rules.tax_rate,
        rounding=rules.rounding.value,
        decimals=rules.decimals,
        fee_rule=fee_rule_to_json(rules.fee_rule),
        labor_rate=pricing.labor_rate,
    )
    printed = keep_snapshot(uow, actor, invoice.id, by_sheet) if by_sheet is not None else ""
    lines = write_rows(uow.session, InvoiceLine, line_values(actor, invoice, draft, lambda line: None))
    if on_account:
        charge_to_account(repo, actor, invoice, invoice.total, day)
    record_post(uow, actor, invoice, day, "counter_ticket", ticket.number)
    return Fresh(invoice, [], lines, None, printed, payer_part=False)


def _shop_currency(uow: UnitOfWork, actor: Actor) -> str:
    """A counter sale is priced in the shop's currency of the moment."""
    shop = uow.shops.get(actor.shop_id)
    return shop.currency if shop else "USD"


def _uninvoiced_ticket(
    parts: PartsRepository, repo: InvoiceRepository, actor: Actor, ticket_id: uuid.UUID
) -> CounterTicket:
    """The posted counter ticket, locked, that no posted invoice was made of yet."""
    ticket = parts.ticket(actor.shop_id, ticket_id, for_update=True)
    if ticket is None:
        raise NotFoundError("That counter ticket does not exist.")
    if ticket.status != "posted":
        raise ValidationError({"status": f"counter ticket {ticket.number} is {ticket.status}, not posted"})
    earlier = [i for i in repo.for_counter_ticket(actor.shop_id, ticket.id) if i.kind == "invoice"]
    if any(i.status == "posted" for i in earlier):
        number = next(i.number for i in earlier if i.status == "posted")
        raise ValidationError({"ticket": f"counter ticket {ticket.number} is already invoice {number}"})
    return ticket


def _ticket_sources(lines: Sequence[CounterTicketLine]) -> list[SourceLine]:
    """A counter ticket's lines as the domain prices them: parts, at the ticket's prices."""
    return [
        SourceLine(
            kind=LineKind.PART,
            description=line.description,
            quantity=from_thousandths(line.quantity),
            unit_price=line.unit_price,
            taxable=line.taxable,
            unit_cost=line.unit_cost,
            core_charge=line.core_charge,
            part_number=line.sku,
            source_id=line.id,
            part_id=line.part_id,
        )
        for line in lines
    ]


def _walk_in_columns(name: str) -> dict[str, Any]:
    """A walk-in's invoice: only the name typed on the ticket."""
    return {
        "customer_id": None,
        "customer_name": name,
        "customer_address": "",
        "customer_phone": "",
        "customer_email": "",
    }
