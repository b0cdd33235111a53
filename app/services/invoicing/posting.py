"""Posting invoices: the only way a sale is written.

Posting is one transaction: the work order row is locked, its approved lines
are snapshotted and priced by the one totals function, the next number comes
from the shop's counter row locked in the same transaction (so a rolled-back
post leaves no gap), and the work order moves to invoiced. A posted counter
sale is invoiced the same way, its ticket locked and referenced, never changed.
A posted invoice never changes: voids and credit notes are the corrections.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from app.db.models_invoicing import Invoice, InvoiceJob, InvoiceLine
from app.db.models_work_orders import WorkOrder
from app.db.types import now_utc
from app.domain.customers import display_name
from app.domain.errors import NotFoundError, ValidationError
from app.domain.invoices import SourceLine, build_invoice
from app.domain.money import from_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.pricing import fee_rule_to_json
from app.domain.totals import LineKind, PricingRules
from app.domain.work_orders import STATUS_LABELS, Status, check_transition
from app.repositories.invoicing import InvoiceRepository
from app.repositories.parts import PartsRepository
from app.services.base import Service
from app.services.customers.dto import describe_vehicle
from app.services.invoicing.documents import add_lines, totals_columns
from app.services.invoicing.dto import InvoiceView
from app.services.invoicing.shared import (
    INVOICE_COUNTER,
    business_day,
    charge_to_account,
    checked_text,
    next_number,
)
from app.services.invoicing.views import invoicing_settings, read_invoice
from app.services.uow import UnitOfWork
from app.services.work_orders.views import load_work_order, rules_of, shop_pricing, touch


class PostingService(Service):
    """Invoicing a completed work order or a posted counter sale."""

    def post_from_work_order(
        self, actor: Actor, work_order_id: uuid.UUID, *, on_account: bool = False, note: str = ""
    ) -> InvoiceView:
        """Invoice a completed work order's approved work; the order becomes invoiced."""
        require(actor, Action.POST_INVOICES)
        note = checked_text(note, "note", 2000)

        def work(uow: UnitOfWork) -> InvoiceView:
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
            invoice, jobs, lines = post_work_order(uow, actor, row, day, on_account=on_account, note=note)
            uow.commit()
            names = {j.technician_id: j.technician_name for j in jobs if j.technician_id}
            return read_invoice(
                uow,
                actor,
                invoice.id,
                fresh=(invoice, jobs, lines, row.number),
                known_names=names,
                settings=invoicing_settings(uow, actor.shop_id),
            )

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
            parts = PartsRepository(uow.session)
            ticket = parts.ticket(actor.shop_id, ticket_id, for_update=True)
            if ticket is None:
                raise NotFoundError("That counter ticket does not exist.")
            if ticket.status != "posted":
                raise ValidationError(
                    {"status": f"counter ticket {ticket.number} is {ticket.status}, not posted"}
                )
            repo = InvoiceRepository(uow.session)
            earlier = [i for i in repo.for_counter_ticket(actor.shop_id, ticket.id) if i.kind == "invoice"]
            if any(i.status == "posted" for i in earlier):
                number = next(i.number for i in earlier if i.status == "posted")
                raise ValidationError(
                    {"ticket": f"counter ticket {ticket.number} is already invoice {number}"}
                )
            customer = uow.customers.get(actor.shop_id, customer_id) if customer_id else None
            if customer_id is not None and customer is None:
                raise NotFoundError("That customer does not exist.")
            pricing = shop_pricing(uow, actor.shop_id)
            rules = PricingRules(pricing.tax_rate, pricing.rounding)
            sources = [
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
                for line in parts.ticket_lines(ticket.id)
            ]
            settings = invoicing_settings(uow, actor.shop_id)
            exempt = customer.tax_exempt_number if customer else ""
            draft = build_invoice(
                sources, rules, tax_exempt=bool(exempt), cash_step=settings.cash_rounding_step
            )
            terms, due = _account_terms(repo, actor, customer_id, day, on_account)
            number = next_number(uow, actor.shop_id, INVOICE_COUNTER)
            invoice = Invoice(
                id=uuid.uuid4(),
                shop_id=actor.shop_id,
                kind="invoice",
                number=number,
                counter_ticket_id=ticket.id,
                customer_id=customer.id if customer else None,
                customer_name=(
                    display_name(
                        customer.first_name, customer.last_name, customer.company_name, customer.kind
                    )
                    if customer
                    else ticket.customer_name
                ),
                customer_address=_address(customer) if customer else "",
                customer_phone=customer.phone if customer else "",
                customer_email=customer.email if customer else "",
                tax_exempt_number=exempt,
                business_date=day,
                posted_at=now_utc(),
                posted_by=actor.user_id,
                terminal_id=actor.terminal_id,
                tax_rate=rules.tax_rate,
                rounding=rules.rounding.value,
                decimals=rules.decimals,
                fee_rule=fee_rule_to_json(rules.fee_rule),
                labor_rate=pricing.labor_rate,
                cash_rounding_step=settings.cash_rounding_step,
                on_account=on_account,
                terms_days=terms,
                due_date=due,
                note=note,
                **totals_columns(draft.totals),
            )
            repo.add(invoice)
            add_lines(repo, actor, invoice, draft, lambda line: None)
            if on_account:
                charge_to_account(repo, actor, invoice, invoice.total, day)
            uow.record(
                actor,
                actor.shop_id,
                "invoices",
                invoice.id,
                "post",
                None,
                {
                    "number": number,
                    "counter_ticket": ticket.number,
                    "total": invoice.total,
                    "tax": invoice.tax,
                    "business_date": day,
                    "on_account": on_account,
                },
            )
            uow.commit()
            return read_invoice(uow, actor, invoice.id)

        return self._write(work)


