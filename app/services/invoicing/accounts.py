"""Fleet and account customers: terms, aging, statements, and paying an account.

An invoice is charged to an account by a payment of method ``account``; money
received later for the account is a payment with ``settles_account`` set,
applied across the customer's open invoices, oldest first unless chosen.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from app.db.models_invoicing import CustomerAccount
from app.db.types import now_utc
from app.domain.customers import display_name
from app.domain.errors import NotFoundError, ValidationError
from app.domain.money import parse_money
from app.domain.payments import (
    TERMS,
    Applied,
    Method,
    Tender,
    aging,
    allocate_oldest_first,
    apply_tenders,
    check_tender,
)
from app.domain.permissions import Action, Actor, require
from app.repositories.invoicing import InvoiceRepository
from app.services.base import Service
from app.services.customers.reminders import shop_today
from app.services.day.drawer import cash_drawer
from app.services.invoicing.documents import customer_address
from app.services.invoicing.dto import AccountView, AgingRow, StatementLine, StatementView
from app.services.invoicing.shared import business_day, checked_text, new_payment
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork

ZERO = Decimal("0.00")


class AccountService(Service):
    def get(self, actor: Actor, customer_id: uuid.UUID) -> AccountView | None:
        require(actor, Action.VIEW_INVOICES)

        def work(uow: UnitOfWork) -> AccountView | None:
            repo = InvoiceRepository(uow.session)
            account = repo.account(actor.shop_id, customer_id)
            if account is None:
                return None
            return _view(uow, repo, actor, account)

        return self._read(work)

    def save(
        self,
        actor: Actor,
        customer_id: uuid.UUID,
        *,
        terms_days: int,
        credit_limit: str = "",
        tax_exempt_certificate: str = "",
        active: bool = True,
        note: str = "",
    ) -> AccountView:
        """Open or change a customer's account (terms net 30/60/90)."""
        require(actor, Action.MANAGE_ACCOUNTS)
        errors: dict[str, str] = {}
        if terms_days not in TERMS:
            errors["terms_days"] = "choose net 30, 60 or 90"
        limit = parse_money(credit_limit, "credit_limit") if credit_limit.strip() else None
        if limit is not None and limit < 0:
            errors["credit_limit"] = "must not be negative"
        if errors:
            raise ValidationError(errors)
        certificate = checked_text(tax_exempt_certificate, "tax_exempt_certificate", 50)
        note = checked_text(note, "note", 400)

        def work(uow: UnitOfWork) -> AccountView:
            if uow.customers.get(actor.shop_id, customer_id) is None:
                raise NotFoundError("That customer does not exist.")
            repo = InvoiceRepository(uow.session)
            account = repo.account(actor.shop_id, customer_id, for_update=True)
            before = None
            if account is None:
                account = CustomerAccount(id=uuid.uuid4(), shop_id=actor.shop_id, customer_id=customer_id)
                repo.add(account)
            else:
                before = _fields(account)
                account.version += 1
            account.terms_days = terms_days
            account.credit_limit = limit
            account.tax_exempt_certificate = certificate
            account.active = active
            account.note = note
            account.updated_at = now_utc()
            account.updated_by = actor.user_id
            uow.record(
                actor,
                actor.shop_id,
                "customer_accounts",
                account.id,
                "create" if before is None else "update",
                before,
                _fields(account),
            )
            uow.commit()
            return _view(uow, repo, actor, account)

        return self._write(work)

    def aging(self, actor: Actor, as_of: date | None = None) -> list[AgingRow]:
        """Every account's open charges by age: 0-30, 31-60, 61-90, 90+ days."""
        require(actor, Action.VIEW_INVOICES)

        def work(uow: UnitOfWork) -> list[AgingRow]:
            repo = InvoiceRepository(uow.session)
            when = as_of or shop_today(uow, actor)
            out = []
            for row in repo.accounts(actor.shop_id):
                account = row[0]
                items = _open_items(repo, actor, account.customer_id)
                buckets = aging(((d, amount) for _, _, d, amount in items), when)
                out.append(
                    AgingRow(
                        account.customer_id,
                        display_name(row.first_name, row.last_name, row.company_name, row.kind),
                        account.terms_days,
                        buckets,
                        sum(buckets.values(), ZERO),
                    )
                )
            return out

        return self._report(work)

    def open_items(self, actor: Actor, customer_id: uuid.UUID) -> list[tuple[uuid.UUID, int, date, Decimal]]:
        """(invoice id, number, date, open amount) of every invoice with an open account charge."""
        require(actor, Action.VIEW_INVOICES)
        return self._read(lambda uow: _open_items(InvoiceRepository(uow.session), actor, customer_id))

    def statement(self, actor: Actor, customer_id: uuid.UUID, start: date, end: date) -> StatementView:
        """Charges and payments of an account between two dates, with running balance and aging."""
        require(actor, Action.VIEW_INVOICES)
        if end < start:
            raise ValidationError({"end": "the statement ends before it starts"})
        if (end - start).days > 3700:
            raise ValidationError({"start": "a statement covers at most ten years"})

        def work(uow: UnitOfWork) -> StatementView:
            repo = InvoiceRepository(uow.session)
            account = repo.account(actor.shop_id, customer_id)
            customer = uow.customers.get(actor.shop_id, customer_id)
            if account is None or customer is None:
                raise NotFoundError("That customer has no account.")
            opening = repo.account_balance_before(actor.shop_id, customer_id, start)
            entries = _charge_entries(repo, actor, customer_id, start, end)
            entries += _payment_entries(repo, actor, customer_id, start, end)
            lines, closing = _running_balance(entries, opening)
            items = _open_items(repo, actor, customer_id)
            shop = uow.shops.get(actor.shop_id)
            return StatementView(
                customer_name=display_name(
                    customer.first_name, customer.last_name, customer.company_name, customer.kind
                ),
                customer_address=customer_address(customer),
                terms_days=account.terms_days,
                start=start,
                end=end,
                opening_balance=opening,
                lines=tuple(lines),
                closing_balance=closing,
                aging=aging(((d, amount) for _, _, d, amount in items), end),
                shop_name=shop.name if shop else "",
                shop_address=shop.address if shop else "",
                shop_phone=shop.phone if shop else "",
                printed_on=shop_today(uow, actor),
            )

        return self._report(work)

    def pay(
        self,
        actor: Actor,
        customer_id: uuid.UUID,
        tender: Tender,
        invoice_ids: Sequence[uuid.UUID] | None = None,
    ) -> Decimal:
        """One payment received for an account, spread over its open invoices (oldest first).

        ``invoice_ids`` limits it to chosen invoices. Returns the change due (cash).
        """
        require(actor, Action.TAKE_PAYMENTS)
        tender = check_tender(tender)
        if tender.method not in (Method.CASH, Method.CARD, Method.CHECK):
            raise ValidationError({"method": "an account is paid in cash, by card or by check"})

        def work(uow: UnitOfWork) -> Decimal:
            day = business_day(uow, actor)
            drawer = cash_drawer(uow, actor, day).id if tender.method == Method.CASH else None
            repo = InvoiceRepository(uow.session)
            items = _locked_open_items(repo, actor, customer_id, invoice_ids)
            open_total = sum((amount for *_, amount in items), ZERO)
            shop = shop_locale(uow.shops.get(actor.shop_id))
            applied = apply_tenders([tender], open_total, shop)[0]
            _settle(uow, repo, actor, customer_id, tender, applied, items, day, drawer)
            uow.commit()
            return applied.change or ZERO

        return self._write(work)


