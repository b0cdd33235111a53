"""Taking payments, deposits and refunds: append-only rows, one transaction each.

A split payment (cash and card on one invoice) is one action: every tender is
checked and applied in order, in one transaction, or none is. Card, check
and account may not pay more than is due; cash pays what is due and the rest
of what was handed over is change. A refund is paid against a credit note,
never more than the customer is owed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from app.db.models_day import CashDrawerSession
from app.db.models_invoicing import Invoice, Payment
from app.domain.errors import NotFoundError, ValidationError
from app.domain.payments import Method, Tender, apply_tenders, check_refund, check_tender
from app.domain.permissions import Action, Actor, require
from app.domain.work_orders import Status
from app.repositories.day import DayRepository
from app.repositories.invoicing import InvoiceRepository
from app.repositories.order_discounts import OrderDiscountRepository
from app.services.base import Service
from app.services.day.drawer import cash_drawer, check_cash_on_hand
from app.services.invoicing.dto import PaymentResult
from app.services.invoicing.shared import business_day, check_credit_limit, checked_text, new_payment
from app.services.invoicing.views import balance_of, read_invoice
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork
from app.services.work_orders.views import load_work_order, totals_for

ZERO = Decimal("0.00")


class PaymentService(Service):
    def take(self, actor: Actor, invoice_id: uuid.UUID, tenders: Sequence[Tender]) -> PaymentResult:
        """Apply one or more tenders to an invoice's balance; returns the change due."""
        require(actor, Action.TAKE_PAYMENTS)
        checked = [check_tender(t) for t in tenders]

        def work(uow: UnitOfWork) -> PaymentResult:
            day = business_day(uow, actor)
            drawer = _drawer_for(uow, actor, day, checked)
            repo = InvoiceRepository(uow.session)
            invoice = _payable(repo, actor, invoice_id)
            applied = apply_tenders(
                checked, balance_of(repo, invoice), shop_locale(uow.shops.get(actor.shop_id))
            )
            charged = sum((a.applied for a in applied if a.tender.method == Method.ACCOUNT), ZERO)
            if charged:
                check_credit_limit(repo, actor, invoice.customer_id, charged)
            group = uuid.uuid4()
            ids = []
            change = ZERO
            for item in applied:
                t = item.tender
                payment = new_payment(
                    actor,
                    day,
                    tender=t,
                    invoice_id=invoice.id,
                    work_order_id=invoice.work_order_id,
                    customer_id=invoice.customer_id,
                    group_id=group,
                    kind="payment",
                    amount=item.applied,
                    tendered=(t.tendered if t.tendered is not None else t.amount)
                    if t.method == Method.CASH
                    else None,
                    change_given=item.change,
                    drawer_id=drawer.id if drawer is not None and t.method == Method.CASH else None,
                )
                repo.add(payment)
                ids.append(payment.id)
                change += item.change or ZERO
                uow.record(
                    actor,
                    actor.shop_id,
                    "payments",
                    payment.id,
                    "create",
                    None,
                    _audit(payment, invoice),
                )
            uow.commit()
            return PaymentResult(read_invoice(uow, actor, invoice.id), change, tuple(ids))

        return self._write(work)

    def deposit(self, actor: Actor, work_order_id: uuid.UUID, tender: Tender) -> Decimal:
        """A deposit on an open work order; it is applied to the order's invoice when posted.

        Returns the change due (cash). At most the approved work's total, less earlier deposits.
        """
        require(actor, Action.TAKE_PAYMENTS)
        tender = check_tender(tender)
        if tender.method not in (Method.CASH, Method.CARD, Method.CHECK):
            raise ValidationError({"method": "a deposit is taken in cash, by card or by check"})

        def work(uow: UnitOfWork) -> Decimal:
            day = business_day(uow, actor)
            drawer = _drawer_for(uow, actor, day, [tender])
            row = load_work_order(uow, actor, work_order_id, for_update=True)
            if row.status in (Status.INVOICED, Status.CANCELLED):
                raise ValidationError({"status": "a deposit goes on an open work order"})
            repo = InvoiceRepository(uow.session)
            jobs = uow.work_orders.jobs(row.id)
            lines = uow.work_orders.lines(row.id)
            decisions = {"approved"} if row.authorized_total is not None else {"pending", "approved"}
            discounts = OrderDiscountRepository(uow.session).of_order(actor.shop_id, row.id)
            limit = totals_for(row, jobs, lines, decisions, discounts).total - repo.deposits(row.id)
            if limit <= 0:
                raise ValidationError({"amount": "the deposits already cover this work order"})
            applied = apply_tenders([tender], limit)[0]
            payment = new_payment(
                actor,
                day,
                tender=tender,
                invoice_id=None,
                work_order_id=row.id,
                customer_id=row.customer_id,
                kind="deposit",
                amount=applied.applied,
                tendered=(tender.tendered if tender.tendered is not None else tender.amount)
                if tender.method == Method.CASH
                else None,
                change_given=applied.change,
                drawer_id=drawer.id if drawer is not None else None,
            )
            repo.add(payment)
            uow.record(
                actor,
                actor.shop_id,
                "payments",
                payment.id,
                "deposit",
                None,
                {"work_order": row.number, "method": payment.method, "amount": payment.amount},
            )
            uow.commit()
            return applied.change or ZERO

        return self._write(work)

    def refund(self, actor: Actor, credit_note_id: uuid.UUID, tender: Tender) -> PaymentResult:
        """Pay back what a credit note owes the customer (stored as a negative payment)."""
        require(actor, Action.REFUND_PAYMENTS)

        def work(uow: UnitOfWork) -> PaymentResult:
            day = business_day(uow, actor)
            drawer = _drawer_for(uow, actor, day, [tender])
            repo = InvoiceRepository(uow.session)
            note = repo.get(actor.shop_id, credit_note_id, for_update=True)
            if note is None:
                raise NotFoundError("That credit note does not exist.")
            if note.kind != "credit_note" or note.status != "posted":
                raise ValidationError({"refund": "a refund is paid against a posted credit note"})
            checked = check_refund(tender, -balance_of(repo, note), shop_locale(uow.shops.get(actor.shop_id)))
            _check_paid_back(uow, drawer, checked.amount)
            payment = new_payment(
                actor,
                day,
                tender=checked,
                invoice_id=note.id,
                work_order_id=note.work_order_id,
                customer_id=note.customer_id,
                kind="refund",
                amount=-checked.amount,
                drawer_id=drawer.id if drawer is not None else None,
            )
            repo.add(payment)
            uow.record(actor, actor.shop_id, "payments", payment.id, "refund", None, _audit(payment, note))
            uow.commit()
            return PaymentResult(read_invoice(uow, actor, note.id), ZERO, (payment.id,))

        return self._write(work)

    def refund_deposit(self, actor: Actor, work_order_id: uuid.UUID, tender: Tender, reason: str) -> Decimal:
        """Pay back a deposit held on a cancelled work order, with the reason; returns what is still held.

        Cash comes out of this terminal's open drawer (never more than it holds);
        a card or check refund names its slip or check. Stored as a negative
        payment of kind ``deposit_refund`` on the work order, so the deposits
        held on it and the drawer's cash both come out right.
        """
        require(actor, Action.REFUND_PAYMENTS)
        why = checked_text(reason, "reason", 400, required="is required")

        def work(uow: UnitOfWork) -> Decimal:
            day = business_day(uow, actor)
            drawer = _drawer_for(uow, actor, day, [tender])
            row = load_work_order(uow, actor, work_order_id, for_update=True)
            if row.status != Status.CANCELLED:
                raise ValidationError(
                    {"status": f"work order {row.number} is not cancelled; its deposit goes on its invoice"}
                )
            repo = InvoiceRepository(uow.session)
            held = repo.deposits(row.id)
            if held <= 0:
                raise ValidationError({"amount": f"no deposit is held on work order {row.number}"})
            checked = check_refund(tender, held)
            _check_paid_back(uow, drawer, checked.amount)
            payment = new_payment(
                actor,
                day,
                tender=replace(checked, note=why),
                invoice_id=None,
                work_order_id=row.id,
                customer_id=row.customer_id,
                kind="deposit_refund",
                amount=-checked.amount,
                drawer_id=drawer.id if drawer is not None else None,
            )
            repo.add(payment)
            after = {
                "work_order": row.number,
                "method": payment.method,
                "amount": payment.amount,
                "reason": why,
            }
            uow.record(actor, actor.shop_id, "payments", payment.id, "deposit_refund", None, after)
            uow.commit()
            return held - checked.amount

        return self._write(work)


