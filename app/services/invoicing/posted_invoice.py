"""What both postings write the same way: the invoice row, the customer it snapshots, the
audit entry naming its source, and an account invoice's terms."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from app.db.models import Customer
from app.db.models_invoicing import Invoice
from app.db.types import now_utc
from app.domain.customers import display_name
from app.domain.errors import ValidationError
from app.domain.invoices import Draft
from app.domain.permissions import Actor
from app.repositories.invoicing import InvoiceRepository
from app.repositories.posted_rows import write_rows
from app.services.invoicing.documents import customer_address, totals_columns
from app.services.uow import UnitOfWork


def new_invoice(
    uow: UnitOfWork,
    actor: Actor,
    day: date,
    number: int,
    draft: Draft,
    terms: tuple[int | None, date | None],
    **columns: Any,
) -> Invoice:
    """The invoice row, written, with its number and totals, stamped with who posted it, where and
    on which day."""
    terms_days, due_date = terms
    values = {
        "id": uuid.uuid4(),
        "shop_id": actor.shop_id,
        "kind": "invoice",
        "number": number,
        "business_date": day,
        "posted_at": now_utc(),
        "posted_by": actor.user_id,
        "terminal_id": actor.terminal_id,
        "terms_days": terms_days,
        "due_date": due_date,
        **columns,
        **totals_columns(draft.totals),
    }
    return write_rows(uow.session, Invoice, [values])[0]


def customer_columns(customer: Customer) -> dict[str, Any]:
    """The customer as the invoice snapshots it: name, one-line address, phone and email."""
    return {
        "customer_id": customer.id,
        "customer_name": display_name(
            customer.first_name, customer.last_name, customer.company_name, customer.kind
        ),
        "customer_address": customer_address(customer),
        "customer_phone": customer.phone,
        "customer_email": customer.email,
    }


def record_post(
    uow: UnitOfWork, actor: Actor, invoice: Invoice, day: date, source: str, source_number: int
) -> None:
    """Audit the posting, naming the work order or counter ticket the invoice was made of."""
    uow.record(
        actor,
        actor.shop_id,
        "invoices",
        invoice.id,
        "post",
        None,
        {
            "number": invoice.number,
            source: source_number,
            "total": invoice.total,
            "tax": invoice.tax,
            "business_date": day,
            "on_account": invoice.on_account,
        },
    )


def account_terms(
    repo: InvoiceRepository, actor: Actor, customer_id: uuid.UUID | None, day: date, on_account: bool
) -> tuple[int | None, date | None]:
    """An account invoice's terms (net days) and due date; the customer must have an open account."""
    if not on_account:
        return None, None
    account = repo.account(actor.shop_id, customer_id) if customer_id else None
    if account is None or not account.active:
        raise ValidationError({"account": "this customer has no open account; take payment instead"})
    return account.terms_days, day + timedelta(days=account.terms_days)