def _locked_open_items(
    repo: InvoiceRepository,
    actor: Actor,
    customer_id: uuid.UUID,
    invoice_ids: Sequence[uuid.UUID] | None,
) -> list[tuple[uuid.UUID, int, date, Decimal]]:
    """The account's open items a payment is for, read after their invoices and the account are locked."""
    # lock order as in taking a payment: the invoices (by id), then the account
    repo.lock_many(actor.shop_id, [item[0] for item in _open_items(repo, actor, customer_id)])
    account = repo.account(actor.shop_id, customer_id, for_update=True)
    if account is None:
        raise NotFoundError("That customer has no account.")
    items = _open_items(repo, actor, customer_id)
    if invoice_ids is not None:
        chosen = set(invoice_ids)
        items = [item for item in items if item[0] in chosen]
    return items


def _settle(
    uow: UnitOfWork,
    repo: InvoiceRepository,
    actor: Actor,
    customer_id: uuid.UUID,
    tender: Tender,
    applied: Applied,
    items: list[tuple[uuid.UUID, int, date, Decimal]],
    day: date,
    drawer: uuid.UUID | None,
) -> None:
    """One settlement row per invoice the payment is spread over (oldest first), each audited.

    The tendered cash and the change go on the last row, as the drawer counts them once.
    """
    group = uuid.uuid4()
    allocation = allocate_oldest_first(applied.applied, [(item[0], item[3]) for item in items])
    for position, (invoice_id, amount) in enumerate(allocation):
        last = position == len(allocation) - 1
        payment = new_payment(
            actor,
            day,
            tender=tender,
            invoice_id=invoice_id,
            customer_id=customer_id,
            group_id=group,
            kind="settlement",
            amount=amount,
            tendered=(tender.tendered or tender.amount) if tender.method == Method.CASH and last else None,
            change_given=applied.change if last else None,
            settles_account=True,
            drawer_id=drawer,
        )
        repo.add(payment)
        uow.record(
            actor,
            actor.shop_id,
            "payments",
            payment.id,
            "account_payment",
            None,
            {"customer": str(customer_id), "method": payment.method, "amount": amount},
        )


