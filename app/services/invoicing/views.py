"""Invoice read models: a document with its lines, payments and balance, and list rows."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Row

from app.db.models import Shop
from app.db.models_invoicing import Invoice, InvoiceJob, InvoiceLine, Payment
from app.domain.errors import NotFoundError
from app.domain.money import from_thousandths
from app.domain.payments import METHOD_LABELS, Method
from app.domain.permissions import Actor
from app.repositories.invoicing import InvoiceRepository
from app.services.invoicing.dto import (
    InvoiceJobView,
    InvoiceLineView,
    InvoiceRow,
    InvoiceTotalsView,
    InvoiceView,
    InvoicingSettings,
    PaymentView,
)
from app.services.invoicing.payer_parts import payer_part_view
from app.services.invoicing.sheet_posting import pricing_fields, stored_pricing_fields
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork
from app.services.work_orders.dto import AuthorizationView

ZERO = Decimal("0.00")
SETTINGS_KEY = "invoicing"


def invoicing_settings(uow: UnitOfWork, shop_id: uuid.UUID) -> InvoicingSettings:
    """The shop's invoicing settings, read once per transaction."""
    cache: dict[uuid.UUID, InvoicingSettings] = uow.session.info.setdefault(SETTINGS_KEY, {})
    if shop_id in cache:
        return cache[shop_id]
    text = uow.shops.setting(shop_id, SETTINGS_KEY)
    default = InvoicingSettings()
    if not text:
        cache[shop_id] = default
        return default
    data = json.loads(text)
    found = InvoicingSettings(
        cash_rounding_step=Decimal(str(data.get("cash_rounding_step", "0.00"))),
        footer=str(data.get("footer", default.footer)),
        logo=str(data.get("logo", "")),
    )
    cache[shop_id] = found
    return found


def counted(payment: Payment) -> bool:
    """Whether a payment row changes the document's balance due (account settlements do not)."""
    return not payment.settles_account


def balance_of(repo: InvoiceRepository, invoice: Invoice) -> Decimal:
    """Total less payments, account charges, credits applied and (for invoices) deposits."""
    work_order = invoice.work_order_id if invoice.kind == "invoice" else None
    paid = sum((p.amount for p in repo.payments(invoice.id, work_order) if counted(p)), ZERO)
    return invoice.total - paid


def invoice_row(r: Row[Any]) -> InvoiceRow:
    paid = Decimal(int(r.paid_cents) + int(r.deposit_cents or 0)) / 100
    return InvoiceRow(
        id=r.id,
        kind=r.kind,
        number=r.number,
        status=r.status,
        business_date=r.business_date,
        customer_name=r.customer_name,
        vehicle_description=r.vehicle_description,
        work_order_number=r.work_order_number,
        total=r.total,
        paid=paid,
        balance_due=r.total - paid if r.status == "posted" else ZERO,
        on_account=r.on_account,
        due_date=r.due_date,
    )


@dataclass(frozen=True)
class Fresh:
    """A document this transaction has just written, as it was written.

    ``pricing_snapshot``: the price sheet's snapshot it stored ("" when it was
    priced without one); ``payer_part``: whether a payer's part was split
    off. What is in hand is not read back.
    """

    invoice: Invoice
    jobs: list[InvoiceJob]
    lines: list[InvoiceLine]
    work_order_number: int | None
    pricing_snapshot: str
    payer_part: bool


