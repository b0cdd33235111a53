"""The payer's part of credit notes, and each part's balance as the screens and papers show it.

A credit note on a split invoice is split the same way: the payer's part of
what stays invoiced is worked out again with the same terms, and the payer is
credited what its part went down by (the deductible stays the customer's). The
payer's credit is used against the payer's open charge on the invoice first;
the customer's part of the credit then goes the usual way (app/services/invoicing/credits.py).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from app.db.models_invoicing import Invoice, InvoiceLine, Payment
from app.db.models_payers import InvoicePayerPart
from app.domain.payer_split import Coverage, Split, SplitLine, credit_split, split_invoice
from app.domain.payments import Method
from app.domain.permissions import Actor
from app.repositories.invoicing import InvoiceRepository
from app.repositories.payers import PayerRepository
from app.services.invoicing.dto import PayerPartView
from app.services.invoicing.payers import part_fields
from app.services.invoicing.shared import new_payment
from app.services.uow import UnitOfWork

ZERO = Decimal("0.00")


def credit_payer_part(uow: UnitOfWork, actor: Actor, invoice: Invoice, credit: Invoice, day: date) -> Decimal:
    """Split a just-written credit note of a split invoice; returns the payer's part (0 or negative)."""
    parts = PayerRepository(uow.session)
    terms = parts.part(invoice.id)
    if terms is None:
        return ZERO
    repo = InvoiceRepository(uow.session)
    uow.session.flush()  # the credit note and its lines, written a moment ago, are read back below
    notes = [n for n in repo.credit_notes(invoice.id) if n.status == "posted" and n.id != credit.id]
    original = repo.lines(invoice.id)
    covered = {uuid.UUID(i) for i in json.loads(terms.covered_line_ids)}
    coverage = Coverage(terms.deductible_agreed, terms.approval)
    earlier = repo.lines_of([n.id for n in notes])
    before = _split_of(invoice, notes, original, earlier, covered, coverage)
    after = _split_of(
        invoice, [*notes, credit], original, [*earlier, *repo.lines(credit.id)], covered, coverage
    )
    payer, customer = credit_split(before.payer, after.payer, credit.total)
    part = InvoicePayerPart(
        id=uuid.uuid4(),
        shop_id=actor.shop_id,
        invoice_id=credit.id,
        payer_id=terms.payer_id,
        payer_name=terms.payer_name,
        kind=terms.kind,
        claim_number=terms.claim_number,
        adjuster=terms.adjuster,
        deductible_agreed=terms.deductible_agreed,
        approval=terms.approval,
        covered=after.covered - before.covered,
        covered_tax=after.covered_tax - before.covered_tax,
        deductible=after.deductible - before.deductible,
        over_approval=after.over_approval - before.over_approval,
        payer_amount=payer,
        customer_amount=customer,
        covered_line_ids=terms.covered_line_ids,
    )
    parts.add(part)
    _apply_to_payer(repo, actor, invoice, credit, part, day)
    uow.record(actor, actor.shop_id, "invoice_payer_parts", part.id, "split", None, part_fields(part))
    return payer


def _split_of(
    invoice: Invoice,
    notes: Sequence[Invoice],
    original: Sequence[InvoiceLine],
    credited: Sequence[InvoiceLine],
    covered: set[uuid.UUID],
    coverage: Coverage,
) -> Split:
    """The split of what stays invoiced: each line less what was credited of it, the tax and total likewise."""
    less: dict[uuid.UUID | None, list[InvoiceLine]] = {}
    for line in credited:
        less.setdefault(line.credited_line_id, []).append(line)
    lines = [
        SplitLine(
            sum((ln.amount + ln.core_amount for ln in [line, *less.get(line.id, [])]), ZERO),
            sum((ln.amount for ln in [line, *less.get(line.id, [])] if ln.taxable), ZERO),
            line.id in covered,
        )
        for line in original
    ]
    lines += [
        SplitLine(ln.amount + ln.core_amount, ln.amount if ln.taxable else ZERO, False)
        for ln in less.get(None, [])
    ]
    tax = invoice.tax + sum((n.tax for n in notes), ZERO)
    total = invoice.total + sum((n.total for n in notes), ZERO)
    return split_invoice(lines, tax, total, coverage)


def _apply_to_payer(
    repo: InvoiceRepository,
    actor: Actor,
    invoice: Invoice,
    credit: Invoice,
    part: InvoicePayerPart,
    day: date,
) -> None:
    """The payer's credit settles the payer's open charge on the invoice, as far as it is open."""
    open_charge = _payer_open(repo.payments(invoice.id, None), part.payer_id)
    amount = min(-part.payer_amount, open_charge)
    if amount <= 0:
        return
    group = uuid.uuid4()
    for target, signed, settles in ((invoice, amount, True), (credit, -amount, False)):
        repo.add(
            new_payment(
                actor,
                day,
                invoice_id=target.id,
                work_order_id=target.work_order_id,
                customer_id=part.payer_id,
                group_id=group,
                kind="transfer",
                method=Method.CREDIT_NOTE.value,
                amount=signed,
                settles_account=settles,
                note=f"Credit note {credit.number} on invoice {invoice.number}, {part.payer_name}'s part",
            )
        )


def _payer_open(payments: Iterable[Payment], payer_id: uuid.UUID) -> Decimal:
    charged = sum(
        (p.amount for p in payments if p.customer_id == payer_id and p.method == Method.ACCOUNT.value), ZERO
    )
    settled = sum((p.amount for p in payments if p.customer_id == payer_id and p.settles_account), ZERO)
    return charged - settled


def payer_part_view(
    uow: UnitOfWork,
    invoice: Invoice,
    lines: Sequence[InvoiceLine],
    payments: Sequence[Payment],
    balance_due: Decimal,
) -> PayerPartView | None:
    """The document's payer part with each part's balance, or None when the customer pays it all."""
    part = PayerRepository(uow.session).part(invoice.id)
    if part is None:
        return None
    if invoice.kind == "invoice":
        payer_balance = _payer_open(payments, part.payer_id)
    else:
        payer_balance = part.payer_amount - sum(
            (p.amount for p in payments if p.customer_id == part.payer_id), ZERO
        )
    if invoice.status != "posted":
        payer_balance = ZERO
    covered = {uuid.UUID(i) for i in json.loads(part.covered_line_ids)}
    positions = tuple(ln.position for ln in lines if ln.id in covered or ln.credited_line_id in covered)
    return PayerPartView(
        payer_id=part.payer_id,
        payer_name=part.payer_name,
        kind=part.kind,
        claim_number=part.claim_number,
        adjuster=part.adjuster,
        deductible_agreed=part.deductible_agreed,
        approval=part.approval,
        covered=part.covered,
        covered_tax=part.covered_tax,
        deductible=part.deductible,
        over_approval=part.over_approval,
        payer_amount=part.payer_amount,
        customer_amount=part.customer_amount,
        payer_balance=payer_balance,
        customer_balance=balance_due if invoice.kind == "invoice" else balance_due - payer_balance,
        covered_positions=positions,
    )
