"""Posting by the shop's price sheet: the draft priced by the sheet, and its snapshot kept for good.

When the owner has entered a price sheet, an invoice is priced by it (tax
components, fees, the customer's certificate) instead of the single tax rate;
``invoice_pricing`` then holds the sheet and every printed figure, written once
in the posting transaction, so a later change to the sheet changes nothing
already posted.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.db.models_invoicing import Invoice, InvoiceLine
from app.db.models_pricing import InvoicePricing
from app.db.models_work_orders import Job, WorkOrderLine
from app.domain.credit_notes import PostedLine
from app.domain.invoices import Draft, DraftTotals, SourceLine
from app.domain.money import to_cents
from app.domain.order_discounts import with_discount_people
from app.domain.permissions import Actor
from app.domain.price_sheet import ExemptCertificate, PriceSheet
from app.domain.sheet_credits import SheetCredit, credit_by_sheet, fee_line_indexes
from app.domain.sheet_invoices import build_invoice_by_sheet
from app.domain.ticket_pricing import DocumentDiscount, PricedTicket, read_snapshot, snapshot
from app.domain.totals import LineKind
from app.repositories.parts import PartsRepository
from app.services.settings.price_sheet import certificate_for, shop_sheet
from app.services.uow import UnitOfWork

RATE_LABELS = "rate_labels"  # the snapshot's {work order line id: job type} of labor lines


class SheetPricing:
    """A draft priced by the sheet, with what its snapshot needs."""

    def __init__(
        self,
        draft: Draft,
        ticket: PricedTicket,
        sheet: PriceSheet,
        certificate: ExemptCertificate | None,
        discount_people: Sequence[tuple[str, str]] = (),
    ):
        self.draft, self.ticket, self.sheet, self.certificate = draft, ticket, sheet, certificate
        self.discount_people = tuple(discount_people)  # (who gave, who approved) per job/ticket discount
        self.rate_labels: dict[str, str] = {}  # work order line id: the job type whose rate it took

    @property
    def exempt_number(self) -> str:
        """The certificate's number when it exempted something on this document."""
        if self.certificate is None or not any(t.exempt for t in self.ticket.taxes):
            return ""
        return self.certificate.number


def price_by_sheet(
    uow: UnitOfWork,
    actor: Actor,
    sources: Sequence[SourceLine],
    customer_id: uuid.UUID | None,
    day: date,
    cash_step: Decimal,
    snapshot_text: str | None = None,
    discounts: Sequence[DocumentDiscount] = (),
    discount_people: Sequence[tuple[str, str]] = (),
) -> SheetPricing | None:
    """The draft by the sheet the estimate snapshotted (``snapshot_text``), else by the shop's sheet;
    None when there is none (the single-rate rules apply). ``discounts`` are the order's job and
    ticket discounts, job ones first, ``discount_people`` who gave and approved each."""
    sheet = PriceSheet.from_json(snapshot_text) if snapshot_text else shop_sheet(uow, actor.shop_id)
    if sheet is None:
        return None
    parts = PartsRepository(uow.session)
    categories: dict[int, str] = {}
    for i, source in enumerate(sources):
        if source.part_id is not None:
            part = parts.part(actor.shop_id, source.part_id)
            categories[i] = part.category if part is not None else ""
    certificate = certificate_for(uow, actor.shop_id, customer_id)
    draft, ticket = build_invoice_by_sheet(
        sources,
        sheet,
        day=day,
        categories=categories,
        discounts=discounts,
        certificate=certificate,
        cash_step=cash_step,
    )
    return SheetPricing(draft, ticket, sheet, certificate, discount_people)


def keep_snapshot(uow: UnitOfWork, actor: Actor, invoice_id: uuid.UUID, pricing: SheetPricing) -> str:
    """Write the invoice's pricing snapshot (append-only) in the posting transaction; returns it, for
    :func:`pricing_fields` to say what the document prints without reading it back."""
    text = with_discount_people(snapshot(pricing.ticket, pricing.sheet), pricing.discount_people)
    if pricing.rate_labels:
        text = json.dumps({**json.loads(text), RATE_LABELS: pricing.rate_labels}, sort_keys=True)
    uow.session.add(
        InvoicePricing(
            invoice_id=invoice_id,
            shop_id=actor.shop_id,
            snapshot=text,
            discount_total=to_cents(pricing.ticket.discount),
        )
    )
    uow.session.flush()
    return text