def read_invoice(
    uow: UnitOfWork,
    actor: Actor,
    invoice_id: uuid.UUID,
    *,
    fresh: Fresh | None = None,
    known_names: dict[uuid.UUID, str] | None = None,
    settings: InvoicingSettings | None = None,
) -> InvoiceView:
    """One invoice or credit note with its lines, payments and balance.

    ``fresh`` is a document written by this transaction: what is in hand is
    not read again, and a document posted a moment ago has no credit note yet.
    """
    repo = InvoiceRepository(uow.session)
    if fresh is not None:
        invoice, jobs, lines, work_order_number = (
            fresh.invoice,
            fresh.jobs,
            fresh.lines,
            fresh.work_order_number,
        )
    else:
        invoice, jobs, lines, work_order_number = _stored_document(uow, repo, actor, invoice_id)
    work_order = invoice.work_order_id if invoice.kind == "invoice" else None
    payments = repo.payments(invoice.id, work_order)
    names = _names(uow, actor, invoice, payments, lines, known_names)
    shop = uow.shops.get(actor.shop_id)
    authorizations: tuple[AuthorizationView, ...] = ()
    if invoice.work_order_id is not None and invoice.kind == "invoice":
        authorizations = _authorizations(repo, invoice.work_order_id)
    credited_number = None
    if invoice.credited_invoice_id is not None:
        credited = repo.get(actor.shop_id, invoice.credited_invoice_id)
        credited_number = credited.number if credited else None
    notes = repo.credit_notes(invoice.id) if invoice.kind == "invoice" and fresh is None else []
    account = repo.account(actor.shop_id, invoice.customer_id) if invoice.customer_id else None
    balance = _balance_fields(invoice, payments)
    pricing = _pricing_fields(uow, invoice.id, lines, fresh)
    rate_labels = dict(pricing.pop("rate_labels", ()))
    return InvoiceView(
        **_header_fields(invoice, names),
        work_order_number=work_order_number,
        credited_invoice_number=credited_number,
        **_snapshot_fields(invoice),
        totals=_totals_view(invoice),
        jobs=tuple(
            InvoiceJobView(j.position, j.title, j.concern, j.cause, j.correction, j.technician_name)
            for j in jobs
        ),
        lines=_line_views(jobs, lines, names, rate_labels),
        payments=tuple(payment_view(p, names) for p in payments),
        **balance,
        credit_notes=tuple((n.number, n.total) for n in notes if n.status == "posted"),
        authorizations=authorizations,
        print_count=invoice.print_count,
        receipt_count=invoice.receipt_count,
        **_shop_fields(shop, settings or invoicing_settings(uow, actor.shop_id)),
        shop_locale=shop_locale(shop, invoice.currency),
        note=invoice.note,
        is_account_customer=account is not None and account.active,
        payer=payer_part_view(uow, invoice, lines, payments, balance["balance_due"])
        if fresh is None or fresh.payer_part
        else None,
        **pricing,
    )


def _pricing_fields(
    uow: UnitOfWork, invoice_id: uuid.UUID, lines: Sequence[InvoiceLine], fresh: Fresh | None
) -> dict[str, Any]:
    """What the sheet's snapshot prints, from the one in hand when the document was just written."""
    ordered = sorted(lines, key=lambda ln: ln.position)
    if fresh is None:
        return stored_pricing_fields(uow, invoice_id, ordered)
    return pricing_fields(fresh.pricing_snapshot, ordered) if fresh.pricing_snapshot else {}


def _stored_document(
    uow: UnitOfWork, repo: InvoiceRepository, actor: Actor, invoice_id: uuid.UUID
) -> tuple[Invoice, list[InvoiceJob], list[InvoiceLine], int | None]:
    """A document as stored: the invoice, its jobs, its lines and its work order's number."""
    invoice = repo.get(actor.shop_id, invoice_id)
    if invoice is None:
        raise NotFoundError("That invoice does not exist.")
    jobs = repo.jobs(invoice.id)
    lines = repo.lines(invoice.id)
    work_order_number = None
    if invoice.work_order_id is not None:
        order = uow.work_orders.get(actor.shop_id, invoice.work_order_id)
        work_order_number = order.number if order else None
    return invoice, jobs, lines, work_order_number


def _names(
    uow: UnitOfWork,
    actor: Actor,
    invoice: Invoice,
    payments: list[Payment],
    lines: list[InvoiceLine],
    known_names: dict[uuid.UUID, str] | None,
) -> dict[uuid.UUID, str]:
    """The names of everyone the document mentions; read only when some are not in hand."""
    users = {invoice.posted_by, *(p.user_id for p in payments)}
    users |= {ln.technician_id for ln in lines if ln.technician_id}
    if invoice.voided_by:
        users.add(invoice.voided_by)
    names = {actor.user_id: actor.name, **(known_names or {})}
    if not users <= names.keys():
        names = uow.users.names(users)
    return names


def _header_fields(invoice: Invoice, names: dict[uuid.UUID, str]) -> dict[str, Any]:
    """Which document this is, who posted it, what it was made of, and whether it was voided."""
    return {
        "id": invoice.id,
        "kind": invoice.kind,
        "number": invoice.number,
        "status": invoice.status,
        "business_date": invoice.business_date,
        "posted_at": invoice.posted_at,
        "posted_by": names.get(invoice.posted_by, ""),
        "work_order_id": invoice.work_order_id,
        "counter_ticket_id": invoice.counter_ticket_id,
        "credited_invoice_id": invoice.credited_invoice_id,
        "void_reason": invoice.void_reason,
        "voided_by": names.get(invoice.voided_by, "") if invoice.voided_by else "",
        "voided_at": invoice.voided_at,
    }


