"""Credit notes: the correction of an invoice that money was taken on.

A credit note has its own number series and never credits more than is left
invoiced. It is applied first to what the invoice still owes, then to its
open account charge; the rest is owed to the customer (a refund).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from app.db.models_invoicing import Invoice, InvoiceLine
from app.db.types import now_utc
from app.domain.credit_notes import PostedLine, credit_lines, credit_remaining, sum_lines
from app.domain.errors import ValidationError
from app.domain.invoices import Draft, DraftLine, DraftTotals
from app.domain.payments import Method
from app.domain.permissions import Action, Actor, require
from app.domain.pricing import fee_rule_from_json
from app.domain.totals import FeeRule, PricingRules, RoundingMode
from app.repositories.invoicing import InvoiceRepository
from app.services.base import Service
from app.services.invoicing.documents import (
    add_lines,
    draft_line_of,
    locked_posted,
    totals_columns,
    totals_of,
)
from app.services.invoicing.dto import InvoiceView
from app.services.invoicing.payer_parts import credit_payer_part
from app.services.invoicing.shared import (
    CREDIT_NOTE_COUNTER,
    business_day,
    checked_text,
    new_payment,
    next_number,
)
from app.services.invoicing.sheet_posting import keep_credit_snapshot, sheet_credit
from app.services.invoicing.views import balance_of, read_invoice
from app.services.uow import UnitOfWork


class CreditNoteService(Service):
    """Issuing credit notes against posted invoices."""

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
            invoice = locked_posted(repo, actor, invoice_id)
            if invoice.kind != "invoice":
                raise ValidationError({"invoice": "a credit note is issued against an invoice"})
            posted, totals, notes = _posted(repo, invoice)
            by_sheet = sheet_credit(uow, actor, invoice, posted, quantities, totals, notes)
            draft = by_sheet.draft if by_sheet else _credit_draft(invoice, posted, totals, quantities)
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
                **totals_columns(draft.totals),
            )
            repo.add(credit)
            if by_sheet is not None:
                keep_credit_snapshot(uow, actor, credit.id, by_sheet)
            jobs = {j.position: j.id for j in repo.jobs(invoice.id)}
            original = {ln.id: ln for ln in repo.lines(invoice.id)}
            add_lines(repo, actor, credit, draft, lambda line: _credit_job(line, original, jobs))
            payer_part = credit_payer_part(uow, actor, invoice, credit, day)  # a second payer's share
            _apply_credit(repo, uow, actor, invoice, credit, day, -(credit.total - payer_part))
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


def _posted(
    repo: InvoiceRepository, invoice: Invoice
) -> tuple[list[PostedLine], tuple[DraftTotals, DraftTotals], list[uuid.UUID]]:
    """The invoice's lines with what posted credit notes took of each, its totals and theirs, their ids."""
    notes = [n for n in repo.credit_notes(invoice.id) if n.status == "posted"]
    credited_lines = repo.lines_of([n.id for n in notes])
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
        credited = credited.plus(totals_of(note))
    return posted, (totals_of(invoice), credited), [n.id for n in notes]


def _credit_draft(
    invoice: Invoice,
    posted: list[PostedLine],
    both: tuple[DraftTotals, DraftTotals],
    quantities: dict[uuid.UUID, Decimal] | None,
) -> Draft:
    """A credit note of an invoice priced by one tax rate."""
    totals, credited = both
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
    repo: InvoiceRepository,
    uow: UnitOfWork,
    actor: Actor,
    invoice: Invoice,
    credit: Invoice,
    day: date,
    available: Decimal,
) -> None:
    """Use the customer's credit against what the invoice still owes, then against its open account charge."""
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
        if p.customer_id != invoice.customer_id:  # a second payer's charge is the payer's
            continue
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
        "currency",
        "tax_rate",
        "rounding",
        "decimals",
        "fee_rule",
        "labor_rate",
        "cash_rounding_step",
    )
    return {name: getattr(invoice, name) for name in names}
