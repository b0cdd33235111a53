"""A second payer on a work order: set it, clear it, and take the payer's part of the invoice.

The payer is an account customer (an insurer or a warranty company). At
posting, :func:`post_payer_part` splits the finished invoice (after its totals,
see app/domain/payer_split.py) and charges the payer's part to the payer's
account, so the customer's balance due is the customer's part only, and the
payer's part is open A/R of the payer: aged, put on its statement and settled
like any account charge (:meth:`PayerService.pay`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from decimal import Decimal

from app.db.models_invoicing import Invoice, InvoiceJob, InvoiceLine
from app.db.models_payers import InvoicePayerPart, WorkOrderPayer
from app.db.models_work_orders import WorkOrder
from app.db.types import now_utc
from app.domain.customers import display_name
from app.domain.errors import NotFoundError, ValidationError
from app.domain.money import parse_money
from app.domain.payer_split import Coverage, Split, SplitLine, split_invoice
from app.domain.payments import Method, Tender
from app.domain.permissions import Action, Actor, require
from app.domain.work_orders import Status
from app.repositories.invoicing import InvoiceRepository
from app.repositories.payers import PayerRepository
from app.services.base import Service
from app.services.invoicing.accounts import AccountService
from app.services.invoicing.dto import WorkOrderPayerView
from app.services.invoicing.shared import check_credit_limit, checked_text, new_payment
from app.services.uow import UnitOfWork
from app.services.work_orders.views import load_work_order

ZERO = Decimal("0.00")
KINDS = ("insurance", "warranty")
EDITABLE = (Status.ESTIMATE, Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED)


class PayerService(Service):
    """The second payer of a work order (``services.payers``)."""

    def get(self, actor: Actor, work_order_id: uuid.UUID) -> WorkOrderPayerView | None:
        require(actor, Action.VIEW_WORK_ORDERS)

        def work(uow: UnitOfWork) -> WorkOrderPayerView | None:
            row = PayerRepository(uow.session).for_work_order(actor.shop_id, work_order_id)
            return _view(uow, row) if row else None

        return self._read(work)

    def candidates(self, actor: Actor) -> list[tuple[uuid.UUID, str]]:
        """(customer id, name) of every open account: insurers and warranty companies are billed on one."""
        require(actor, Action.VIEW_WORK_ORDERS)

        def work(uow: UnitOfWork) -> list[tuple[uuid.UUID, str]]:
            rows = InvoiceRepository(uow.session).accounts(actor.shop_id)
            return [
                (r[0].customer_id, display_name(r.first_name, r.last_name, r.company_name, r.kind))
                for r in rows
                if r[0].active
            ]

        return self._read(work)

    def set(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        payer_id: uuid.UUID,
        *,
        kind: str = "insurance",
        claim_number: str = "",
        adjuster: str = "",
        deductible: str = "0",
        approval: str = "",
        covered_job_ids: Sequence[uuid.UUID] = (),
        covered_line_ids: Sequence[uuid.UUID] = (),
    ) -> WorkOrderPayerView:
        """Name the insurer or warranty company that pays the covered jobs or lines of an open work order."""
        require(actor, Action.WRITE_ESTIMATES)
        terms = _terms(kind, deductible, approval)
        claim_number = checked_text(claim_number, "claim_number", 60)
        adjuster = checked_text(adjuster, "adjuster", 200)

        def work(uow: UnitOfWork) -> WorkOrderPayerView:
            order = _open_order(uow, actor, work_order_id)
            _check_payer(uow, actor, order, payer_id)
            jobs, lines = _check_coverage(uow, order, covered_job_ids, covered_line_ids)
            repo = PayerRepository(uow.session)
            row = repo.for_work_order(actor.shop_id, work_order_id, for_update=True)
            before = _fields(row) if row else None
            if row is None:
                row = WorkOrderPayer(
                    id=uuid.uuid4(), shop_id=actor.shop_id, work_order_id=order.id, version=0
                )
                repo.add(row)
            row.payer_id = payer_id
            row.kind, row.deductible, row.approval = terms
            row.claim_number, row.adjuster = claim_number, adjuster
            row.covered_job_ids = json.dumps(sorted(str(i) for i in jobs))
            row.covered_line_ids = json.dumps(sorted(str(i) for i in lines))
            row.version += 1
            row.updated_at, row.updated_by = now_utc(), actor.user_id
            uow.record(
                actor,
                actor.shop_id,
                "work_order_payers",
                row.id,
                "set" if before else "create",
                before,
                _fields(row),
            )
            uow.commit()
            return _view(uow, row)

        return self._write(work)

    def clear(self, actor: Actor, work_order_id: uuid.UUID) -> None:
        """The customer pays the whole work order again."""
        require(actor, Action.WRITE_ESTIMATES)

        def work(uow: UnitOfWork) -> None:
            _open_order(uow, actor, work_order_id)
            repo = PayerRepository(uow.session)
            row = repo.for_work_order(actor.shop_id, work_order_id, for_update=True)
            if row is None:
                return
            uow.record(actor, actor.shop_id, "work_order_payers", row.id, "clear", _fields(row), None)
            repo.remove(row)
            uow.commit()

        return self._write(work)

    def pay(self, actor: Actor, invoice_id: uuid.UUID, tender: Tender) -> Decimal:
        """Money received from the payer for its part of one invoice (a settlement of its account)."""
        require(actor, Action.TAKE_PAYMENTS)

        def find(uow: UnitOfWork) -> uuid.UUID:
            part = PayerRepository(uow.session).part(invoice_id)
            if part is None or part.shop_id != actor.shop_id:
                raise NotFoundError("That invoice has no payer's part.")
            return part.payer_id

        payer_id = self._read(find)
        return AccountService(self.db, self.changes).pay(actor, payer_id, tender, [invoice_id])


def _terms(kind: str, deductible: str, approval: str) -> tuple[str, Decimal, Decimal | None]:
    errors: dict[str, str] = {}
    if kind not in KINDS:
        errors["kind"] = "choose insurance or warranty"
    amount = parse_money(deductible or "0", "deductible")
    cap = parse_money(approval, "approval") if approval.strip() else None
    if amount < 0:
        errors["deductible"] = "must not be negative"
    if cap is not None and cap < 0:
        errors["approval"] = "must not be negative"
    if errors:
        raise ValidationError(errors)
    return kind, amount, cap


def _open_order(uow: UnitOfWork, actor: Actor, work_order_id: uuid.UUID) -> WorkOrder:
    order = load_work_order(uow, actor, work_order_id, for_update=True)
    if Status(order.status) not in EDITABLE:
        raise ValidationError(
            {"status": f"work order {order.number} is {order.status}; its payer can no longer change"}
        )
    return order


def _check_payer(uow: UnitOfWork, actor: Actor, order: WorkOrder, payer_id: uuid.UUID) -> None:
    if payer_id == order.customer_id:
        raise ValidationError({"payer": "the payer is someone other than the work order's customer"})
    if uow.customers.get(actor.shop_id, payer_id) is None:
        raise NotFoundError("That payer does not exist.")
    account = InvoiceRepository(uow.session).account(actor.shop_id, payer_id)
    if account is None or not account.active:
        raise ValidationError(
            {"payer": "the payer needs an open account (insurers and warranty companies are billed)"}
        )


def _check_coverage(
    uow: UnitOfWork, order: WorkOrder, job_ids: Sequence[uuid.UUID], line_ids: Sequence[uuid.UUID]
) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    jobs = {j.id for j in uow.work_orders.jobs(order.id)}
    lines = {ln.id for ln in uow.work_orders.lines(order.id)}
    chosen_jobs, chosen_lines = set(job_ids), set(line_ids)
    if not chosen_jobs and not chosen_lines:
        raise ValidationError({"covered": "choose the jobs or lines the payer covers"})
    if not chosen_jobs <= jobs or not chosen_lines <= lines:
        raise ValidationError({"covered": "a covered job or line is not on this work order"})
    return chosen_jobs, chosen_lines


def _fields(row: WorkOrderPayer) -> dict[str, object]:
    return {
        "payer": str(row.payer_id),
        "kind": row.kind,
        "claim_number": row.claim_number,
        "adjuster": row.adjuster,
        "deductible": row.deductible,
        "approval": row.approval,
        "jobs": row.covered_job_ids,
        "lines": row.covered_line_ids,
    }


def _payer_name(uow: UnitOfWork, payer_id: uuid.UUID) -> str:
    c = uow.customers.get_any(payer_id)
    return display_name(c.first_name, c.last_name, c.company_name, c.kind)


def _view(uow: UnitOfWork, row: WorkOrderPayer) -> WorkOrderPayerView:
    return WorkOrderPayerView(
        work_order_id=row.work_order_id,
        payer_id=row.payer_id,
        payer_name=_payer_name(uow, row.payer_id),
        kind=row.kind,
        claim_number=row.claim_number,
        adjuster=row.adjuster,
        deductible=row.deductible,
        approval=row.approval,
        covered_job_ids=tuple(uuid.UUID(i) for i in json.loads(row.covered_job_ids)),
        covered_line_ids=tuple(uuid.UUID(i) for i in json.loads(row.covered_line_ids)),
        version=row.version,
    )


# --- posting ----------------------------------------------------------------------------------


def post_payer_part(
    uow: UnitOfWork,
    actor: Actor,
    invoice: Invoice,
    jobs: Sequence[InvoiceJob],
    lines: Sequence[InvoiceLine],
) -> Decimal | None:
    """Split a just-written invoice of a work order with a payer; returns the payer's part (None: no payer).

    The payer's part is charged to the payer's account on this invoice in the
    same transaction, so the customer's balance due is the customer's part.
    """
    repo = PayerRepository(uow.session)
    terms = repo.for_work_order(actor.shop_id, invoice.work_order_id) if invoice.work_order_id else None
    if terms is None:
        return None
    covered = _covered_lines(terms, jobs, lines)
    split = split_invoice(
        [
            SplitLine(ln.amount + ln.core_amount, ln.amount if ln.taxable else ZERO, ln.id in covered)
            for ln in lines
        ],
        invoice.tax,
        invoice.total,
        Coverage(terms.deductible, terms.approval),
    )
    part = _part_row(uow, actor, invoice, terms, split, covered)
    repo.add(part)
    if split.payer > 0:
        invoices = InvoiceRepository(uow.session)
        check_credit_limit(invoices, actor, terms.payer_id, split.payer)
        invoices.add(
            new_payment(
                actor,
                invoice.business_date,
                invoice_id=invoice.id,
                work_order_id=invoice.work_order_id,
                customer_id=terms.payer_id,
                kind="payment",
                method=Method.ACCOUNT.value,
                amount=split.payer,
                note=f"{part.payer_name}'s part"
                + (f", claim {part.claim_number}" if part.claim_number else ""),
            )
        )
    uow.record(actor, actor.shop_id, "invoice_payer_parts", part.id, "split", None, part_fields(part))
    return split.payer


def _covered_lines(
    terms: WorkOrderPayer, jobs: Sequence[InvoiceJob], lines: Sequence[InvoiceLine]
) -> set[uuid.UUID]:
    """The invoice lines the payer covers: every line of a covered job, and each covered line."""
    covered_jobs = {uuid.UUID(i) for i in json.loads(terms.covered_job_ids)}
    covered_sources = {uuid.UUID(i) for i in json.loads(terms.covered_line_ids)}
    job_rows = {j.id for j in jobs if j.source_job_id in covered_jobs}
    return {ln.id for ln in lines if ln.invoice_job_id in job_rows or ln.source_line_id in covered_sources}


def _part_row(
    uow: UnitOfWork,
    actor: Actor,
    invoice: Invoice,
    terms: WorkOrderPayer,
    split: Split,
    covered: set[uuid.UUID],
) -> InvoicePayerPart:
    return InvoicePayerPart(
        id=uuid.uuid4(),
        shop_id=actor.shop_id,
        invoice_id=invoice.id,
        payer_id=terms.payer_id,
        payer_name=_payer_name(uow, terms.payer_id),
        kind=terms.kind,
        claim_number=terms.claim_number,
        adjuster=terms.adjuster,
        deductible_agreed=terms.deductible,
        approval=terms.approval,
        covered=split.covered,
        covered_tax=split.covered_tax,
        deductible=split.deductible,
        over_approval=split.over_approval,
        payer_amount=split.payer,
        customer_amount=split.customer,
        covered_line_ids=json.dumps(sorted(str(i) for i in covered)),
    )


def part_fields(part: InvoicePayerPart) -> dict[str, object]:
    """What the audit records of a split."""
    return {
        "invoice": str(part.invoice_id),
        "payer": str(part.payer_id),
        "claim_number": part.claim_number,
        "payer_amount": part.payer_amount,
        "customer_amount": part.customer_amount,
        "deductible": part.deductible,
        "over_approval": part.over_approval,
    }
