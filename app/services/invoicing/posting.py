"""Posting invoices, voiding them, and credit notes: the only ways a sale is written.

Posting is one transaction: the work order row is locked, its approved lines
are snapshotted and priced by the one totals function, the next number comes
from the shop's counter row locked in the same transaction (so a rolled-back
post leaves no gap), and the work order moves to invoiced. A posted invoice
never changes; a void keeps its number and records who, when and why, and a
credit note (its own number series) is the other correction.

Every method that writes money takes its business date from
:func:`business_day`: the one place the day-close check belongs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from dataclasses import asdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.db.models_invoicing import Invoice, InvoiceJob, InvoiceLine, Payment
from app.db.models_work_orders import WorkOrder
from app.db.types import now_utc
from app.domain.contact import clean_text, contains_card_number
from app.domain.credit_notes import PostedLine, credit_lines, credit_remaining, sum_lines
from app.domain.customers import display_name
from app.domain.errors import NotFoundError, ValidationError
from app.domain.invoices import (
    Category,
    Draft,
    DraftLine,
    DraftTotals,
    SourceLine,
    build_invoice,
    check_cash_step,
    check_logo,
)
from app.domain.money import from_thousandths, to_thousandths
from app.domain.payments import Method, Tender
from app.domain.permissions import Action, Actor, require
from app.domain.pricing import fee_rule_from_json, fee_rule_to_json
from app.domain.totals import FeeRule, LineKind, PricingRules, RoundingMode
from app.domain.work_orders import STATUS_LABELS, Status, check_transition
from app.repositories.day import ensure_day_open
from app.repositories.invoicing import InvoiceRepository
from app.repositories.parts import PartsRepository
from app.services.base import Service
from app.services.customers.dto import describe_vehicle
from app.services.customers.reminders import shop_today
from app.services.invoicing.dto import InvoiceRow, InvoiceView, InvoicingSettings, ReadyWorkOrder
from app.services.invoicing.views import (
    SETTINGS_KEY,
    balance_of,
    invoice_row,
    invoicing_settings,
    read_invoice,
)
from app.services.uow import UnitOfWork
from app.services.work_orders.views import load_work_order, rules_of, shop_pricing, touch

INVOICE_COUNTER = "invoice"
CREDIT_NOTE_COUNTER = "credit_note"
ZERO = Decimal("0.00")
CARD_REFUSED = "looks like a payment card number; BayDesk never stores card numbers"


def business_day(uow: UnitOfWork, actor: Actor) -> date:
    """The business date a posting, payment, void or credit is written into.

    The shop's local date, checked not to be closed (the check takes the
    shop's business-day row, shared; a day close takes it exclusive). Every
    money-writing method of invoicing, payments and accounts calls this
    function inside its transaction.
    """
    day = shop_today(uow, actor)
    ensure_day_open(uow.session, actor.shop_id, day)  # refuses a closed day
    return day


def next_number(uow: UnitOfWork, shop_id: uuid.UUID, counter: str) -> int:
    """The next number of a series, from its counter row locked until this transaction ends.

    The row is made (starting at 0, so the first number is 1) only the first time.
    """
    try:
        return uow.counters.next(shop_id, counter)
    except LookupError:
        uow.counters.ensure(shop_id, counter, 0)
        return uow.counters.next(shop_id, counter)


def checked_text(text: str, field: str, limit: int, *, required: str = "") -> str:
    clean = clean_text(text)
    if required and not clean:
        raise ValidationError({field: required})
    if len(clean) > limit:
        raise ValidationError({field: f"is {len(clean)} characters; at most {limit}"})
    if contains_card_number(clean):
        raise ValidationError({field: CARD_REFUSED})
    return clean


class InvoicingService(Service):
    # --- reading ---------------------------------------------------------------------------

    def get(self, actor: Actor, invoice_id: uuid.UUID) -> InvoiceView:
        require(actor, Action.VIEW_INVOICES)
        return self._read(lambda uow: read_invoice(uow, actor, invoice_id))

    def find_number(self, actor: Actor, number: int, kind: str = "invoice") -> uuid.UUID | None:
        require(actor, Action.VIEW_INVOICES)

        def work(uow: UnitOfWork) -> uuid.UUID | None:
            row = InvoiceRepository(uow.session).by_number(actor.shop_id, kind, number)
            return row.id if row else None

        return self._read(work)

    def awaiting_payment(self, actor: Actor) -> list[InvoiceRow]:
        """Posted invoices with a balance due, and credit notes with money owed back."""
        require(actor, Action.VIEW_INVOICES)
        return self._read(
            lambda uow: [invoice_row(r) for r in InvoiceRepository(uow.session).open_rows(actor.shop_id)]
        )

    def recent(self, actor: Actor, text: str = "", limit: int = 300) -> list[InvoiceRow]:
        require(actor, Action.VIEW_INVOICES)
        text = text.strip()
        number = int(text) if text.isdigit() and len(text) <= 12 else None

        def work(uow: UnitOfWork) -> list[InvoiceRow]:
            rows = InvoiceRepository(uow.session).recent_rows(actor.shop_id, limit, number, text)
            return [invoice_row(r) for r in rows]

        return self._read(work)

    def ready_to_invoice(self, actor: Actor) -> list[ReadyWorkOrder]:
        """Completed work orders and posted counter sales, each waiting for its invoice."""
        require(actor, Action.VIEW_INVOICES)

        def work(uow: UnitOfWork) -> list[ReadyWorkOrder]:
            repo = InvoiceRepository(uow.session)
            out = [
                ReadyWorkOrder(
                    r.id,
                    r.number,
                    display_name(r.first_name, r.last_name, r.company_name, r.kind),
                    describe_vehicle(r.year, r.make, r.model),
                    r.completed_at,
                    Decimal(int(r.deposit_cents)) / 100,
                )
                for r in repo.ready_work_orders(actor.shop_id)
            ]
            out += [
                ReadyWorkOrder(
                    t.id,
                    t.number,
                    t.customer_name or "Walk-in",
                    "Counter sale",
                    t.posted_at,
                    ZERO,
                    "counter_ticket",
                )
                for t in repo.ready_counter_tickets(actor.shop_id)
            ]
            return out

        return self._read(work)

    def settings(self, actor: Actor) -> InvoicingSettings:
        require(actor, Action.VIEW_INVOICES)
        return self._read(lambda uow: invoicing_settings(uow, actor.shop_id))

    def save_settings(self, actor: Actor, settings: InvoicingSettings) -> InvoicingSettings:
        require(actor, Action.MANAGE_SETTINGS)
        check_cash_step(settings.cash_rounding_step)
        footer = checked_text(settings.footer, "footer", 2000)
        if settings.page_size not in ("letter", "a4"):
            raise ValidationError({"page_size": "choose Letter or A4"})
        try:
            logo = base64.b64decode(settings.logo, validate=True) if settings.logo else b""
        except (binascii.Error, ValueError):
            raise ValidationError({"logo": "is not an image BayDesk can read"}) from None
        check_logo(logo)
        clean = InvoicingSettings(settings.cash_rounding_step, footer, settings.page_size, settings.logo)

        def work(uow: UnitOfWork) -> InvoicingSettings:
            before = _settings_audit(invoicing_settings(uow, actor.shop_id))
            uow.shops.set_setting(
                actor.shop_id, SETTINGS_KEY, json.dumps(asdict(clean), default=str, sort_keys=True)
            )
            uow.record(
                actor, actor.shop_id, "settings", SETTINGS_KEY, "update", before, _settings_audit(clean)
            )
            uow.commit()
            return clean

        return self._write(work)

    # --- posting ---------------------------------------------------------------------------

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
                **_totals_columns(draft.totals),
            )
            repo.add(invoice)
            _add_lines(repo, actor, invoice, draft, lambda line: None)
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

    # --- corrections -----------------------------------------------------------------------

    def void(self, actor: Actor, invoice_id: uuid.UUID, reason: str, *, restock: bool = False) -> InvoiceView:
        """Void an unpaid invoice: the number stays, with the reason, the user and the time.

        An invoice only charged to an account (nothing settled) can be voided: the
        charge is reversed by a negative account row. Money taken needs a credit note.
        """
        require(actor, Action.VOID_INVOICES)
        reason = checked_text(reason, "reason", 400, required="say why the invoice is voided")

        def work(uow: UnitOfWork) -> InvoiceView:
            day = business_day(uow, actor)
            repo = InvoiceRepository(uow.session)
            invoice = _posted(repo, actor, invoice_id)
            if repo.credit_notes(invoice.id):
                raise ValidationError(
                    {"status": "this invoice has credit notes; correct it with another credit note instead"}
                )
            payments = repo.payments(invoice.id, invoice.work_order_id)
            charged = sum((p.amount for p in payments if p.method == Method.ACCOUNT.value), ZERO)
            taken = [p for p in payments if p.amount and p.method != Method.ACCOUNT.value]
            if taken:
                raise ValidationError(
                    {
                        "payments": "payments (or deposits) were taken on this invoice; issue a credit "
                        "note and refund instead of voiding"
                    }
                )
            restocked = _restock(uow, actor, repo, invoice, reason) if restock else False
            if charged:  # an unpaid account charge is taken back off the account by a reversing row
                repo.add(
                    new_payment(
                        actor,
                        day,
                        invoice_id=invoice.id,
                        work_order_id=invoice.work_order_id,
                        customer_id=invoice.customer_id,
                        kind="void",
                        method=Method.ACCOUNT.value,
                        amount=-charged,
                        note=f"Void of invoice {invoice.number}",
                    )
                )
            if invoice.work_order_id is not None:
                _reopen_work_order(uow, actor, invoice)
            invoice.status = "void"
            invoice.void_reason = reason
            invoice.voided_by = actor.user_id
            invoice.voided_at = now_utc()
            invoice.void_business_date = day
            invoice.void_restocked = restocked
            uow.record(
                actor,
                actor.shop_id,
                "invoices",
                invoice.id,
                "void",
                {"status": "posted"},
                {
                    "status": "void",
                    "reason": reason,
                    "number": invoice.number,
                    "business_date": day,
                    "restocked": restocked,
                },
            )
            uow.commit()
            return read_invoice(uow, actor, invoice.id)

        return self._write(work)

    def credit_note(
        self,
        actor: Actor,
        invoice_id: uuid.UUID,
        reason: str,
        quantities: dict[uuid.UUID, Decimal] | None = None,
    ) -> InvoiceView:
        """A credit note for the whole invoice (``quantities`` None) or chosen quantities of lines.

        Never more than is left invoiced. The credit is applied first to what the
        invoice still owes, then to its open account charge; the rest is owed to
        the customer (a refund).
        """
        require(actor, Action.ISSUE_CREDIT_NOTES)
        reason = checked_text(reason, "reason", 400, required="say why the credit is given")

        def work(uow: UnitOfWork) -> InvoiceView:
            day = business_day(uow, actor)
            repo = InvoiceRepository(uow.session)
            invoice = _posted(repo, actor, invoice_id)
            if invoice.kind != "invoice":
                raise ValidationError({"invoice": "a credit note is issued against an invoice"})
            draft = _credit_draft(repo, invoice, quantities)
            number = next_number(uow, actor.shop_id, CREDIT_NOTE_COUNTER)
            credit = Invoice(
                id=uuid.uuid4(),
                shop_id=actor.shop_id,
                kind="credit_note",
                number=number,
                work_order_id=invoice.work_order_id,
                counter_ticket_id=invoice.counter_ticket_id,
                credited_invoice_id=invoice.id,
                business_date=day,
                posted_at=now_utc(),
                posted_by=actor.user_id,
                terminal_id=actor.terminal_id,
                note=reason,
                **_snapshot_of(invoice),
                **_totals_columns(draft.totals),
            )
            repo.add(credit)
            jobs = {j.position: j.id for j in repo.jobs(invoice.id)}
            original = {ln.id: ln for ln in repo.lines(invoice.id)}
            _add_lines(repo, actor, credit, draft, lambda line: _credit_job(line, original, jobs))
            _apply_credit(repo, uow, actor, invoice, credit, day)
            uow.record(
                actor,
                actor.shop_id,
                "invoices",
                credit.id,
                "credit_note",
                None,
                {"number": number, "invoice": invoice.number, "total": credit.total, "reason": reason},
            )
            uow.commit()
            return read_invoice(uow, actor, credit.id)

        return self._write(work)

    def record_print(self, actor: Actor, invoice_id: uuid.UUID) -> InvoiceView:
        """Count a print or a saved PDF; the view returned says whether this one is a copy.

        ``print_count`` in the view is the count *before* this print: more than
        zero means the paper is a reprint and is marked COPY.
        """
        require(actor, Action.VIEW_INVOICES)

        def work(uow: UnitOfWork) -> InvoiceView:
            repo = InvoiceRepository(uow.session)
            invoice = repo.get(actor.shop_id, invoice_id, for_update=True)
            if invoice is None:
                raise NotFoundError("That invoice does not exist.")
            view = read_invoice(uow, actor, invoice.id)
            invoice.print_count += 1
            uow.record(
                actor,
                actor.shop_id,
                "invoices",
                invoice.id,
                "print",
                {"print_count": invoice.print_count - 1},
                {"print_count": invoice.print_count},
            )
            uow.commit()
            return view

        return self._write(work)


# --- posting, shared with counter sales -----------------------------------------------------


def _reopen_work_order(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> None:
    """A voided invoice's work order is completed again, so the corrected order can be invoiced anew."""
    assert invoice.work_order_id is not None
    order = load_work_order(uow, actor, invoice.work_order_id, for_update=True)
    if order.status != Status.INVOICED.value:
        return
    order.status = Status.COMPLETED.value
    touch(order, actor)
    uow.record(
        actor,
        actor.shop_id,
        "work_orders",
        order.id,
        "reopen",
        {"status": Status.INVOICED.value},
        {"status": Status.COMPLETED.value, "voided_invoice": invoice.number},
    )


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
        **_totals_columns(draft.totals),
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
    line_rows = _add_lines(
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


def new_payment(actor: Actor, day: date, *, tender: Tender | None = None, **columns: Any) -> Payment:
    """A payments row stamped with who took it, where and on which business day.

    ``tender``: the card brand, last four, processor reference, check number and
    note as typed (already checked: nothing else of a card is ever stored).
    """
    if tender is not None:
        columns.update(
            method=tender.method.value,
            card_brand=tender.card_brand,
            card_last4=tender.card_last4,
            processor_reference=tender.processor_reference,
            check_number=tender.check_number,
            note=tender.note,
        )
    columns.setdefault("group_id", uuid.uuid4())
    return Payment(
        id=uuid.uuid4(),
        shop_id=actor.shop_id,
        terminal_id=actor.terminal_id,
        user_id=actor.user_id,
        business_date=day,
        received_at=now_utc(),
        **columns,
    )


def charge_to_account(
    repo: InvoiceRepository, actor: Actor, invoice: Invoice, amount: Decimal, day: date
) -> Payment | None:
    """Settle the invoice's balance by charging it to the customer's account (A/R)."""
    if amount <= 0:
        return None
    check_credit_limit(repo, actor, invoice.customer_id, amount)
    payment = new_payment(
        actor,
        day,
        invoice_id=invoice.id,
        work_order_id=invoice.work_order_id,
        customer_id=invoice.customer_id,
        kind="payment",
        method=Method.ACCOUNT.value,
        amount=amount,
    )
    repo.add(payment)
    return payment


def _account_terms(
    repo: InvoiceRepository, actor: Actor, customer_id: uuid.UUID | None, day: date, on_account: bool
) -> tuple[int | None, date | None]:
    if not on_account:
        return None, None
    account = repo.account(actor.shop_id, customer_id) if customer_id else None
    if account is None or not account.active:
        raise ValidationError({"account": "this customer has no open account; take payment instead"})
    return account.terms_days, day + timedelta(days=account.terms_days)


def _totals_columns(t: DraftTotals) -> dict[str, Any]:
    return {
        "labor": t.labor,
        "parts": t.parts,
        "fees": t.fees,
        "shop_supplies": t.shop_supplies,
        "sublet": t.sublet,
        "cores": t.cores,
        "discount": t.discount,
        "taxable_base": t.taxable_base,
        "tax": t.tax,
        "cash_rounding": t.cash_rounding,
        "total": t.total,
        "parts_cost": t.parts_cost,
        "labor_cost": t.labor_cost,
        "sublet_cost": t.sublet_cost,
        "billed_hours": to_thousandths(t.billed_hours),
    }


def totals_of(invoice: Invoice) -> DraftTotals:
    return DraftTotals(
        labor=invoice.labor,
        parts=invoice.parts,
        fees=invoice.fees,
        shop_supplies=invoice.shop_supplies,
        sublet=invoice.sublet,
        cores=invoice.cores,
        discount=invoice.discount,
        taxable_base=invoice.taxable_base,
        tax=invoice.tax,
        cash_rounding=invoice.cash_rounding,
        total=invoice.total,
        parts_cost=invoice.parts_cost,
        labor_cost=invoice.labor_cost,
        sublet_cost=invoice.sublet_cost,
        billed_hours=from_thousandths(invoice.billed_hours),
    )


def _add_lines(
    repo: InvoiceRepository,
    actor: Actor,
    invoice: Invoice,
    draft: Draft,
    job_of: Any,
) -> list[InvoiceLine]:
    rate = Decimal("0") if invoice.tax_exempt_number else invoice.tax_rate
    rule = json.loads(invoice.fee_rule or "{}")
    supplies_rule = _describe_rule(rule)
    rows = []
    for position, line in enumerate(draft.lines, start=1):
        rows.append(
            InvoiceLine(
                id=uuid.uuid4(),
                shop_id=actor.shop_id,
                invoice_id=invoice.id,
                invoice_job_id=job_of(line),
                position=position,
                category=line.category,
                description=line.description,
                part_id=line.part_id,
                part_number=line.part_number,
                condition=line.condition,
                quantity=to_thousandths(line.quantity),
                unit_price=line.unit_price,
                unit_cost=line.unit_cost,
                discount_percent=line.discount_percent / 100,
                discount_amount=line.discount_amount,
                core_charge=line.core_charge,
                core_amount=line.core_amount,
                amount=line.amount,
                cost_amount=line.cost_amount,
                taxable=line.taxable,
                tax_rate=rate if line.taxable else Decimal("0"),
                tax=line.tax,
                fee_rule=supplies_rule if line.category == Category.SHOP_SUPPLIES else "",
                rounding=invoice.rounding,
                technician_id=line.technician_id,
                billed_hours=to_thousandths(line.billed_hours),
                vendor=line.vendor,
                source_line_id=line.source_id,
                credited_line_id=line.credited_line_id,
            )
        )
    repo.add_all(rows)
    return rows


def _describe_rule(rule: dict[str, Any]) -> str:
    if not rule.get("enabled"):
        return ""
    parts = []
    if Decimal(str(rule.get("percent_of_labor", 0))):
        parts.append(f"{rule['percent_of_labor']}% of labor")
    if Decimal(str(rule.get("percent_of_parts", 0))):
        parts.append(f"{rule['percent_of_parts']}% of parts")
    if Decimal(str(rule.get("flat", 0))):
        parts.append(f"{rule['flat']} flat")
    if rule.get("cap") is not None:
        parts.append(f"cap {rule['cap']}")
    if rule.get("minimum") is not None:
        parts.append(f"minimum {rule['minimum']}")
    return ", ".join(parts)[:400]


def _posted(repo: InvoiceRepository, actor: Actor, invoice_id: uuid.UUID) -> Invoice:
    invoice = repo.get(actor.shop_id, invoice_id, for_update=True)
    if invoice is None:
        raise NotFoundError("That invoice does not exist.")
    if invoice.status != "posted":
        raise ValidationError({"status": f"{_title(invoice)} is void"})
    return invoice


def _title(invoice: Invoice) -> str:
    return f"{'Credit note' if invoice.kind == 'credit_note' else 'Invoice'} {invoice.number}"


def draft_line_of(line: InvoiceLine, job_position: int | None = None) -> DraftLine:
    return DraftLine(
        category=line.category,
        description=line.description,
        quantity=from_thousandths(line.quantity),
        unit_price=line.unit_price,
        amount=line.amount,
        discount_amount=line.discount_amount,
        core_charge=line.core_charge,
        core_amount=line.core_amount,
        unit_cost=line.unit_cost,
        cost_amount=line.cost_amount,
        taxable=line.taxable,
        tax=line.tax,
        discount_percent=line.discount_percent * 100,
        part_number=line.part_number,
        condition=line.condition,
        vendor=line.vendor,
        job=job_position,
        technician_id=line.technician_id,
        billed_hours=from_thousandths(line.billed_hours),
        source_id=line.source_line_id,
        part_id=line.part_id,
        credited_line_id=line.credited_line_id,
    )


def _credit_draft(
    repo: InvoiceRepository, invoice: Invoice, quantities: dict[uuid.UUID, Decimal] | None
) -> Draft:
    notes = repo.credit_notes(invoice.id)
    credited_lines = repo.lines_of([n.id for n in notes if n.status == "posted"])
    by_original: dict[uuid.UUID, list[DraftLine]] = {}
    for line in credited_lines:
        if line.credited_line_id is not None:
            by_original.setdefault(line.credited_line_id, []).append(draft_line_of(line))
    jobs = {j.id: j.position - 1 for j in repo.jobs(invoice.id)}
    posted = []
    for line in repo.lines(invoice.id):
        earlier = sum_lines(by_original.get(line.id, []))
        posted.append(
            PostedLine(
                id=line.id,
                line=draft_line_of(line, jobs.get(line.invoice_job_id) if line.invoice_job_id else None),
                credited_quantity=-earlier.quantity if earlier is not None else Decimal("0"),
                credited=earlier,
            )
        )
    credited = DraftTotals()
    for note in notes:
        if note.status == "posted":
            credited = credited.plus(totals_of(note))
    totals = totals_of(invoice)
    if quantities is None:
        return credit_remaining(posted, totals, credited)
    rules = PricingRules(
        invoice.tax_rate,
        RoundingMode(invoice.rounding),
        _fee_rule(invoice.fee_rule),
        invoice.decimals,
    )
    return credit_lines(
        posted,
        quantities,
        rules,
        totals,
        credited,
        tax_exempt=bool(invoice.tax_exempt_number),
        cash_step=invoice.cash_rounding_step,
    )


def _fee_rule(text: str) -> FeeRule:
    return fee_rule_from_json(text) if text and text != "{}" else FeeRule()


def _credit_job(
    line: DraftLine, original: dict[uuid.UUID, InvoiceLine], jobs: dict[int, uuid.UUID]
) -> uuid.UUID | None:
    """A credit line points at the job of the invoice line it credits (for printing)."""
    if line.credited_line_id is not None and line.credited_line_id in original:
        return original[line.credited_line_id].invoice_job_id
    return None


def _apply_credit(
    repo: InvoiceRepository, uow: UnitOfWork, actor: Actor, invoice: Invoice, credit: Invoice, day: date
) -> None:
    """Use the credit against what the invoice still owes, then against its open account charge."""
    available = -credit.total
    due = balance_of(repo, invoice)
    open_account = _account_open(repo, invoice)
    group = uuid.uuid4()
    for amount, settles in ((min(available, max(due, Decimal("0"))), False), (None, True)):
        if settles:
            amount = min(available, open_account)
        if amount is None or amount <= 0:
            continue
        available -= amount
        for target, signed, settles_account in ((invoice, amount, settles), (credit, -amount, False)):
            repo.add(
                new_payment(
                    actor,
                    day,
                    invoice_id=target.id,
                    work_order_id=target.work_order_id,
                    customer_id=target.customer_id,
                    group_id=group,
                    kind="transfer",
                    method=Method.CREDIT_NOTE.value,
                    amount=signed,
                    settles_account=settles_account,
                    note=f"Credit note {credit.number} on invoice {invoice.number}",
                )
            )


def _account_open(repo: InvoiceRepository, invoice: Invoice) -> Decimal:
    charged = settled = Decimal("0.00")
    for p in repo.payments(invoice.id, None):
        if p.method == Method.ACCOUNT.value:
            charged += p.amount
        elif p.settles_account:
            settled += p.amount
    return charged - settled


def _snapshot_of(invoice: Invoice) -> dict[str, Any]:
    names = (
        "customer_id",
        "vehicle_id",
        "customer_name",
        "customer_address",
        "customer_phone",
        "customer_email",
        "vehicle_description",
        "vin",
        "plate",
        "odometer_in",
        "odometer_out",
        "tax_exempt_number",
        "tax_rate",
        "rounding",
        "decimals",
        "fee_rule",
        "labor_rate",
        "cash_rounding_step",
    )
    return {name: getattr(invoice, name) for name in names}


def _address(customer: Any) -> str:
    parts = (
        customer.address_line1,
        customer.address_line2,
        customer.city,
        customer.region,
        customer.postal_code,
    )
    return ", ".join(p for p in parts if p)


def _restock(uow: UnitOfWork, actor: Actor, repo: InvoiceRepository, invoice: Invoice, reason: str) -> bool:
    """Bring a voided invoice's stocked parts back, as explicit movements of the stock ledger.

    A counter sale's parts come back as customer returns written against its
    ticket (so the Parts area counts them returned, and a later void of the
    ticket does not return them twice); a work order's allocated parts come
    back as job returns against the work order. Parts typed by hand on an
    estimate were never taken from stock and have nothing to return.
    """
    from app.domain.stock import MovementKind
    from app.services.parts.ledger import Change, Document, apply_stock

    lines = [ln for ln in repo.lines(invoice.id) if ln.part_id is not None and ln.quantity > 0]
    note = f"void of invoice {invoice.number}: {reason}"
    if lines and invoice.counter_ticket_id is not None:
        ticket = PartsRepository(uow.session).ticket(actor.shop_id, invoice.counter_ticket_id)
        if ticket is None or ticket.status != "posted":
            raise ValidationError({"restock": "the counter ticket was voided already; its parts are back"})
        kind, document = (
            MovementKind.CUSTOMER_RETURN,
            Document("counter_ticket", ticket.id, str(ticket.number)),
        )
    elif lines and invoice.work_order_id is not None:
        order = uow.work_orders.get(actor.shop_id, invoice.work_order_id)
        number = str(order.number) if order else ""
        kind, document = MovementKind.JOB_RETURN, Document("work_order", invoice.work_order_id, number)
    else:
        raise ValidationError(
            {"restock": "no part on this invoice was taken from stock; there is nothing to return"}
        )
    changes = [
        Change(ln.part_id, ln.quantity, kind, ln.unit_cost, reason=note)
        for ln in lines
        if ln.part_id is not None
    ]
    apply_stock(uow, actor, changes, document)
    return True


def check_credit_limit(
    repo: InvoiceRepository, actor: Actor, customer_id: uuid.UUID | None, amount: Decimal
) -> None:
    """Charging ``amount`` must keep the account within its credit limit (when it has one)."""
    account = repo.account(actor.shop_id, customer_id, for_update=True) if customer_id else None
    if account is None or not account.active:
        raise ValidationError({"account": "this customer has no open account to charge"})
    if account.credit_limit is None:
        return
    open_now = repo.account_open_total(actor.shop_id, account.customer_id)
    if open_now + amount > account.credit_limit:
        raise ValidationError(
            {
                "account": f"charging {amount:,.2f} would bring the account to {open_now + amount:,.2f}, "
                f"over its credit limit of {account.credit_limit:,.2f}"
            }
        )


def _settings_audit(settings: InvoicingSettings) -> dict[str, Any]:
    """The settings as the audit log keeps them: the logo by its size and digest, not its bytes."""
    fields = asdict(settings)
    if settings.logo:
        data = base64.b64decode(settings.logo)
        fields["logo"] = f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}"
    return fields