def _charge_entries(
    repo: InvoiceRepository, actor: Actor, customer_id: uuid.UUID, start: date, end: date
) -> list[tuple[object, StatementLine]]:
    """The statement's charges (and reversed charges) with the time each was written, to sort by."""
    entries: list[tuple[object, StatementLine]] = []
    for charge, number, kind, due in repo.account_charges(actor.shop_id, customer_id, start, end):
        label = "Credit note" if kind == "credit_note" else "Invoice"
        entries.append(
            (
                charge.received_at,
                StatementLine(
                    charge.business_date,
                    kind,
                    f"{label} {number}",
                    "Charged to account" if charge.amount > 0 else "Charge reversed (void)",
                    charge.amount,
                    ZERO,
                    ZERO,
                    due,
                ),
            )
        )
    return entries


def _payment_entries(
    repo: InvoiceRepository, actor: Actor, customer_id: uuid.UUID, start: date, end: date
) -> list[tuple[object, StatementLine]]:
    """The statement's payments and credits applied, each naming the invoice it went to."""
    entries: list[tuple[object, StatementLine]] = []
    numbers = {}
    for p in repo.account_payments(actor.shop_id, customer_id, start, end):
        if p.invoice_id not in numbers:
            inv = repo.get(actor.shop_id, p.invoice_id) if p.invoice_id else None
            numbers[p.invoice_id] = inv.number if inv else 0
        what = (
            "Credit note applied"
            if p.method == Method.CREDIT_NOTE.value
            else f"Payment, {p.method}" + (f" no. {p.check_number}" if p.check_number else "")
        )
        entries.append(
            (
                p.received_at,
                StatementLine(
                    p.business_date,
                    "payment",
                    f"On invoice {numbers[p.invoice_id]}",
                    what,
                    ZERO,
                    p.amount,
                    ZERO,
                ),
            )
        )
    return entries


def _running_balance(
    entries: list[tuple[object, StatementLine]], opening: Decimal
) -> tuple[list[StatementLine], Decimal]:
    """The entries in date order, each with the balance after it, and the closing balance."""
    entries.sort(key=lambda e: (e[1].when, str(e[0])))
    balance = opening
    lines = []
    for _, line in entries:
        balance += line.charge - line.credit
        lines.append(
            StatementLine(
                line.when,
                line.kind,
                line.reference,
                line.description,
                line.charge,
                line.credit,
                balance,
                line.due_date,
            )
        )
    return lines, balance


def _open_items(
    repo: InvoiceRepository, actor: Actor, customer_id: uuid.UUID
) -> list[tuple[uuid.UUID, int, date, Decimal]]:
    out = []
    for row in repo.account_items(actor.shop_id, customer_id):
        open_amount = Decimal(int(row.charged_cents) - int(row.settled_cents)) / 100
        if open_amount > 0:
            out.append((row.id, row.number, row.business_date, open_amount))
    return out


def _view(uow: UnitOfWork, repo: InvoiceRepository, actor: Actor, account: CustomerAccount) -> AccountView:
    customer = uow.customers.get_any(account.customer_id)
    items = _open_items(repo, actor, account.customer_id)
    buckets = aging(((d, amount) for _, _, d, amount in items), shop_today(uow, actor))
    return AccountView(
        customer_id=account.customer_id,
        customer_name=display_name(
            customer.first_name, customer.last_name, customer.company_name, customer.kind
        ),
        terms_days=account.terms_days,
        credit_limit=account.credit_limit,
        tax_exempt_certificate=account.tax_exempt_certificate,
        active=account.active,
        open_balance=sum(buckets.values(), ZERO),
        aging=buckets,
        version=account.version,
    )


def _fields(account: CustomerAccount) -> dict[str, object]:
    return {
        "terms_days": account.terms_days,
        "credit_limit": account.credit_limit,
        "tax_exempt_certificate": account.tax_exempt_certificate,
        "active": account.active,
        "note": account.note,
    }