def post_work_order(
    uow: UnitOfWork, actor: Actor, row: WorkOrder, day: date, *, on_account: bool, note: str
) -> tuple[Invoice, list[InvoiceJob], list[InvoiceLine]]:
    """Write the invoice of a locked, completed work order (inside the caller's transaction)."""
    repo = InvoiceRepository(uow.session)
    jobs = [j for j in uow.work_orders.jobs(row.id) if j.decision == "approved"]
    if not jobs:
        raise ValidationError({"jobs": "no approved job to invoice"})
    lines = uow.work_orders.lines(row.id)
    technicians = uow.users.names({j.technician_id for j in jobs if j.technician_id})
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
                    unit_cost=line.unit_cost,
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
    if not sources:
        raise ValidationError({"lines": "the approved jobs have no lines to invoice"})
    settings = invoicing_settings(uow, actor.shop_id)
    rules = rules_of(row)
    draft = build_invoice(
        sources, rules, tax_exempt=bool(row.tax_exempt_number), cash_step=settings.cash_rounding_step
    )
    customer = uow.customers.get_any(row.customer_id)
    vehicle = uow.vehicles.get_any(row.vehicle_id)
    terms, due = _account_terms(repo, actor, row.customer_id, day, on_account)
    number = next_number(uow, actor.shop_id, INVOICE_COUNTER)
    invoice = Invoice(
        id=uuid.uuid4(),
        shop_id=actor.shop_id,
        kind="invoice",
        number=number,
        work_order_id=row.id,
        customer_id=customer.id,
        vehicle_id=vehicle.id,
        customer_name=display_name(
            customer.first_name, customer.last_name, customer.company_name, customer.kind
        ),
        customer_address=", ".join(
            p
            for p in (
                customer.address_line1,
                customer.address_line2,
                customer.city,
                customer.region,
                customer.postal_code,
            )
            if p
        ),
        customer_phone=customer.phone,
        customer_email=customer.email,
        vehicle_description=describe_vehicle(vehicle.year, vehicle.make, vehicle.model) or "Vehicle",
        vin=vehicle.vin or "",
        plate=vehicle.plate,
        odometer_in=row.odometer_in,
        odometer_out=row.odometer_out,
        tax_exempt_number=row.tax_exempt_number,
        business_date=day,
        posted_at=now_utc(),
        posted_by=actor.user_id,
        terminal_id=actor.terminal_id,
        tax_rate=row.tax_rate,
        rounding=row.rounding,
        decimals=rules.decimals,
        fee_rule=row.fee_rule,
        labor_rate=row.labor_rate,
        cash_rounding_step=settings.cash_rounding_step,
        on_account=on_account,
        terms_days=terms,
        due_date=due,
        note=note,
        **totals_columns(draft.totals),
    )
    repo.add(invoice)
    job_rows: list[InvoiceJob] = []
    for position, job in enumerate(jobs, start=1):
        job_row = InvoiceJob(
            id=uuid.uuid4(),
            shop_id=actor.shop_id,
            invoice_id=invoice.id,
            position=position,
            title=job.title,
            concern=job.concern,
            cause=job.cause,
            correction=job.correction,
            technician_id=job.technician_id,
            technician_name=technicians.get(job.technician_id, "") if job.technician_id else "",
            source_job_id=job.id,
        )
        job_rows.append(job_row)
    repo.add_all(job_rows)
    line_rows = add_lines(
        repo, actor, invoice, draft, lambda line: job_rows[line.job].id if line.job is not None else None
    )
    before = row.status
    row.status = Status.INVOICED.value
    touch(row, actor)
    if on_account:
        charge_to_account(repo, actor, invoice, invoice.total - repo.deposits(row.id), day)
    uow.record(
        actor,
        actor.shop_id,
        "invoices",
        invoice.id,
        "post",
        None,
        {
            "number": number,
            "work_order": row.number,
            "total": invoice.total,
            "tax": invoice.tax,
            "business_date": day,
            "on_account": on_account,
        },
    )
    uow.record(
        actor, actor.shop_id, "work_orders", row.id, "status", {"status": before}, {"status": row.status}
    )
    return invoice, job_rows, line_rows


def _account_terms(
    repo: InvoiceRepository, actor: Actor, customer_id: uuid.UUID | None, day: date, on_account: bool
) -> tuple[int | None, date | None]:
    if not on_account:
        return None, None
    account = repo.account(actor.shop_id, customer_id) if customer_id else None
    if account is None or not account.active:
        raise ValidationError({"account": "this customer has no open account; take payment instead"})
    return account.terms_days, day + timedelta(days=account.terms_days)


def _address(customer: Any) -> str:
    parts = (
        customer.address_line1,
        customer.address_line2,
        customer.city,
        customer.region,
        customer.postal_code,
    )
    return ", ".join(p for p in parts if p)