def _snapshot_fields(invoice: Invoice) -> dict[str, Any]:
    """The customer, vehicle and tax as the document was issued with them."""
    return {
        "customer_id": invoice.customer_id,
        "customer_name": invoice.customer_name,
        "customer_address": invoice.customer_address,
        "customer_phone": invoice.customer_phone,
        "vehicle_description": invoice.vehicle_description,
        "vin": invoice.vin,
        "plate": invoice.plate,
        "odometer_in": invoice.odometer_in,
        "odometer_out": invoice.odometer_out,
        "tax_exempt_number": invoice.tax_exempt_number,
        "tax_rate": invoice.tax_rate,
        "rounding": invoice.rounding,
    }


def _totals_view(invoice: Invoice) -> InvoiceTotalsView:
    return InvoiceTotalsView(
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
    )


def _line_views(
    jobs: list[InvoiceJob],
    lines: list[InvoiceLine],
    names: dict[uuid.UUID, str],
    rate_labels: dict[uuid.UUID, str],
) -> tuple[InvoiceLineView, ...]:
    """The document's lines as printed, each with its job's position, its technician's name and
    (labor at a job type's rate) the job type."""
    position = {j.id: j.position for j in jobs}
    return tuple(
        InvoiceLineView(
            id=ln.id,
            job_position=position.get(ln.invoice_job_id) if ln.invoice_job_id else None,
            category=ln.category,
            description=ln.description,
            part_number=ln.part_number,
            condition=ln.condition,
            quantity=from_thousandths(ln.quantity),
            unit_price=ln.unit_price,
            discount_percent=ln.discount_percent * 100,
            discount_amount=ln.discount_amount,
            core_charge=ln.core_charge,
            core_amount=ln.core_amount,
            amount=ln.amount,
            taxable=ln.taxable,
            tax=ln.tax,
            vendor=ln.vendor,
            technician_name=names.get(ln.technician_id, "") if ln.technician_id else "",
            unit_cost=ln.unit_cost,
            rate_label=rate_labels.get(ln.id, ""),
        )
        for ln in lines
    )


def _balance_fields(invoice: Invoice, payments: list[Payment]) -> dict[str, Any]:
    """What was paid, what is still due, and what stays open on the customer's account."""
    paid = sum((p.amount for p in payments if counted(p)), ZERO)
    own = [p for p in payments if p.customer_id == invoice.customer_id]  # not a second payer's
    charged = sum((p.amount for p in own if p.method == Method.ACCOUNT.value), ZERO)
    settled = sum((p.amount for p in own if p.settles_account), ZERO)
    return {
        "paid": paid,
        "balance_due": invoice.total - paid if invoice.status == "posted" else ZERO,
        "on_account": invoice.on_account,
        "due_date": invoice.due_date,
        "account_open": charged - settled,
    }


def _shop_fields(shop: Shop | None, settings: InvoicingSettings) -> dict[str, Any]:
    """The shop's letterhead as the settings hold it now: name, address, phone, footer and logo."""
    return {
        "shop_name": shop.name if shop else "",
        "shop_address": shop.address if shop else "",
        "shop_phone": shop.phone if shop else "",
        "timezone": shop.timezone if shop else "UTC",
        "footer": settings.footer,
        "logo": base64.b64decode(settings.logo) if settings.logo else b"",
    }


def payment_view(p: Payment, names: dict[uuid.UUID, str]) -> PaymentView:
    return PaymentView(
        id=p.id,
        received_at=p.received_at,
        business_date=p.business_date,
        method=p.method,
        method_label=METHOD_LABELS.get(Method(p.method), p.method),
        kind=p.kind,
        amount=p.amount,
        tendered=p.tendered,
        change_given=p.change_given,
        card_brand=p.card_brand,
        card_last4=p.card_last4,
        processor_reference=p.processor_reference,
        check_number=p.check_number,
        note=p.note,
        taken_by=names.get(p.user_id, ""),
        settles_account=p.settles_account,
        group_id=p.group_id,
    )


def _authorizations(repo: InvoiceRepository, work_order_id: uuid.UUID) -> tuple[AuthorizationView, ...]:
    return tuple(
        AuthorizationView(
            at=a.at,
            authorized_by=a.authorized_by,
            relation=a.relation,
            method=a.method,
            phone_called=a.phone_called,
            taken_by=name or "",
            amount=a.amount,
            previous_amount=a.previous_amount,
            approved_jobs=tuple(json.loads(a.approved_jobs)),
            declined_jobs=tuple(json.loads(a.declined_jobs)),
            note=a.note,
        )
        for a, name in repo.authorizations(work_order_id)
    )