def _drawer_for(
    uow: UnitOfWork, actor: Actor, day: date, tenders: Sequence[Tender]
) -> CashDrawerSession | None:
    """The drawer cash goes into or comes out of; None when no tender is cash (no drawer needed)."""
    if not any(t.method == Method.CASH for t in tenders):
        return None
    return cash_drawer(uow, actor, day)


def _check_paid_back(uow: UnitOfWork, drawer: CashDrawerSession | None, amount: Decimal) -> None:
    """Cash paid back can be no more than the drawer holds."""
    if drawer is not None:
        shop = shop_locale(uow.shops.get(drawer.shop_id))
        check_cash_on_hand(DayRepository(uow.session), drawer, amount, "amount", shop)


def _payable(repo: InvoiceRepository, actor: Actor, invoice_id: uuid.UUID) -> Invoice:
    invoice = repo.get(actor.shop_id, invoice_id, for_update=True)
    if invoice is None:
        raise NotFoundError("That invoice does not exist.")
    if invoice.status != "posted":
        raise ValidationError({"status": f"invoice {invoice.number} is void; it takes no payment"})
    if invoice.kind != "invoice":
        raise ValidationError({"invoice": "a credit note is refunded, not paid"})
    return invoice


def _audit(payment: Payment, invoice: Invoice) -> dict[str, object]:
    out: dict[str, object] = {
        "invoice": invoice.number,
        "kind": invoice.kind,
        "method": payment.method,
        "amount": payment.amount,
    }
    if payment.method == Method.CARD:
        out["card"] = f"{payment.card_brand} {payment.card_last4} {payment.processor_reference}"
    if payment.method == Method.CHECK:
        out["check"] = payment.check_number
    if payment.change_given:
        out["change"] = payment.change_given
    return out