def job_type_labels(sheet: PriceSheet, jobs: Sequence[Job], lines: Sequence[WorkOrderLine]) -> dict[str, str]:
    """{line id: its job's type} of each labor line of ``jobs`` the sheet priced at the rate of its
    job's type (diagnostic, warranty...): the invoice prints the type beside the rate."""
    by_type = dict(sheet.job_type_rates)
    types = {job.id: job.job_type for job in jobs if job.job_type}
    return {
        str(line.id): types[line.job_id]
        for line in lines
        if line.kind == LineKind.LABOR
        and line.job_id in types
        and line.labor_rate_code
        and by_type.get(types[line.job_id]) == line.labor_rate_code
    }


def stored_pricing_fields(
    uow: UnitOfWork, invoice_id: uuid.UUID, lines: Sequence[InvoiceLine] = ()
) -> dict[str, Any]:
    """The tax components and discount notes an invoice printed, from its snapshot (none: {}),
    and which of its ``lines`` (in order) are the fees the sheet worked out."""
    row = uow.session.get(InvoicePricing, invoice_id)
    if row is None:
        return {}
    return pricing_fields(row.snapshot, lines)


def pricing_fields(snapshot_text: str, lines: Sequence[InvoiceLine] = ()) -> dict[str, Any]:
    """The tax components and discount notes a pricing snapshot prints, which of the document's
    ``lines`` (in order) are the fees the sheet worked out, and the job type of each labor line the
    sheet priced at that type's rate (``rate_labels``: (line id, job type))."""
    stored = read_snapshot(snapshot_text)
    components = tuple((p.label, p.amount) for p in stored.printed if p.category == "tax")
    notes = tuple(f"{d.label}: {d.reason}" for d in stored.discounts)
    fees = tuple(lines[i].id for i in fee_line_indexes([ln.category for ln in lines], stored))
    labels: dict[str, str] = json.loads(snapshot_text).get(RATE_LABELS, {})
    rated = tuple(
        (ln.id, labels[str(ln.source_line_id)])
        for ln in lines
        if ln.source_line_id is not None and str(ln.source_line_id) in labels
    )
    return {
        "priced_by_sheet": True,
        "tax_components": components,
        "pricing_notes": notes,
        "sheet_fee_lines": fees,
        "rate_labels": rated,
    }


def sheet_credit(
    uow: UnitOfWork,
    actor: Actor,
    invoice: Invoice,
    posted: Sequence[PostedLine],
    quantities: dict[uuid.UUID, Decimal] | None,
    totals: tuple[DraftTotals, DraftTotals],
    note_ids: Sequence[uuid.UUID],
) -> SheetCredit | None:
    """The credit note of an invoice priced by the sheet, from its own snapshot; None if it was not.

    ``totals`` is the invoice's and what its posted credit notes (``note_ids``) took.
    """
    row = uow.session.get(InvoicePricing, invoice.id)
    if row is None:
        return None
    earlier = [read_snapshot(r.snapshot) for r in _snapshots(uow, note_ids)]
    parts = PartsRepository(uow.session)
    categories: dict[uuid.UUID, str] = {}
    for line in posted:
        if line.line.part_id is not None and (quantities or {}).get(line.id):
            part = parts.part(actor.shop_id, line.line.part_id)
            categories[line.id] = part.category if part is not None else ""
    credit = credit_by_sheet(
        posted,
        quantities,
        read_snapshot(row.snapshot),
        earlier,
        totals[0],
        totals[1],
        day=invoice.business_date,
        categories=categories,
        cash_step=invoice.cash_rounding_step,
    )
    labels = json.loads(row.snapshot).get(RATE_LABELS)
    if labels:  # the note prints the job type of each labor line it gives back, as the invoice did
        credit = replace(
            credit, snapshot=json.dumps({**json.loads(credit.snapshot), RATE_LABELS: labels}, sort_keys=True)
        )
    return credit


def _snapshots(uow: UnitOfWork, invoice_ids: Sequence[uuid.UUID]) -> list[InvoicePricing]:
    if not invoice_ids:
        return []
    stmt = select(InvoicePricing).where(InvoicePricing.invoice_id.in_(invoice_ids))
    return list(uow.session.scalars(stmt))


def keep_credit_snapshot(uow: UnitOfWork, actor: Actor, credit_id: uuid.UUID, credit: SheetCredit) -> None:
    """A credit note's own snapshot (append-only), written like an invoice's."""
    uow.session.add(
        InvoicePricing(
            invoice_id=credit_id,
            shop_id=actor.shop_id,
            snapshot=credit.snapshot,
            discount_total=to_cents(credit.discount_total),
        )
    )
