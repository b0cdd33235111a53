"""What every money-writing action of invoicing shares.

Posting, voids, credit notes, payments and accounts all take their business
date from :func:`business_day` (the one place the day-close check belongs),
check typed text the same way, number documents from locked counter rows,
and write payment rows through :func:`new_payment` (an account charge is one).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from app.db.models import Shop
from app.db.models_invoicing import Invoice, Payment
from app.db.types import now_utc
from app.domain.contact import clean_text, contains_card_number
from app.domain.errors import ValidationError
from app.domain.payments import Method, Tender
from app.domain.permissions import Actor
from app.repositories.day import open_business_day
from app.repositories.invoicing import InvoiceRepository
from app.repositories.posted_rows import take_number
from app.services.customers.reminders import shop_today
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork

INVOICE_COUNTER = "invoice"
CREDIT_NOTE_COUNTER = "credit_note"
CARD_REFUSED = "looks like a payment card number; BayDesk never stores card numbers"


def business_day(uow: UnitOfWork, actor: Actor) -> date:
    """The business date a posting, payment, void or credit is written into.

    The shop's local date, or the day after the latest close when today is
    closed already (as a POS after its Z report), read under the shop's
    business-day row taken shared (a day close takes it exclusive). Every
    money-writing method of invoicing, payments and accounts calls this
    function inside its transaction.
    """
    return open_business_day(uow.session, actor.shop_id, shop_today(uow, actor))


def next_number(uow: UnitOfWork, shop_id: uuid.UUID, counter: str) -> int:
    """The next number of a series, from its counter row locked until this transaction ends.

    The row is made (starting at 0, so the first number is 1) only the first time.
    One statement: the UPDATE takes the row lock and returns the number.
    """
    number = take_number(uow.session, shop_id, counter)
    if number is None:
        uow.counters.ensure(shop_id, counter, 0)
        number = take_number(uow.session, shop_id, counter)
    if number is None:
        raise LookupError(f"no counter {counter!r} for this shop")
    return number


def checked_text(text: str, field: str, limit: int, *, required: str = "") -> str:
    clean = clean_text(text)
    if required and not clean:
        raise ValidationError({field: required})
    if len(clean) > limit:
        raise ValidationError({field: f"is {len(clean)} characters; at most {limit}"})
    if contains_card_number(clean):
        raise ValidationError({field: CARD_REFUSED})
    return clean


def new_payment(actor: Actor, day: date, *, tender: Tender | None = None, **columns: Any) -> Payment:
    """A payments row stamped with who took it, where and on which business day.

    ``tender``: the card brand, last four, processor reference, check number and
    note as typed (already checked: nothing else of a card is ever stored).
    Cash must name its drawer (``drawer_id``, from ``cash_drawer``).
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
    if columns.get("method") == Method.CASH.value and columns.get("drawer_id") is None:
        raise ValueError("cash is written with the drawer it goes into (see cash_drawer)")
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
        a = shop_locale(repo.session.get(Shop, actor.shop_id)).amount
        raise ValidationError(
            {
                "account": f"charging {a(amount)} would bring the account to {a(open_now + amount)}, "
                f"over its credit limit of {a(account.credit_limit)}"
            }
        )
