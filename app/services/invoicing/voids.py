"""Voiding an invoice, and the parts a void brings back to stock.

A void keeps the invoice's number and records who, when and why; only an
unpaid invoice is voided (money taken needs a credit note). Its work order is
completed again so the corrected order can be invoiced anew.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from app.db.models_invoicing import Invoice
from app.db.types import now_utc
from app.domain.errors import ValidationError
from app.domain.payments import Method
from app.domain.permissions import Action, Actor, require
from app.domain.stock import MovementKind
from app.domain.work_orders import Status
from app.repositories.invoicing import InvoiceRepository
from app.repositories.parts import PartsRepository
from app.services.base import Service
from app.services.invoicing.documents import locked_posted
from app.services.invoicing.dto import InvoiceView
from app.services.invoicing.shared import business_day, checked_text, new_payment
from app.services.invoicing.views import read_invoice
from app.services.parts.ledger import Change, Document, apply_stock
from app.services.parts.line_stock import release
from app.services.uow import UnitOfWork
from app.services.work_orders.views import load_work_order, touch

ZERO = Decimal("0.00")


class VoidService(Service):
    """Voiding posted invoices."""

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
            invoice = locked_posted(repo, actor, invoice_id)
            charged = _voidable_charge(repo, invoice)
            restocked = _restock(uow, actor, repo, invoice, reason) if restock else False
            if charged:  # an unpaid account charge is taken back off the account by a reversing row
                _reverse_account_charge(repo, actor, invoice, charged, day)
            if invoice.work_order_id is not None:
                _reopen_work_order(uow, actor, invoice)
            _mark_void(uow, actor, invoice, reason, day, restocked)
            uow.commit()
            return read_invoice(uow, actor, invoice.id)

        return self._write(work)


def _voidable_charge(repo: InvoiceRepository, invoice: Invoice) -> Decimal:
    """What the invoice has charged to an account, once it is known that a void may undo it.

    An invoice with credit notes is corrected by another credit note; one that
    took money (a payment or a deposit) by a credit note and a refund.
    """
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
    return charged


def _reverse_account_charge(
    repo: InvoiceRepository, actor: Actor, invoice: Invoice, charged: Decimal, day: date
) -> None:
    """Take the voided invoice's charges back off each account charged (the customer's, a second payer's)."""
    by_account: dict[uuid.UUID | None, Decimal] = {}
    for p in repo.payments(invoice.id, None):
        if p.method == Method.ACCOUNT.value:
            by_account[p.customer_id] = by_account.get(p.customer_id, ZERO) + p.amount
    for customer_id, amount in by_account.items():
        if amount:
            repo.add(
                new_payment(
                    actor,
                    day,
                    invoice_id=invoice.id,
                    work_order_id=invoice.work_order_id,
                    customer_id=customer_id,
                    kind="void",
                    method=Method.ACCOUNT.value,
                    amount=-amount,
                    note=f"Void of invoice {invoice.number}",
                )
            )


def _mark_void(
    uow: UnitOfWork, actor: Actor, invoice: Invoice, reason: str, day: date, restocked: bool
) -> None:
    """The invoice keeps its number and records who voided it, when, why, and whether parts came back."""
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


def _restock(uow: UnitOfWork, actor: Actor, repo: InvoiceRepository, invoice: Invoice, reason: str) -> bool:
    """Bring a voided invoice's stocked parts back, as explicit movements of the stock ledger.

    A counter sale's parts come back as customer returns written against its
    ticket (so the Parts area counts them returned, and a later void of the
    ticket does not return them twice). A work order's parts come back as job
    returns against the work order, and its lines stop holding them: the lines
    stay on the order (the work the customer approved), so invoicing it again
    takes them off the shelf again and bills them once. Parts typed by hand
    were never taken from stock and have nothing to return.
    """
    note = f"void of invoice {invoice.number}: {reason}"
    if invoice.counter_ticket_id is not None:
        return _restock_ticket(uow, actor, repo, invoice, note)
    if invoice.work_order_id is not None:
        order = load_work_order(uow, actor, invoice.work_order_id, for_update=True)
        held = [ln for ln in uow.work_orders.lines(order.id) if ln.part_id is not None and ln.allocated]
        if held:
            release(uow, actor, order, held, note)
            return True
    raise ValidationError(
        {"restock": "no part on this invoice was taken from stock; there is nothing to return"}
    )


def _restock_ticket(
    uow: UnitOfWork, actor: Actor, repo: InvoiceRepository, invoice: Invoice, note: str
) -> bool:
    """A voided counter-sale invoice: its parts come back as customer returns against the ticket."""
    assert invoice.counter_ticket_id is not None
    lines = [ln for ln in repo.lines(invoice.id) if ln.part_id is not None and ln.quantity > 0]
    if not lines:
        raise ValidationError(
            {"restock": "no part on this invoice was taken from stock; there is nothing to return"}
        )
    ticket = PartsRepository(uow.session).ticket(actor.shop_id, invoice.counter_ticket_id)
    if ticket is None or ticket.status != "posted":
        raise ValidationError({"restock": "the counter ticket was voided already; its parts are back"})
    document = Document("counter_ticket", ticket.id, str(ticket.number))
    changes = [
        Change(ln.part_id, ln.quantity, MovementKind.CUSTOMER_RETURN, ln.unit_cost, reason=note)
        for ln in lines
        if ln.part_id is not None
    ]
    apply_stock(uow, actor, changes, document)
    return True
